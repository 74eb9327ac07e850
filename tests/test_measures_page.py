"""The Measures page, through AppTest: nothing yet, one response, and a year of them."""

from __future__ import annotations

import json
from datetime import timedelta

from analytics import clock, storage
from analytics.dates import RangePreset
from tests.apptest import chart_specs, open_page
from tests.conftest import journal_with
from tests.measure_data import a_year_of_responses, answers_for

PAGE = "../views/measures.py"


def text_of(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_no_questionnaires_yet_says_so_and_draws_nothing(app_env):
    app_env()
    at = open_page(PAGE)
    assert [t.value for t in at.title] == ["Measures"]
    assert any("No questionnaires yet" in i.value for i in at.info)
    assert not chart_specs(at)


def test_choosing_the_measures_in_use_is_saved_and_shown(app_env):
    path = app_env()
    at = open_page(PAGE)
    at.multiselect(key="measures_in_use").set_value(["gad7"])
    at.button(key="measures_in_use_save").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert storage.measures_in_use(con) == ["gad7"]
    con.close()
    assert [h.value for h in at.header] == ["GAD-7"]
    assert "GAD-7: no responses yet" in text_of(at)


def test_one_response_is_not_enough_yet_but_is_drawn(app_env):
    path = app_env()
    journal_with(
        path,
        lambda con: storage.add_measure_response(
            con, "phq9", answers_for("phq9", 12), clock.today() - timedelta(days=3)
        ),
    )
    at = open_page(PAGE)
    text = text_of(at)
    assert "was 12 of 27: moderate" in text
    assert any("Not enough yet" in i.value for i in at.info)
    [(spec, rows)] = chart_specs(at)
    assert " ".join(spec["title"]["text"]) == (
        "PHQ-9: 12, moderate, from 1 response: not enough yet to see a change"
    )


def test_a_year_of_responses_states_the_finding_with_its_n_beside_its_chart(app_env):
    path = app_env()
    journal_with(path, lambda con: a_year_of_responses(con, clock.today()))
    at = open_page(PAGE, range_preset=RangePreset.LAST_YEAR)
    assert [h.value for h in at.header] == ["PHQ-9", "GAD-7", "WHO-5"]
    text = text_of(at)
    # Planted: PHQ-9 from 16 to 7 over 24 fortnightly responses (3 missed), a recovery.
    specs = chart_specs(at)
    phq9_title = " ".join(specs[0][0]["title"]["text"])
    # One measure never claims "recovery" (that is PHQ-9 and GAD-7 together, in the headline).
    assert phq9_title.startswith("PHQ-9: reliable improvement to below the cut-off, 16 → 7 since")
    assert phq9_title.endswith("(24 responses)")
    assert "The latest, on" in text and "of 27:" in text
    assert len(specs) == 3
    assert "PHQ-9 and GAD-7 together: reliable recovery since" in text
    starts = [
        "PHQ-9: reliable improvement to below the cut-off",
        "GAD-7: reliable improvement to below the cut-off",
        "WHO-5: a meaningful improvement (10 points or more)",
    ]
    for (spec, rows), start in zip(specs, starts, strict=True):
        title = " ".join(spec["title"]["text"])
        assert title.startswith(start)
        assert rows < 200  # only the points drawn
        drawn = json.dumps({k: v for k, v in spec.items() if k != "config"}).lower()
        assert "#d55e00" not in drawn and '"red"' not in drawn


def test_a_range_without_responses_says_none_in_these_dates(app_env):
    path = app_env()
    journal_with(
        path,
        lambda con: storage.add_measure_response(
            con, "gad7", answers_for("gad7", 6), clock.today() - timedelta(days=200)
        ),
    )
    at = open_page(PAGE, range_preset=RangePreset.LAST_30_DAYS)
    assert "GAD-7: none in these dates" in text_of(at)
    assert not chart_specs(at)


def test_a_worsening_after_a_recovery_is_said_and_drawn_as_a_worsening(app_env):
    # The title compares with the first response (a recovery, 18 -> 9); the page must not hide
    # that the latest is reliably worse than the one before it (1 -> 9).
    path = app_env()
    today = clock.today()

    def fill(con):
        for days_ago, total in ((20, 18), (6, 1), (1, 9)):
            storage.add_measure_response(
                con, "phq9", answers_for("phq9", total), today - timedelta(days=days_ago)
            )

    journal_with(path, fill)
    at = open_page(PAGE)
    text = text_of(at)
    assert "reliable deterioration, 1 → 9" in text
    assert "reliable improvement to below the cut-off, 18 → 9" in text
    import pyarrow as pa

    [chart] = at.get("vega_lite_chart")
    kinds = set()
    for dataset in chart.proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all()
        if "kind" in table.column_names:
            kinds |= set(table.column("kind").to_pylist())
    assert "Reliable worsening from the previous response" in kinds
    assert "Reliable improvement from the previous response" in kinds


def test_a_new_response_shows_in_the_words_and_the_chart_at_the_next_rerun(app_env):
    """Stories are kept per version of the responses: a new response makes a new one."""
    path = app_env()
    journal_with(
        path,
        lambda con: storage.add_measure_response(
            con, "phq9", answers_for("phq9", 12), clock.today() - timedelta(days=20)
        ),
    )
    at = open_page(PAGE)
    at.run()  # a rerun with nothing new shows what was kept
    assert "was 12 of 27: moderate" in text_of(at)
    [(before, _)] = chart_specs(at)

    journal_with(
        path,
        lambda con: storage.add_measure_response(
            con, "phq9", answers_for("phq9", 4), clock.today() - timedelta(days=3)
        ),
    )
    at.run()
    assert not at.exception
    assert "was 4 of 27: minimal" in text_of(at)
    [(after, _)] = chart_specs(at)
    assert json.dumps(after["title"]) != json.dumps(before["title"])
    assert "12 → 4" in json.dumps(after["title"], ensure_ascii=False)
