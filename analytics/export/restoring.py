"""Restoring a journal from an export zip (`analytics.export.journal_zip`), checked before anything is written.

The zip is opened and checked first (`analytics.export.reading`): a problem is reported with
the file, the row and the field, and the journal is not touched. Then it writes in one
transaction, always merging, so nothing the person made is removed or changed:

- entries whose id is already there are skipped; restoring the same zip twice adds nothing;
- practices match by id, then by name (log rows follow the match). A practice of the person's
  whose name clashes with the file's but whose settings differ (weekly target, description) is
  left as it is, and the file's practice is added beside it under a new name, e.g.
  "Walk (restored)"; the plan says so;
- trigger categories match by name; new ones are added after the person's;
- only into a journal with no entries yet, the starter items the app seeded and that were never
  used or edited may change: one the file also holds takes the file's row (so a fresh journal
  restores exactly as exported), one the file lacks is removed. Every such change is
  listed in the plan (`RestorePlan.catalog_changes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from analytics.entries import (
    DEFAULT_PRACTICES,
    DEFAULT_TRIGGER_CATEGORIES,
    SHORT_TEXT_MAX,
    EntryKind,
)
from analytics.export.backups import backup_before
from analytics.export.journal_zip import TABLE_LABELS
from analytics.export.problems import MAX_PROBLEMS_SHOWN, Problem, RestoreError
from analytics.export.reading import MAX_UNPACKED_BYTES, JournalExport, read_export
from analytics.storage import Connection, insert_rows, transaction
from analytics.storage import export_queries as queries
from analytics.storage.export_queries import EXPORT_TABLES

__all__ = [
    "MAX_PROBLEMS_SHOWN",
    "MAX_UNPACKED_BYTES",
    "ADDED",
    "CHANGED",
    "KEPT",
    "MERGE",
    "REMOVED",
    "RENAMED",
    "REPLACE",
    "CatalogChange",
    "JournalExport",
    "Problem",
    "RestoreError",
    "RestorePlan",
    "TableChange",
    "plan_restore",
    "read_export",
    "restore",
]

_ENTRY_TABLES = tuple(kind.value for kind in EntryKind)

REPLACE = "replace"
"""The journal has no entries yet: the file is restored as it was, the person's own lists kept."""
MERGE = "merge"

ADDED, CHANGED, RENAMED, REMOVED, KEPT = "added", "changed", "renamed", "removed", "kept yours"
_PRACTICE_SETTINGS = ("description", "weekly_target")
_STARTER_PRACTICES = {
    (name, description, target) for name, description, target in DEFAULT_PRACTICES
}
_STARTER_CATEGORIES = {name: i for i, name in enumerate(DEFAULT_TRIGGER_CATEGORIES)}


@dataclass(frozen=True)
class TableChange:
    """What a restore does to one table."""

    table: str
    in_file: int
    to_add: int
    already_there: int
    first_day: date | None = None
    last_day: date | None = None

    @property
    def label(self) -> str:
        return TABLE_LABELS[self.table]


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

    @property
    def label(self) -> str:
        return "Practice" if self.table == "practices" else "Trigger category"


@dataclass
class RestorePlan:
    """What `restore` would write, worked out without writing: the preview a person confirms."""

    mode: str
    """`REPLACE`: the journal has no entries, so the file is restored as it was (the person's
    own practices and categories kept). `MERGE`: add what is new, keep what is there."""
    changes: list[TableChange]
    rows: dict[str, list[dict[str, Any]]] = field(repr=False, default_factory=dict)
    catalog_changes: list[CatalogChange] = field(default_factory=list)
    removals: dict[str, list[str]] = field(repr=False, default_factory=dict)
    category_updates: list[dict[str, Any]] = field(repr=False, default_factory=list)

    @property
    def adds_nothing(self) -> bool:
        """True when restoring would write nothing at all (no row added, changed or removed)."""
        return all(change.to_add == 0 for change in self.changes) and not any(
            c.action != KEPT for c in self.catalog_changes
        )

    @property
    def entries_to_add(self) -> int:
        return sum(change.to_add for change in self.changes if change.table in _ENTRY_TABLES)

    def summary(self) -> list[dict[str, Any]]:
        """One plain row per table, for a preview table."""
        return [
            {
                "What": change.label,
                "In the file": change.in_file,
                "Will be added": change.to_add,
                "Already in your journal": change.already_there,
                "From": change.first_day,
                "To": change.last_day,
            }
            for change in self.changes
        ]

    def catalog_summary(self) -> list[dict[str, Any]]:
        """One plain row per practice or trigger category added, changed, renamed, removed or kept."""
        return [
            {"What": c.label, "Name": c.name, "Change": c.action, "Why": c.detail}
            for c in self.catalog_changes
        ]

    def catalog_lines(self) -> list[str]:
        """The same as sentences, for the command line."""
        return [f"{c.label} {c.name!r}: {c.action} ({c.detail})" for c in self.catalog_changes]


