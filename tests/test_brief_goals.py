"""Goals in the session brief: page 1's overview, the table of ratings session by session with
each goal's change, named "Goal 1"..., and the goals' own words only when private text is
ticked in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics import clock, goals, review, storage
from analytics.export.brief import BriefChoices
from analytics.export.session_brief import brief_content, session_brief_pdf
from analytics.storage import goal_queries as q
from tests.test_brief import leaked, pdf_text

WORDS = ("Sleep before midnight most nights", "Tell my manager when the workload is too much")


def ago(n: int):
    return clock.today() - timedelta(days=n)


@pytest.fixture
def journal_with_goals():
    con = storage.connect()
    for n in (28, 21, 14, 7):
        storage.add_session(con, day=ago(n))
        storage.add_check_in(con, when=ago(n), wellbeing=5)
    sleep = q.add_goal(con, WORDS[0], ago(30))
    speak = q.add_goal(con, WORDS[1], ago(30))
    q.rate_goals(con, ago(28), {sleep: 2, speak: 1})
    q.rate_goals(con, ago(21), {sleep: 3})
    q.rate_goals(con, ago(16), {sleep: 4, speak: 3})  # between sessions: shown at 14 days ago
    q.rate_goals(con, ago(7), {sleep: 7, speak: 3})
    q.end_goal(con, sleep, "reached", ago(2))
    yield con
    con.close()


def _review(con):
    choice = review.choose_dates(storage.session_days(con), ago(13), clock.today())
    return review.session_review(con, choice, clock.today())


def test_the_goals_section_has_the_table_session_by_session_and_page_1_the_overview(
    journal_with_goals,
):
    r = _review(journal_with_goals)
    content = brief_content(r)
    [section] = [s for s in content.sections if s.heading == "Goals"]
    assert section.lines == ()  # every goal is in the table
    assert section.private == tuple(f"Goal {i}: {w}" for i, w in enumerate(WORDS, start=1))
    # the latest 4 sessions: the day's rating, or the latest since the session before; then
    # each goal's change since its first rating
    assert section.table == (
        ("Session", "Goal 1", "Goal 2"),
        (f"{ago(28):%-d %b %Y}", "2", "1"),
        (f"{ago(21):%-d %b %Y}", "3", "–"),
        (f"{ago(14):%-d %b %Y}", "4", "3"),
        (f"{ago(7):%-d %b %Y}", "7", "3"),
        ("Change since the first rating", "+5", "+2"),
    )
    assert "latest since the session before" in section.table_note
    assert content.first_page.goals == (
        "2 goals, 1 active: 2 of the 2 rated twice or more are closer than at their first rating.",
    )


def test_a_goal_line_is_short_and_true_for_0_1_and_many_ratings(journal_with_goals):
    con = journal_with_goals
    q.add_goal(con, "Swim", ago(3))
    stories = goals.goal_stories(con)
    assert goals.short_line(stories[0]) == (
        f"Goal 1: 2 → 7 of 10 since {ago(28):%-d %b %Y} (4 ratings); reached on {ago(2):%-d %b %Y}."
    )
    assert goals.short_line(stories[2]) == (
        f"Goal 3: not rated yet; working on it since {ago(3):%-d %b %Y}."
    )
    q.rate_goals(con, ago(1), {stories[2].goal_id: 4})
    assert goals.short_line(goals.goal_stories(con)[2]).startswith(
        f"Goal 3: 4 of 10 on {ago(1):%-d %b %Y}, rated once;"
    )


def test_the_goals_words_are_in_the_pdf_only_when_private_text_is_ticked_in(journal_with_goals):
    r = _review(journal_with_goals)
    kept_out = session_brief_pdf(r, BriefChoices(include_charts=False))
    assert leaked(kept_out, list(WORDS)) == []
    text = pdf_text(kept_out)
    assert "Goal 1" in text and "Goal 2" in text and "Goals" in text
    ticked_in = session_brief_pdf(r, BriefChoices(include_private_text=True, include_charts=False))
    assert leaked(ticked_in, list(WORDS)) == list(WORDS)


def test_a_brief_without_goals_has_no_goals_section():
    con = storage.connect()
    storage.add_check_in(con, when=ago(1), wellbeing=5)
    content = brief_content(_review(con))
    assert "Goals" not in [s.heading for s in content.sections]
    assert content.first_page.goals == ()


def test_a_goal_set_but_never_rated_is_said_and_has_no_chart_or_table():
    con = storage.connect()
    storage.add_session(con, day=ago(3))
    q.add_goal(con, "Walk to the park and back", ago(5))
    content = brief_content(_review(con))
    [section] = [s for s in content.sections if s.heading == "Goals"]
    assert section.chart is None and section.table == ()
    assert section.lines == (f"Goal 1: not rated yet; working on it since {ago(5):%-d %b %Y}.",)
    assert content.first_page.goals == ("1 goal, 1 active: 0 goals rated, none twice yet.",)
