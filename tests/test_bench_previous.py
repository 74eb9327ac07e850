"""bench/previous.py: `make bench` names what got slower than the README's table says."""

from __future__ import annotations

from bench import previous
from bench.__main__ import Table

HEAD = Table.HEAD
README = """
Some words.

| page / figure | view | 1y ms | 10y ms | 10y/1y | chart KB 1y | chart KB 10y | goals |
|---|---|---:|---:|---:|---:|---:|---|
| practice | Last 30 days | 214 | 257 | 1.20 | 9.1 | 9.1 | met |
| import 100k Daylio rows | end to end |  |  |  |  |  | met: 30,690 rows/s, 3.3 s (goal > 20,000 rows/s) |
| PDF brief, sample year | everything in |  |  |  |  |  | met: 3.47 s, 8 pages (goal < 5 s, median of 3) |
| patterns, 10y all time | analytics |  |  |  |  |  | met: rerun 4 ms (cached per journal version) |

After the table.
"""


def row(*cells: str) -> tuple[str, ...]:
    return tuple(cells) + ("",) * (len(HEAD) - len(cells))


def test_the_readme_table_is_read_by_figure_and_view():
    rows = previous.readme_rows(README)
    assert set(rows) == {
        ("practice", "Last 30 days"),
        ("import 100k Daylio rows", "end to end"),
        ("PDF brief, sample year", "everything in"),
        ("patterns, 10y all time", "analytics"),
    }
    assert rows[("practice", "Last 30 days")][3] == "257"


def test_a_page_more_than_a_fifth_slower_is_named_and_one_within_it_is_not():
    rows = previous.readme_rows(README)
    slower = row("practice", "Last 30 days", "214", "310", "1.45", "9.1", "9.1", "met")
    assert previous.compare(rows, slower, HEAD) == ["practice, Last 30 days, 10y ms: 257 -> 310"]
    within = row("practice", "Last 30 days", "250", "300", "1.20", "9.1", "9.1", "met")
    assert previous.compare(rows, within, HEAD) == []


def test_a_rate_is_slower_when_it_falls_and_a_time_when_it_rises():
    rows = previous.readme_rows(README)
    fell = row(
        "import 100k Daylio rows", "end to end", "", "", "", "", "", "MISSED: 12,400 rows/s, 8.1 s"
    )
    assert previous.compare(rows, fell, HEAD) == [
        "import 100k Daylio rows, end to end: 30690 rows/s -> 12400 rows/s"
    ]
    rose = row(
        "import 100k Daylio rows", "end to end", "", "", "", "", "", "met: 61,000 rows/s, 1.6 s"
    )
    assert previous.compare(rows, rose, HEAD) == []
    longer = row(
        "PDF brief, sample year", "everything in", "", "", "", "", "", "met: 4.40 s, 8 pages"
    )
    assert previous.compare(rows, longer, HEAD) == [
        "PDF brief, sample year, everything in: 3.47 s -> 4.4 s"
    ]
    cached = row(
        "patterns, 10y all time", "analytics", "", "", "", "", "", "met: rerun 9 ms (cached)"
    )
    assert previous.compare(rows, cached, HEAD) == [
        "patterns, 10y all time, analytics: 4 ms -> 9 ms"
    ]


def test_a_new_row_or_another_unit_is_not_compared():
    rows = previous.readme_rows(README)
    assert previous.compare(rows, row("range change, chromium", "to chart redrawn"), HEAD) == []
    other_unit = row("PDF brief, sample year", "everything in", "", "", "", "", "", "met: 9 pages")
    assert previous.compare(rows, other_unit, HEAD) == []


def test_the_real_readme_has_a_table_to_compare_with():
    assert len(previous.readme_rows()) >= 20
