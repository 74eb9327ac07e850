"""The Import page through AppTest: upload, format, mapping, preview, import."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics import storage
from tests.conftest import REPO

PAGE = "../views/import_data.py"
DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note\n"
    '2024-03-05,March 5,Tuesday,9:00 PM,okay,"walk | work","Said no, kindly"\n'
    '2024-03-04,March 4,Monday,07:00,good,"walk",""\n'
    '2024-03-03,March 3,Sunday,07:00,rad,"",""\n'
)
SHEET = "Day,Mood,Walked\n2024-03-01,6,yes\n2024-03-02,8,\n2024-03-03,eleven,x\n"


def open_page(app_env) -> tuple[AppTest, object]:
    path = app_env()
    at = AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=30)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at, path


def upload(at: AppTest, name: str, text: str) -> None:
    at.file_uploader(key="import_upload").upload(name, text.encode(), "text/csv")
    at.run()
    assert not at.exception


def counts(path) -> tuple[int, int]:
    con = storage.connect(path)
    try:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("check_ins", "practice_log")
        )
    finally:
        con.close()


def test_page_waits_for_a_file(app_env):
    at, _ = open_page(app_env)
    assert at.title[0].value == "Import"
    # Only the sidebar's way into the sample; the page itself offers nothing to press yet.
    assert [b.key for b in at.button] == ["enter_sample"]


def test_daylio_upload_asks_for_unknown_moods_then_imports(app_env):
    at, path = open_page(app_env)
    upload(at, "daylio_export.csv", DAYLIO)
    assert at.radio(key="import_format").value == "daylio"
    assert any("okay (1)" in w.value.replace("\\", "") for w in at.warning), (
        "unknown labels are listed with counts"
    )
    assert at.button(key="import_go").disabled
    at.number_input(key="import_mood_okay").set_value(6.0).run()
    at.multiselect(key="import_daylio_practices").select("walk").run()
    assert not at.exception
    assert not at.button(key="import_go").disabled
    preview = at.dataframe[0].value
    assert dict(zip(preview["kind"], preview["new entries"], strict=True)) == {
        "Check-ins": 3,
        "Practices done": 2,
    }
    assert counts(path) == (0, 0), "nothing is written before the button"
    at.button(key="import_go").click().run()
    assert not at.exception
    assert counts(path) == (3, 2)
    assert "Added 3 check-ins, 2 practices done" in at.success[0].value.replace("\\", "")


def test_csv_mapping_updates_the_preview_and_bad_rows_are_skipped_only_when_chosen(app_env):
    at, path = open_page(app_env)
    upload(at, "sheet.csv", SHEET)
    assert at.radio(key="import_format").value == "csv"
    assert at.selectbox(key="import_csv_date").value == "Day"
    assert at.selectbox(key="import_csv_wellbeing").value == "Mood"
    problems = at.dataframe[-1].value
    assert list(problems["row"]) == [4] and list(problems["field"]) == ["wellbeing"]
    assert at.button(key="import_go").disabled
    at.multiselect(key="import_csv_practices").select("Walked").run()
    preview = at.dataframe[1].value
    assert dict(zip(preview["kind"], preview["new entries"], strict=True)) == {
        "Check-ins": 2,
        "Practices done": 2,
    }
    at.checkbox(key="import_skip").check().run()
    at.button(key="import_go").click().run()
    assert not at.exception
    assert counts(path) == (2, 2)


def test_not_text_is_refused_with_a_clear_message(app_env):
    at, path = open_page(app_env)
    at.file_uploader(key="import_upload").upload("photo.csv", b"\x89PNG\x00\x00", "text/csv")
    at.run()
    assert not at.exception
    assert "not a text file" in at.error[0].value
    assert counts(path) == (0, 0)


@pytest.mark.parametrize("name", ["Checkmarks.csv"])
def test_loop_checkmarks_upload_picks_habits(app_env, name):
    at, path = open_page(app_env)
    upload(at, name, "Date,Walk,Read,\n2024-01-02,2,3,\n2024-01-01,2,-1,\n")
    assert at.radio(key="import_format").value == "loop"
    at.multiselect(key="import_loop_practices").unselect("Read").run()
    at.button(key="import_go").click().run()
    assert not at.exception
    assert counts(path) == (0, 2)


def test_a_long_problem_list_shows_the_first_20_and_counts_the_rest(app_env):
    at, _ = open_page(app_env)
    upload(at, "sheet.csv", "Day,Mood\n" + "".join(f"2024-01-01,high{i}\n" for i in range(500)))

    problems = at.dataframe[-1].value
    assert len(problems) == 20 and list(problems["row"])[:2] == [2, 3]
    assert any("… and 480 more problems" in c.value for c in at.caption)
    assert any("500 problems in 500 rows" in w.value for w in at.warning)


def test_a_file_not_read_to_its_end_offers_no_skipping(app_env):
    at, path = open_page(app_env)
    sheet = 'Day,Mood,Note\n2024-01-01,5,ok\n2024-01-02,5,"never closed\n2024-01-03,6,lost\n'
    upload(at, "sheet.csv", sheet)

    assert any("2 lines at the end of the file could not be read" in e.value for e in at.error)
    assert not [c for c in at.checkbox if c.key == "import_skip"]
    assert at.button(key="import_go").disabled
    assert counts(path) == (0, 0)


def test_a_stray_byte_is_named_and_the_rest_reads_as_utf8(app_env):
    at, _ = open_page(app_env)
    data = "Day,Mood,Note\n2024-01-01,5,Grüße\n2024-01-02,6,caf\x00\n".encode().replace(
        b"\x00", b"\xe9"
    )
    at.file_uploader(key="import_upload").upload("sheet.csv", data, "text/csv")
    at.run()

    assert not at.exception
    problems = at.dataframe[-1].value
    assert list(problems["row"]) == [3] and list(problems["field"]) == ["Note"]
    assert any("read as UTF-8" in c.value.replace("\\", "") for c in at.caption)


def test_a_preview_a_failed_write_used_is_made_again_before_the_next_import(app_env):
    at, path = open_page(app_env)
    upload(at, "sheet.csv", "Day,Mood\n2024-03-01,6\n2024-03-02,8\n")
    used = at.session_state["import_preview"][1]
    used.spent = True  # as a write that failed half-way leaves it (its rows handed over)
    at.run()
    fresh = at.session_state["import_preview"][1]
    assert fresh is not used and not fresh.spent and fresh.total == 2
    at.button(key="import_go").click().run()
    assert not at.exception and counts(path) == (2, 0)


def test_a_file_with_only_a_header_says_it_has_no_rows(app_env):
    # Found by the walk: a header-only file was a problem with its dates ("choose one").
    at, path = open_page(app_env)
    upload(at, "empty.csv", "Day,Mood\n")
    said = [i.value for i in at.info]
    assert "Nothing to import: the file has no rows below its header." in said
    assert not at.warning
    assert at.button(key="import_go").disabled
    assert counts(path) == (0, 0)


def test_one_day_is_one_day_and_a_date_column_no_format_reads_points_at_the_chooser(app_env):
    at, _ = open_page(app_env)
    upload(at, "one.csv", "Day,Mood\n2024-03-01,6\n")
    captions = [c.value for c in at.caption]
    assert "On 1 Mar 2024." in captions
    assert not any(c.startswith("From 1 Mar 2024") for c in captions)

    upload(at, "odd.csv", "Day,Mood\n77,6\nx,5\n")
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("1 problem with the whole file.")
    assert "Choose the format the dates are in under Date format, above." in [
        c.value for c in at.caption
    ]
    assert not at.checkbox, "a problem with the whole file is in no row to skip"
