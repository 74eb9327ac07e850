"""The restore's one catalog merge (`analytics.export.catalog_merge`), on both catalogs: the
practice list and the trigger categories go through the same steps, and differ only where
their `Catalog` says (issue 24). Rows are made here, not read from a journal: the merge is pure."""

from __future__ import annotations

import pytest

from analytics.entries import DEFAULT_PRACTICES, DEFAULT_TRIGGER_CATEGORIES, SHORT_TEXT_MAX
from analytics.export.catalog_merge import (
    ADDED,
    CATEGORIES,
    CHANGED,
    KEPT,
    PRACTICES,
    REMOVED,
    RENAMED,
    free_name,
    merge,
)

STARTER_NAME, STARTER_DESCRIPTION, STARTER_TARGET = DEFAULT_PRACTICES[0]
FIRST_CATEGORY = DEFAULT_TRIGGER_CATEGORIES[0]


def mine_practice(id_, name, description="", target=5, *, active=True, used=True, edited=False):
    return {
        "id": id_,
        "name": name,
        "description": description,
        "weekly_target": target,
        "active": active,
        "used": used,
        "edited": edited,
    }


def file_practice(id_, name, description="", target=5, *, active=True):
    return {
        "id": id_,
        "name": name,
        "description": description,
        "weekly_target": target,
        "active": active,
    }


def mine_category(name, position, *, active=True, used=True):
    return {"name": name, "position": position, "active": active, "used": used}


def file_category(name, position, *, active=True):
    return {"name": name, "position": position, "active": active}


def said(merged):
    return [(note.name, note.action) for note in merged.notes]


@pytest.mark.parametrize("replace", [True, False])
def test_the_same_practice_with_the_same_settings_changes_nothing_and_takes_its_days(replace):
    merged = merge(
        PRACTICES,
        [mine_practice("p1", "Walk", "Around the block", 5)],
        [file_practice("other-id", "Walk", "Around the block", 5)],
        replace,
        log_days={"other-id": (3, 0)},
    )
    assert merged.rows == [] and merged.removed == [] and merged.notes == []
    assert merged.mapped == {"other-id": "p1"}


@pytest.mark.parametrize("replace", [True, False])
def test_the_same_category_with_the_same_place_changes_nothing(replace):
    merged = merge(
        CATEGORIES, [mine_category("Landlord", 3)], [file_category("Landlord", 3)], replace
    )
    assert merged.rows == merged.updates == merged.removed == merged.notes == []


def test_a_practice_of_the_same_name_and_other_settings_goes_beside_the_person_s():
    merged = merge(
        PRACTICES,
        [mine_practice("p1", "Walk", "", 3)],
        [file_practice("f1", "Walk", "", 5)],
        replace=False,
    )
    assert [row["name"] for row in merged.rows] == ["Walk (restored)"]
    assert merged.mapped == {"f1": "f1"}
    (note,) = merged.notes
    assert (note.name, note.action) == ("Walk", RENAMED)
    assert note.detail == (
        "added as 'Walk (restored)', so yours stays as it is "
        "(yours is 3 times a week, the file's 5 times a week)"
    )


def test_a_category_of_the_same_name_and_other_settings_is_the_person_s_as_it_is():
    """A category's name is its key: no second one beside it. Only its use is said."""
    merged = merge(
        CATEGORIES,
        [mine_category("Landlord", 3, active=True)],
        [file_category("Landlord", 0, active=False)],
        replace=False,
    )
    assert merged.rows == merged.updates == []
    assert [(n.name, n.action, n.detail) for n in merged.notes] == [
        ("Landlord", KEPT, "yours stays in use, as in your journal")
    ]
    moved_only = merge(
        CATEGORIES, [mine_category("Landlord", 3)], [file_category("Landlord", 0)], replace=False
    )
    assert moved_only.notes == [] and moved_only.updates == []


def test_names_meet_whatever_their_capitals_and_the_person_s_spelling_stays():
    practices = merge(
        PRACTICES,
        [mine_practice("p1", "Walk", "", 5)],
        [file_practice("f1", "WALK", "", 5)],
        replace=False,
        log_days={"f1": (1, 0)},
    )
    assert practices.rows == [] and practices.mapped == {"f1": "p1"}
    assert [(n.name, n.action, n.detail) for n in practices.notes] == [
        (
            "WALK",
            KEPT,
            "the file's 'WALK' is your 'Walk' (same name but for capitals), and your name "
            "stays; its 1 done day is added to it",
        )
    ]
    categories = merge(
        CATEGORIES,
        [mine_category("Landlord", 3, active=False)],
        [file_category("LANDLORD", 3, active=True)],
        replace=False,
    )
    assert categories.rows == []
    assert [(n.name, n.action) for n in categories.notes] == [("Landlord", KEPT)]


def test_a_practice_matched_by_id_is_the_same_practice_under_the_person_s_new_name():
    merged = merge(
        PRACTICES,
        [mine_practice("p1", "Evening walk", "", 5), mine_practice("p2", "Walk", "", 2)],
        [file_practice("p1", "Walk", "", 5)],
        replace=False,
    )
    assert merged.rows == [] and merged.mapped == {"p1": "p1"}
    assert "(same id)" in merged.notes[0].detail


