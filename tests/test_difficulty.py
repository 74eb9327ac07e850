"""The difficulty question of PHQ-9 and GAD-7: offered after the items, optional, stored (schema
version 6, after a backup), shown, never scored."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from analytics import outcomes, storage
from analytics.entries import InvalidEntry
from analytics.export import backups
from analytics.measures import DIFFICULTY_QUESTION, score
from analytics.storage.schema import LATEST_VERSION
from tests.test_pages_log import open_log
from tests.test_questionnaire_tab import SAVE, answer

DAY = date(2026, 3, 2)


def test_a_difficulty_is_stored_and_shown_but_never_scored():
    con = storage.connect()
    storage.add_measure_response(con, "phq9", [1] * 9, DAY, difficulty=3)
    storage.add_measure_response(con, "gad7", [1] * 7, DAY)
    rows = storage.measure_responses(con)
    assert list(rows["total"]) == [score("gad7", [1] * 7).total, score("phq9", [1] * 9).total]
    assert rows.set_index("measure")["difficulty"].fillna(-1).to_dict() == {"gad7": -1, "phq9": 3}
    assert outcomes.difficulty_words(con, "phq9", DAY) == (
        "How difficult these problems made your work, home and time with others (asked with "
        "PHQ-9, not scored), 2 Mar 2026: extremely difficult."
    )
    assert outcomes.difficulty_words(con, "gad7", DAY) is None  # not answered
    assert outcomes.difficulty_words(con, "who5", DAY) is None  # not asked


@pytest.mark.parametrize(
    ("measure", "answers", "difficulty"),
    [("phq9", [0] * 9, 4), ("gad7", [0] * 7, -1), ("gad7", [0] * 7, 1.5), ("who5", [3] * 5, 1)],
)
def test_a_difficulty_out_of_range_or_with_who5_is_refused_naming_it(measure, answers, difficulty):
    con = storage.connect()
    with pytest.raises(InvalidEntry) as refused:
        storage.add_measure_response(con, measure, answers, DAY, difficulty=difficulty)
    assert refused.value.field == "difficulty"
    assert storage.measure_responses(con).empty


def test_a_version_5_journal_gets_the_column_after_a_backup_and_keeps_its_responses(tmp_path):
    path = tmp_path / "journal.duckdb"
    con = duckdb.connect(str(path))
    storage.migrate(con, target=5)
    con.execute(
        "INSERT INTO measure_responses (id, day, measure, item_1, item_2, item_3, item_4, "
        "item_5, total) VALUES ('r1', DATE '2026-03-02', 'who5', 3, 3, 3, 3, 3, 60)"
    )
    con.close()
    con = storage.connect(path)
    assert storage.schema_version(con) == LATEST_VERSION
    [row] = storage.measure_responses(con).to_dict("records")
    assert (row["id"], row["total"]) == ("r1", 60)
    assert pd.isna(row["difficulty"])
    # One a day still counts once after the change of the table.
    with pytest.raises(InvalidEntry):
        storage.add_measure_response(con, "who5", [3] * 5, DAY)
    con.close()
    (backup,) = backups.list_backups(path)
    old = duckdb.connect(str(backup.path), read_only=True)
    assert old.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 5
    old.close()


def test_the_log_page_offers_it_after_phq9_optional_and_saves_it(app_env):
    path = app_env()
    at = open_log()
    [question] = [r for r in at.radio if r.key.startswith("questionnaire_phq9_difficulty")]
    assert question.label == f"{DIFFICULTY_QUESTION} (optional, not scored)"
    assert question.value is None
    assert question.options == [
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    ]
    at = answer(at, dict.fromkeys(range(1, 10), 1))
    at.radio(key=question.key).set_value("Very difficult").run()
    at.button(key=SAVE).click().run()
    assert not at.exception
    con = storage.connect(path)
    [difficulty] = storage.measure_responses(con)["difficulty"]
    con.close()
    assert difficulty == 2
    assert any("not scored" in m.value and "very difficult" in m.value for m in at.markdown)
