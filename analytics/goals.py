"""Goals over time (the Goal-Based Outcomes tool, `analytics.gbo`): each goal's first and latest
rating, the change between them, and its ratings session by session.

The change is the latest rating minus the first (GBO's own measure of progress), in points of
the 0-10 scale, said as "a change of N points" and never called reliable (`analytics.gbo` says
why). A goal with no rating has no change, and neither has a goal rated once. Goals are
numbered in the order they were set ("Goal 1", "Goal 2", ...), the name they go by wherever
their words are left out (the brief, unless the person ticks private text in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.gbo import RATING_MAX, STATUS_WORDS, GoalStatus
from analytics.per_version_cache import Kept
from analytics.storage import goal_queries as queries
from analytics.storage.base import Connection
from analytics.text import closed_bidi
from analytics.words import goals as words

NONE = "–"


@dataclass(frozen=True)
class GoalStory:
    number: int
    goal_id: str
    text: str
    created: date
    status: GoalStatus
    status_day: date | None
    replaces: int | None
    """The number of the goal this one took over from when that goal was changed."""
    ratings: pd.DataFrame
    """This goal's ratings (day, rating), oldest first."""

    @property
    def name(self) -> str:
        return f"Goal {self.number}"

    @property
    def n(self) -> int:
        return len(self.ratings)

    def rating_at(self, position: int) -> tuple[date, int]:
        """(day, rating) of the rating at `position` (0 the first, -1 the latest); the goal
        must have one (IndexError otherwise)."""
        row = self.ratings.iloc[position]
        return pd.Timestamp(row["day"]).date(), int(row["rating"])

    @property
    def first(self) -> tuple[date, int] | None:
        return self.rating_at(0) if self.n else None

    @property
    def latest(self) -> tuple[date, int] | None:
        return self.rating_at(-1) if self.n else None

    @property
    def change(self) -> int | None:
        """Latest minus first rating; None until the goal has two ratings."""
        if self.n < 2:
            return None
        return self.rating_at(-1)[1] - self.rating_at(0)[1]

    @property
    def active(self) -> bool:
        return self.status is GoalStatus.ACTIVE

    def titled(self, private: bool = True) -> str:
        """ "Goal 1: sleep before midnight" (the words closed, `closed_bidi`), or "Goal 1" when
        the words are kept out."""
        return f"{self.name}: {closed_bidi(self.text)}" if private else self.name

    def status_words(self) -> str:
        """ "working on it since 3 Dec 2026", "reached on 10 Dec 2026", "changed on ... (now Goal 4)"."""
        if self.status is GoalStatus.ACTIVE:
            return f"{STATUS_WORDS[self.status]} since {self.created:%-d %b %Y}"
        return f"{STATUS_WORDS[self.status]} on {self.status_day:%-d %b %Y}"

    def change_sentence(self) -> str:
        """The goal's progress in one sentence, true for 0, 1 and tied ratings."""
        return words.change(self.n, self.first, self.latest)


_STORIES: Kept[tuple[GoalStory, ...]] = Kept(8)


def goal_stories(con: Connection, end: date | None = None) -> tuple[GoalStory, ...]:
    """Every goal with its ratings up to `end` (all when None), numbered in the order they were
    set. Kept per journal version (`goal_queries.version`) and `end`."""
    key = (queries.version(con), end)
    return _STORIES.get(key, lambda: _stories(queries.goals(con), queries.goal_ratings(con, end)))


def _stories(goals: pd.DataFrame, ratings: pd.DataFrame) -> tuple[GoalStory, ...]:
    numbers = {goal_id: i for i, goal_id in enumerate(goals["id"], start=1)}
    stories = []
    for row in goals.itertuples():
        own = ratings[ratings["goal_id"] == row.id][["day", "rating"]].reset_index(drop=True)
        stories.append(
            GoalStory(
                number=numbers[row.id],
                goal_id=row.id,
                text=row.text,
                created=pd.Timestamp(row.created).date(),
                status=GoalStatus(row.status),
                status_day=None if pd.isna(row.status_day) else pd.Timestamp(row.status_day).date(),
                replaces=numbers.get(row.replaces) if isinstance(row.replaces, str) else None,
                ratings=own,
            )
        )
    return tuple(stories)


def goal_list(stories: Sequence[GoalStory]) -> pd.DataFrame:
    """Every goal for the Entries page, in the order they were set (the order that numbers
    them): its name, where it stands (`GoalStory.status_words`: a reached goal must not look
    active), its words (plain text for a table, never Markdown) and the day it was set. Where
    it stands comes before the words: on a phone the long words fill the table's width, and a
    column after them is out of sight."""
    return pd.DataFrame(
        {
            "goal": [s.name for s in stories],
            "where": [s.status_words() for s in stories],
            "words": [s.text for s in stories],
            "set_on": [s.created for s in stories],
            "ratings": [s.n for s in stories],
        }
    )


