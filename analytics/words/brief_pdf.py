"""What the PDF brief says of itself (`analytics.export.brief`): its footer and period line, and,
on the page before it is made, what it will hold, what is left out and the tick boxes' labels.

The page speaks to the person ("your notes"); the PDF's own lines name no one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.dates import DateRange
from analytics.words import phrases

ITEM_9_LEFT_OUT = "your answer to PHQ-9 item 9 (the brief says it was taken out)"
CHARTS_LEFT_OUT = "the charts"


def footer(made_on: date) -> str:
    """The footer of every page of the brief and of the plan, before the page number."""
    return f"Between Sessions · made on {made_on:%-d %B %Y} · private, shared by choice"


def period_line(period: DateRange, compared_with: DateRange | None = None) -> str:
    """ "Period: 2 November 2026 to 29 November 2026 (28 days), compared with 5 Oct to 1 Nov
    2026"; the comparison only when there is one."""
    if period.start == period.end:  # one day: "24 November 2026 to 24 November 2026" read oddly
        line = f"Period: {period.start:%-d %B %Y} (1 day)"
    else:
        line = (
            f"Period: {period.start:%-d %B %Y} to {period.end:%-d %B %Y} "
            f"({phrases.count(period.days, 'day')})"
        )
    if compared_with:
        line += f", compared with {compared_with.start:%-d %b} to {compared_with.end:%-d %b %Y}"
    return line


def preview_lines(
    sections: Sequence[str],
    charts: Sequence[str],
    private_lines: int,
    agenda_items: int,
    patterns: int,
    left_out: Sequence[str],
) -> tuple[tuple[str, ...], str | None]:
    """What the page says the brief will hold, as lines, and a "Left out: ..." line (None when
    nothing is); a part of which none is in (0 excerpts, no charts) is not said at all."""
    lines = [f"The period and summary; sections: {phrases.join(sections)}."]
    if charts:
        lines.append(f"Charts: {'; '.join(charts)}.")
    if private_lines:
        lines.append(
            f"{phrases.count(private_lines, 'excerpt')} from your notes, reflections and goals."
        )
    if agenda_items:
        lines.append(f"Your agenda: {phrases.count(agenda_items, 'item')}.")
    if patterns:
        lines.append(f"Patterns: {phrases.count(patterns, 'pattern')}.")
    said = f"Left out: {'; '.join(left_out)}." if left_out else None
    return tuple(lines), said


def left_out(
    private: int, item_9: bool, agenda: int, charts: bool, patterns: int
) -> tuple[str, ...]:
    """What the person's choices leave out of the brief, each named with how many: `private`
    excerpts, the `item_9` answer, `agenda` items, the `charts`, `patterns` (0 or False: in, or
    none to leave out)."""
    out = []
    if private:
        out.append(f"{phrases.count(private, 'excerpt')} from private notes, reflections and goals")
    if item_9:
        out.append(ITEM_9_LEFT_OUT)
    if agenda:
        out.append(f"the agenda ({phrases.count(agenda, 'item')})")
    if charts:
        out.append(CHARTS_LEFT_OUT)
    if patterns:
        out.append(f"the patterns ({phrases.count(patterns, 'pattern')})")
    return tuple(out)


def agenda_choice_label(items: int) -> str:
    """The label of the "include the agenda" tick box: "Include the agenda (3 items)"."""
    return f"Include the agenda ({phrases.count(items, 'item')})"


def patterns_choice_label(patterns: int) -> str:
    """The label of the "include the patterns" tick box: "Include the patterns (1 pattern)"."""
    return f"Include the patterns ({phrases.count(patterns, 'pattern')})"
