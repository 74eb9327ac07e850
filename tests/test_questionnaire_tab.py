"""Log → Questionnaire, through AppTest: nothing preselected, missing items named and nothing
written, the calm safety message for PHQ-9 item 9, and the score with what it means."""

from __future__ import annotations

from datetime import timedelta

from analytics import clock, safety, storage
from analytics.measures import MEASURES
from tests.measure_data import answers_for
from tests.test_pages_log import open_log

SAVE = "questionnaire_phq9_save"


def item(i: int, measure: str = "phq9") -> str:
    return f"questionnaire_{measure}_item_{i}"


def responses(path) -> list[tuple]:
    con = storage.connect(path)
    try:
        return con.execute("SELECT measure, total, item_9 FROM measure_responses").fetchall()
    finally:
        con.close()


def answer(at, values: dict[int, int], measure: str = "phq9"):
    labels = {value: label for label, value in MEASURES[measure].choices}
    for i, value in values.items():
        at.radio(key=item(i, measure)).set_value(labels[value])
    return at.run()


def safety_shown(at) -> list[str]:
    return [i.value for i in at.info if safety.SAFETY_HEADING in i.value]


def test_every_item_is_a_row_of_the_published_choices_with_nothing_chosen(app_env):
    app_env()
    at = open_log()
    radios = [r for r in at.radio if r.key.startswith("questionnaire_phq9_item_")]
    assert [r.label for r in radios] == [
        f"{i}. {text}" for i, text in enumerate(MEASURES["phq9"].items, 1)
    ]
    assert all(r.value is None for r in radios)
    assert all(r.options == [label for label, _ in MEASURES["phq9"].choices] for r in radios)
    assert any(MEASURES["phq9"].stem in m.value for m in at.markdown)


def test_saving_with_items_missing_names_them_and_writes_nothing(app_env):
    path = app_env()
    at = answer(open_log(), {i: 1 for i in range(1, 10) if i not in (3, 7)})
    at.button(key=SAVE).click().run()
    assert not at.exception
    [refusal] = at.error
    assert "items 3 (Trouble falling or staying asleep,…) and 7 (Trouble concentrating" in (
        refusal.value.replace("\\", "")
    )
    assert "Nothing was saved" in refusal.value
    assert responses(path) == []
    # The answers given are kept: nothing to fill in twice.
    assert at.radio(key=item(1)).value == "Several days"


def test_item_9_above_0_shows_the_safety_message_at_once_calmly(app_env):
    app_env()
    at = answer(open_log(), {9: 1})  # only item 9, nothing submitted yet
    [message] = safety_shown(at)
    assert "important to tell your therapist" in message
    # Every default line until the person says where they are.
    assert "988" in message and "116 123" in message and "local emergency number" in message
    # Calm: an info box, never an error or a warning, and nothing else is refused.
    assert not at.error and not at.warning
    at.selectbox(key="questionnaire_region").set_value("uk-ie").run()
    [message] = safety_shown(at)
    assert "116 123" in message and "988" not in message


def test_item_9_at_0_shows_no_safety_message(app_env):
    app_env()
    at = answer(open_log(), {9: 0, 1: 3})
    assert not safety_shown(at)


def test_a_complete_phq9_is_saved_once_with_its_meaning_and_change(app_env):
    path = app_env()
    con = storage.connect(path)
    storage.add_measure_response(
        con, "phq9", answers_for("phq9", 18), clock.today() - timedelta(days=14)
    )
    con.close()
    at = answer(open_log(), {1: 2, 2: 2, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 2})
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert responses(path)[-1] == ("phq9", 12, 2)
    text = " ".join(m.value for m in at.markdown)
    assert "12 of 27: moderate. Scores of 10–14 are in the moderate range" in text
    assert "also the previous" in text and "reliable improvement, 18 → 12" in text
    # The answers are cleared for the next time (new keys, views.log.k), and the safety message
    # stays with the result.
    assert at.radio(key=item(9) + "_r1").value is None
    assert safety_shown(at)
