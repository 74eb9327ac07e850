"""From a plan to the journal: the preview a person checks, then one all-or-nothing write.

`preview` validates every entry with the same rules as the Log page (`storage.bulk.check_frame`:
the Log page's cleaners once per distinct value, `storage.validate_rows` for every row they
refuse), drops entries an earlier import already brought (same `source` and `source_key`,
whether in the journal or repeated in the file) and practice days the journal already has (a
practice day counts once; the journal's log stays), and lists every problem by row and field.
It writes nothing. Entries are held column by column (`Records`), a chunk at a time: an import
takes 15 to 35 times its file's size in memory, the DuckDB write included (75 to 95 times when
entries were dicts; measured at 3 and 50 MB).

`import_preview` writes the preview's new practices and entries in one transaction, after a
backup; an import that would add nothing writes nothing and takes no backup, and neither does
the first import into a journal with no entries (an import only adds). When the
preview has problems it refuses unless the person chose to skip the rows at fault; it always
refuses when lines at the end of the file could not be read at all (`Plan.lines_not_read`), so
skipping never drops the rest of a file. If anything fails half-way (or the process dies) the
journal is as it was. The write inserts set-based (INSERT ... SELECT, ids made by DuckDB) and
takes the preview's rows as it goes, so a preview is used once (`Preview.spent`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import storage
from analytics.entries import (
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    clean_text,
)
from analytics.importers import ImportRefused, Plan, registry
from analytics.importers.records import Records
from analytics.storage import bulk, import_queries
from analytics.storage.journal import new_id
from analytics.words import import_problems, imports
from analytics.words.import_problems import more_problems  # the Import page's too
from analytics.words.nouns import NOUNS

CHUNK = 20_000
"""Rows written per step inside the one transaction, so a progress bar can move."""

Progress = Callable[[int, int], None]

PROBLEMS_SHOWN = 20
"""A problem list shows this many problems, then how many more there are (never a million lines)."""


def problem_lines(problems: Sequence[InvalidEntry], limit: int = PROBLEMS_SHOWN) -> list[str]:
    """The first `limit` problems, one line each, then "… and 999,980 more problems"."""
    lines = [str(problem) for problem in problems[:limit]]
    rest = len(problems) - limit
    if rest > 0:
        lines.append(more_problems(rest))
    return lines


@dataclass
class Preview:
    """What an import would add, checked against the journal, before anything is written."""

    plan: Plan
    rows: dict[EntryKind, Records] = field(default_factory=dict)
    new_practices: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[InvalidEntry] = field(default_factory=list)
    duplicates: int = 0
    first: date | None = None
    last: date | None = None
    spent: bool = False
    """The write took its rows (see `import_preview`); another try needs a new plan and preview."""

    @property
    def counts(self) -> dict[EntryKind, int]:
        return {kind: len(rows) for kind, rows in self.rows.items() if rows}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def bad_rows(self) -> int:
        """The rows the problems name; a problem with the whole file (no row) is in none."""
        return len({p.row for p in self.problems if p.row is not None})

    @property
    def whole_file_problems(self) -> int:
        """The plan's problems with the whole file rather than a row (a date column no known
        format reads; the plan then holds no entry): skipping rows cannot skip them. (A
        practice's name the preview refuses names no row either, but skipping the rows of
        that practice leaves the rest to import.)"""
        return sum(1 for p in self.plan.problems if p.row is None)

    def problem_rows(self, limit: int | None = None) -> list[dict]:
        """The problems (the first `limit`, or all) as table rows: row number, field, what is wrong."""
        return [
            {"row": p.row, "field": p.field, "problem": p.message} for p in self.problems[:limit]
        ]

    def count_rows(self) -> list[dict]:
        return [{"kind": NOUNS[kind].heading, "new entries": n} for kind, n in self.counts.items()]

    def label_rows(self) -> list[dict]:
        """Each mood label with its rows and its place on the wellbeing scale (None: not placed yet)."""
        plan = self.plan
        return (
            [
                {"label": label, "rows": count, "wellbeing": plan.labels.get(label)}
                for label, count in plan.label_counts.most_common()
            ]
            if registry.importer_for(plan.source).mood_labels
            else []
        )


@dataclass
class ImportResult:
    added: dict[EntryKind, int]
    practices_created: list[str]
    skipped_rows: int
    """Rows skipped for their problems (a row may hold several)."""
    duplicates: int
    rows_read: int | None = None
    """The file's rows, so that "nothing was added" can say of how many (None: not known)."""

    @property
    def total(self) -> int:
        return sum(self.added.values())

    def summary(self) -> str:
        """What was written and what was left, in words (`words.imports.import_summary`)."""
        return imports.import_summary(
            self.added, self.practices_created, self.skipped_rows, self.duplicates, self.rows_read
        )


