"""What `between import` prints, end to end, for the files the walk of 7 Dec 2026 found it wrong
about: a file with no rows, impossible dates among good ones, one problem, one day, and what
`between backups` says after the first import into a new journal."""

from __future__ import annotations

import pytest

from analytics import storage
from analytics.cli import main as between

GOOD_AND_BAD_DATES = "date,wellbeing\n2026-11-01,5\n77,6\nx,7\n2026-13-01,4\n"


def run_import(tmp_path, capsys, text: str, *options: str) -> tuple[int, str, str]:
    source = tmp_path / "mood.csv"
    source.write_text(text)
    code = between(["import", str(source), "--db", str(tmp_path / "j.duckdb"), *options])
    said = capsys.readouterr()
    return code, said.out, said.err


def check_ins(tmp_path) -> int:
    con = storage.connect(tmp_path / "j.duckdb")
    try:
        return con.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("skip", [(), ("--skip-bad-rows",)])
def test_a_file_with_only_a_header_says_it_has_no_rows(tmp_path, capsys, skip):
    # It said "the dates in 'date' match none of the known formats; choose one", then
    # "Import refused: 1 problem in 1 row".
    code, out, err = run_import(tmp_path, capsys, "date,wellbeing\n", *skip)
    assert code == 0
    assert out.splitlines()[-1] == "Nothing to import: the file has no rows below its header."
    assert "format" not in out + err
    assert "refused" not in out + err
    assert "Writing" not in out


def test_impossible_dates_are_problems_of_their_rows_and_the_good_rows_can_come_in(
    tmp_path, capsys
):
    code, out, err = run_import(tmp_path, capsys, GOOD_AND_BAD_DATES)
    assert code == 2
    assert "none of the known formats" not in err
    for row, cell in ((3, "77"), (4, "x"), (5, "2026-13-01")):
        assert f"Row {row}, date: '{cell}' does not match the format %Y-%m-%d" in err
    assert "Import refused: 3 problems in 3 rows." in err
    assert check_ins(tmp_path) == 0

    code, out, err = run_import(tmp_path, capsys, GOOD_AND_BAD_DATES, "--skip-bad-rows")
    assert code == 0
    # It said "Nothing was added: the one row with an entry had a problem and was skipped."
    assert out.splitlines()[-1] == "Added 1 check-in. 3 rows with problems were skipped."
    assert check_ins(tmp_path) == 1


def test_every_row_skipped_is_counted_in_rows_of_the_file(tmp_path, capsys):
    # Three rows with bad dates and a good date with no entry (no wellbeing).
    text = "date,wellbeing\n2026-11-01,\n77,6\nx,7\n2026-13-01,4\n"
    code, out, _ = run_import(tmp_path, capsys, text, "--skip-bad-rows")
    assert code == 0
    assert out.splitlines()[-1] == (
        "Nothing was added: 3 of the 4 rows of the file had problems and were skipped; "
        "the other has nothing to import."
    )
    assert "Writing 0" not in out


def test_dates_in_no_known_format_refuse_the_file_and_say_what_the_command_can_do(tmp_path, capsys):
    code, _, err = run_import(tmp_path, capsys, "date,wellbeing\n77,5\nx,6\n", "--skip-bad-rows")
    assert code == 2
    assert "none of the 2 dates in 'date' is in a date format Between Sessions knows" in err
    assert "choose one" not in err
    assert "1 problem in 1 row" not in err
    assert "cannot skip it" in err
    assert "no option to choose a date format" in err
    assert "Import page" in err


def test_one_problem_is_fix_it(tmp_path, capsys):
    text = "date,wellbeing\n2026-11-01,5\n2026-11-02,77\n2026-11-03,4\n"
    code, _, err = run_import(tmp_path, capsys, text)
    assert code == 2
    assert "Import refused: 1 problem in 1 row. Nothing was written. Fix it, or add" in err


def test_one_day_is_said_as_one_day(tmp_path, capsys):
    code, out, _ = run_import(tmp_path, capsys, "date,wellbeing\n2026-11-01,5\n")
    assert code == 0
    assert "  On 2026-11-01" in out.splitlines()
    assert "From 2026-11-01 to 2026-11-01" not in out


def test_backups_after_the_first_import_into_a_new_journal_say_no_untruth(tmp_path, capsys):
    code, _, _ = run_import(tmp_path, capsys, "date,wellbeing\n2026-11-01,5\n")
    assert code == 0
    assert between(["backups", "--db", str(tmp_path / "j.duckdb")]) == 0
    said = capsys.readouterr()
    text = said.out + said.err
    # It said backups "are taken before every upgrade, import and restore".
    assert "before every upgrade, import and restore" not in text
    assert "except an import into a journal with no entries yet" in text
