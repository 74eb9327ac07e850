"""Goals on the Entries page and in search (issue 22): every goal listed, its ratings put right
or deleted (asking first, as for every other kind), its words found by search; the words are
private text, shown only in tables and plain text, never Markdown."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from analytics import clock, search, storage
from analytics.entries import InvalidEntry
from analytics.storage import goal_queries
from tests.apptest import open_page
from tests.test_pages_entries import open_entries, query

PAGE = "../views/entries.py"
WORDS = ("Sleep before *midnight* most nights", "Say no to extra shifts at work")


def _goals(path=None) -> tuple[storage.Connection, dict[str, str]]:
    """Two goals set 20 days ago; the first rated 3 then 5, the second rated 2; the second
    reached 2 days ago."""
    con = storage.connect(path) if path else storage.connect()
    today = clock.today()
    sleep = goal_queries.add_goal(con, WORDS[0], today - timedelta(days=20))
    shifts = goal_queries.add_goal(con, WORDS[1], today - timedelta(days=20))
    goal_queries.rate_goals(con, today - timedelta(days=10), {sleep: 3, shifts: 2})
    goal_queries.rate_goals(con, today - timedelta(days=1), {sleep: 5})
    goal_queries.end_goal(con, shifts, "reached", today - timedelta(days=1))
    ids = dict(
        con.execute(
            "SELECT g.text || ' ' || r.rating, r.id FROM goal_ratings r JOIN goals g "
            "ON g.id = r.goal_id"
        ).fetchall()
    )
    return con, {"sleep": sleep, "shifts": shifts, **ids}


# --- storage -------------------------------------------------------------------------------------


def test_a_rating_is_put_right_keeping_its_goal_and_day_and_an_ended_goals_one_too():
    con, ids = _goals()
    before = con.execute("SELECT id, goal_id, day FROM goal_ratings ORDER BY id").fetchall()
    goal_queries.correct_rating(con, ids[f"{WORDS[0]} 3"], 4)
    goal_queries.correct_rating(con, ids[f"{WORDS[1]} 2"], 0)  # the goal is reached: still its own
    assert con.execute("SELECT id, goal_id, day FROM goal_ratings ORDER BY id").fetchall() == before
    assert sorted(r for (r,) in con.execute("SELECT rating FROM goal_ratings").fetchall()) == [
        0,
        4,
        5,
    ]


@pytest.mark.parametrize("rating", [11, -1, 4.5, "seven", None])
def test_a_rating_out_of_the_scale_is_refused_and_nothing_changes(rating):
    con, ids = _goals()
    with pytest.raises(InvalidEntry) as refused:
        goal_queries.correct_rating(con, ids[f"{WORDS[0]} 3"], rating)
    assert refused.value.field == "rating"
    assert con.execute(
        "SELECT rating FROM goal_ratings WHERE id = ?", [ids[f"{WORDS[0]} 3"]]
    ).fetchone() == (3,)


def test_a_rating_deleted_meanwhile_is_refused_in_words():
    con, ids = _goals()
    goal_queries.delete_rating(con, ids[f"{WORDS[0]} 3"])
    with pytest.raises(InvalidEntry, match="no longer there"):
        goal_queries.correct_rating(con, ids[f"{WORDS[0]} 3"], 4)


# --- search --------------------------------------------------------------------------------------


def test_search_finds_a_goals_words_on_the_day_it_was_set():
    con, ids = _goals()
    storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=5, note="midnight")
    found = search.search(con, "MIDNIGHT")
    assert found is not None and found.total == 2
    (goal_hit,) = (h for h in found.hits if h.is_goal)
    assert goal_hit.entry_id == ids["sleep"]
    assert goal_hit.where == "Goal: My goal"
    assert goal_hit.day == clock.today() - timedelta(days=20)
    assert goal_hit.excerpt == WORDS[0]  # as typed: the asterisks are not Markdown
    assert [h.where for h in found.hits] == ["Check-in: Note", "Goal: My goal"]  # newest first
    assert search.search(con, "shifts work").total == 1
    assert search.search(con, "shifts midnight").total == 0  # all the words, in one goal


def test_a_changed_goal_keeps_its_words_findable_beside_the_new_ones():
    con, ids = _goals()
    goal_queries.change_goal(con, ids["sleep"], "Be in bed by eleven most nights")
    found = search.search(con, "most nights")
    assert found.total == 2 and all(h.is_goal for h in found.hits)


# --- the page ------------------------------------------------------------------------------------


def _markdown(at) -> str:
    return " ".join(
        str(e.value)
        for kind in ("markdown", "caption", "warning", "info", "success")
        for e in at.get(kind)
    )


def test_the_goals_tab_lists_goals_and_ratings_in_tables_only(app_env):
    path = app_env()
    _goals(path)[0].close()
    at = open_entries("Goals")
    assert [s.value for s in at.subheader] == ["Goals"]
    goals_table, ratings_table = (d.value for d in at.dataframe)
    assert list(goals_table["goal"]) == ["Goal 1", "Goal 2"]
    assert list(goals_table["words"]) == list(WORDS)
    assert list(goals_table["ratings"]) == [2, 1]
    assert list(ratings_table["goal"]) == ["Goal 1", "Goal 1", "Goal 2"]  # newest first
    assert list(ratings_table["rating"]) == [5, 3, 2]
    said = _markdown(at)
    assert "2 goals, in the order you set them" in said
    assert "3 ratings from" in said
    assert not any(w in said or "midnight" in said for w in WORDS), "goal words outside tables"
    chooser = at.selectbox(key="choose_goal_rating")
    assert chooser.options[0].endswith("· Goal 1: 5 of 10")


def test_an_empty_goals_tab_says_where_goals_are_set(app_env):
    app_env()
    at = open_entries("Goals")
    assert any("Goals page" in i.value for i in at.info)
    assert not at.dataframe


def test_a_rating_is_put_right_on_the_goals_tab(app_env):
    path = app_env()
    con, ids = _goals(path)
    con.close()
    rating_id = ids[f"{WORDS[0]} 3"]
    at = open_entries("Goals")
    at.selectbox(key="choose_goal_rating").set_value(rating_id).run()
    key = f"edit_goal_rating_{rating_id}"
    assert at.select_slider(key=f"{key}_rating").value == 3
    at.select_slider(key=f"{key}_rating").set_value(4)
    at.button(key=f"{key}_save").click().run()
    assert not at.exception and not at.error
    assert query(path, "SELECT rating FROM goal_ratings WHERE id = ?", [rating_id]) == [(4,)]
    assert query(path, "SELECT count(*) FROM goal_ratings") == [(3,)]
    assert any("goal rating is updated" in t.value for t in at.toast)
    assert at.session_state["entries_tab"] == "Goals"  # the save keeps the tab open


def test_a_clicked_row_opens_that_rating(app_env):
    path = app_env()
    con, ids = _goals(path)
    con.close()
    at = open_entries("Goals")
    at.session_state["rows_goal_ratings"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert at.selectbox(key="choose_goal_rating").value == ids[f"{WORDS[1]} 2"]


def test_deleting_a_rating_asks_first_and_keep_it_keeps_it(app_env):
    path = app_env()
    con, ids = _goals(path)
    con.close()
    rating_id = ids[f"{WORDS[0]} 5"]
    at = open_entries("Goals")
    key = f"edit_goal_rating_{rating_id}"
    at.button(key=f"{key}_delete").click().run()
    (asked,) = (w.value.replace("\\", "") for w in at.warning)  # Markdown escapes dropped
    assert "Delete this goal rating" in asked and "Goal 1: 5 of 10" in asked
    assert "cannot be undone" in asked and "midnight" not in asked
    at.button(key=f"{key}_keep").click().run()
    assert not at.warning
    assert query(path, "SELECT count(*) FROM goal_ratings") == [(3,)]
    at.button(key=f"{key}_delete").click().run()
    at.button(key=f"{key}_confirm").click().run()
    assert not at.exception
    assert query(path, "SELECT count(*) FROM goal_ratings WHERE id = ?", [rating_id]) == [(0,)]
    assert query(path, "SELECT count(*) FROM goal_ratings") == [(2,)]
    assert query(path, "SELECT count(*) FROM goals") == [(2,)]  # the goal stays


def test_the_search_box_finds_a_goal_and_shows_its_words_as_plain_text(app_env):
    path = app_env()
    con, ids = _goals(path)
    con.close()
    at = open_page(PAGE)
    at.text_input(key="entries_search").input("midnight").run()
    assert not at.exception
    hits = at.dataframe[0].value
    assert list(hits["where"]) == ["Goal: My goal"]
    assert list(hits["excerpt"]) == [WORDS[0]]
    at.session_state["entries_search_hits_midnight"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert texts[0].endswith("· Goal: My goal")
    assert texts[1].startswith(f"Goal 1: {WORDS[0]} (working on it since")
    # The query is said back (escaped); the goal's words are not, outside plain text.
    assert "Sleep before" not in _markdown(at)


def test_the_goals_table_says_where_each_goal_stands_before_its_words(app_env):
    """Found on walking the sample at 390 px: the goals table showed Goal and Words only (the
    long words filled the phone's width), so a reached goal looked like an active one."""
    path = app_env()
    _goals(path)[0].close()
    at = open_entries("Goals")
    table = at.dataframe[0]
    goals_table = table.value
    assert list(goals_table.columns)[:3] == ["goal", "where", "words"]
    today = clock.today()
    assert list(goals_table["where"]) == [
        f"working on it since {today - timedelta(days=20):%-d %b %Y}",
        f"reached on {today - timedelta(days=1):%-d %b %Y}",
    ]
    assert json.loads(table.proto.columns)["where"]["label"] == "Where it stands"
