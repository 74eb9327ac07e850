"""Import safety: garbage in gives a clear refusal or a valid preview, never a trace and never a
write; refusals leave the journal untouched; a killed import leaves all of it or none."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import storage
from analytics.cli import main as between
from analytics.importers import MAX_BYTES, ImportRefused, load_bytes, load_path
from analytics.importers.apply import preview
from analytics.importers.command import build_plan, parse_mood_map
from testkit.import_files import daylio_csv
from tests.conftest import REPO, SHARED_FIXTURES

FIXTURE_FILES = sorted(SHARED_FIXTURES.glob("*/*.csv")) + sorted(
    SHARED_FIXTURES.glob("loop/*/Checkmarks.csv")
)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TABLES = ("check_ins", "triggers", "practice_log", "practices")


def snapshot(con) -> tuple[int, ...]:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def preview_or_refusal(con, data: bytes, name: str, fmt: str | None) -> None:
    """The whole path up to the preview: it must refuse clearly or give a preview, writing nothing."""
    before = snapshot(con)
    try:
        files = load_bytes(data, name)
        checked = preview(con, build_plan(files, fmt))
    except ImportRefused as refusal:
        assert str(refusal).strip()
    else:
        for problem in checked.problems:
            assert problem.field and problem.message
        assert checked.total >= 0
    assert snapshot(con) == before


FORMATS = st.sampled_from([None, "daylio", "loop", "csv"])


@FUZZ
@given(data=st.binary(max_size=3000), fmt=FORMATS)
def test_random_bytes_never_crash_and_never_write(journal, data, fmt):
    preview_or_refusal(journal, data, "upload.csv", fmt)


@FUZZ
@given(
    rows=st.lists(st.lists(st.text(max_size=12), max_size=9), max_size=20),
    fmt=FORMATS,
    header=st.booleans(),
)
def test_random_csv_text_never_crashes(journal, rows, fmt, header):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["full_date", "date", "weekday", "time", "mood", "activities", "note"])
    writer.writerows(rows)
    preview_or_refusal(journal, buffer.getvalue().encode("utf-8", "surrogatepass"), "x.csv", fmt)


needs_fixtures = pytest.mark.skipif(
    not FIXTURE_FILES, reason=f"shared fixtures not found at {SHARED_FIXTURES}"
)


@needs_fixtures
@FUZZ
@given(index=st.integers(0, 100), cut=st.floats(0, 1), fmt=FORMATS)
def test_truncated_fixture_files_never_crash(journal, index, cut, fmt):
    data = FIXTURE_FILES[index % len(FIXTURE_FILES)].read_bytes()
    preview_or_refusal(
        journal, data[: int(len(data) * cut)], "Checkmarks.csv" if index % 2 else "export.csv", fmt
    )


@needs_fixtures
@FUZZ
@given(index=st.integers(0, 100), seed=st.integers(0, 10_000), fmt=FORMATS)
def test_shuffled_columns_never_crash(journal, index, seed, fmt):
    text = FIXTURE_FILES[index % len(FIXTURE_FILES)].read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    order = list(range(max(len(r) for r in rows)))
    random.Random(seed).shuffle(order)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[r[i] for i in order if i < len(r)] for r in rows])
    preview_or_refusal(journal, buffer.getvalue().encode(), "export.csv", fmt)


@needs_fixtures
@FUZZ
@given(
    index=st.integers(0, 100),
    encoding=st.sampled_from(["utf-16", "utf-16-le", "latin-1", "cp1250", "utf-32", "cp1252"]),
    fmt=FORMATS,
)
def test_wrong_encodings_never_crash(journal, index, encoding, fmt):
    text = FIXTURE_FILES[index % len(FIXTURE_FILES)].read_text(encoding="utf-8-sig")
    preview_or_refusal(journal, text.encode(encoding, errors="replace"), "export.csv", fmt)


def test_files_over_50_mb_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ImportRefused, match="50 MB"):
        load_path(big)
    with pytest.raises(ImportRefused, match="50 MB"):
        load_bytes(b"x" * (MAX_BYTES + 1), "big.csv")


def test_binary_files_are_refused_as_not_text():
    with pytest.raises(ImportRefused, match="not a text file"):
        load_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv")


def test_mood_map_option_is_checked():
    assert parse_mood_map("okay=6, beyond anxious = 1.5") == {"okay": 6, "beyond anxious": 1.5}
    for bad in ("okay", "okay=high", "okay=11"):
        with pytest.raises(ImportRefused, match="--mood-map"):
            parse_mood_map(bad)


DAYLIO_CUSTOM = 'full_date,date,weekday,time,mood,activities,note\n2024-03-05,March 5,Tuesday,21:00,okay,"walk",""\n2024-03-04,March 4,Monday,07:00,good,"walk",""\n'


def test_cli_refuses_unplaced_moods_with_row_and_field_and_writes_nothing(
    tmp_path, journal_path, capsys
):
    source = tmp_path / "daylio_export.csv"
    source.write_text(DAYLIO_CUSTOM)
    before = snapshot(storage.connect(journal_path))
    assert between(["import", "--db", str(journal_path), str(source)]) == 2
    err = capsys.readouterr().err
    assert "Row 2, mood: 'okay'" in err and "--mood-map" in err and "Nothing was written" in err
    con = storage.connect(journal_path)
    assert snapshot(con) == before
    con.close()


def test_cli_imports_with_a_mood_map_and_prints_what_was_added(tmp_path, journal_path, capsys):
    source = tmp_path / "daylio_export.csv"
    source.write_text(DAYLIO_CUSTOM)
    code = between(
        [
            "import",
            "--db",
            str(journal_path),
            str(source),
            "--mood-map",
            "okay=6",
            "--practices",
            "walk",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Added 2 check-ins, 2 practices done. New practices: walk." in out
    assert (
        between(
            [
                "import",
                "--db",
                str(journal_path),
                str(source),
                "--mood-map",
                "okay=6",
                "--practices",
                "walk",
            ]
        )
        == 0
    )
    assert "Nothing new to add" in capsys.readouterr().out


def test_cli_skips_bad_rows_only_when_asked(tmp_path, journal_path, capsys):
    source = tmp_path / "daylio_export.csv"
    source.write_text(DAYLIO_CUSTOM)
    assert (
        between(
            [
                "import",
                "--db",
                str(journal_path),
                str(source),
                "--format",
                "daylio",
                "--skip-bad-rows",
            ]
        )
        == 0
    )
    assert "Added 1 check-in." in capsys.readouterr().out
    assert between(["import", "--db", str(journal_path), str(tmp_path / "missing.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


# Runs `between import` with a kill at a chosen point of the write: the process kills itself
# there, so the test knows where it died (a kill after a sleep may land before or after it).
KILLED_IMPORT = """
import contextlib, os, signal, sys
from analytics import storage
from analytics.cli import main
from analytics.storage import import_queries