def _is_starter_practice(row: Mapping[str, Any]) -> bool:
    """Seeded by the app, and since then never used, edited or retired."""
    return (
        (row["name"], row["description"], row["weekly_target"]) in _STARTER_PRACTICES
        and row["active"]
        and not row["used"]
        and not row["edited"]
    )


def _is_starter_category(row: Mapping[str, Any]) -> bool:
    return (
        _STARTER_CATEGORIES.get(row["name"]) == row["position"]
        and row["active"]
        and not row["used"]
    )


def _same_settings(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    return all(mine[key] == theirs[key] for key in _PRACTICE_SETTINGS)


def _differences(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> str:
    parts = []
    if mine["weekly_target"] != theirs["weekly_target"]:
        parts.append(
            f"yours is {mine['weekly_target']} times a week, the file's {theirs['weekly_target']}"
        )
    if mine["description"] != theirs["description"]:
        parts.append("the descriptions differ")
    return "; ".join(parts)


def _free_name(name: str, taken: set[str]) -> str:
    """`name (restored)`, or `(restored 2)`, ... : a name no practice has, within the length limit."""
    number = 1
    while True:
        suffix = " (restored)" if number == 1 else f" (restored {number})"
        candidate = name[: SHORT_TEXT_MAX - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def plan_restore(con: Connection, export: JournalExport) -> RestorePlan:
    """What restoring `export` into this journal would add, change and remove. Writes nothing."""
    mode = REPLACE if queries.entry_count(con) == 0 else MERGE
    rows: dict[str, list[dict[str, Any]]] = {}
    notes: list[CatalogChange] = []
    removals: dict[str, list[str]] = {"practices": [], "trigger_categories": []}

    practice_map, rows["practices"] = _plan_practices(
        con, export.tables["practices"], mode, notes, removals["practices"]
    )
    rows["trigger_categories"], category_updates = _plan_categories(
        con, export.tables["trigger_categories"], mode, notes, removals["trigger_categories"]
    )

    changes: list[TableChange] = []
    for table in EXPORT_TABLES:
        if table in _ENTRY_TABLES:
            present = queries.existing_ids(con, table)
            new_rows = [row for row in export.tables[table] if row["id"] not in present]
            if table == "practice_log":
                new_rows = [
                    {**row, "practice_id": practice_map[row["practice_id"]]} for row in new_rows
                ]
            rows[table] = new_rows
        days = [_entry_day(row) for row in rows[table]] if table in _ENTRY_TABLES else []
        changes.append(
            TableChange(
                table,
                in_file=export.count(table),
                to_add=len(rows[table]),
                already_there=export.count(table) - len(rows[table]),
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
            )
        )
    return RestorePlan(mode, changes, rows, notes, removals, category_updates)


def _plan_practices(
    con: Connection,
    practices: list[dict[str, Any]],
    mode: str,
    notes: list[CatalogChange],
    removed: list[str],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The file's practice id -> the journal's, and the practice rows to insert."""
    mine = queries.practice_rows(con)
    by_id = {row["id"]: row for row in mine}
    by_name = {row["name"].casefold(): row for row in mine}
    taken = set(by_name)
    practice_map: dict[str, str] = {}
    to_add: list[dict[str, Any]] = []
    matched: set[str] = set()
    for theirs in practices:
        found = by_id.get(theirs["id"]) or by_name.get(theirs["name"].casefold())
        if found is None:
            practice_map[theirs["id"]] = theirs["id"]
            to_add.append(theirs)
            taken.add(theirs["name"].casefold())
            notes.append(CatalogChange("practices", theirs["name"], ADDED, "new in the file"))
            continue
        if found["id"] in matched:
            # Two of the file's practices met the same one of the journal: keep them apart.
            found = None
        elif (
            mode == REPLACE
            and _is_starter_practice(found)
            and (found["id"] != theirs["id"] or not _same_settings(found, theirs))
        ):
            # A starter the app seeded and no one used or edited: take the file's own row.
            matched.add(found["id"])
            removed.append(found["id"])
            practice_map[theirs["id"]] = theirs["id"]
            to_add.append(theirs)
            if not _same_settings(found, theirs) or found["name"] != theirs["name"]:
                notes.append(
                    CatalogChange(
                        "practices",
                        theirs["name"],
                        CHANGED,
                        "a starter practice, never used or edited, takes the file's settings",
                    )
                )
            continue
        elif _same_settings(found, theirs) or found["id"] == theirs["id"]:
            matched.add(found["id"])
            practice_map[theirs["id"]] = found["id"]
            if not _same_settings(found, theirs):
                notes.append(
                    CatalogChange(
                        "practices",
                        found["name"],
                        KEPT,
                        f"your settings stay ({_differences(found, theirs)}); its done days are added to it",
                    )
                )
            continue
        # Same name, other settings: the person's practice is not touched; the file's goes beside it.
        new_name = _free_name(theirs["name"], taken)
        taken.add(new_name.casefold())
        practice_map[theirs["id"]] = theirs["id"]
        to_add.append({**theirs, "name": new_name})
        why = _differences(found, theirs) if found else "another practice has this name"
        notes.append(
            CatalogChange(
                "practices",
                theirs["name"],
                RENAMED,
                f"added as {new_name!r}, so yours stays as it is ({why})",
            )
        )
    if mode == REPLACE:
        in_file = {row["name"].casefold() for row in practices}
        for row in mine:
            if (
                row["id"] not in matched
                and _is_starter_practice(row)
                and row["name"].casefold() not in in_file
            ):
                removed.append(row["id"])
                notes.append(
                    CatalogChange(
                        "practices",
                        row["name"],
                        REMOVED,
                        "a starter practice the app added, never used or edited, and not in the file",
                    )
                )
    return practice_map, to_add


def _plan_categories(
    con: Connection,
    categories: list[dict[str, Any]],
    mode: str,
    notes: list[CatalogChange],
    removed: list[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The trigger categories to insert, and the starter ones to move or retire as in the file."""
    mine = queries.category_rows(con)
    by_name = {row["name"].casefold(): row for row in mine}
    in_file = {row["name"].casefold() for row in categories}
    gone = set()
    if mode == REPLACE:
        for row in mine:
            if _is_starter_category(row) and row["name"].casefold() not in in_file:
                gone.add(row["name"].casefold())
                removed.append(row["name"])
                notes.append(
                    CatalogChange(
                        "trigger_categories",
                        row["name"],
                        REMOVED,
                        "a starter category the app added, never used, and not in the file",
                    )
                )
    updates: list[dict[str, Any]] = []
    positions = {row["position"] for row in mine if row["name"].casefold() not in gone}
    to_add: list[dict[str, Any]] = []
    for theirs in categories:
        found = by_name.get(theirs["name"].casefold())
        if found is None:
            to_add.append(theirs)
            notes.append(
                CatalogChange("trigger_categories", theirs["name"], ADDED, "new in the file")
            )
        elif (found["position"], found["active"]) == (theirs["position"], theirs["active"]):
            continue
        elif mode == REPLACE and _is_starter_category(found):
            positions.discard(found["position"])
            positions.add(theirs["position"])
            updates.append({**theirs, "name": found["name"]})
            notes.append(
                CatalogChange(
                    "trigger_categories",
                    found["name"],
                    CHANGED,
                    "a starter category, never used, takes the file's settings: "
                    + ", ".join(
                        part
                        for part, differs in (
                            (
                                f"place {theirs['position'] + 1}",
                                found["position"] != theirs["position"],
                            ),
                            (
                                "retired" if not theirs["active"] else "in use",
                                found["active"] != theirs["active"],
                            ),
                        )
                        if differs
                    ),
                )
            )
        elif found["active"] != theirs["active"]:
            notes.append(
                CatalogChange(
                    "trigger_categories",
                    found["name"],
                    KEPT,
                    "yours stays "
                    + ("in use" if found["active"] else "retired")
                    + ", as in your journal",
                )
            )
    # New categories keep the file's place when it is free, else go after the others.
    placed = []
    for row in to_add:
        position = row["position"]
        if position in positions:
            position = max(positions) + 1
        positions.add(position)
        placed.append({**row, "position": position})
    return placed, updates


def restore(con: Connection, export: JournalExport | bytes | str | Path | IO[bytes]) -> RestorePlan:
    """Restore an export into this journal in one transaction; return what was done.

    Raises `RestoreError` (journal untouched) if the zip does not pass every check.
    The plan is worked out again inside the transaction, so an entry added in another tab
    since the preview is not added twice. A restore that would change nothing takes no backup
    and writes nothing.
    """
    if not isinstance(export, JournalExport):
        export = read_export(export, target=con)
    preview = plan_restore(con, export)
    if preview.adds_nothing:
        return preview
    backup_before(con, "restore")
    with transaction(con):
        plan = plan_restore(con, export)
        for table in queries.CATALOG_TABLES:
            queries.delete_catalog_rows(con, table, plan.removals.get(table, []))
        for update in plan.category_updates:
            queries.set_category_place(con, update["name"], update["position"], update["active"])
        for table in queries.CATALOG_TABLES:
            queries.insert_catalog_rows(con, table, plan.rows[table])
        for kind in EntryKind:
            insert_rows(con, kind, plan.rows[kind.value])
    return plan


def _entry_day(row: Mapping[str, Any]) -> date:
    return row["day"] if "day" in row else row["local_time"].date()
