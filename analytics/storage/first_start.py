"""The first start: the person chooses their practices (and their next session) in a minute.

A new journal holds the starter list of practices (`entries.DEFAULT_PRACTICES`); none counts
as the person's until they tick it. `start_journal` keeps the ticked ones active and sets the
rest aside; `journal_started` tells the welcome page whether that step has been taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from analytics.entries import (
    DEFAULT_PRACTICES,
    SHORT_TEXT_MAX,
    EntryKind,
    InvalidEntry,
    clean_text,
    clean_weekly_target,
)
from analytics.storage.base import Connection, transaction
from analytics.storage.journal import (
    insert_rows,
    is_empty,
    new_id,
    practices,
    refuse_a_second_on_the_day,
    validate_rows,
)
from analytics.storage.measure_queries import MEASURES_IN_USE, measures_value, upsert_setting


def start_journal(
    con: Connection,
    chosen: Iterable[str],
    own: Iterable[str] = (),
    own_weekly_target: int | None = None,
    next_session: date | None = None,
    measures: Iterable[str] | None = None,
) -> None:
    """The first start: the practices the person chose stay active (ids from the starter
    list), every other one is set inactive (kept, to reactivate on Entries), their own
    practices are added at `own_weekly_target` times a week, and the next session date is
    saved if given; `measures` (given, even empty) are the questionnaires the person chose to
    use (none is chosen for them). One transaction: all of it lands, or (raising `InvalidEntry`) none."""
    chosen = set(chosen)
    names = [clean_text(name, "name", max_length=SHORT_TEXT_MAX) for name in own]
    names = list(dict.fromkeys(name for name in names if name))
    if names and own_weekly_target is None:
        raise InvalidEntry(
            "weekly_target", "is not chosen yet; say how many times a week for your own practices"
        )
    target = clean_weekly_target(own_weekly_target) if names else None
    known = {name.casefold() for name in practices(con)["name"]}
    for name in names:
        if name.casefold() in known:
            raise InvalidEntry("name", f"{name!r} is already in the starter list; tick it there")
    measures_chosen = None if measures is None else measures_value(measures)
    wanted = [{"day": next_session}] if next_session is not None else []
    sessions, problems = validate_rows(con, EntryKind.SESSION, wanted)
    if problems:
        raise problems[0]
    with transaction(con):
        con.execute(
            "UPDATE practices SET active = list_contains(?, id), updated_at = current_timestamp",
            [sorted(chosen)],
        )
        if names:
            con.executemany(
                "INSERT INTO practices (id, name, description, weekly_target) VALUES (?, ?, '', ?)",
                [(new_id(), name, target) for name in names],
            )
        for session in sessions:
            refuse_a_second_on_the_day(con, EntryKind.SESSION, session)
        insert_rows(con, EntryKind.SESSION, sessions)
        if measures_chosen is not None:
            upsert_setting(con, MEASURES_IN_USE, measures_chosen)


def journal_started(con: Connection) -> bool:
    """True once the person has begun: an entry exists, or the practice list is no longer the
    untouched starter list (a practice set aside or one of their own added)."""
    if not is_empty(con):
        return True
    starter = {name for name, _, _ in DEFAULT_PRACTICES}
    catalog = practices(con)
    return bool((~catalog["active"]).any() or not set(catalog["name"]) <= starter)
