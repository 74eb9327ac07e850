"""The `between import` command, and the steps the Import page shares with it."""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from analytics import storage
from analytics.entries import ENTRY_LABELS
from analytics.importers import (
    ImportFormat,
    ImportRefused,
    Plan,
    SourceFiles,
    daylio,
    detect_format,
    generic_csv,
    load_path,
    loop,
)
from analytics.importers.apply import Preview, import_preview, preview


def parse_mood_map(text: str | None) -> dict[str, float]:
    """`"okay=6, anxious=3"` -> {"okay": 6.0, "anxious": 3.0}; each value must lie on the 0-10 scale."""
    mapping: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        label, sep, value = part.rpartition("=")
        if not sep or not label.strip():
            raise ImportRefused(f'--mood-map: {part.strip()!r} is not label=value (e.g. "okay=6")')
        try:
            number = float(value)
        except ValueError:
            raise ImportRefused(
                f"--mood-map: {value.strip()!r} for {label.strip()!r} is not a number"
            ) from None
        if not 0 <= number <= 10:
            raise ImportRefused(
                f"--mood-map: {number:g} for {label.strip()!r} is outside the 0-10 scale"
            )
        mapping[label.strip()] = number
    return mapping


def build_plan(
    files: SourceFiles,
    fmt: ImportFormat | str | None = None,
    *,
    mood_map: Mapping[str, float] | None = None,
    practices: Collection[str] | None = None,
    mapping: generic_csv.CsvMapping | None = None,
) -> Plan:
    """The plan for `files` in format `fmt` (detected when None). `practices` None means the
    format's default: every Loop habit, no Daylio activity, no CSV column."""
    fmt = ImportFormat(fmt) if fmt else detect_format(files)
    if fmt is ImportFormat.LOOP:
        return loop.build(files, practices)
    if len(files) != 1:
        raise ImportRefused(f"A {fmt.value} import reads one CSV file; this holds {len(files)}.")
    text = next(iter(files.values()))
    if fmt is ImportFormat.DAYLIO:
        return daylio.build(text, mood_map, practices or ())
    table = generic_csv.read_table(text)
    chosen = mapping or generic_csv.suggest_mapping(table.columns)
    if mapping is None and practices:
        chosen = replace(chosen, practices=tuple(practices))
    return generic_csv.plan(table, chosen)


def describe(checked: Preview) -> list[str]:
    """The preview in lines of plain text: entries per kind, date range, labels, practices, notes."""
    plan = checked.plan
    lines = [f"Read {plan.rows_read:,} rows ({plan.source})."]
    for kind, count in checked.counts.items():
        lines.append(f"  {ENTRY_LABELS[kind]}: {count:,} new")
    if checked.first:
        lines.append(f"  From {checked.first:%Y-%m-%d} to {checked.last:%Y-%m-%d}")
    if checked.duplicates:
        lines.append(f"  Already in your journal: {checked.duplicates:,}")
    for label, value in sorted(plan.labels.items(), key=lambda kv: -kv[1]):
        lines.append(f"  Mood {label!r} -> wellbeing {value:g} ({plan.label_counts[label]:,} rows)")
    for label, count in plan.unmapped.most_common():
        lines.append(f"  Mood {label!r} needs a place on the 0-10 scale ({count:,} rows)")
    if checked.new_practices:
        lines.append(
            "  New practices: "
            + ", ".join(f"{n} ({t}x a week)" for n, (_, t) in checked.new_practices.items())
        )
    lines += [f"  {note}" for note in plan.notes]
    return lines


def run(
    db: str | Path,
    target: str | Path,
    *,
    fmt: str | None = None,
    mood_map: str | None = None,
    skip_bad_rows: bool = False,
    practices: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`between import`: 0 after a successful import (printing what was added); 2 when it refuses,
    with every problem by row and field, leaving the journal untouched."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        files = load_path(target)
        chosen = (
            [p for p in (practices or "").split(",") if p.strip()]
            if practices is not None
            else None
        )
        plan = build_plan(files, fmt, mood_map=parse_mood_map(mood_map), practices=chosen)
        con = storage.connect(db)
    except ImportRefused as refusal:
        print(f"Import refused: {refusal}", file=err)
        return 2
    except storage.JournalError as error:
        print(f"The journal cannot be opened: {error}", file=err)
        return 2
    try:
        checked = preview(con, plan)
        for line in describe(checked):
            print(line, file=out)
        if plan.unmapped and not skip_bad_rows:
            example = ", ".join(f"{label}=5" for label in list(plan.unmapped)[:3])
            print(
                f'Give these moods a place on the scale with --mood-map "{example}" (0 = worst, 10 = best).',
                file=err,
            )
        if checked.problems and not skip_bad_rows:
            for problem in checked.problems:
                print(f"  {problem}", file=err)
            print(
                f"Import refused: {len(checked.problems):,} problems in {checked.bad_rows:,} rows. Nothing was written. "
                "Fix them, or add --skip-bad-rows to import only the valid rows.",
                file=err,
            )
            return 2
        print(f"Writing {checked.total:,} entries...", file=out, flush=True)
        result = import_preview(con, checked, skip_bad_rows=skip_bad_rows)
        print(result.summary(), file=out)
        return 0
    except ImportRefused as refusal:
        print(f"Import refused: {refusal}", file=err)
        return 2
    finally:
        con.close()