def preview(
    con: storage.Connection,
    plan: Plan,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Check `plan` against the journal; write nothing.

    The plan's records are handed over: the preview keeps the checked rows instead (column by
    column, see `Records`), so a large file is held in memory once, not twice.
    """
    result = Preview(plan=plan, problems=list(plan.problems))
    known = import_queries.practice_ids_by_name(con)
    for name, target in plan.practices.items():
        try:
            clean = clean_text(name, "practice", max_length=SHORT_TEXT_MAX, required=True)
        except InvalidEntry as problem:
            result.problems.append(problem)
            continue
        if clean.casefold() not in known:
            practice_id = new_id()
            known[clean.casefold()] = practice_id
            result.new_practices[clean] = (practice_id, target)
    total = sum(len(r) for r in plan.records.values())
    done = 0
    days: list[date] = []
    day_offsets: dict = {}
    for kind in list(plan.records):
        records = plan.records.pop(kind)
        if not isinstance(records, Records):
            records = Records(records)
        fresh = _fresh(con, kind, plan.source, records.take_frames(), result)
        del records
        checked: list[pd.DataFrame] = []
        while fresh:
            frame = fresh.pop(0)  # each raw chunk goes once checked
            if kind is EntryKind.PRACTICE_LOG:
                frame = frame.assign(
                    practice_id=frame["practice"]
                    .astype(object)
                    .map(lambda name: known.get(str(name or "").strip().casefold()))
                )
            valid, problems = bulk.check_frame(con, kind, frame, now, day_offsets)
            result.problems += problems
            if kind is EntryKind.PRACTICE_LOG and len(valid):
                # A practice day counts once, and the journal's log stays.
                logged = import_queries.logged_day_positions(
                    con, valid["practice_id"], valid["local_time"]
                )
                if len(logged):
                    result.duplicates += len(logged)
                    valid = valid.drop(index=valid.index[logged]).reset_index(drop=True)
            if len(valid):
                checked.append(valid)
                moments = valid["local_time"]
                days += [pd.Timestamp(moments.min()).date(), pd.Timestamp(moments.max()).date()]
            done += len(frame)
            del frame
            if progress:
                progress(done, total)
        result.rows[kind] = Records(checked)
    result.first, result.last = (min(days), max(days)) if days else (None, None)
    result.problems.sort(key=lambda p: p.row or 0)
    return result


def _fresh(
    con: storage.Connection,
    kind: EntryKind,
    source: str,
    frames: list[pd.DataFrame],
    result: Preview,
) -> list[pd.DataFrame]:
    """The frames without the entries an earlier import brought (the same source key in the
    journal) or that the file repeats (the first stays); each one left out counts as a duplicate."""
    if not frames:
        return []
    keys = pa.chunked_array([pa.array(f["source_key"], type=pa.large_string()) for f in frames])
    drop = np.zeros(len(keys), bool)
    drop[import_queries.repeated_key_positions(con, kind.value, source, keys)] = True
    del keys
    result.duplicates += int(drop.sum())
    fresh = []
    start = 0
    while frames:
        frame = frames.pop(0)
        mine = drop[start : start + len(frame)]
        start += len(frame)
        kept = frame[~mine].reset_index(drop=True) if mine.any() else frame
        if len(kept):
            fresh.append(kept)
    return fresh


def import_preview(
    con: storage.Connection,
    checked: Preview,
    *,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the preview's entries and new practices in one transaction; all or nothing.

    Raises `ImportRefused` (writing nothing) when there are problems and `skip_bad_rows` is False,
    and when a problem is with the whole file (no row to skip).
    """
    unread = checked.plan.lines_not_read
    if unread:
        # Skipping bad rows skips rows, never the rest of a file that could not be read.
        raise ImportRefused(import_problems.lines_not_read(unread), checked.problems)
    if checked.whole_file_problems or (checked.problems and not skip_bad_rows):
        # A problem with the whole file is in no row, so skipping rows cannot skip it.
        raise ImportRefused(
            import_problems.problems_to_fix(len(checked.problems), checked.bad_rows),
            checked.problems,
        )
    if checked.spent:
        raise ImportRefused("This preview was already used to import; check the file again first.")
    source = checked.plan.source
    total = checked.total
    written = 0
    added: dict[EntryKind, int] = {}
    duplicates = checked.duplicates
    if not total and not checked.new_practices:
        # Nothing to write, so no backup: a re-import must not push real recovery points out.
        return ImportResult({}, [], checked.bad_rows, duplicates, checked.plan.rows_read)
    if not storage.is_empty(con):
        # A journal with no entries yet has nothing an import could harm (it only adds), so its
        # backup would only push real recovery points out.
        from analytics.export.backups import backup_before  # (loads the export package only now)

        backup_before(con, "import")
    with import_queries.lean_write(con), storage.transaction(con):
        # Another tab may have imported the same file since the preview: the insert leaves
        # out what the journal holds by now (source keys, and practice days).
        known = import_queries.practice_ids_by_name(con)
        created = [
            (pid, name, "Imported", target)
            for name, (pid, target) in checked.new_practices.items()
            if name.casefold() not in known
        ]
        import_queries.insert_practices(con, created)
        moved = {
            pid: known[name.casefold()]
            for name, (pid, _) in checked.new_practices.items()
            if name.casefold() in known
        }
        # The preview's rows are handed to the write chunk by chunk and let go once written, so
        # a large import is not held by the preview and by DuckDB at once; a preview is used
        # once (`spent`); another try plans and checks the file again.
        checked.spent = True
        for kind, rows in checked.rows.items():
            added[kind] = 0
            frames = rows.take_frames()
            while frames:
                frame = frames.pop(0)
                if kind is EntryKind.PRACTICE_LOG and moved:
                    # A practice created in another tab since the preview keeps that tab's id.
                    frame = frame.assign(practice_id=frame["practice_id"].replace(moved))
                for start in range(0, len(frame), CHUNK):
                    chunk = frame.iloc[start : start + CHUNK]
                    count = import_queries.insert_new_rows(con, kind.value, source, chunk)
                    added[kind] += count
                    duplicates += len(chunk) - count
                    written += len(chunk)
                    if progress:
                        progress(written, total)
                del frame
                # Arrow's allocator keeps freed text buffers for reuse; DuckDB needs them now.
                pa.default_memory_pool().release_unused()
    return ImportResult(
        added,
        [name for _, name, _, _ in created],
        checked.bad_rows,
        duplicates,
        checked.plan.rows_read,
    )
