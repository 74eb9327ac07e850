"""Questionnaire responses and settings in the export zip: exact round trips, refusals naming
the file, row and field, one a day kept on a merge, and exports from before schema 3."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import suppress
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import storage
from analytics.entries import InvalidEntry
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import KEPT, RestoreError, plan_restore, read_export, restore
from analytics.measures import MEASURES
from tests.test_export import snapshot
from tests.test_export_hostile import json_only, refusal, rezip, with_cell


@pytest.fixture
def answered():
    """A journal with a response to each measure (PHQ-9 item 9 at 1, its difficulty answered)
    and every setting."""
    con = storage.connect()
    storage.add_check_in(con, when=date(2026, 3, 1), wellbeing=5)
    storage.add_measure_response(
        con, "phq9", [1, 2, 1, 1, 0, 2, 1, 0, 1], date(2026, 3, 2), difficulty=2
    )
    storage.add_measure_response(con, "gad7", [2, 2, 1, 1, 0, 1, 1], date(2026, 3, 2))
    storage.add_measure_response(con, "who5", [2, 3, 2, 1, 3], date(2026, 3, 16))
    storage.set_measures_in_use(con, ["phq9", "gad7", "who5"])
    storage.set_setting(con, "crisis_region", "us")
    storage.set_course_start(con, date(2026, 3, 1))
    yield con
    con.close()


def test_responses_and_settings_round_trip_exactly_through_csv_and_json(answered, journal):
    data = export_journal(answered)
    restore(journal, data)
    assert snapshot(journal) == snapshot(answered)
    other = storage.connect()
    restore(other, json_only(data))
    assert snapshot(other) == snapshot(answered)
    assert storage.measures_in_use(other) == ["phq9", "gad7", "who5"]
    assert list(storage.measure_responses(other)["difficulty"].fillna(-1)) == [-1, 2, -1]
    assert storage.chosen_course_start(other) == date(2026, 3, 1)


def test_restoring_twice_adds_no_second_response(answered, journal):
    data = export_journal(answered)
    restore(journal, data)
    plan = restore(journal, data)
    assert plan.adds_nothing
    assert len(storage.measure_responses(journal)) == 3


def test_a_file_response_on_a_day_that_has_one_is_not_added_and_the_plan_says_so(answered, journal):
    mine = storage.add_measure_response(journal, "phq9", [0] * 9, date(2026, 3, 2))
    storage.set_setting(journal, "crisis_region", "uk-ie")
    data = export_journal(answered)
    plan = plan_restore(journal, read_export(data, target=journal))
    [responses] = [c for c in plan.changes if c.table == "measure_responses"]
    assert (responses.in_file, responses.to_add, responses.already_there) == (3, 2, 1)
    notes = {(c.label, c.name, c.action) for c in plan.catalog_changes}
    assert ("Questionnaire", "PHQ-9 on 2026-03-02", KEPT) in notes
    assert ("Setting", "crisis line region", KEPT) in notes
    [region] = [c for c in plan.catalog_changes if c.name == "crisis line region"]
    assert region.detail == (
        "yours stays (United Kingdom and Ireland); the file's is United States"
    )
    assert ("Setting", "questionnaires in use", "added") in notes
    assert plan.catalog_heading() == "What happens to your questionnaires and settings:"
    restore(journal, data)
    phq9 = storage.measure_responses(journal, "phq9")
    assert list(phq9["id"]) == [mine] and int(phq9["total"].iloc[0]) == 0
    assert storage.get_setting(journal, "crisis_region") == "uk-ie"  # the person's own stays
    assert storage.measures_in_use(journal) == ["phq9", "gad7", "who5"]  # added: none was set


BAD_ROWS = {
    "an answer off the scale": (("item_2", "4"), "item_2", "out of range"),
    "a total that is not the answers' sum": (("total", "26"), "total", "does not match"),
    "an answer that is not whole": (("item_1", "1.5"), "item_1", "not a whole number"),
    "an answer past SMALLINT": (("item_3", "70000"), "item_3", "can hold"),
    "an unknown measure": (("measure", "bdi"), "measure", "is not one of"),
    "a day ahead": (("day", "2999-01-01"), "day", "future"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_bad_response_row_is_refused_naming_file_row_and_field(case, answered, journal):
    (column, value), field, why = BAD_ROWS[case]
    storage.add_check_in(journal, when=date(2026, 2, 1), wellbeing=4, note="mine")
    message = refusal(
        journal, with_cell(export_journal(answered), "measure_responses", column, value)
    )
    assert f"measure_responses.csv, row 2, {field}" in message, message
    assert why in message, message
    assert storage.measure_responses(journal).empty


def test_a_gad7_with_a_ninth_answer_and_a_second_response_on_one_day_are_refused(answered, journal):
    def edit(tables):
        rows = tables["measure_responses"]  # in the order day, measure: GAD-7, PHQ-9, WHO-5
        phq9 = next(r for r in rows if r["measure"] == "phq9")
        rows.append({**phq9, "id": "again"})
        next(r for r in rows if r["measure"] == "gad7")["item_9"] = 1

    message = refusal(journal, json_only(export_journal(answered), edit))
    assert "journal.json (measure_responses), row 1, item_9: GAD-7 has only 7 items" in message
    assert "row 4, day: 2026-03-02 has a second PHQ-9 in this file" in message, message


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("crisis_region", "mars", "value"),
        ("theme", "dark", "key"),
        ("measures_in_use", "bdi", "value"),
    ],
)
def test_a_setting_this_version_cannot_use_is_refused(answered, journal, key, value, field):
    data = export_journal(answered)
    message = refusal(
        journal, with_cell(with_cell(data, "settings", "key", key), "settings", "value", value)
    )
    assert f"settings.csv, row 2, {field}" in message, message


def _as_schema_2(data: bytes, *, through_json: bool) -> bytes:
    """The export as one made before schema 3: no questionnaire or settings files."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        document = json.loads(archive.read("journal.json"))
    manifest["schema_version"] = 2
    for table in ("measure_responses", "settings"):
        manifest["rows"].pop(table)
        manifest["files"].remove(f"{table}.csv")
        document["tables"].pop(table)
    document["manifest"] = manifest
    replaced = {"manifest.json": json.dumps(manifest), "journal.json": json.dumps(document)}
    if through_json:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for name, text in replaced.items():
                out.writestr(name, text)
        return buffer.getvalue()
    return rezip(data, replaced, drop=("measure_responses.csv", "settings.csv"))


