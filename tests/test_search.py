"""Search: every field of typed text, found by words, on the page and in `analytics.search`."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics import search, storage
from analytics.entries import EntryKind
from tests.apptest import open_page

PAGE = "../views/entries.py"


@pytest.fixture
def journal(tmp_path):
    """A journal with one planted word in each kind of text field, and the ids to find."""
    con = storage.connect(tmp_path / "journal.duckdb")
    practice_id = storage.practices(con)["id"].iloc[0]
    ids = {
        "check_in": storage.add_check_in(
            con,
            when=datetime(2026, 11, 2, 8, 0),
            wellbeing=5,
            note="Talked to my Manager about the rota",
            emotions="tired, hopeful",
        ),
        "trigger": storage.add_trigger(
            con,
            when=datetime(2026, 11, 3, 9, 0),
            category="work",
            what_happened="The manager raised her voice",
            intensity=6,
            response="Breathed out slowly",
            response_kind="new_skill",
        ),
        "practice": storage.log_practice(
            con,
            practice_id=practice_id,
            when=datetime(2026, 11, 4, 7, 0),
            note="50% of the walk in rain",
        ),
        "reflection": storage.add_reflection(
            con,
            day=date(2026, 11, 5),
            bring_next="Saying no to my manager",
            free_text="Nothing else",
        ),
        "session": storage.add_session(con, day=date(2026, 11, 6), note="Talked about the manager"),
    }
    yield con, ids
    con.close()


def test_every_kind_of_text_is_found_newest_first_in_any_case(journal):
    con, ids = journal
    found = search.search(con, "MANAGER")
    assert found.total == 4  # the practice's note holds no "manager"
    assert [(h.kind, h.day) for h in found.hits] == [
        (EntryKind.SESSION, date(2026, 11, 6)),
        (EntryKind.REFLECTION, date(2026, 11, 5)),
        (EntryKind.TRIGGER, date(2026, 11, 3)),
        (EntryKind.CHECK_IN, date(2026, 11, 2)),
    ]
    assert [h.where for h in found.hits] == [
        "Therapy session: Note",
        "Reflection: What do I bring to my next session?",
        "Trigger: What happened",
        "Check-in: Note",
    ]
    assert {h.entry_id for h in found.hits} == {
        ids["session"],
        ids["reflection"],
        ids["trigger"],
        ids["check_in"],
    }
    assert found.summary == "4 places in your journal hold “manager”, newest first."


def test_every_word_must_be_in_the_same_field_in_any_order(journal):
    con, ids = journal
    found = search.search(con, "rota talked")
    assert [h.entry_id for h in found.hits] == [ids["check_in"]]
    assert found.summary == "1 place in your journal holds “rota talked”."
    assert search.search(con, "rota hopeful").hits == ()  # note and emotions are two fields
    assert search.search(con, "hopeful").hits[0].where == "Check-in: Emotions"
    assert search.search(con, "slowly").hits[0].where == "Trigger: How I responded"
    assert search.search(con, "else").hits[0].where == "Reflection: Anything else"


def test_typed_characters_are_plain_text_never_patterns(journal):
    con, ids = journal
    assert [h.entry_id for h in search.search(con, "50%").hits] == [ids["practice"]]
    assert search.search(con, "5_%").hits == ()
    assert search.search(con, "%").total == 1
    assert search.search(con, "'; DROP TABLE sessions; --").total == 0
    assert storage.session_days(con)  # still there


def test_nothing_found_and_no_words_are_said_plainly(journal):
    con, _ = journal
    assert search.search(con, "   ") is None
    none = search.search(con, "holiday")
    assert none.total == 0 and none.hits == ()
    assert none.summary == "Nothing in your journal holds “holiday”."


def test_only_the_newest_are_kept_but_all_are_counted(journal):
    con, _ = journal
    for day in range(1, 8):
        storage.add_check_in(con, when=datetime(2026, 10, day, 8, 0), wellbeing=5, note="Manager")
    found = search.search(con, "manager", limit=3)
    assert len(found.hits) == 3 and found.total == 11
    assert found.hits[0].day == date(2026, 11, 6)
    assert found.summary == (
        "11 places in your journal hold “manager”, newest first. The newest 3 are shown."
    )


def test_a_long_text_is_cut_around_the_first_word():
    text = "word " * 60 + "the manager said something " + "word " * 60
    piece = search.excerpt(text, "manager", width=60)
    assert "manager" in piece and piece.startswith("…") and piece.endswith("…")
    assert len(piece) == 62
    assert search.excerpt("A short\nnote", "note") == "A short note"


def test_the_page_finds_a_hit_and_opens_it_to_change(app_env, tmp_path):
    path = app_env(tmp_path / "page.duckdb")
    con = storage.connect(path)
    check_in = storage.add_check_in(
        con, when=datetime(2025, 1, 2, 8, 0), wellbeing=5, note="Talked to my boss"
    )
    con.close()
    at = open_page(PAGE)
    at.text_input(key="entries_search").input("BOSS").run()
    assert not at.exception
    assert "1 place in your journal holds" in at.caption[0].value  # long before the range
    hits = at.dataframe[0].value
    assert list(hits.columns) == ["day", "where", "excerpt"]
    assert list(hits["excerpt"]) == ["Talked to my boss"]

    at.session_state["entries_search_hits_boss"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    at.run()
    assert not at.exception
    assert at.text[0].value == "Thu 2 Jan 2025 · Check-in: Note"
    at.text_area(key=f"found_{EntryKind.CHECK_IN.value}_{check_in}_note").input(
        "Talked to my boss, calmly"
    )
    next(
        b for b in at.button if b.key == f"found_{EntryKind.CHECK_IN.value}_{check_in}_save"
    ).click().run()
    assert not at.exception
    con = storage.connect(path)
    assert storage.get_entry(con, EntryKind.CHECK_IN, check_in)["note"] == (
        "Talked to my boss, calmly"
    )
    con.close()
