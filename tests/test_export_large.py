"""The largest journals the app accepts come back from their own export.

A journal holds any number of entries, each text up to `LONG_TEXT_MAX` characters; the restore
reads what this computer's memory can check (`zip_reader.max_unpacked_bytes`), never a fixed size.
The journal is built with bulk SQL (rows the validators would accept), so the test costs the
export and the restore, not thousands of single writes.
"""

from __future__ import annotations

import pytest

from analytics import storage
from analytics.entries import LONG_TEXT_MAX
from analytics.export import export_journal, read_export, restore
from analytics.export.zip_reader import max_unpacked_bytes

TEXT_COLUMNS = ("noticing", "tried_new", "hard_learned", "bring_next", "free_text")


def _text(length: int, seed: str) -> str:
    """SQL for `length` characters of varied text, with quotes and a formula-like start, so the
    CSV's quoting and its formula escape are both at work."""
    return f"left('=' || repeat('a \"quoted\" line ' || md5(({seed})::VARCHAR) || ' ', {length // 40 + 1}), {length})"


def _fill(con: storage.Connection, reflections: int, full: int) -> None:
    # The journal: `reflections` reflections of 10,000 characters, one a day...
    con.execute(
        f"""INSERT INTO reflections (id, day, free_text)
            SELECT 'r' || i, DATE '2000-01-01' + i::INT, {_text(10_000, "i")}
            FROM range({reflections}) t(i)"""
    )
    # ...and `full` reflections with every text at the app's limit, the widest row there is.
    texts = ", ".join(_text(LONG_TEXT_MAX, f"i * 10 + {n}") for n in range(len(TEXT_COLUMNS)))
    con.execute(
        f"""INSERT INTO reflections (id, day, {", ".join(TEXT_COLUMNS)})
            SELECT 'full' || i, DATE '1990-01-01' + i::INT, {texts} FROM range({full}) t(i)"""
    )


def _digest(con: storage.Connection) -> tuple:
    columns = ", ".join(f"sum(hash({c}))" for c in TEXT_COLUMNS)
    return con.execute(
        f"SELECT count(*), sum(length(free_text)), {columns}, min(day), max(day) FROM reflections"
    ).fetchone()


@pytest.mark.parametrize(("reflections", "full"), [(2_300, 40)])
def test_the_largest_journal_the_app_accepts_restores_from_its_export(tmp_path, reflections, full):
    con = storage.connect(tmp_path / "journal.duckdb")
    _fill(con, reflections, full)
    zipped = tmp_path / "export.zip"
    zipped.write_bytes(export_journal(con))
    fresh = storage.connect(tmp_path / "fresh.duckdb")

    checked = read_export(zipped, target=fresh)
    assert checked.count("reflections") == reflections + full
    restore(fresh, checked)

    assert _digest(fresh) == _digest(con)
    assert (
        fresh.execute("SELECT free_text FROM reflections WHERE id = 'r7'").fetchone()[0][:2] == "=a"
    )
    con.close()
    fresh.close()


def test_the_limit_follows_free_memory_not_a_fixed_size():
    # 2,300 reflections of 10,000 characters unpack to about 23 MiB of CSV: far under what a
    # computer with 1 GB free can check.
    assert max_unpacked_bytes() > 23 << 20
