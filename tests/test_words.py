"""Sentences are built in `analytics/words/` and nowhere else in `analytics/` (issue 24): an
f-string whose literal parts hold three or more words is a sentence being built, and outside
the words package it is rejected, found by reading the code (`ast`), not by running it."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

ANALYTICS = REPO / "analytics"
WORDS = ANALYTICS / "words"
MIN_WORDS = 3
# A word as a sentence has it, between spaces, with its punctuation: not a name in code
# ("list_position(", "datum.practice"), a date format ("%-d") or a pattern ("\\d\\d-").
WORD = re.compile(r"^[(\"“‘']*[A-Za-z]+(?:['’-][A-Za-z]+)*[)\"”’'.,;:!?]*$")
# A query is not a sentence: SQL written in capitals, as storage/ writes it.
SQL = re.compile(
    r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|ALTER TABLE|DROP|FROM|WHERE|AS|ATTACH|CHECK)\b"
)

ALLOWED = {
    # Refusals and faults of the journal file, passed up through helpers (`rows._refuse`,
    # `journal._name_once`, `faults.explain`): exception messages beside the rule they state.
    # Storage sits below words/ in the layers and imports nothing above it.
    "analytics/storage/": "refusals and faults of the journal file",
    # Which file a path is and why it cannot be written ("the journal at …"): file names.
    "analytics/export/files.py": "file names in refusals",
}
"""Where sentence-like f-strings may stay, each with its reason."""

STILL_TO_MOVE: dict[str, int] = {}
"""Modules whose sentences are still built in place, with how many such f-strings each holds:
a ratchet. Move a module's sentences into `analytics/words/` and lower its number (or take it
off); the test fails when a number is higher than the code's, and when it is lower, so the
list always says what is left."""


def _literal_words(node: ast.JoinedStr) -> int:
    text = " ".join(
        part.value
        for part in node.values
        if isinstance(part, ast.Constant) and isinstance(part.value, str)
    )
    if SQL.search(text):
        return 0
    return sum(1 for token in text.split() if WORD.match(token))


def sentence_fstrings(root: Path = ANALYTICS) -> Iterator[tuple[str, int]]:
    """(module, line) of each sentence-building f-string under `root`, outside `words/`, and
    outside an exception's message: the words of a refusal ("row 4, wellbeing: must be 0 to
    10") name a field and a rule, not the person's journal, and are raised deep inside the
    validators and readers that own the rule."""
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root.parent).as_posix()
        if WORDS in path.parents or module.startswith(tuple(ALLOWED)):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        raised = {
            id(sub)
            for node in ast.walk(tree)
            if isinstance(node, ast.Raise)
            for sub in ast.walk(node)
        }
        # A format spec ("{day:%-d %b %Y}") is an f-string node of its own, and no sentence.
        specs = {
            id(node.format_spec)
            for node in ast.walk(tree)
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.JoinedStr)
                and id(node) not in raised | specs
                and _literal_words(node) >= MIN_WORDS
            ):
                yield module, node.lineno


def test_sentences_are_built_only_in_the_words_package():
    found = Counter(module for module, _ in sentence_fstrings())
    new = {
        module: [line for m, line in sentence_fstrings() if m == module]
        for module, n in found.items()
        if n > STILL_TO_MOVE.get(module, 0)
    }
    assert not new, (
        "sentences built outside analytics/words/ (module: lines); build them there from "
        f"typed facts: {new}"
    )
    moved = {module: found[module] for module, n in STILL_TO_MOVE.items() if found[module] < n}
    assert not moved, f"fewer sentences left than STILL_TO_MOVE says; lower it to: {moved}"


def test_the_rule_sees_a_sentence_and_passes_a_query(tmp_path):
    (tmp_path / "mod.py").write_text(
        'n = 2\nsaid = f"{n} setbacks along the way"\n'
        'short = f"{n} days"\n'
        'q = f"SELECT day FROM {n} WHERE x = 1"\n'
        'def f():\n    raise ValueError(f"{n} is not a valid wellbeing")\n'
    )
    assert [line for _, line in sentence_fstrings(tmp_path)] == [2]
