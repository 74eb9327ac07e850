"""The Goals page, through AppTest: no goal yet, adding one, rating, one rating, ending one."""

from __future__ import annotations

from datetime import timedelta

from analytics import clock, storage
from analytics.storage import goal_queries as q
from tests.apptest import chart_specs, open_page
from tests.conftest import journal_with

PAGE = "../views/goals.py"


def words(at) -> str:
    return " ".join(
        [m.value for m in at.markdown] + [t.value for t in at.text] + [c.value for c in at.caption]
    )


def test_no_goal_yet_says_so_draws_nothing_and_adds_one(app_env):
    path = app_env()
    at = open_page(PAGE)
    assert [t.value for t in at.title] == ["Goals"]
    assert any("No goal to rate yet" in i.value for i in at.info)
    assert "No goals yet." in words(at)
    assert not chart_specs(at)
    at.text_input(key="goal_add_text").input("Sleep *before* midnight")
    at.button(key="goal_add_save").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert q.goals(con)["text"].tolist() == ["Sleep *before* midnight"]
    con.close()
    # the words are shown as typed (plain text), never as Markdown
    assert "Goal 1: Sleep *before* midnight" in [t.value for t in at.text]
    assert any("Goal added" in s.value for s in at.success)


def test_rating_every_active_goal_in_one_form(app_env):
    path = app_env()
    ids = {}

    def fill(con):
        ids["a"] = q.add_goal(con, "Sleep", clock.today() - timedelta(days=5))
        ids["b"] = q.add_goal(con, "Call", clock.today() - timedelta(days=5))

    journal_with(path, fill)
    at = open_page(PAGE)
    at.button_group(key=f"goal_rate_{ids['a']}").set_value(4)
    at.button_group(key=f"goal_rate_{ids['b']}").set_value(7)
    at.button(key="goal_rate_save").click().run()
    assert not at.exception
    con = storage.connect(path)
    assert sorted(q.goal_ratings(con)["rating"].tolist()) == [4, 7]
    con.close()
    assert "2 goals, 2 active: 2 goals rated, none twice yet." in words(at)
    [(spec, rows)] = chart_specs(at)
    assert rows == 2


def test_one_rating_then_a_change_is_stated_with_its_n_and_agrees_with_the_chart(app_env):
    path = app_env()

    def fill(con):
        goal_id = q.add_goal(con, "Sleep", clock.today() - timedelta(days=20))
        q.rate_goals(con, clock.today() - timedelta(days=20), {goal_id: 2})
        q.rate_goals(con, clock.today(), {goal_id: 6})  # the edge of the data: today

    journal_with(path, fill)
    at = open_page(PAGE)
    said = words(at)
    assert "a change of 4 points closer to the goal (2 ratings)" in said
    assert "reliable" not in said.replace("no published threshold", "")
    [(spec, rows)] = chart_specs(at)
    overview = "1 goal, 1 active: 1 rated twice or more, and it is closer than at its first rating."
    assert " ".join(spec["title"]["text"]) == overview
    assert overview in said


def test_a_goal_reached_keeps_its_ratings_and_frees_a_place(app_env):
    path = app_env()
    ids = {}

    def fill(con):
        for name in ("One", "Two", "Three"):
            ids[name] = q.add_goal(con, name, clock.today() - timedelta(days=3))
        q.rate_goals(con, clock.today() - timedelta(days=2), {ids["One"]: 8})

    journal_with(path, fill)
    at = open_page(PAGE)
    at.text_input(key="goal_add_text").input("Four")
    at.button(key="goal_add_save").click().run()
    assert any("3 goals already" in e.value for e in at.error)
    scope = f"goal_{ids['One']}"
    at.radio(key=f"{scope}_action").set_value("reached")
    at.button(key=f"{scope}_save").click().run()
    assert not at.exception
    con = storage.connect(path)
    table = q.goals(con).set_index("id")
    assert table.loc[ids["One"], "status"] == "reached"
    assert len(q.goal_ratings(con)) == 1
    con.close()
    assert any("reached on" in t.value for t in at.text)
