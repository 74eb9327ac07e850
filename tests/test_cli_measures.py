"""`between measure` (a questionnaire from the terminal) and the questionnaires in `between stats`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from analytics import storage
from analytics.cli import main


def responses(db) -> list[tuple]:
    con = storage.connect(db)
    try:
        return con.execute(
            "SELECT measure, day, total, item_9 FROM measure_responses ORDER BY day, measure"
        ).fetchall()
    finally:
        con.close()


def test_a_response_is_stored_and_its_total_band_and_meaning_printed(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    assert (
        main(["measure", "phq9", "2,2,1,1,2,1,2,1,0", "--day", "2026-03-02", "--db", str(db)]) == 0
    )
    out = capsys.readouterr().out
    assert "PHQ-9 on Mon 2 Mar 2026: 12, moderate." in out
    assert "moderate is 10 to 14" in out and "10 or more is the usual clinical cut-off" in out
    assert "therapist" in out and "988" not in out  # no safety message without item 9
    assert responses(db) == [("phq9", date(2026, 3, 2), 12, 0)]


def test_the_next_response_says_the_reliable_change_since_the_last(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    main(["measure", "gad7", "3,3,2,2,2,2,2", "--day", "2026-03-02", "--db", str(db)])
    capsys.readouterr()
    assert main(["measure", "GAD-7", "1,1,1,1,1,1,0", "--day", "2026-03-16", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "GAD-7 on Mon 16 Mar 2026: 6, mild." in out
    # One measure never claims recovery (that is PHQ-9 and GAD-7 together).
    assert (
        "Since your last GAD-7 (2 Mar 2026, 16): reliable improvement to below the cut-off." in out
    )


def test_who5_is_printed_as_a_percentage(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    assert main(["measure", "who5", "1, 2, 1, 1, 2", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert ": 28%, very low." in out and "Below 50% suggests poor wellbeing" in out


@pytest.mark.parametrize(
    ("region", "shown", "not_shown"),
    [(None, ("988", "116 123"), ()), ("uk-ie", ("116 123",), ("988",))],
)
def test_item_9_above_0_prints_the_safety_message_whatever_the_total(
    tmp_path, capsys, region, shown, not_shown
):
    db = tmp_path / "j.duckdb"
    if region:
        con = storage.connect(db)
        storage.set_setting(con, "crisis_region", region)
        con.close()
    assert main(["measure", "phq9", "0,0,0,0,0,0,0,0,1", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert ": 1, minimal." in out
    assert "important to tell your therapist" in out and "local emergency number" in out
    assert all(line in out for line in shown) and not any(line in out for line in not_shown)


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["phq9", "0,0,0,0,0,0,0,0"], "answers"),
        (["phq9", "0,0,0,0,0,0,0,0,0,0"], "answers"),
        (["gad7", "0,0,0,0,0,0,4"], "item_7"),
        (["gad7", "0,-1,0,0,0,0,0"], "item_2"),
        (["who5", "1,1.5,1,1,1"], "item_2"),
        (["who5", "1,,1,1,1"], "item_2"),
        (["who5", "one,1,1,1,1"], "item_1"),
        (["bdi", "0,0,0"], "measure"),
        (["phq9", "0,0,0,0,0,0,0,0,0", "--day", "2999-01-01"], "day"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(tmp_path, capsys, argv, field):
    db = tmp_path / "j.duckdb"
    assert main(["measure", *argv, "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{field}: ") and "Nothing was saved." in captured.err
    assert captured.out == ""
    assert not db.exists() or responses(db) == []


def test_a_second_response_on_one_day_is_refused_and_the_first_kept(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    main(["measure", "phq9", "1,1,1,1,1,1,1,1,0", "--day", "2026-03-02", "--db", str(db)])
    capsys.readouterr()
    assert (
        main(["measure", "phq9", "0,0,0,0,0,0,0,0,0", "--day", "2026-03-02", "--db", str(db)]) == 1
    )
    assert "delete that one on the Entries page" in capsys.readouterr().err
    assert responses(db) == [("phq9", date(2026, 3, 2), 8, 0)]


def test_a_bad_day_is_refused_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_code:
        main(
            [
                "measure",
                "phq9",
                "0,0,0,0,0,0,0,0,0",
                "--day",
                "2nd March",
                "--db",
                str(tmp_path / "j"),
            ]
        )
    assert exit_code.value.code == 2
    assert "not a date like" in capsys.readouterr().err


def test_stats_counts_responses_and_shows_the_latest_score_of_each_measure_in_use(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    con = storage.connect(db)
    storage.add_measure_response(con, "phq9", [2] * 8 + [0], date(2026, 3, 2))
    storage.add_measure_response(con, "phq9", [1] * 8 + [0], date(2026, 3, 16))
    storage.add_measure_response(con, "gad7", [1] * 7, date(2026, 3, 16))
    storage.set_measures_in_use(con, ["phq9", "who5"])
    con.close()
    assert main(["stats", "--db", str(db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_kind = {k["kind"]: k for k in report["kinds"]}
    assert by_kind["measure_responses"] == {
        "kind": "measure_responses",
        "entries": 3,
        "first": "2026-03-02",
        "last": "2026-03-16",
    }
    assert report["latest"] == [
        {"measure": "phq9", "day": "2026-03-16", "total": 8, "band": "mild"},
        {"measure": "who5", "day": None, "total": None, "band": None},
    ]
    assert main(["stats", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[6].split() == ["measure_responses", "3", "2026-03-02", "2026-03-16"]
    assert lines[-2].split() == ["PHQ-9", "8", "of", "27", "mild", "2026-03-16"]
    assert lines[-1].split() == ["WHO-5", "-", "not", "answered", "yet", "-"]


def test_stats_says_a_who5_score_out_of_100_as_the_app_does_never_as_a_percentage(tmp_path, capsys):
    """Issue 23 item 14: "WHO-5 64%" in `between stats`; the app says "64 of 100"."""
    db = tmp_path / "j.duckdb"
    con = storage.connect(db)
    storage.add_measure_response(con, "who5", [3, 3, 3, 3, 4], date(2026, 3, 2))
    storage.set_measures_in_use(con, ["who5"])
    con.close()
    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "64 of 100" in out and "%" not in out


def test_stats_leaves_out_the_scores_when_no_measure_is_in_use(tmp_path, capsys):
    db = tmp_path / "j.duckdb"
    con = storage.connect(db)
    storage.add_measure_response(con, "phq9", [0] * 9, date(2026, 3, 2))
    con.close()
    main(["stats", "--db", str(db)])
    out = capsys.readouterr().out
    assert "latest" not in out and len(out.splitlines()) == 7
