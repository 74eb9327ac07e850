"""The figures of the last bench table in the README, so a new run can say what got slower.

The brief and the import once got two to five times slower in a fortnight and nothing said
so. Each row of the README's table is read back by its first two cells (figure and view);
a figure that is worse than there by more than `SLOWER` is named at the end of `make bench`.

Page rows compare their "1y ms" and "10y ms" cells; the other rows compare the first figure
after "met:" or "MISSED:" in their last cell ("30,690 rows/s", "3.47 s", "rerun 4 ms"): more is
better for a rate (".../s"), less for a time.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SLOWER = 0.20
HEAD = "| page / figure |"
FIGURE = re.compile(r"(?:met|MISSED)[^:]*:\s*(?:[a-z ]*?)\s*([\d,]+(?:\.\d+)?)\s*(rows/s|ms|s)\b")

Row = tuple[str, ...]


def readme_rows(text: str | None = None) -> dict[tuple[str, str], Row]:
    """The README's bench table, keyed by (figure, view)."""
    text = README.read_text(encoding="utf-8") if text is None else text
    rows: dict[tuple[str, str], Row] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith(HEAD):
            inside = True
            continue
        if inside and not line.startswith("|"):
            break
        if inside and not line.startswith("|---"):
            cells = tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
            rows[(cells[0], cells[1])] = cells
    return rows


def _number(cell: str) -> float | None:
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return None


def headline(cell: str) -> tuple[float, str] | None:
    """The first figure of a goals cell with its unit, e.g. (30690.0, 'rows/s')."""
    found = FIGURE.search(cell)
    return (float(found[1].replace(",", "")), found[2]) if found else None


def slower(before: float, now: float, more_is_better: bool) -> bool:
    if before <= 0:
        return False
    change = (before - now) / before if more_is_better else (now - before) / before
    return change > SLOWER


def compare(previous: dict[tuple[str, str], Row], row: Row, head: Row) -> list[str]:
    """Sentences for each figure of `row` worse than the same row of `previous` by over 20%."""
    old = previous.get((row[0], row[1]))
    if old is None:
        return []
    said = []
    for i, name in enumerate(head):
        if not name.endswith(" ms") or i >= len(old):
            continue
        before, now = _number(old[i]), _number(row[i])
        if before is not None and now is not None and slower(before, now, more_is_better=False):
            said.append(f"{row[0]}, {row[1]}, {name}: {before:g} -> {now:g}")
    was, is_now = headline(old[-1]), headline(row[-1])
    if was and is_now and was[1] == is_now[1]:
        more_is_better = was[1].endswith("/s")
        if slower(was[0], is_now[0], more_is_better):
            said.append(f"{row[0]}, {row[1]}: {was[0]:g} {was[1]} -> {is_now[0]:g} {is_now[1]}")
    return said
