"""Search the journal: notes, reflections, trigger descriptions and agenda items, by words.

`search(con, "boss meeting")` finds every field of text the person typed (a goal's words too)
that holds all the words (in any case and order), newest first, with the day, the kind of entry, which field it
was in and a short excerpt around the first word found. Questionnaire answers and numbers are
not text and are not searched. The query itself is in `storage/search_queries.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.entries import EntryKind
from analytics.storage import Connection
from analytics.storage.rows import REFLECTION_PROMPTS, STIRRED_UP_PROMPT
from analytics.storage.search_queries import GOAL, matching_texts
from analytics.words import search as search_words
from analytics.words.nouns import NOUNS

LIMIT = 200
"""Hits shown at most (the newest); the count of all of them is still said."""
EXCERPT = 120
"""Characters of context shown around the first word found."""
FIELD_WORDS = {
    "note": "Note",
    "emotions": "Emotions",
    "what_happened": "What happened",
    "response": "How I responded",
    "free_text": "Anything else",
    "stirred_up": STIRRED_UP_PROMPT,
    **REFLECTION_PROMPTS,
    "text": "My goal",
}


@dataclass(frozen=True)
class Hit:
    kind: EntryKind | str
    """The entry's kind, or `GOAL` for a goal's words."""
    entry_id: str
    day: date
    field: str
    excerpt: str

    @property
    def where(self) -> str:
        """ "Reflection: What do I bring to my next session?", "Trigger: What happened",
        "Goal: My goal"."""
        # Goals are not an entry kind, so their noun is not in the entry nouns' table.
        noun = "goal" if self.is_goal else NOUNS[EntryKind(self.kind)].one
        return f"{noun.capitalize()}: {FIELD_WORDS[self.field]}"

    @property
    def is_goal(self) -> bool:
        return self.kind == GOAL


@dataclass(frozen=True)
class SearchResult:
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int

    @property
    def summary(self) -> str:
        """What was found, in one sentence that states the count."""
        return search_words.found(self.words, self.total, len(self.hits))

    def table(self) -> pd.DataFrame:
        """One row per hit for the page: day, where, excerpt (plain text for st.dataframe)."""
        return pd.DataFrame(
            {
                "day": [h.day for h in self.hits],
                "where": [h.where for h in self.hits],
                "excerpt": [h.excerpt for h in self.hits],
            }
        )


def words_of(query: str) -> tuple[str, ...]:
    """The distinct words of a query, lower-cased, in the order typed."""
    return tuple(dict.fromkeys(word.lower() for word in query.split()))


def excerpt(text: str, word: str, width: int = EXCERPT) -> str:
    """About `width` characters of `text` around the first `word` (lower-cased), on one line,
    with "…" where text was left out."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    at = max(flat.lower().find(word), 0)
    start = max(0, min(at - width // 3, len(flat) - width))
    piece = flat[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(flat) else "")


def search(con: Connection, query: str, limit: int = LIMIT) -> SearchResult | None:
    """Every field holding all the words of `query` (None for a query with no words)."""
    words = words_of(query)
    if not words:
        return None
    frame, total = matching_texts(con, list(words), limit)
    hits = tuple(
        Hit(
            kind=GOAL if row.kind == GOAL else EntryKind(row.kind),
            entry_id=row.id,
            day=row.day.date() if isinstance(row.day, pd.Timestamp) else row.day,
            field=row.field,
            excerpt=excerpt(row.text, words[0]),
        )
        for row in frame.itertuples()
    )
    return SearchResult(words, hits, total)