@pytest.mark.parametrize("through_json", [False, True])
def test_an_export_from_before_schema_3_still_restores(answered, journal, through_json):
    restore(journal, _as_schema_2(export_journal(answered), through_json=through_json))
    assert len(storage.list_entries(journal, "check_ins")) == 1
    assert storage.measure_responses(journal).empty
    assert storage.settings(journal) == {}


def test_a_schema_3_export_missing_its_questionnaires_is_refused(answered, journal):
    data = rezip(export_journal(answered), {}, drop=("measure_responses.csv",))
    message = refusal(journal, data)
    assert "measure_responses.csv: is missing from the zip" in message


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    responses=st.lists(
        st.tuples(
            st.sampled_from(sorted(MEASURES)),
            st.integers(0, 400),
            st.lists(st.integers(0, 5), min_size=9, max_size=9),
        ),
        max_size=12,
    ),
    chosen=st.sets(st.sampled_from(sorted(MEASURES))),
)
def test_any_responses_round_trip_exactly(responses, chosen):
    source, target = storage.connect(), storage.connect()
    try:
        for measure, days, answers in responses:
            m = MEASURES[measure]
            top = max(value for _, value in m.choices)
            with suppress(InvalidEntry):  # a second on one day: refused, as in the app
                storage.add_measure_response(
                    source,
                    measure,
                    [min(a, top) for a in answers[: len(m.items)]],
                    date(2025, 1, 1) + timedelta(days=days),
                )
        storage.set_measures_in_use(source, chosen)
        restore(target, export_journal(source))
        assert snapshot(target) == snapshot(source)
    finally:
        source.close()
        target.close()


def test_a_refused_restore_names_every_bad_response(answered, journal):
    data = with_cell(export_journal(answered), "measure_responses", "item_9", "3")
    try:
        restore(journal, with_cell(data, "measure_responses", "total", "x"))
    except RestoreError as refused:
        assert any(p.field == "total" for p in refused.problems)
    else:
        pytest.fail("restored a response with a total of 'x'")