def rating_list(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Every rating from `start` to `end`, newest first (one day's by goal number), as the
    Entries page lists them: id, day, goal (its name, "Goal 1"), words and rating."""
    ratings = queries.ratings_between(con, start, end)
    by_id = {s.goal_id: s for s in goal_stories(con)}
    listed = pd.DataFrame(
        {
            "id": ratings["id"],
            "day": [pd.Timestamp(day).date() for day in ratings["day"]],
            "number": [by_id[g].number for g in ratings["goal_id"]],
            "goal": [by_id[g].name for g in ratings["goal_id"]],
            "words": [by_id[g].text for g in ratings["goal_id"]],
            "rating": ratings["rating"].astype("int64"),
        }
    )
    ordered = listed.sort_values(["day", "number"], ascending=[False, True], kind="stable")
    return ordered.drop(columns="number").reset_index(drop=True)


def rating_label(row: dict) -> str:
    """A rating named without the goal's words (they are private text, shown only in tables):
    "Thu 3 Dec 2026 · Goal 1: 7 of 10"."""
    return f"{row['day']:%a %-d %b %Y} · {row['goal']}: {row['rating']} of {RATING_MAX}"


def short_line(story: GoalStory) -> str:
    """One short line per goal, by its number only (page 1 of the brief): "Goal 1: 3 → 7 of 10
    since 25 Dec 2025 (34 ratings); reached on 21 May 2026"."""
    return words.short(story.name, story.n, story.first, story.latest, story.status_words())


def story_lines(story: GoalStory, private: bool = True) -> tuple[str, ...]:
    """What a goal's line says: its name (with its words when `private`), where it stands, its
    change since the first rating."""
    where = words.took_over(story.status_words(), story.replaces)
    return (words.heading(story.titled(private), where), story.change_sentence())


def summary_rows(stories: Sequence[GoalStory]) -> pd.DataFrame:
    """One row per goal for a table: name, where it stands, first, latest, change, ratings (the
    goal's words are in the line above it, kept out of the table so it fits a phone)."""
    rows = []
    for s in stories:
        rows.append(
            {
                "Goal": s.name,
                "Where it stands": s.status_words(),
                "First": NONE if s.first is None else f"{s.first[1]} ({s.first[0]:%-d %b %Y})",
                "Latest": NONE if s.latest is None else f"{s.latest[1]} ({s.latest[0]:%-d %b %Y})",
                "Change": NONE if s.change is None else f"{s.change:+d}",
                "Ratings": s.n,
            }
        )
    columns = ["Goal", "Where it stands", "First", "Latest", "Change", "Ratings"]
    return pd.DataFrame(rows, columns=columns)


def overview(stories: Sequence[GoalStory]) -> str:
    """One sentence over every goal: how many are active, and how many of the goals rated twice
    or more are closer than at their first rating. It is the chart's title too."""
    changed = [s for s in stories if s.change is not None]
    return words.overview(
        goals=len(stories),
        active=sum(s.active for s in stories),
        rated=sum(1 for s in stories if s.n),
        changed=len(changed),
        closer=sum(1 for s in changed if (s.change or 0) > 0),
    )


def chart_points(stories: Sequence[GoalStory]) -> pd.DataFrame:
    """Every rating with its goal's name (never its words: the chart goes into files), for the
    chart."""
    frames = [s.ratings.assign(goal=s.name, number=s.number) for s in stories if s.n]
    if not frames:
        return pd.DataFrame(columns=["day", "rating", "goal", "number"])
    points = pd.concat(frames, ignore_index=True)
    points["day"] = pd.to_datetime(points["day"])
    points["rating"] = points["rating"].astype(int)
    return points


def ratings_by_session(
    stories: Sequence[GoalStory], sessions: Sequence[date]
) -> tuple[tuple[str, ...], ...]:
    """A table of each goal's ratings session by session: a heading row ("Session", "Goal 1",
    ...), then one row per session day.

    The rule: a goal's cell is its rating on the session's day, or else its latest rating since
    the session before (after that session's day, up to this one's); "–" when it was not rated
    in that time (an older rating is not carried forward as if it were new). Only goals rated
    at least once, and only sessions on or after the first rating of any of them.
    """
    rated = [s for s in stories if s.n]
    if not rated or not sessions:
        return ()
    first = min(s.rating_at(0)[0] for s in rated)
    days = sorted(d for d in set(sessions) if d >= first)
    if not days:
        return ()
    rows: list[tuple[str, ...]] = [("Session", *(s.name for s in rated))]
    previous: date | None = None
    for day in days:
        cells = []
        for s in rated:
            ratings_days = pd.to_datetime(s.ratings["day"]).dt.date
            window = s.ratings[
                (ratings_days <= day) & ((ratings_days > previous) if previous else True)
            ]
            cells.append(NONE if window.empty else str(int(window["rating"].iloc[-1])))
        rows.append((f"{day:%-d %b %Y}", *cells))
        previous = day
    return tuple(rows)


def with_change_row(table: tuple[tuple[str, ...], ...], stories: Sequence[GoalStory]):
    """`ratings_by_session`'s table with a last row of each goal's change since its first rating
    ("+4"; "–" for a goal rated once), in the columns' order (goals rated at least once)."""
    if not table:
        return table
    by_name = {s.name: s for s in stories}
    changes = tuple(
        NONE if by_name[name].change is None else f"{by_name[name].change:+d}"
        for name in table[0][1:]
    )
    return (*table, ("Change since the first rating", *changes))


BY_SESSION_RULE = (
    "Each cell is the goal's rating (0-10) on the session's day, or else its latest since the "
    "session before; – where it was not rated in that time."
)
"""Said under the session-by-session table, on the page and in the brief."""
CHANGE_ROW_NOTE = "The change is each goal's latest rating minus its first, in points."
"""Said under the brief's table, whose last row is the change (`with_change_row`)."""


def by_session_frame(rows: tuple[tuple[str, ...], ...]) -> pd.DataFrame:
    """`ratings_by_session`'s rows as a table for a page (empty when there are none)."""
    if not rows:
        return pd.DataFrame(columns=["Session"])
    return pd.DataFrame(list(rows[1:]), columns=list(rows[0]))


ACTIONS = {
    "reached": "I reached it",
    "let_go": "I let it go",
    "changed": "It changed: new words, a new goal that takes over",
    "reworded": "Fix its wording (the same goal)",
}
"""What can happen to an active goal, as the page offers it."""
