"""Restoring a journal from an export zip (`analytics.export.journal_zip`), checked before anything is written.

The zip is opened and checked first (`analytics.export.reading`): a problem is reported with
the file, the row and the field, and the journal is not touched. Then it writes in one
transaction:

- into a journal with no entries yet, the file's practice and trigger-category catalogs
  replace the starter ones, so the restored journal is row for row the one exported;
- into a journal with entries, it merges: entries whose id is already there are skipped,
  practices are matched by id and then by name (log rows follow the match), new categories
  are appended. Restoring the same zip twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from analytics.entries import EntryKind
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
    "MERGE",
    "REPLACE",
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
MERGE = "merge"


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


@dataclass
class RestorePlan:
    """What `restore` would write, worked out without writing: the preview a person confirms."""

    mode: str
    """`REPLACE`: the journal has no entries, so the file's catalogs replace the starter ones.
    `MERGE`: add what is new, keep what is there."""
    changes: list[TableChange]
    rows: dict[str, list[dict[str, Any]]] = field(repr=False, default_factory=dict)

    @property
    def adds_nothing(self) -> bool:
        return all(change.to_add == 0 for change in self.changes)

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


def plan_restore(con: Connection, export: JournalExport) -> RestorePlan:
    """What restoring `export` into this journal would add, table by table. Writes nothing."""
    mode = REPLACE if queries.entry_count(con) == 0 else MERGE
    rows: dict[str, list[dict[str, Any]]] = {}
    changes: list[TableChange] = []

    practices = export.tables["practices"]
    if mode == REPLACE and practices:
        practice_map = {row["id"]: row["id"] for row in practices}
        rows["practices"] = list(practices)
    else:
        known = queries.practice_catalog(con)
        by_id = {practice_id for practice_id, _ in known}
        by_name = {name.casefold(): practice_id for practice_id, name in known}
        practice_map, rows["practices"] = {}, []
        for row in practices:
            if row["id"] in by_id:
                practice_map[row["id"]] = row["id"]
            elif row["name"].casefold() in by_name:
                practice_map[row["id"]] = by_name[row["name"].casefold()]
            else:
                practice_map[row["id"]] = row["id"]
                rows["practices"].append(row)

    categories = export.tables["trigger_categories"]
    if mode == REPLACE and categories:
        rows["trigger_categories"] = list(categories)
    else:
        known_names = {name.casefold() for name in queries.category_catalog(con)}
        start = queries.next_category_position(con)
        new = [row for row in categories if row["name"].casefold() not in known_names]
        rows["trigger_categories"] = [{**row, "position": start + i} for i, row in enumerate(new)]

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
    return RestorePlan(mode, changes, rows)


def restore(con: Connection, export: JournalExport | bytes | str | Path | IO[bytes]) -> RestorePlan:
    """Restore an export into this journal in one transaction; return what was added.

    Raises `RestoreError` (journal untouched) if the zip does not pass every check.
    The plan is worked out again inside the transaction, so an entry added in another tab
    since the preview is not added twice.
    """
    if not isinstance(export, JournalExport):
        export = read_export(export, target=con)
    backup_before(con, "restore")
    with transaction(con):
        plan = plan_restore(con, export)
        if plan.mode == REPLACE:
            queries.clear_catalogs(con, [t for t in queries.CATALOG_TABLES if plan.rows[t]])
        for table in queries.CATALOG_TABLES:
            queries.insert_catalog_rows(con, table, plan.rows[table])
        for kind in EntryKind:
            insert_rows(con, kind, plan.rows[kind.value])
    return plan


def _entry_day(row: Mapping[str, Any]) -> date:
    return row["day"] if "day" in row else row["local_time"].date()