point, db, source = sys.argv[1:4]
real_insert, real_transaction = import_queries.insert_new_rows, storage.transaction
chunks = 0

def insert_rows(*args, **kwargs):
    global chunks
    added = real_insert(*args, **kwargs)
    chunks += 1
    if point == "mid-write" and chunks == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return added

@contextlib.contextmanager
def transaction(con):
    with real_transaction(con) as inside:
        yield inside
        if point == "before-commit" and chunks:
            os.kill(os.getpid(), signal.SIGKILL)
    if point == "after-commit" and chunks:
        os.kill(os.getpid(), signal.SIGKILL)

import_queries.insert_new_rows, storage.transaction = insert_rows, transaction
sys.exit(main(["import", "--db", db, source, "--practices", "walk"]))
"""


@pytest.mark.parametrize("point", ["mid-write", "before-commit", "after-commit"])
def test_a_killed_import_leaves_all_of_it_or_none(tmp_path, journal_path, point):
    rows = 25_000  # more than one chunk of check-ins, so "mid-write" is truly halfway
    source = tmp_path / "daylio_export.csv"
    source.write_text(daylio_csv(rows))
    before = snapshot(storage.connect(journal_path))
    done = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, point, str(journal_path), str(source)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == -signal.SIGKILL, f"not killed at {point}: {done.stderr}"
    con = storage.connect(journal_path)
    after = snapshot(con)
    con.close()
    if point == "after-commit":
        assert after[0] - before[0] == rows
        assert after[2] > before[2] and after[3] == before[3] + 1
    else:
        assert after == before


def test_a_file_whose_every_row_was_skipped_says_so_not_that_it_was_already_there():
    from analytics.entries import EntryKind
    from analytics.importers.apply import ImportResult

    skipped = ImportResult({EntryKind.CHECK_IN: 0}, [], skipped_rows=3, duplicates=0, rows_read=3)
    assert skipped.summary() == (
        "Nothing was added: all 3 rows of the file had problems and were skipped."
    )
    already = ImportResult({EntryKind.CHECK_IN: 0}, [], skipped_rows=0, duplicates=4)
    assert already.summary().startswith("Nothing new to add: everything in this file is already")
    both = ImportResult({EntryKind.CHECK_IN: 0}, [], skipped_rows=2, duplicates=4)
    assert "already in your journal" not in both.summary().split(".")[0]
    assert "2 rows with problems were skipped" in both.summary()


def test_a_write_that_fails_half_way_spends_its_preview_and_a_new_preview_imports_everything(
    tmp_path, monkeypatch
):
    from analytics.entries import EntryKind
    from analytics.importers.apply import import_preview
    from analytics.storage import import_queries

    con = storage.connect(tmp_path / "j.duckdb")
    files = {"daylio_export.csv": daylio_csv(30_000)}  # two chunks of check-ins, then practices
    checked = preview(con, build_plan(files, "daylio", practices=["walk"]))
    before = snapshot(con)
    real, calls = import_queries.insert_new_rows, []

    def failing(*args):
        calls.append(args[1])
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(import_queries, "insert_new_rows", failing)
    with pytest.raises(OSError):
        import_preview(con, checked)
    assert snapshot(con) == before
    # The write took the preview's rows: it cannot be used twice, and says so.
    assert checked.spent
    with pytest.raises(ImportRefused, match="already used"):
        import_preview(con, checked)
    monkeypatch.setattr(import_queries, "insert_new_rows", real)
    again = preview(con, build_plan(files, "daylio", practices=["walk"]))
    result = import_preview(con, again)
    assert result.added[EntryKind.CHECK_IN] == 30_000 and snapshot(con)[0] == 30_000
