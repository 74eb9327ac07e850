"""The `between import` command, and the steps the Import page shares with it."""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from analytics import storage
from analytics.entries import InvalidEntry
from analytics.export.files import OutRefused, check_out_path, write_whole_file
from analytics.importers import (
    ImportFormat,
    ImportRefused,
    Plan,
    SourceFiles,
    encoding_notes,
    generic_csv,
    load_path,
    registry,
)
from analytics.importers.apply import (
    Preview,
    import_preview,
    preview,
    problem_lines,
)
from analytics.words import import_problems, imports
from analytics.words.nouns import NOUNS


def check_problems_path(
    path: str | Path, db: str | Path, source: str | Path, *, force: bool = False
) -> Path:
    """Where `--problems` may write: the same refusals as `--out` (`files.check_out_path`: never
    the journal, a backup, the person's own or demo journal, even through a hard link; never a
    device; an existing file only with `force`), and never the file being imported."""
    return check_out_path(path, db, force=force, option="--problems", keep=[source])


def write_problems(
    path: str | Path,
    problems: Sequence[InvalidEntry],
    db: str | Path,
    source: str | Path,
    *,
    force: bool = False,
) -> Path:
    """Every problem, one line each (none: an empty file), into `path`, readable and writable by
    its owner only (0600), whole or not at all (`files.write_whole_file`: an existing file is
    replaced by one rename, and only with `force`); refuses what `check_problems_path` refuses."""
    target = check_problems_path(path, db, source, force=force)
    text = "".join(f"{problem}\n" for problem in problems)
    return write_whole_file(target, text.encode("utf-8"), replace=force, option="--problems")


def parse_mood_map(text: str | None) -> dict[str, float]:
    """`"okay=6, anxious=3"` -> {"okay": 6.0, "anxious": 3.0}; each value must lie on the 0-10 scale."""
    mapping: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        label, sep, value = part.rpartition("=")
        if not sep or not label.strip():
            raise ImportRefused(import_problems.not_label_value(part.strip()))
        try:
            number = float(value)
        except ValueError:
            raise ImportRefused(
                import_problems.mood_value_not_a_number(value.strip(), label.strip())
            ) from None
        if not 0 <= number <= 10:
            raise ImportRefused(
                import_problems.mood_value_off_the_scale(value.strip(), label.strip())
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
    importer = registry.importer_for(fmt) if fmt else registry.detect(files)
    plan = importer.build(files, registry.Options(mood_map, practices, mapping))
    plan.notes[:0] = encoding_notes(files)
    return plan


def describe(checked: Preview) -> list[str]:
    """The preview in lines of plain text: entries per kind, date range, labels, practices, notes."""
    plan = checked.plan
    return imports.preview_lines(
        imports.PreviewFacts(
            rows_read=plan.rows_read,
            source=plan.source,
            new=tuple((NOUNS[kind].heading, n) for kind, n in checked.counts.items()),
            first=checked.first,
            last=checked.last,
            duplicates=checked.duplicates,
            placed=tuple(
                (label, value, plan.label_counts[label])
                for label, value in sorted(plan.labels.items(), key=lambda kv: -kv[1])
            ),
            unplaced=tuple(plan.unmapped.most_common()),
            new_practices=tuple((n, t) for n, (_, t) in checked.new_practices.items()),
            notes=tuple(plan.notes),
        )
    )


def run(
    db: str | Path,
    target: str | Path,
    *,
    fmt: str | None = None,
    mood_map: str | None = None,
    skip_bad_rows: bool = False,
    practices: str | None = None,
    problems_file: str | Path | None = None,
    force: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`between import`: 0 after a successful import (printing what was added); 2 when it refuses,
    leaving the journal untouched. Problems are listed by row and field, the first
    `PROBLEMS_SHOWN` on screen with a count of the rest; `problems_file` gets all of them (an
    existing file there is replaced only with `force`)."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        files = load_path(target)
        chosen = (
            [p for p in (practices or "").split(",") if p.strip()]
            if practices is not None
            else None
        )
        if problems_file is not None:
            check_problems_path(problems_file, db, target, force=force)
        plan = build_plan(files, fmt, mood_map=parse_mood_map(mood_map), practices=chosen)
        del files  # the plan holds what the text gave; a large file is not kept twice
        con = storage.connect(db)
    except (ImportRefused, OutRefused) as refusal:
        print(f"Import refused: {refusal}", file=err)
        return 2
    except storage.JournalError as error:
        print(import_problems.journal_not_opened(error), file=err)
        return 2
    try:
        checked = preview(con, plan)
        for line in describe(checked):
            print(line, file=out)
        if plan.unmapped and not skip_bad_rows:
            print(import_problems.mood_map_hint(list(plan.unmapped)[:3]), file=err)
        if problems_file is not None:
            written = write_problems(problems_file, checked.problems, db, target, force=force)
            print(import_problems.problems_written(len(checked.problems), written), file=err)
        for line in problem_lines(checked.problems):
            print(f"  {line}", file=err)
        if plan.lines_not_read:
            print(import_problems.lines_not_read_refusal(plan.lines_not_read), file=err)
            return 2
        if checked.whole_file_problems:
            print(import_problems.whole_file_refusal(checked.whole_file_problems), file=err)
            if any(p.field == generic_csv.DATE_FORMAT_FIELD for p in checked.problems):
                print(import_problems.date_format_refusal(), file=err)
            return 2
        if checked.problems and not skip_bad_rows:
            print(
                import_problems.problems_refusal(len(checked.problems), checked.bad_rows), file=err
            )
            return 2
        if checked.total:
            print(imports.writing(checked.total), file=out, flush=True)
        result = import_preview(con, checked, skip_bad_rows=skip_bad_rows)
        print(result.summary(), file=out)
        return 0
    except (ImportRefused, OutRefused) as refusal:
        print(f"Import refused: {refusal}", file=err)
        return 2
    finally:
        con.close()
