"""The optional "What got stirred up?" answer of a reflection on the day after a session: asked
only then on the Log page, stored (schema 10), searched, listed, exported and restored (an
export from before it too), quoted in the brief only when ticked in."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

from analytics import aftermath, clock, search, storage
from analytics.export.journal_zip import export_journal
from analytics.export.restoring import restore
from tests.test_export import snapshot
from tests.test_export_hostile import json_only, rezip
from tests.test_pages_log import open_log

STIRRED = "Old anger at my father came back up"
PROMPT = "What got stirred up?"


def test_only_the_day_after_a_session_asks():
    sessions = [date(2026, 3, 2), date(2026, 3, 9)]
    assert aftermath.is_day_after_session(sessions, date(2026, 3, 3))
    assert aftermath.is_day_after_session(sessions, date(2026, 3, 10))
    for day in (date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 1)):
        assert not aftermath.is_day_after_session(sessions, day)
    assert not aftermath.is_day_after_session([], date(2026, 3, 3))


def _labels(at) -> list[str]:
    return [t.label for t in at.text_area]


def test_the_log_page_asks_what_got_stirred_up_only_on_the_day_after_a_session(app_env):
    path = app_env()
    con = storage.connect(path)
    today = clock.today()
    storage.add_session(con, day=today - timedelta(days=1))
    con.close()
    at = open_log()
    assert PROMPT in _labels(at), "today is the day after the session"
    at.date_input(key="reflection_day").set_value(today - timedelta(days=1)).run()
    assert PROMPT not in _labels(at), "the session's own day"
    at.date_input(key="reflection_day").set_value(today - timedelta(days=3)).run()
    assert PROMPT not in _labels(at)
    at.date_input(key="reflection_day").set_value(today).run()
    at.text_area(key="reflection_stirred_up").input(STIRRED)
    at.button(key="reflection_save").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert con.execute("SELECT day, stirred_up FROM reflections").fetchall() == [(today, STIRRED)]
    con.close()


def test_an_answer_alone_is_a_reflection_and_is_searched_listed_and_round_trips(journal):
    storage.add_reflection(journal, day=date(2026, 3, 3), stirred_up=STIRRED)
    found = search.search(journal, "anger father")
    assert found.total == 1
    assert [hit.where for hit in found.hits] == [f"Reflection: {PROMPT}"]
    listed = storage.list_entries(journal, "reflections")
    assert list(listed["stirred_up"]) == [STIRRED]
    data = export_journal(journal)
    for made in (data, json_only(data)):
        other = storage.connect()
        restore(other, made)
        assert snapshot(other) == snapshot(journal)
        other.close()


def _without_stirred_up(data: bytes) -> bytes:
    """The export as one made at schema 6: no `stirred_up` column anywhere."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("reflections.csv").decode())))
        document = json.loads(archive.read("journal.json"))
        manifest = json.loads(archive.read("manifest.json"))
    out = io.StringIO()
    fields = [f for f in rows[0] if f != "stirred_up"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    for row in document["tables"]["reflections"]:
        row.pop("stirred_up")
    manifest["schema_version"] = 6
    return rezip(
        data,
        {
            "reflections.csv": out.getvalue(),
            "journal.json": json.dumps(document),
            "manifest.json": json.dumps(manifest),
        },
    )


def test_an_export_from_before_the_prompt_still_restores(journal):
    storage.add_reflection(journal, day=date(2026, 3, 3), noticing="A calmer week")
    old = _without_stirred_up(export_journal(journal))
    other = storage.connect()
    restore(other, old)
    assert other.execute("SELECT noticing, stirred_up FROM reflections").fetchall() == [
        ("A calmer week", "")
    ]


def test_the_brief_quotes_the_answer_only_as_private_text(journal):
    from analytics import review
    from analytics.dates import DateRange
    from analytics.export.session_brief import brief_content

    today = clock.today()
    storage.add_session(journal, day=today - timedelta(days=2))
    storage.add_reflection(journal, day=today - timedelta(days=1), stirred_up=STIRRED)
    period = DateRange(today - timedelta(days=6), today)
    choice = review.ReviewChoice(period, period.previous(), None, None, False)
    content = brief_content(review.session_review(journal, choice, today))
    [section] = [s for s in content.sections if s.heading == "From my reflections"]
    assert any(STIRRED in line and "What got stirred up" in line for line in section.private)
    assert not any(STIRRED in line for s in content.sections for line in s.lines)


def test_the_session_review_page_lists_what_got_stirred_up(app_env):
    """The person's own review shows the answers (the brief keeps them private unless ticked)."""
    from tests.apptest import open_page

    path = app_env()
    con = storage.connect(path)
    today = clock.today()
    storage.add_session(con, day=today - timedelta(days=2))
    storage.add_reflection(con, day=today - timedelta(days=1), stirred_up=STIRRED)
    con.close()
    at = open_page("../views/review.py")
    assert "What got stirred up after a session" in [s.value for s in at.subheader]
    assert any(STIRRED in m.value for m in at.markdown)
