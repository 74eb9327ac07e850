"""What a `between` command says it wrote: which file, what is in it (what was left out, and
whether it is locked), and what to do with it next. Said on stderr after the file is whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time
from pathlib import Path

from analytics.entries import EntryKind
from analytics.words import phrases
from analytics.words.nouns import NOUNS

LOCKED = "locked with your password"


def backup_exported(backup: str, locked: bool, out: Path) -> str:
    """`between backups --export`: "Wrote the backup NAME, locked with your password, to
    OUT. Restore it with `between restore`." """
    how = f", {LOCKED}," if locked else ""
    return f"Wrote the backup {backup}{how} to {out}. Restore it with `between restore`."


def export_written(period: str | None, locked: bool, out: Path) -> str:
    """`between export`: "Wrote the whole journal to OUT." or, for --from/--to, the period's
    label ("1 Nov – 30 Nov 2026") in its place."""
    how = f", {LOCKED}," if locked else ""
    return f"Wrote {period or 'the whole journal'}{how} to {out}."


def restored(entries: int, db: Path, dry_run: bool) -> str:
    """`between restore`: "Added 12 entries to DB." / "Would add 1 entry to DB (nothing was
    written)." for a dry run."""
    if dry_run:
        return f"Would add {phrases.count(entries, 'entry')} to {db} (nothing was written)."
    return f"Added {phrases.count(entries, 'entry')} to {db}."


def sample_written(ended: bool, db: Path, counts: Mapping[str, int]) -> str:
    """`between sample`: which sample, where, and how many entries of each kind (`counts`:
    entry table -> entries, as `sample_data.load_sample` returns them)."""
    which = "the sample journal after therapy has ended" if ended else "the sample journal"
    written = ", ".join(phrases.count(n, NOUNS[k].one, NOUNS[k].many) for k, n in counts.items())
    return f"Wrote {which} to {db}: {written}."


def brief_written(period: str, private_text: bool, locked: bool, out: Path) -> str:
    """`between report`: the period's label, whether the private text is in, and where."""
    kept = (
        "with your notes and reflections"
        if private_text
        else "private notes, reflections and goals left out"
    )
    how = f", {LOCKED}" if locked else ""
    return f"Wrote the brief for {period} ({kept}{how}) to {out}."


def plan_written(private_text: bool, out: Path) -> str:
    """`between plan`: whether the person's own words are in, and where."""
    kept = "with your own words" if private_text else "your own words left out"
    return f"Wrote your plan for after therapy ({kept}) to {out}."


def reminders_written(
    out: Path,
    at: time,
    sessions: int,
    cancelled: int,
    due: Sequence[tuple[str, date]],
    every: int | None,
    moved: int = 0,
) -> str:
    """`between reminders`: what the calendar holds: the daily check-in at `at`, `sessions`
    therapy sessions (each with the evening before's reminder), `cancelled` dates marked so
    (`moved` of them: dates the schedule moved a session away from, said apart),
    each questionnaire `due` (name, day) and how often they repeat once therapy has ended
    (`every` days; None during therapy)."""
    # "each" only of two or more: "1 therapy session, with a reminder the evening before".
    each = {0: "", 1: ", with a reminder the evening before"}.get(
        sessions, ", each with a reminder the evening before"
    )
    session = NOUNS[EntryKind.SESSION]
    said = (
        f"a daily check-in reminder at {at:%H:%M}, "
        f"{phrases.count(sessions, session.one, session.many)}{each}"
    )
    called_off = cancelled - moved
    if called_off:
        said += f", {phrases.count(called_off, 'session date')} marked cancelled"
    if moved:
        # A date the schedule moved away from is cancelled in the file too, but it was moved.
        said += f", {phrases.count(moved, 'session date')} marked moved"
    if due:
        # The questionnaires due on one day said once: "PHQ-9, GAD-7 and WHO-5 due 16 Dec".
        by_day: dict[date, list[str]] = {}
        for name, day in due:
            by_day.setdefault(day, []).append(name)
        said += ", and " + phrases.join(
            [f"{phrases.join(names)} due {day:%-d %b}" for day, names in by_day.items()]
        )
        if every:
            again = "each then every" if len(due) > 1 else "then every"
            said += f", {again} {phrases.count(every, 'day')} (therapy has ended)"
    return f"Wrote {out}: {said}. Import it into your calendar; nothing was sent."
