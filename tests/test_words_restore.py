"""What a restore's plan says (`analytics.words.restore`), table-driven for none, one and two,
word for word as the preview and `between restore` show it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.words import restore as words


@pytest.mark.parametrize(
    ("lists", "expected"),
    [
        (["settings"], "What happens to your settings:"),
        (["practice list", "settings"], "What happens to your practice list and settings:"),
        (
            ["practice list", "trigger categories", "settings"],
            "What happens to your practice list, trigger categories and settings:",
        ),
    ],
)
def test_the_heading_names_only_the_lists_it_holds(lists, expected):
    assert words.catalog_heading(lists) == expected


@pytest.mark.parametrize(
    ("done", "rest", "expected"),
    [
        (0, 0, "its 0 done days are added to it"),
        (1, 0, "its 1 done day is added to it"),
        (2, 0, "its 2 done days are added to it"),
        (0, 1, "its 0 done days and 1 rest day are added to it"),
        (1, 1, "its 1 done day and 1 rest day are added to it"),
        (1, 2, "its 1 done day and 2 rest days are added to it"),
    ],
)
def test_the_days_that_join_a_practice(done, rest, expected):
    assert words.days_added(done, rest) == expected


@pytest.mark.parametrize(
    ("n", "name", "detail"),
    [
        (0, "0 starter practices", "settings and the file's ids: "),
        (1, "1 starter practice", "settings and the file's ids: Walk"),
        (2, "2 starter practices", "settings and the file's ids: Walk, Journaling"),
    ],
)
def test_the_starter_practices_that_take_the_file_s_versions(n, name, detail):
    names = ["Walk", "Journaling"][:n]
    assert words.starter_practices(n) == name
    assert words.starter_practices_taken(names).endswith(detail)


@pytest.mark.parametrize(
    ("n", "name", "why"),
    [
        (0, "0 goal ratings", "so yours stays each time"),
        (1, "1 goal rating", "so yours stays"),
        (2, "2 goal ratings", "so yours stays each time"),
    ],
)
def test_goal_ratings_kept(n, name, why):
    assert words.goal_ratings(n) == name
    assert words.goal_ratings_kept(n).endswith(why)


@pytest.mark.parametrize(
    ("n", "name", "why"),
    [
        (0, "0 practice days", "so yours stay"),
        (1, "1 practice day", "so yours stays"),
        (2, "2 practice days", "so yours stay"),
    ],
)
def test_practice_days_kept(n, name, why):
    assert words.practice_days(n) == name
    assert words.practice_days_kept(n).endswith(why)


KEPT = (
    "your journal has a therapy session that day already; a date counts once, so yours stays "
    "and the file's is not added"
)


@pytest.mark.parametrize(
    ("added", "held", "tail"),
    [
        (0, 0, ""),
        (1, 0, "; its 1 task is added to yours"),
        (2, 0, "; its 2 tasks are added to yours"),
        (0, 1, "; its 1 task was in yours already"),
        (0, 2, "; its 2 tasks were in yours already"),
        (1, 1, "; of its 2 tasks, 1 is added to yours and 1 was there already"),
        (2, 1, "; of its 3 tasks, 2 are added to yours and 1 was there already"),
        (1, 2, "; of its 3 tasks, 1 is added to yours and 2 were there already"),
    ],
)
def test_a_session_on_a_date_the_journal_has_and_its_tasks(added, held, tail):
    assert words.session_kept(added, held) == KEPT + tail


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "your own words (0 characters)"),
        (1, "your own words (1 character)"),
        (2, "your own words (2 characters)"),
    ],
)
def test_own_words_are_counted_never_quoted(n, expected):
    assert words.own_words(n) == expected


@pytest.mark.parametrize(
    ("adding", "active", "start"),
    [
        (1, 3, "1 active goal in the file and 3 active goals in your journal would make 4,"),
        (2, 2, "2 active goals in the file and 2 active goals in your journal would make 4,"),
        (4, 0, "4 active goals in the file and 0 active goals in your journal would make 4,"),
        (2, 1, "2 active goals in the file and 1 active goal in your journal would make 3,"),
    ],
)
def test_too_many_active_goals_says_how_many_and_what_to_do(adding, active, start):
    said = words.too_many_active(adding, active, 3)
    assert said.startswith(start)
    assert "at most 3 goals are active at once" in said and said.endswith("then restore again")


@pytest.mark.parametrize(
    ("yours", "theirs", "descriptions", "expected"),
    [
        (5, 5, False, ""),
        (3, 5, False, "yours is 3 times a week, the file's 5 times a week"),
        (5, 5, True, "the descriptions differ"),
        (1, 7, True, "yours is once a week, the file's daily; the descriptions differ"),
        (2, 1, False, "yours is 2 times a week, the file's once a week"),
    ],
)
def test_how_two_practices_of_a_name_differ(yours, theirs, descriptions, expected):
    assert words.practice_differences(yours, theirs, descriptions) == expected


@pytest.mark.parametrize(
    ("theirs", "same_id", "differences", "done", "expected"),
    [
        ("Walk", True, "", 0, "its 0 done days are added to it"),
        (
            "WALK",
            False,
            "",
            1,
            "the file's 'WALK' is your 'Walk' (same name but for capitals), and your name "
            "stays; its 1 done day is added to it",
        ),
        (
            "Stroll",
            True,
            "the descriptions differ",
            2,
            "the file's 'Stroll' is your 'Walk' (same id), and your name stays; your settings "
            "stay (the descriptions differ); its 2 done days are added to it",
        ),
    ],
)
def test_a_practice_that_is_the_person_s(theirs, same_id, differences, done, expected):
    assert words.practice_kept(theirs, "Walk", same_id, differences, done, 0) == expected


@pytest.mark.parametrize(
    ("place", "active", "tail"),
    [
        (3, None, "settings: place 3"),
        (None, False, "settings: retired"),
        (1, True, "settings: place 1, in use"),
    ],
)
def test_a_starter_category_takes_the_file_s_settings(place, active, tail):
    assert words.starter_category_takes_file(place, active).endswith(tail)


def test_a_name_is_quoted_escaped_so_a_bidi_control_cannot_reorder_the_words():
    said = words.added_beside("Walk\u202e (restored)", "new in the file")
    assert "\u202e" not in said and "\\u202e" in said


def test_the_refusals_name_the_day_and_the_value():
    day = date(2026, 3, 2)
    assert words.second_questionnaire("PHQ-9", day) == "a second PHQ-9 on 2026-03-02 would be added"
    assert words.logged_twice("'p1'", datetime(2026, 3, 2, 9, 30)) == (
        "'p1' would be logged twice on 2026-03-02"
    )
    assert words.second_session(day) == "a second session on 2026-03-02 would be added"
    assert words.goal_rated_twice(day) == "a goal would be rated twice on 2026-03-02"
    assert words.there_twice("'Walk'") == "'Walk' would be there twice"
    assert words.added_twice("'x'") == "'x' would be added twice"
    assert words.no_goal("'g'") == "'g' is no goal of the restored journal"
    assert words.no_practice("'p'") == "'p' is no practice of the restored journal"
    assert words.questionnaire_on("GAD-7", day) == "GAD-7 on 2026-03-02"