def test_into_a_fresh_journal_unused_starters_take_the_file_s_rows_or_go():
    """Both catalogs: a starter the file changes takes the file's settings; one the file lacks
    is removed; each is said."""
    practices = merge(
        PRACTICES,
        [
            mine_practice("s1", STARTER_NAME, STARTER_DESCRIPTION, STARTER_TARGET, used=False),
            mine_practice("s2", *DEFAULT_PRACTICES[1], used=False),
        ],
        [file_practice("s1", STARTER_NAME, STARTER_DESCRIPTION, 1)],
        replace=True,
    )
    assert practices.removed == ["s1", "s2"]
    assert [row["weekly_target"] for row in practices.rows] == [1]
    assert said(practices) == [(STARTER_NAME, CHANGED), (DEFAULT_PRACTICES[1][0], REMOVED)]

    categories = merge(
        CATEGORIES,
        [
            mine_category(FIRST_CATEGORY, 0, used=False),
            mine_category(DEFAULT_TRIGGER_CATEGORIES[1], 1, used=False),
        ],
        [file_category(FIRST_CATEGORY, 4, active=False)],
        replace=True,
    )
    assert categories.removed == [DEFAULT_TRIGGER_CATEGORIES[1]]
    assert categories.updates == [file_category(FIRST_CATEGORY, 4, active=False)]
    assert said(categories) == [
        (DEFAULT_TRIGGER_CATEGORIES[1], REMOVED),
        (FIRST_CATEGORY, CHANGED),
    ]
    assert categories.notes[1].detail.endswith("settings: place 5, retired")


def test_identical_starters_under_the_file_s_ids_are_said_in_one_line():
    merged = merge(
        PRACTICES,
        [mine_practice(f"s{i}", *row, used=False) for i, row in enumerate(DEFAULT_PRACTICES[:2])],
        [file_practice(f"f{i}", *row) for i, row in enumerate(DEFAULT_PRACTICES[:2])],
        replace=True,
    )
    assert merged.removed == ["s0", "s1"]
    assert [row["id"] for row in merged.rows] == ["f0", "f1"]
    (note,) = merged.notes
    assert note.group and note.name == "2 starter practices" and note.action == CHANGED


@pytest.mark.parametrize("catalog", [PRACTICES, CATEGORIES], ids=lambda c: c.table)
def test_a_used_starter_and_any_merge_into_a_journal_with_entries_stays(catalog):
    used = (
        mine_practice("s1", STARTER_NAME, STARTER_DESCRIPTION, STARTER_TARGET, used=True)
        if catalog is PRACTICES
        else mine_category(FIRST_CATEGORY, 0, used=True)
    )
    unused = {**used, "used": False}
    assert merge(catalog, [used], [], replace=True).removed == []
    assert merge(catalog, [unused], [], replace=False).removed == []
    assert merge(catalog, [unused], [], replace=True).removed == [used[catalog.key]]


@pytest.mark.parametrize("catalog", [PRACTICES, CATEGORIES], ids=lambda c: c.table)
def test_an_archived_starter_is_the_person_s_choice_and_stays(catalog):
    """A starter the person retired (archived) is no longer the app's untouched seed."""
    retired = (
        mine_practice(
            "s1", STARTER_NAME, STARTER_DESCRIPTION, STARTER_TARGET, active=False, used=False
        )
        if catalog is PRACTICES
        else mine_category(FIRST_CATEGORY, 0, active=False, used=False)
    )
    assert merge(catalog, [retired], [], replace=True).removed == []


def test_an_archived_row_of_the_file_keeps_its_state_when_added():
    practices = merge(PRACTICES, [], [file_practice("f1", "Swim", active=False)], replace=False)
    categories = merge(CATEGORIES, [], [file_category("Landlord", 2, active=False)], replace=False)
    assert practices.rows[0]["active"] is False and categories.rows[0]["active"] is False
    assert said(practices) == [("Swim", ADDED)] and said(categories) == [("Landlord", ADDED)]


def test_a_new_category_keeps_the_file_s_place_when_free_else_goes_after_the_others():
    merged = merge(
        CATEGORIES,
        [mine_category("Work", 0), mine_category("Money", 1)],
        [file_category("Landlord", 1), file_category("Noise", 5)],
        replace=False,
    )
    assert [(row["name"], row["position"]) for row in merged.rows] == [
        ("Landlord", 2),
        ("Noise", 5),
    ]


def test_a_practice_matched_by_id_comes_before_one_matched_by_name():
    """The file's 'Swim' holds the id of the person's 'Walk', and 'Walk' comes second in the
    file: the id match is made first, so the file's 'Walk' is added beside, whatever the order."""
    merged = merge(
        PRACTICES,
        [mine_practice("p1", "Walk", "", 5)],
        [file_practice("f2", "Walk", "", 5), file_practice("p1", "Swim", "", 5)],
        replace=False,
    )
    assert merged.mapped["p1"] == "p1"
    assert [row["name"] for row in merged.rows] == ["Walk (restored)"]
    assert said(merged) == [("Swim", KEPT), ("Walk", RENAMED)]
    assert merged.notes[1].detail.endswith(
        "(new in the file; your 'Walk' already takes another of its practices)"
    )


def test_a_free_name_is_free_in_the_journal_and_in_the_file_and_fits():
    assert free_name("Walk", {"walk", "walk (restored)"}) == "Walk (restored 2)"
    long = free_name("x" * SHORT_TEXT_MAX, set())
    assert len(long) == SHORT_TEXT_MAX and long.endswith("x (restored)")
