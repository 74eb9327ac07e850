"""Goals (Goal-Based Outcomes): the storage rules, and the change, ties and 0/1 ratings."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from analytics import clock, goals, storage
from analytics.entries import InvalidEntry
from analytics.gbo import GoalStatus, clean_rating
from analytics.storage import goal_queries as q
from analytics.storage.rows import goal_rating_row, goal_row


@pytest.fixture
def con():
    return storage.connect()


def days_ago(n: int) -> date:
    return clock.today() - timedelta(days=n)


# --- storage rules -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [-1, 11, 4.5, "seven", None, "", True])
def test_a_rating_is_a_whole_number_from_0_to_10(value):
    with pytest.raises(InvalidEntry) as refused:
        clean_rating(value)
    assert refused.value.field == "rating"


@pytest.mark.parametrize("value, expected", [(0, 0), (10, 10), ("7", 7), (6.0, 6)])
def test_ratings_that_are_whole_numbers_are_kept(value, expected):
    assert clean_rating(value) == expected


def test_a_goal_needs_words_and_an_ended_goal_its_day(con):
    with pytest.raises(InvalidEntry) as empty:
        goal_row({"text": "  ", "created": days_ago(1)})
    assert empty.value.field == "text"
    with pytest.raises(InvalidEntry) as no_day:
        goal_row({"text": "Sleep", "created": days_ago(3), "status": "reached"})
    assert no_day.value.field == "status_day"
    with pytest.raises(InvalidEntry) as before:
        goal_row(
            {
                "text": "Sleep",
                "created": days_ago(3),
                "status": "reached",
                "status_day": days_ago(5),
            }
        )
    assert before.value.field == "status_day"
    with pytest.raises(InvalidEntry) as status:
        goal_row({"text": "Sleep", "created": days_ago(3), "status": "abandoned"})
    assert status.value.field == "status"
    with pytest.raises(InvalidEntry) as future:
        goal_rating_row({"goal_id": "x", "day": clock.today() + timedelta(days=1), "rating": 3})
    assert future.value.field == "day"


def test_at_most_three_goals_are_active_at_once(con):
    ids = [q.add_goal(con, f"Goal {i}") for i in range(3)]
    with pytest.raises(InvalidEntry) as fourth:
        q.add_goal(con, "A fourth")
    assert fourth.value.field == "goal"
    assert len(q.goals(con)) == 3
    q.end_goal(con, ids[0], GoalStatus.REACHED)
    q.add_goal(con, "A fourth")  # room again: a reached goal is not active
    assert (q.goals(con)["status"] == "active").sum() == 3


def test_one_rating_a_goal_a_day_and_rating_again_changes_it(con):
    goal_id = q.add_goal(con, "Say no at work", days_ago(10))
    q.rate_goals(con, days_ago(2), {goal_id: 3})
    q.rate_goals(con, days_ago(2), {goal_id: 5})
    ratings = q.goal_ratings(con)
    assert ratings["rating"].tolist() == [5]
    # the schema holds the rule too
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO goal_ratings (id, goal_id, day, rating) VALUES ('x', ?, ?, 1)",
            [goal_id, days_ago(2)],
        )


def test_a_day_of_ratings_lands_whole_or_not_at_all(con):
    first = q.add_goal(con, "Sleep before midnight", days_ago(10))
    second = q.add_goal(con, "Call my sister", days_ago(10))
    with pytest.raises(InvalidEntry) as refused:
        q.rate_goals(con, days_ago(1), {first: 4, second: 12})
    assert refused.value.field == "rating"
    assert q.goal_ratings(con).empty
    with pytest.raises(InvalidEntry) as early:
        q.rate_goals(con, days_ago(11), {first: 4})
    assert early.value.field == "day"


def test_an_ended_goal_keeps_its_ratings_and_is_not_rated_again(con):
    goal_id = q.add_goal(con, "Walk", days_ago(10))
    q.rate_goals(con, days_ago(9), {goal_id: 2})
    q.end_goal(con, goal_id, "let_go", days_ago(1))
    assert len(q.goal_ratings(con)) == 1
    with pytest.raises(InvalidEntry):
        q.rate_goals(con, clock.today(), {goal_id: 3})


def test_a_changed_goal_is_a_new_goal_that_names_the_old(con):
    old = q.add_goal(con, "Be less anxious", days_ago(20))
    q.rate_goals(con, days_ago(19), {old: 2})
    new = q.change_goal(con, old, "Go to the shop on my own", days_ago(5))
    table = q.goals(con).set_index("id")
    assert table.loc[old, "status"] == "changed"
    assert table.loc[old, "status_day"].date() == days_ago(5)
    assert table.loc[new, "replaces"] == old
    assert table.loc[new, "status"] == "active"
    stories = goals.goal_stories(con)
    assert [s.name for s in stories] == ["Goal 1", "Goal 2"]
    assert stories[1].replaces == 1
    assert stories[0].n == 1 and stories[1].n == 0
    assert "took over from Goal 1" in goals.story_lines(stories[1])[0]


def test_rewording_keeps_the_goal_and_its_ratings(con):
    goal_id = q.add_goal(con, "Slepe well", days_ago(3))
    q.rate_goals(con, days_ago(2), {goal_id: 4})
    q.reword_goal(con, goal_id, "Sleep well")
    (story,) = goals.goal_stories(con)
    assert story.text == "Sleep well" and story.n == 1


# --- analytics ---------------------------------------------------------------------------


def test_no_rating_and_one_rating_have_no_change(con):
    q.add_goal(con, "Sleep", days_ago(5))
    (story,) = goals.goal_stories(con)
    assert story.change is None and story.first is None
    assert story.change_sentence() == "Not rated yet."
    assert goals.overview([story]) == "1 goal, 1 active: 0 goals rated, none twice yet."
    q.rate_goals(con, days_ago(1), {story.goal_id: 4})
    (story,) = goals.goal_stories(con)
    assert story.change is None
    assert story.change_sentence().startswith("Rated once: 4 of 10 on ")
    assert goals.overview([story]) == "1 goal, 1 active: 1 goal rated, none twice yet."


def test_change_is_latest_minus_first_in_points(con):
    goal_id = q.add_goal(con, "Sleep", days_ago(30))
    for n, rating in ((30, 2), (20, 6), (10, 3), (0, 5)):
        q.rate_goals(con, days_ago(n), {goal_id: rating})
    (story,) = goals.goal_stories(con)
    assert story.first == (days_ago(30), 2) and story.latest == (clock.today(), 5)
    assert story.change == 3
    said = story.change_sentence()
    assert "a change of 3 points closer to the goal (4 ratings)" in said
    assert "reliable" not in said


def test_a_tie_between_first_and_latest_is_no_change_and_a_fall_is_said(con):
    tied = q.add_goal(con, "Tied", days_ago(9))
    fell = q.add_goal(con, "Fell", days_ago(9))
    q.rate_goals(con, days_ago(8), {tied: 5, fell: 6})
    q.rate_goals(con, days_ago(1), {tied: 5, fell: 5})
    a, b = goals.goal_stories(con)
    assert a.change == 0 and "no change between them (2 ratings)" in a.change_sentence()
    assert b.change == -1
    assert "a change of 1 point further from the goal" in b.change_sentence()
    assert goals.overview([a, b]) == (
        "2 goals, 2 active: 0 of the 2 rated twice or more are closer than at their first rating."
    )


def test_ratings_by_session_take_the_day_or_the_latest_since_the_session_before(con):
    goal_id = q.add_goal(con, "Sleep", days_ago(40))
    other = q.add_goal(con, "Call", days_ago(40))
    q.rate_goals(con, days_ago(30), {goal_id: 2})
    q.rate_goals(con, days_ago(25), {goal_id: 3, other: 1})
    q.rate_goals(con, days_ago(21), {goal_id: 4})
    q.rate_goals(con, days_ago(14), {goal_id: 6})
    sessions = [days_ago(35), days_ago(21), days_ago(14), days_ago(7)]
    rows = goals.ratings_by_session(goals.goal_stories(con), sessions)
    assert rows[0] == ("Session", "Goal 1", "Goal 2")
    # the session before any rating is left out; 21 days ago: the day's own rating (4), and
    # Goal 2's 1 from 25 days ago; 14: the day's; 7: nothing since, so "–" (not carried on).
    assert [r[1:] for r in rows[1:]] == [("4", "1"), ("6", "–"), ("–", "–")]
    assert rows[1][0] == f"{days_ago(21):%-d %b %Y}"
    assert goals.ratings_by_session(goals.goal_stories(con), []) == ()


def test_goal_words_are_left_out_unless_private_text_is_in(con):
    goal_id = q.add_goal(con, "Tell \u202eher", days_ago(3))
    (story,) = goals.goal_stories(con)
    assert story.titled(private=False) == "Goal 1"
    assert story.titled().startswith("Goal 1: Tell")
    assert story.titled().endswith("\u202c")  # the bidi control is closed
    assert goal_id
