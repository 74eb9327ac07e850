"""The restore's one merge of a catalog (the practice list, the trigger categories) from an
export into the journal: what is added, what the person keeps, which starter items take the
file's rows and which go (issue 24: one way to do each thing).

A `Catalog` says what differs between the two; `merge` does the rest the same way for both:

- a row of the file is matched with one of the person's by its key first, when that key
  outlasts a rename (a practice's id: the same practice, even renamed since), then by its name,
  any capitals (names are unique by `lower(name)` in the journal);
- no match: the file's row is added (under a new id, or a free name, "Walk (restored)", where
  its own are taken), and said so;
- a match with the same settings (and, where the key outlasts a rename, the same name) changes
  nothing;
- into a journal with no entries yet (`replace`), a starter item the app seeded and no one has
  used or edited since takes the file's row; one no row of the file matches, and whose name
  the file does not have, is removed;
- otherwise the person's row stays as it is: where the two are one item (the same key, or
  the same settings) the file's joins it and the plan says what differs; where only the names
  meet, the file's is added beside it under a free name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analytics.entries import DEFAULT_PRACTICES, DEFAULT_TRIGGER_CATEGORIES, SHORT_TEXT_MAX
from analytics.export.journal_zip import TABLE_LABELS
from analytics.storage.journal import new_id
from analytics.words import restore as words

ADDED, CHANGED, RENAMED, REMOVED, KEPT = "added", "changed", "renamed", "removed", "kept yours"

Row = Mapping[str, Any]


@dataclass(frozen=True)
class CatalogChange:
    """One thing a restore does to the practice list or the trigger categories, in words."""

    table: str
    name: str
    action: str
    """`ADDED`, `CHANGED` (a starter item takes the file's settings), `RENAMED` (the file's
    practice added under a new name), `REMOVED` (an unused starter item), or `KEPT` (the person's
    item differs from the file's and stays as it is)."""
    detail: str
    group: bool = False
    """`name` says how many items ("9 starter practices"), `detail` names them."""

    @property
    def label(self) -> str:
        return _CHANGE_LABELS.get(self.table, TABLE_LABELS.get(self.table, self.table))

    def line(self) -> str:
        """The change as one sentence, for the command line."""
        if self.group:
            return f"{self.name[:1].upper()}{self.name[1:]}: {self.action} ({self.detail})"
        return f"{self.label} {self.name!r}: {self.action} ({self.detail})"


_CHANGE_LABELS = {
    "practices": "Practice",
    "trigger_categories": "Trigger category",
    "measure_responses": "Questionnaire",
    "practice_log": "Practice day",
    "sessions": "Therapy session",
    "session_tasks": "Task agreed in a session",
    "settings": "Setting",
    "goal_ratings": "Goal rating",
}


@dataclass(frozen=True)
class Catalog:
    """What differs between the two catalogs; `merge` is the same for both."""

    table: str
    key: str
    """What a row is known and removed by: a practice's id; a category's name."""
    settings: tuple[str, ...]
    """The columns the person sets: the file's row is the same as theirs when these agree."""
    is_starter: Callable[[Row], bool]
    """Seeded by the app, and since then never used, edited or retired."""
    took_file: Callable[[Row, Row], str]
    """Why a starter (yours, the file's) takes the file's settings."""
    kept: Callable[[Row, Row, bool, tuple[int, int]], str | None]
    """What is said when the person's row (yours, the file's, the same key?, the file's log
    days (done, rest) that join it) stays as it is and the file's joins it; None: nothing."""
    differences: Callable[[Row, Row], str]
    """How a row of the person's and the file's of the same name differ."""
    retired_listed_last: bool
    """Where the plan lists the starters removed: after what the file brings (practices), or
    before (categories); the order the plan has always had."""
    placed: bool = False
    """Rows hold a place in the list (`position`): a new one keeps the file's place when it is
    free, else goes after the others."""

    @property
    def key_outlasts_a_rename(self) -> bool:
        """A key other than the name (an id) is the same item even renamed since: matched
        before any name, and a name (its capitals too) is then a setting that may differ.
        Where the name is the key, a match by name is the item, named as the person writes it;
        a starter takes the file's settings in place, under that name."""
        return self.key != "name"


_STARTER_PRACTICES = {
    (name, description, target) for name, description, target in DEFAULT_PRACTICES
}
_STARTER_CATEGORIES = {name: i for i, name in enumerate(DEFAULT_TRIGGER_CATEGORIES)}


def _is_starter_practice(row: Row) -> bool:
    return (
        (row["name"], row["description"], row["weekly_target"]) in _STARTER_PRACTICES
        and row["active"]
        and not row["used"]
        and not row["edited"]
    )


def _is_starter_category(row: Row) -> bool:
    return (
        _STARTER_CATEGORIES.get(row["name"]) == row["position"]
        and row["active"]
        and not row["used"]
    )


def _practice_differences(yours: Row, theirs: Row) -> str:
    return words.practice_differences(
        yours["weekly_target"],
        theirs["weekly_target"],
        yours["description"] != theirs["description"],
    )


def _practice_kept(yours: Row, theirs: Row, same_key: bool, days: tuple[int, int]) -> str:
    return words.practice_kept(
        theirs["name"], yours["name"], same_key, _practice_differences(yours, theirs), *days
    )


def _practice_took_file(yours: Row, theirs: Row) -> str:
    return words.starter_practice_takes_file(
        yours["name"] if yours["name"] != theirs["name"] else None
    )


def _category_took_file(yours: Row, theirs: Row) -> str:
    return words.starter_category_takes_file(
        theirs["position"] + 1 if yours["position"] != theirs["position"] else None,
        theirs["active"] if yours["active"] != theirs["active"] else None,
    )


def _category_kept(yours: Row, theirs: Row, same_key: bool, days: tuple[int, int]) -> str | None:
    # Only whether it is in use is said: a place in the list is the person's to keep.
    return words.category_kept(yours["active"]) if yours["active"] != theirs["active"] else None


PRACTICES = Catalog(
    table="practices",
    key="id",
    settings=("description", "weekly_target"),
    is_starter=_is_starter_practice,
    took_file=_practice_took_file,
    kept=_practice_kept,
    differences=_practice_differences,
    retired_listed_last=True,
)
CATEGORIES = Catalog(
    table="trigger_categories",
    key="name",
    settings=("position", "active"),
    is_starter=_is_starter_category,
    took_file=_category_took_file,
    kept=_category_kept,
    differences=lambda yours, theirs: "",
    retired_listed_last=False,
    placed=True,
)


@dataclass
class Merged:
    """What a restore writes to one catalog, and says of it."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    """The file's rows to insert, each with a key and a name no other row has."""
    mapped: dict[str, Any] = field(default_factory=dict)
    """The file's key -> the journal's, for the rows that point at this catalog."""
    removed: list[Any] = field(default_factory=list)
    """Keys of the person's rows to delete: starters that go or take the file's row."""
    updates: list[dict[str, Any]] = field(default_factory=list)
    """Starters that take the file's settings in place, under their own name."""
    notes: list[CatalogChange] = field(default_factory=list)


def free_name(name: str, taken: set[str]) -> str:
    """`name (restored)`, or `(restored 2)`, ... : a name not in `taken` (casefolded), within
    the length limit."""
    number = 1
    while True:
        suffix = " (restored)" if number == 1 else f" (restored {number})"
        candidate = name[: SHORT_TEXT_MAX - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def merge(
    catalog: Catalog,
    mine: list[dict[str, Any]],
    theirs_rows: list[dict[str, Any]],
    replace: bool,
    log_days: Mapping[Any, tuple[int, int]] | None = None,
) -> Merged:
    """The file's rows (`theirs_rows`) merged into the person's (`mine`), as the module says.
    `replace`: the journal has no entries yet, so unused starters may change. `log_days`: per
    file key, the (done, rest) log rows the restore would add to it."""
    key, by_key = catalog.key, {row[catalog.key]: row for row in mine}
    by_name = {row["name"].casefold(): row for row in mine}
    taken = set(by_name)
    in_file = {row["name"].casefold() for row in theirs_rows}
    out = Merged()
    retired, retired_notes = _retired(catalog, mine, theirs_rows, in_file) if replace else ([], [])
    took: list[Any] = []  # the person's starters that make way for the file's rows
    removed = set(retired)
    # The places taken in the list, once the starters that go are gone (placed catalogs only).
    positions = {row["position"] for row in mine if catalog.placed and row[key] not in removed}
    matched: set[Any] = set()
    starters: list[str] = []
    ids = catalog.key_outlasts_a_rename

    def add(theirs: dict[str, Any], action: str, why: str) -> None:
        """Add the file's row, under a new key or a free name if its own are taken."""
        row = dict(theirs)
        if ids and row[key] in by_key and row[key] not in removed:
            row[key] = new_id()
            why = words.gets_a_new_id(why, by_key[theirs[key]]["name"])
        if row["name"].casefold() in taken:
            row["name"] = free_name(theirs["name"], taken | in_file)
            action = RENAMED
            why = words.added_beside(row["name"], why)
        taken.add(row["name"].casefold())
        out.mapped[theirs[key]] = row[key]
        out.rows.append(row)
        if why:
            out.notes.append(CatalogChange(catalog.table, theirs["name"], action, why))

    # Matches by key first, then by name, so the outcome does not hang on the file's order.
    ordered = sorted(theirs_rows, key=lambda row: row[key] not in by_key) if ids else theirs_rows
    for theirs in ordered:
        found = by_key.get(theirs[key]) or by_name.get(theirs["name"].casefold())
        if found is None:
            add(theirs, ADDED, words.NEW_IN_FILE)
            continue
        # Where the name is the key, a match by name is the item (the person's capitals stay).
        same_key = found[key] == theirs[key] if ids else True
        same_name = found["name"] == theirs["name"] if ids else True
        same_settings = all(found[column] == theirs[column] for column in catalog.settings)
        # A practice's notes name the file's row; a category's, the person's.
        named = theirs["name"] if ids else found["name"]
        if found[key] in matched:
            # Two of the file's rows met the same one of the journal: keep them apart.
            add(theirs, ADDED, words.taken_already(found["name"]))
        elif (
            replace and catalog.is_starter(found) and not (same_key and same_settings and same_name)
        ):
            # A starter the app seeded and no one used or edited: it takes the file's row.
            matched.add(found[key])
            if ids:
                took.append(found[key])
                removed.add(found[key])
                taken.discard(found["name"].casefold())
                if not same_settings or not same_name:
                    add(theirs, CHANGED, catalog.took_file(found, theirs))
                else:
                    starters.append(theirs["name"])
                    add(theirs, CHANGED, "")
            else:
                positions.discard(found["position"])
                positions.add(theirs["position"])
                out.updates.append({**theirs, "name": found["name"]})
                out.notes.append(
                    CatalogChange(catalog.table, named, CHANGED, catalog.took_file(found, theirs))
                )
        elif same_settings and same_name:
            matched.add(found[key])
            out.mapped[theirs[key]] = found[key]
        elif same_key or same_settings:
            matched.add(found[key])
            out.mapped[theirs[key]] = found[key]
            said = catalog.kept(found, theirs, same_key, (log_days or {}).get(theirs[key], (0, 0)))
            if said is not None:
                out.notes.append(CatalogChange(catalog.table, named, KEPT, said))
        else:
            # Same name, other settings: the person's row is not touched; the file's goes beside it.
            add(theirs, RENAMED, catalog.differences(found, theirs))
    if starters:
        out.notes.append(
            CatalogChange(
                catalog.table,
                words.starter_practices(len(starters)),
                CHANGED,
                words.starter_practices_taken(starters),
                group=True,
            )
        )
    if catalog.retired_listed_last:
        out.removed = took + retired
        out.notes += retired_notes
    else:
        out.removed = retired + took
        out.notes[:0] = retired_notes
    if catalog.placed:
        out.rows = _placed(out.rows, positions)
    return out


def _retired(
    catalog: Catalog,
    mine: list[dict[str, Any]],
    theirs_rows: list[dict[str, Any]],
    in_file: set[str],
) -> tuple[list[Any], list[CatalogChange]]:
    """The starters that go in a replace: seeded by the app and unused (or unedited) since,
    with a key no row of the file has and a name the file does not have (`in_file`,
    casefolded); their keys, and the plan's note of each."""
    file_keys = {row[catalog.key] for row in theirs_rows}
    gone = [
        row
        for row in mine
        if row[catalog.key] not in file_keys
        and catalog.is_starter(row)
        and row["name"].casefold() not in in_file
    ]
    return [row[catalog.key] for row in gone], [
        CatalogChange(catalog.table, row["name"], REMOVED, words.RETIRED[catalog.table])
        for row in gone
    ]


def _placed(rows: list[dict[str, Any]], positions: set[int]) -> list[dict[str, Any]]:
    """New rows keep the file's place when it is free, else go after the others."""
    placed = []
    for row in rows:
        position = row["position"]
        if position in positions:
            position = max(positions) + 1
        positions.add(position)
        placed.append({**row, "position": position})
    return placed
