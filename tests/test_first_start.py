"""The first start: the person's own choice of practices and next session, all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analytics import clock, storage
from analytics.entries import InvalidEntry


def active(con) -> set[str]:
    return set(storage.practices(con, active_only=True)["name"])


def test_a_new_journal_has_not_started_and_no_starter_practice_is_the_persons_yet(journal):
    assert not storage.journal_started(journal)


def test_starting_keeps_the_chosen_practices_adds_their_own_and_the_next_session(journal):
    ids = storage.practices(journal).set_index("name")["id"]
    upcoming = clock.today() + timedelta(days=4)
    storage.start_journal(
        journal, [ids["Holding a boundary"]], ["Calling my sister", "  "], 2, upcoming
    )
    assert active(journal) == {"Holding a boundary", "Calling my sister"}
    assert len(storage.practices(journal)) == 11  # the starter list is kept, set aside
    own = storage.practices(journal).set_index("name").loc["Calling my sister"]
    assert own["weekly_target"] == 2
    assert storage.session_days(journal) == [upcoming]
    assert storage.journal_started(journal)


def test_starting_with_nothing_chosen_leaves_no_practice_active(journal):
    storage.start_journal(journal, [])
    assert active(journal) == set()
    assert storage.journal_started(journal)


@pytest.mark.parametrize(
    ("own", "target", "field"),
    [(["Calling my sister"], None, "weekly_target"), (["holding a boundary"], 2, "name")],
)
def test_a_refused_start_changes_nothing(journal, own, target, field):
    ids = storage.practices(journal).set_index("name")["id"]
    with pytest.raises(InvalidEntry) as refused:
        storage.start_journal(journal, [ids["Rest without guilt"]], own, target, clock.today())
    assert refused.value.field == field
    assert len(active(journal)) == 10
    assert storage.session_days(journal) == []
    assert not storage.journal_started(journal)
