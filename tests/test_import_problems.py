"""Import problems are told, never hidden: stray bytes name their row, a file that cannot be read
to its end is refused even when skipping bad rows, long problem lists are counted not flooded,
and values are quoted as typed."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import storage
from analytics.cli import main as between
from analytics.importers import ImportRefused, encoding_notes, load_bytes
from analytics.importers.apply import import_preview, preview
from analytics.importers.command import build_plan
from analytics.importers.generic_csv import CsvMapping
from analytics.storage import backup_files
from analytics.storage.backup_files import backups_dir

TABLES = ("check_ins", "triggers", "practice_log", "practices")


def counts(con) -> tuple[int, ...]:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def journal_counts(path) -> tuple[int, ...]:
    con = storage.connect(path)
    try:
        return counts(con)
    finally:
        con.close()


def checked(journal, data: bytes, fmt: str, name: str = "export.csv", **options):
    files = load_bytes(data, name)
    return files, preview(journal, build_plan(files, fmt, **options))


# --- encodings: UTF-8 with a stray byte stays UTF-8, and the byte's row is named ------------

SHEET_UTF8 = (
    "date,wellbeing,note\n"
    "2024-03-01,6,café 🌱 calmer\n"
    "2024-03-02,5,ünïcode \xff here\n"  # \xff stands for the stray byte below
    "2024-03-03,7,Grüße\n"
)


def stray(text: str) -> bytes:
    """`text` in UTF-8 with every "\xff" replaced by one byte that is not UTF-8."""
    return text.replace("\xff", "\x00").encode("utf-8").replace(b"\x00", b"\xff")


def test_a_utf8_csv_with_one_stray_byte_is_read_as_utf8_and_that_row_and_field_are_named(
    journal,
):
    files, result = checked(journal, stray(SHEET_UTF8), "csv")

    [problem] = result.problems
    assert (problem.row, problem.field) == (3, "note")
    assert "not UTF-8" in problem.message
    notes = sorted(row["note"] for row in result.rows[next(iter(result.rows))])
    assert notes == ["Grüße", "café 🌱 calmer"], "the other rows are UTF-8, not mojibake"
    assert any("read as UTF-8" in note and "1 byte" in note for note in result.plan.notes)

    import_preview(journal, result, skip_bad_rows=True)
    stored = sorted(r[0] for r in journal.execute("SELECT note FROM check_ins").fetchall())
    assert stored == ["Grüße", "café 🌱 calmer"]


def test_a_utf8_daylio_file_with_a_stray_byte_names_its_row_and_field(journal):
    text = (
        "full_date,date,weekday,time,mood,activities,note\n"
        '2024-03-05,March 5,Tuesday,21:00,good,"walk","Grüße, 🌱"\n'
        '2024-03-04,March 4,Monday,07:00,good,"walk","caf\xff"\n'
    )
    _, result = checked(journal, stray(text), "daylio")

    assert [(p.row, p.field) for p in result.problems] == [(3, "note")]
    assert [row["note"] for row in result.rows[next(iter(result.rows))]] == ["Grüße, 🌱"]


def test_a_utf8_loop_file_with_a_stray_byte_names_its_row_and_keeps_the_habit_names(journal):
    text = "Date,Méditation,Run\n2024-01-03,2,\xff2\n2024-01-02,2,2\n"
    _, result = checked(journal, stray(text), "loop", name="Checkmarks.csv")

    assert [(p.row, p.field) for p in result.problems] == [(2, "Run")]
    assert "not UTF-8" in result.problems[0].message
    assert set(result.new_practices) == {"Méditation", "Run"}


def test_one_nul_byte_names_its_row_and_field_and_skipping_imports_the_rest(journal):
    data = SHEET_UTF8.replace("\xff", "\x00").encode("utf-8")  # one NUL in row 3's note
    files, result = checked(journal, data, "csv")

    [problem] = result.problems
    assert (problem.row, problem.field) == (3, "note")
    assert "NUL byte" in problem.message
    assert any("1 NUL (zero) byte" in note for note in result.plan.notes), result.plan.notes
    with pytest.raises(ImportRefused, match="1 problem in 1 row"):
        import_preview(journal, result)

    import_preview(journal, result, skip_bad_rows=True)
    stored = sorted(r[0] for r in journal.execute("SELECT note FROM check_ins").fetchall())
    assert stored == ["Grüße", "café 🌱 calmer"]


def test_a_file_mostly_of_nul_bytes_is_still_not_text(journal):
    with pytest.raises(ImportRefused, match="not a text file"):
        checked(journal, "date,wellbeing\n2024-03-01,6\n".encode("utf-16-le"), "csv")


def test_a_windows_1252_file_is_still_read_as_windows_1252_and_the_preview_says_so(journal):
    text = "date,wellbeing,note\n2024-03-01,6,café – naïve\n2024-03-02,5,plain\n"
    _, result = checked(journal, text.encode("cp1252"), "csv")

    assert not result.problems
    notes = sorted(row["note"] for row in result.rows[next(iter(result.rows))])
    assert notes == ["café – naïve", "plain"]
    assert any("Windows-1252" in note for note in result.plan.notes)


# --- a file that cannot be read to its end is never imported in part ------------------------


def unclosed_quote_sheet(later_rows: int) -> str:
    rows = "".join(f"2024-02-{1 + i:02d},6,fine\n" for i in range(later_rows))
    return 'date,wellbeing,note\n2024-01-01,5,ok\n2024-01-02,5,"a quote never closed\n' + rows


def test_a_quote_never_closed_is_a_problem_saying_how_many_lines_were_not_read(journal):
    _, result = checked(journal, unclosed_quote_sheet(6).encode(), "csv")

    [problem] = result.problems
    assert problem.row == 3 and "never closed" in problem.message
    assert "7 lines" in problem.message  # the row that opens the quote and the 6 after it
    assert result.plan.lines_not_read == 7


def test_skip_bad_rows_refuses_rather_than_drop_the_rest_of_the_file(
    tmp_path, journal_path, capsys
):
    source = tmp_path / "sheet.csv"
    source.write_text(unclosed_quote_sheet(40))
    before = journal_counts(journal_path)

    code = between(["import", "--db", str(journal_path), str(source), "--skip-bad-rows"])

    err = capsys.readouterr().err
    assert code == 2
    assert "41 lines at the end of the file could not be read" in err
    assert "Row 3, row:" in err and "never closed" in err
    assert journal_counts(journal_path) == before, "nothing was written, not even row 2"


def test_a_daylio_quote_never_closed_is_refused_even_when_skipping(journal):
    text = (
        "full_date,date,weekday,time,mood,activities,note\n"
        '2024-03-05,March 5,Tuesday,21:00,good,"walk","fine"\n'
        '2024-03-04,March 4,Monday,07:00,good,"walk","never closed\n'
        '2024-03-03,March 3,Sunday,07:00,good,"walk","lost?"\n'
    )
    _, result = checked(journal, text.encode(), "daylio")

    assert result.plan.lines_not_read == 2
    assert any(p.row == 3 and "never closed" in p.message for p in result.problems)
    with pytest.raises(Exception, match="2 lines at the end"):
        import_preview(journal, result, skip_bad_rows=True)
    assert counts(journal)[0] == 0


def test_a_csv_error_part_way_refuses_even_when_skipping(tmp_path, journal_path, capsys):
    huge = '"' + "x" * 140_000 + '"'  # over the csv module's field limit: it stops reading
    text = "date,wellbeing,note\n2024-01-01,5,ok\n2024-01-02,5," + huge + "\n2024-01-03,6,a\n"
    source = tmp_path / "sheet.csv"
    source.write_text(text)

    code = between(["import", "--db", str(journal_path), str(source), "--skip-bad-rows"])

    err = capsys.readouterr().err
    assert code == 2 and "could not be read as CSV" in err and "2 lines" in err
    assert journal_counts(journal_path)[0] == 0


def test_a_loop_habit_file_that_stops_part_way_is_a_problem_not_a_crash(journal):
    huge = '"' + "x" * 140_000 + '"'
    files = {
        "001 Walk/Checkmarks.csv": f"2024-01-03,2\n2024-01-02,{huge}\n2024-01-01,2\n",
        "Habits.csv": "Position,Name\n001,Walk\n",
    }
    result = preview(journal, build_plan(files, "loop"))

    assert result.plan.lines_not_read == 2
    assert any(
        p.field == "Walk" and "could not be read as CSV" in p.message for p in result.problems
    )
    with pytest.raises(ImportRefused, match="2 lines at the end"):
        import_preview(journal, result, skip_bad_rows=True)


def test_a_row_with_more_filled_cells_than_the_header_is_a_problem_not_a_shifted_row(journal):
    text = "date,wellbeing,note\n2024-01-01,5,ok\n2024-01-02,6,said no, kindly\n2024-01-03,7,\n"
    _, result = checked(journal, text.encode(), "csv")

    [problem] = result.problems
    assert problem.row == 3 and "4 cells; the header has 3" in problem.message
    assert sorted(row["note"] for row in result.rows[next(iter(result.rows))]) == ["", "ok"]


# --- long problem lists: the first 20 and a count; all of them in a file on request ---------


def bad_sheet(rows: int) -> str:
    return "date,wellbeing\n" + "".join(f"2024-01-01,high{i}\n" for i in range(rows))


def test_a_100000_row_bad_file_prints_20_problems_and_counts_the_rest(
    tmp_path, journal_path, capsys
):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(100_000))

    code = between(["import", "--db", str(journal_path), str(source)])

    out, err = capsys.readouterr()
    assert code == 2
    assert len(out.splitlines()) + len(err.splitlines()) < 40
    assert "… and 99,980 more problems" in err
    assert err.count("is not a number from 0 to 10") == 20
    assert journal_counts(journal_path)[0] == 0


def test_problems_file_holds_every_problem_one_a_line_for_its_owner_only(
    tmp_path, journal_path, capsys
):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(1_000))
    everything = tmp_path / "problems.txt"

    code = between(
        ["import", "--db", str(journal_path), str(source), "--problems", str(everything)]
    )

    err = capsys.readouterr().err
    assert code == 2 and f"All 1,000 problems are in {everything}" in err
    assert "… and 980 more problems" in err
    lines = everything.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1_000
    assert lines[0].startswith("Row 2, wellbeing: 'high0'") and lines[-1].startswith("Row 1001,")
    assert stat.S_IMODE(everything.stat().st_mode) == 0o600


def test_problems_file_is_made_owner_only_even_when_it_existed(tmp_path, journal_path, capsys):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(3))
    everything = tmp_path / "problems.txt"
    everything.write_text("old")
    everything.chmod(0o644)

    args = ["import", "--db", str(journal_path), str(source), "--problems", str(everything)]
    assert between(args) == 2
    assert everything.read_text() == "old" and "--force" in capsys.readouterr().err
    assert between([*args, "--force"]) == 2
    assert stat.S_IMODE(everything.stat().st_mode) == 0o600
    assert len(everything.read_text().splitlines()) == 3


@pytest.mark.parametrize("where", ["journal", "wal", "backups"])
def test_problems_file_never_overwrites_the_journal_or_its_backups(
    tmp_path, journal_path, capsys, where
):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(3))
    backups = backups_dir(journal_path)
    backups.mkdir(exist_ok=True)
    kept = backups / "journal-2026-01-01T00-00-00-manual.duckdb"
    kept.write_bytes(b"a backup")
    target = {
        "journal": journal_path,
        "wal": journal_path.with_name(journal_path.name + ".wal"),
        "backups": kept,
    }[where]
    before = journal_path.read_bytes()

    code = between(["import", "--db", str(journal_path), str(source), "--problems", str(target)])

    assert code == 2
    err = capsys.readouterr().err
    assert "Refused to write to" in err and "Nothing was written" in err
    assert journal_path.read_bytes() == before and kept.read_bytes() == b"a backup"


@pytest.mark.parametrize("where", ["journal", "backup", "demo", "demo-ended", "source"])
@pytest.mark.parametrize("force", [False, True])
def test_problems_file_through_a_hard_link_never_truncates_the_journal_a_backup_or_the_source(
    tmp_path, journal_path, capsys, where, force
):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(3))
    con = storage.connect(journal_path)
    kept = backup_files.take_backup(con, "manual")
    con.close()
    demo = journal_path.with_name("demo.duckdb")
    storage.connect(demo).close()
    ended = journal_path.with_name("demo-ended.duckdb")
    storage.connect(ended).close()
    original = {
        "journal": journal_path,
        "backup": kept,
        "demo": demo,
        "demo-ended": ended,
        "source": source,
    }[where]
    link = tmp_path / "elsewhere" / "problems.txt"
    link.parent.mkdir()
    os.link(original, link)
    before = {p: p.read_bytes() for p in (journal_path, kept, demo, ended, source)}

    args = ["import", "--db", str(journal_path), str(source), "--problems", str(link)]
    assert between(args + (["--force"] if force else [])) == 2

    err = capsys.readouterr().err
    assert "Nothing was written" in err and "problems are in" not in err
    assert {p: p.read_bytes() for p in before} == before
    assert os.path.samefile(link, original)


@pytest.mark.parametrize("force", [False, True])
def test_problems_file_is_never_the_file_being_imported(tmp_path, journal_path, capsys, force):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(3))
    before = source.read_bytes()

    args = ["import", "--db", str(journal_path), str(source), "--problems", str(source)]
    assert between(args + (["--force"] if force else [])) == 2

    assert "the file you are importing" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_problems_file_never_replaces_an_existing_file_without_force(
    tmp_path, journal_path, capsys
):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(3))
    kept = tmp_path / "myexport.zip"
    kept.write_bytes(b"PK the person's export")

    args = ["import", "--db", str(journal_path), str(source), "--problems", str(kept)]
    assert between(args) == 2

    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert kept.read_bytes() == b"PK the person's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "journal.duckdb",
        "myexport.zip",
        "sheet.csv",
    ]


def test_problems_file_in_a_folder_that_cannot_be_made_names_it_and_writes_nothing(
    tmp_path, journal_path, capsys
):
    source = tmp_path / "sheet.csv"
    source.write_text(bad_sheet(3))
    (tmp_path / "plainfile").write_text("a file, not a folder")
    target = tmp_path / "plainfile" / "problems.txt"

    args = ["import", "--db", str(journal_path), str(source), "--problems", str(target)]
    assert between(args) == 2

    err = capsys.readouterr().err
    assert f"Could not write {target}" in err and "Nothing was written" in err
    assert "Traceback" not in err


# --- values in messages: as typed, and short -----------------------------------------------


def test_values_in_messages_are_quoted_as_typed_never_rounded(journal):
    text = "date,wellbeing,anxiety\n2024-01-01,10.0000001,3\n2024-01-02,5,-0.5\n"
    _, result = checked(journal, text.encode(), "csv")

    messages = [str(p) for p in result.problems]
    assert "Row 2, wellbeing: '10.0000001' is outside the scale 0 to 10" in messages
    assert "Row 3, anxiety: '-0.5' is outside the scale 0 to 10" in messages


def test_long_values_are_shortened_in_messages(journal):
    digits = "9" * 300
    sheet = f"date,wellbeing\n2024-01-01,5\n{digits},6\n2024-01-03,{digits}\n"
    mapping = CsvMapping(date="date", date_format="%Y-%m-%d", wellbeing="wellbeing")
    _, result = checked(journal, sheet.encode(), "csv", mapping=mapping)

    messages = [str(p) for p in result.problems]
    assert len(messages) == 2
    for message in messages:
        assert "9" * 21 not in message and "…" in message and len(message) < 120
    assert "Row 3, date: '99999999999999999999…' does not match the format %Y-%m-%d" in messages


def test_a_daylio_time_of_300_characters_is_shortened(journal):
    text = (
        "full_date,date,weekday,time,mood,activities,note\n"
        f'2024-03-05,March 5,Tuesday,{"1" * 300},good,"",""\n'
    )
    _, result = checked(journal, text.encode(), "daylio")

    [problem] = result.problems
    assert problem.field == "time" and "'11111111111111111111…'" in problem.message
    assert len(str(problem)) < 100


# --- property: stray bytes anywhere never crash, never mix encodings, never reach the journal --

NOTES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='",'),
    max_size=12,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(NOTES, min_size=2, max_size=6),
    positions=st.lists(st.integers(0, 10_000), min_size=1, max_size=3),
    byte=st.sampled_from([b"\xff", b"\x80", b"\xc3", b"\xe9", b"\xed\xa0\x80"]),
    fmt=st.sampled_from(["csv", "daylio"]),
)
def test_stray_bytes_anywhere_are_problems_and_never_reach_the_journal(
    journal, notes, positions, byte, fmt
):
    if fmt == "csv":
        text = "date,wellbeing,note\n" + "".join(
            f"2024-01-{i + 1:02d},5,é {note}\n" for i, note in enumerate(notes)
        )
    else:
        text = "full_date,date,weekday,time,mood,activities,note\n" + "".join(
            f'2024-01-{i + 1:02d},January {i + 1},,07:00,good,"walk","é {note}"\n'
            for i, note in enumerate(notes)
        )
    data = text.encode()
    for position in sorted(positions, reverse=True):
        cut = position % (len(data) + 1)
        data = data[:cut] + byte + data[cut:]
    decoded = data.decode("utf-8", errors="surrogateescape")
    has_valid_utf8 = any(ord(c) > 127 and not 0xDC80 <= ord(c) <= 0xDCFF for c in decoded)
    before = counts(journal)
    try:
        files = load_bytes(data, "export.csv")
        result = preview(journal, build_plan(files, fmt))
        import_preview(journal, result, skip_bad_rows=True)
    except ImportRefused as refusal:
        assert str(refusal).strip()
        assert counts(journal) == before
        return
    stored = [r[0] for r in journal.execute("SELECT note FROM check_ins").fetchall()]
    typed = {" ".join(f"é {note}".split()) for note in notes}
    for note in stored:
        note.encode("utf-8")  # no lone surrogate reached the journal
        if has_valid_utf8 and note:
            # Read as UTF-8: every note that landed is one that was typed, letter for letter
            # (a note may itself hold "Ã", so look for the typed text, not for mojibake).
            assert " ".join(note.split()) in typed, "a file with valid UTF-8 in it is read as UTF-8"
    journal.execute("DELETE FROM check_ins; DELETE FROM practice_log")


def test_a_stray_byte_in_the_header_refuses_the_import_naming_the_header(journal):
    """Before, a bad byte in a column name was counted in the preview note but named by no row."""
    data = b"\xffdate,wellbeing,note\n2024-01-01,5,\xc3\xa9 fine\n"
    with pytest.raises(ImportRefused, match=r"Row 1, the header, .*column 1"):
        build_plan(load_bytes(data, "export.csv"), "csv")
    daylio = (
        b"full_date,date,weekday,time,mood,activities,no\xffte\n"
        b'2024-01-01,January 1,,07:00,good,"walk","\xc3\xa9"\n'
    )
    with pytest.raises(ImportRefused, match=r"Row 1, the header"):
        build_plan(load_bytes(daylio, "daylio.csv"), "daylio")


def test_the_encoding_note_says_one_byte_in_the_singular():
    files = load_bytes(b"date,wellbeing,note\n2024-01-01,5,\xc3\xa9 \xff\n", "export.csv")
    assert "1 byte in it is not UTF-8" in " ".join(encoding_notes(files))


def test_one_line_not_read_is_one_line_not_one_lines(tmp_path, journal_path, capsys):
    """Found by the new-user walk: "1 lines at the end of the file could not be read" and "the 1
    line from here to the end of the file were not read"."""
    source = tmp_path / "sheet.csv"
    source.write_text('date,mood,note\n2024-01-01,5,fine\n2024-01-02,6,"never closed\n')
    assert between(["import", "--db", str(journal_path), str(source)]) == 2
    err = capsys.readouterr().err
    assert "1 line at the end of the file could not be read" in err
    assert "1 line from here to the end of the file was not read" in err
    assert "1 lines" not in err


def test_the_preview_says_which_column_was_read_and_which_was_not(tmp_path, journal_path, capsys):
    """Found by the attack: with a "mood" and a "wellbeing" column, `between import` read the
    wellbeing column and said nothing of the other, so a person could not tell which numbers
    went in. The preview names each column read and each left unread."""
    source = tmp_path / "sheet.csv"
    source.write_text("date,mood,wellbeing\n2026-02-01,3,8\n2026-02-02,3,8\n")
    assert between(["import", "--db", str(journal_path), str(source)]) == 0
    said = capsys.readouterr()
    shown = said.out + said.err
    assert (
        "Columns read: date from 'date' and wellbeing from 'wellbeing'. Not read: 'mood'." in shown
    )
