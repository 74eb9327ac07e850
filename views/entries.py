"""Entries: browse, change and delete what was logged; edit the practice and trigger lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import streamlit as st

import views
from analytics import aftermath, clock, entry_table, goals, search, sessions, storage
from analytics.dates import DateRange
from analytics.entries import (
    DAILY,
    DAY_KINDS,
    RESPONSE_LABELS,
    STATUS_LABELS,
    EntryKind,
    LocalTime,
    PracticeStatus,
    ResponseKind,
)
from analytics.gbo import RATING_MAX, RATING_MIN
from analytics.storage import goal_queries
from analytics.storage.rows import REFLECTION_FIELDS, REFLECTION_PROMPTS, STIRRED_UP_PROMPT
from analytics.text import plain, shorten
from analytics.words import phrases
from analytics.words import sessions as session_words
from analytics.words.nouns import NOUNS
from views import common

FLASH_KEY = "entries_flash"
TAB_KEY, TABS = views.LAZY_TABS["../views/entries.py"]
CONFIRM_KEY = "entries_confirm_delete"
LIMIT = 200


def entry_label(kind: EntryKind, row: dict[str, Any]) -> str:
    """One line naming an entry, for the chooser."""
    # As a person reads a date: "Thu 3 Dec 2026" (and ", 09:30" for a moment).
    when = (
        f"{row['day']:%a %-d %b %Y}"
        if kind in DAY_KINDS
        else f"{row['local_time']:%a %-d %b %Y, %H:%M}"
    )
    detail = {
        EntryKind.CHECK_IN: lambda: f"wellbeing {row['wellbeing']:g}",
        EntryKind.TRIGGER: lambda: (
            f"{row['category']}, intensity {row['intensity']:g}: {row['what_happened']}"
        ),
        EntryKind.PRACTICE_LOG: lambda: (
            f"{row['practice']} ({STATUS_LABELS.get(row['status'], row['status'])})"
        ),
        EntryKind.REFLECTION: lambda: next((row[f] for f in REFLECTION_FIELDS if row.get(f)), ""),
        EntryKind.SESSION: lambda: row["note"],
        EntryKind.MEASURE_RESPONSE: lambda: entry_table.response_words(
            row["measure"], row["total"]
        ),
    }[kind]()
    # A session with no note is named by its date alone, not "Sun 22 Nov 2026 ·".
    return shorten(f"{when} · {detail}" if detail else when, 90)


def reload(message: str) -> None:
    st.session_state[FLASH_KEY] = message
    st.rerun()


def as_date(value: date) -> date:
    """DuckDB hands DATE columns to pandas as timestamps; widgets want a plain date."""
    return value.date() if isinstance(value, datetime) else value


RATINGS = [step / 2 for step in range(0, 21)]
"""A 0-10 rating in half points (an import may bring 7.5), shown as the person chose it."""


def rating(label: str, value: Any, key: str) -> float:
    """A rating as the number the person chose ("6", "7.5"), not a slider reading "6.00"."""
    current = float(value)
    options = sorted({*RATINGS, current})
    return st.select_slider(label, options, value=current, format_func=lambda v: f"{v:g}", key=key)


def optional_scale(label: str, value: Any, key: str) -> float | None:
    return st.number_input(
        label,
        0.0,
        10.0,
        value=None if value is None else float(value),
        step=0.5,
        format="%0.1f",  # "4.0", "4.5": halves at most, never "4.00"
        key=key,
    )


def when_fields(entry: dict[str, Any], key: str) -> dict[str, Any]:
    """Day and time widgets for an entry; returns {"when": ...} only if the person changed them."""
    wall: datetime = entry["local_time"].to_pydatetime().replace(second=0, microsecond=0)
    left, right = st.columns(2)
    day = left.date_input(
        "Day",
        value=wall.date(),
        max_value=max(clock.today(), wall.date()),
        key=f"{key}_day",
        format="YYYY-MM-DD",
    )
    at = right.time_input("Time", value=wall.time(), step=60, key=f"{key}_time") or time(12)
    new_wall = datetime.combine(day, at)
    # The offset the person lived at stays with the entry: moving the time does not move the time zone.
    return {} if new_wall == wall else {"when": LocalTime(new_wall, int(entry["utc_offset_min"]))}


def check_in_fields(con: storage.Connection, entry: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        **when_fields(entry, key),
        "wellbeing": rating("Wellbeing", entry["wellbeing"], f"{key}_wellbeing"),
        "anxiety": optional_scale("Anxiety (optional)", entry["anxiety"], f"{key}_anxiety"),
        "energy": optional_scale("Energy (optional)", entry["energy"], f"{key}_energy"),
        "emotions": st.text_input(
            "Emotions (separated by commas)", entry["emotions"], key=f"{key}_emotions"
        ),
        "note": st.text_area("Note", entry["note"], key=f"{key}_note"),
        **sleep_edit_fields(entry, key),
    }


def sleep_edit_fields(entry: dict[str, Any], key: str) -> dict[str, Any]:
    """The night before a check-in, as given (empty when it was not)."""
    hours = entry.get("sleep_hours")
    return {
        "sleep_hours": st.number_input(
            "Hours slept the night before (optional)",
            0.0,
            24.0,
            value=None if hours is None else float(hours),
            step=0.25,
            format="%g",
            key=f"{key}_sleep_hours",
        ),
        "sleep_quality": optional_scale(
            "Sleep quality (optional)", entry.get("sleep_quality"), f"{key}_sleep_quality"
        ),
    }


def trigger_fields(con: storage.Connection, entry: dict[str, Any], key: str) -> dict[str, Any]:
    categories = storage.trigger_categories(con, active_only=False)
    if entry["category"] not in categories:
        categories = [entry["category"], *categories]
    kinds = list(ResponseKind)
    return {
        **when_fields(entry, key),
        "category": st.selectbox(
            "Category", categories, index=categories.index(entry["category"]), key=f"{key}_category"
        ),
        "what_happened": st.text_area("What happened", entry["what_happened"], key=f"{key}_what"),
        "intensity": rating("Intensity", entry["intensity"], f"{key}_intensity"),
        "response": st.text_area("How I responded", entry["response"], key=f"{key}_response"),
        "response_kind": st.radio(
            "That was…",
            kinds,
            index=kinds.index(ResponseKind(entry["response_kind"])),
            format_func=RESPONSE_LABELS.get,
            horizontal=True,
            key=f"{key}_kind",
        ),
        "helped": optional_scale("How much it helped (optional)", entry["helped"], f"{key}_helped"),
        "note": st.text_area("Note", entry["note"], key=f"{key}_note"),
    }


def practice_log_fields(con: storage.Connection, entry: dict[str, Any], key: str) -> dict[str, Any]:
    catalog = storage.practices(con)
    names = dict(zip(catalog["id"], catalog["name"], strict=True))
    ids = list(names)
    statuses = list(PracticeStatus)
    return {
        **when_fields(entry, key),
        "practice_id": st.selectbox(
            "Practice",
            ids,
            index=ids.index(entry["practice_id"]),
            format_func=common.labelled(names),
            key=f"{key}_practice",
        ),
        "status": st.radio(
            "This was…",
            statuses,
            index=statuses.index(PracticeStatus(entry["status"])),
            format_func=STATUS_LABELS.get,
            horizontal=True,
            key=f"{key}_status",
        ),
        "minutes": st.number_input(
            "Minutes (optional)",
            0,
            1440,
            value=None if entry["minutes"] is None else int(entry["minutes"]),
            step=5,
            key=f"{key}_minutes",
        ),
        "first_time": st.checkbox(
            "The first time I tried this", bool(entry["first_time"]), key=f"{key}_first"
        ),
        "note": st.text_area("Note", entry["note"], key=f"{key}_note"),
    }


def reflection_fields(con: storage.Connection, entry: dict[str, Any], key: str) -> dict[str, Any]:
    day = as_date(entry["day"])
    return {
        "day": st.date_input(
            "Day",
            value=day,
            max_value=max(clock.today(), day),
            key=f"{key}_day",
            format="YYYY-MM-DD",
        ),
        **{
            field: st.text_area(prompt, entry[field], key=f"{key}_{field}")
            for field, prompt in REFLECTION_PROMPTS.items()
        },
        "free_text": st.text_area("Anything else", entry["free_text"], key=f"{key}_free_text"),
        # Asked on the day after a session; kept (and editable) once answered.
        **(
            {
                "stirred_up": st.text_area(
                    STIRRED_UP_PROMPT, entry["stirred_up"], key=f"{key}_stirred_up"
                )
            }
            if entry.get("stirred_up")
            or aftermath.is_day_after_session(storage.session_days(con), day)
            else {}
        ),
    }


def session_fields(con: storage.Connection, entry: dict[str, Any], key: str) -> dict[str, Any]:
    day = as_date(entry["day"])
    stored = entry.get("status") or "attended"
    # A session still ahead is booked or cancelled: it was not attended yet.
    ahead = day > clock.today()
    choices = sessions.status_choices(day, clock.today(), stored)
    return {
        "day": st.date_input("Session date", value=day, key=f"{key}_day", format="YYYY-MM-DD"),
        "status": st.selectbox(
            "This session is" if ahead else "The session was",
            list(choices),
            index=list(choices).index(stored),
            format_func=common.labelled(choices),
            key=f"{key}_status",
        ),
        "note": st.text_area("Note", entry["note"], key=f"{key}_note"),
    }


FIELDS = {
    EntryKind.CHECK_IN: check_in_fields,
    EntryKind.TRIGGER: trigger_fields,
    EntryKind.PRACTICE_LOG: practice_log_fields,
    EntryKind.REFLECTION: reflection_fields,
    EntryKind.SESSION: session_fields,
}


def change_or_delete(
    con: storage.Connection, kind: EntryKind, entry_id: str, label: str, place: str = "edit"
) -> None:
    """The entry's fields to change, and a delete that asks first. `place` keeps the widget
    keys apart where one entry is open twice (a search hit and its own tab)."""
    entry = storage.get_entry(con, kind, entry_id)
    if entry is None:
        st.info("That entry is no longer there; it may have been deleted in another tab.")
        return
    key = f"{place}_{kind.value}_{entry_id}"
    if kind in FIELDS:
        with st.form(key, enter_to_submit=False):
            changes = FIELDS[kind](con, entry, key)
            submitted = st.form_submit_button("Save changes", type="primary", key=f"{key}_save")
        if submitted and common.attempt(
            lambda: storage.update_entry(con, kind, entry_id, **changes)
        ):
            reload(f"Your {NOUNS[kind].this} is updated.")
    else:
        # A questionnaire is answered whole, for one fortnight: it is deleted and filled in
        # again rather than edited one answer at a time.
        st.caption(
            "To change your answers, delete this questionnaire and fill it in again on the "
            "Log page."
        )

    delete_asking_first(
        key, NOUNS[kind].this, label, lambda: storage.delete_entry(con, kind, entry_id)
    )


def delete_asking_first(key: str, noun: str, label: str, delete: Callable[[], object]) -> None:
    """A delete button that asks first ("Yes, delete it" / "Keep it"), for any kind of entry
    open at widget key `key`; `label` names it in the question (no private words in it)."""
    # The button stays where it is while the question shows below it: a keyboard user's focus
    # stays on it, and the next Tab reaches "Yes, delete it". A callback, not a rerun after the
    # click: the question shows in the run the click starts, so the first click always opens it.
    asking = st.session_state.get(CONFIRM_KEY) == key
    st.button(
        f"Delete this {noun}…",
        icon=":material/delete:",
        key=f"{key}_delete",
        on_click=confirm_delete,
        args=(key,),
    )
    if asking:
        st.warning(
            f"Delete this {noun} ({plain(label)})? It cannot be undone.",
            icon=":material/delete:",
        )
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", key=f"{key}_confirm"):
            delete()
            st.session_state.pop(CONFIRM_KEY, None)
            reload(f"The {noun} is deleted.")
        no.button("Keep it", key=f"{key}_keep", on_click=confirm_delete, args=(None,))


def confirm_delete(asked_at: str | None) -> None:
    """Ask before deleting the entry open at `asked_at` (its widget key; None: stop asking)."""
    if asked_at is None:
        st.session_state.pop(CONFIRM_KEY, None)
    else:
        st.session_state[CONFIRM_KEY] = asked_at


def entries_tab(con: storage.Connection, kind: EntryKind) -> None:
    days = common.date_range()
    # Booked sessions lie ahead of any range that ends today; they stay in view to be changed.
    end = None if kind is EntryKind.SESSION and days.end >= clock.today() else days.end
    frame = storage.list_entries(con, kind, days.start, end, limit=LIMIT)
    if frame.empty:
        common.not_enough_data(
            f"No {NOUNS[kind].heading.lower()} from {days.label()}. The sidebar changes the range."
        )
        return
    one, many = NOUNS[kind].one, NOUNS[kind].many
    if end is None:
        st.caption(sessions_listed(frame, days))
    else:
        listed = (
            f"The newest {LIMIT} {many}"
            if len(frame) == LIMIT
            else phrases.count(len(frame), one, many).capitalize()
        )
        st.caption(f"{listed} from {days.label()}, newest first.")
    shown = entry_table.in_words(frame)
    picked = st.dataframe(
        entry_table.with_blanks(shown),
        column_order=[c for c in shown.columns if c != "id"],
        column_config={
            **{
                column: common.FIELD_LABELS.get(column, column.replace("_", " ").capitalize())
                for column in shown.columns
            },
            # A session's status is attended, cancelled or missed, not a practice's done or rest.
            **({"status": "Status"} if kind is EntryKind.SESSION else {}),
            # Dates and times as a person reads them, still sorted as dates.
            "day": st.column_config.DateColumn(
                common.FIELD_LABELS["day"], format=entry_table.DAY_FORMAT
            ),
            "local_time": st.column_config.DatetimeColumn(
                common.FIELD_LABELS["local_time"], format=entry_table.TIME_FORMAT
            ),
            # A questionnaire's items differ by measure: the tooltip says what each one asks.
            **{
                column: st.column_config.TextColumn(
                    column.replace("_", " ").capitalize(), help=entry_table.item_help(column)
                )
                for column in shown.columns
                if column.startswith("item_")
            },
        },
        hide_index=True,
        placeholder=entry_table.BLANK,
        height=min(260, 38 + 35 * len(shown)),
        on_select="rerun",
        selection_mode="single-row",
        key=f"rows_{kind.value}",
    )
    labels = {row["id"]: entry_label(kind, row) for row in frame.to_dict("records")}
    # A row clicked in the table opens that entry: the chooser below follows a new click, and
    # keeps what the person chose in it until the next one.
    clicked = tuple(picked.selection.rows) if picked else ()
    if clicked != st.session_state.get(f"rows_{kind.value}_applied", ()):
        st.session_state[f"rows_{kind.value}_applied"] = clicked
        if clicked and clicked[0] < len(frame):
            st.session_state[f"choose_{kind.value}"] = frame["id"].iloc[clicked[0]]
    chosen = st.selectbox(
        "Choose an entry to change or delete (or click its row)",
        list(labels),
        format_func=common.labelled(labels),
        key=f"choose_{kind.value}",
    )
    change_or_delete(con, kind, chosen, labels[chosen])
    if kind is EntryKind.SESSION:
        session_tasks(con, chosen)


def sessions_listed(frame: Any, days: DateRange) -> str:
    """The sessions tab's count when the booked sessions are listed too: those in the range
    and those booked ahead, each said."""
    booked = entry_table.booked_count(frame, days.end)
    ahead = entry_table.ahead_count(frame, days.end)
    cut = LIMIT if len(frame) == LIMIT else None
    return session_words.sessions_listed(
        len(frame) - ahead, booked, days.label(), cut, cancelled_ahead=ahead - booked
    )


def session_tasks(con: storage.Connection, session_id: str) -> None:
    """The tasks agreed in a saved session: reword one, remove one (asking first) or add more;
    each one transaction, and the other tasks keep their marks."""
    entry = storage.get_entry(con, EntryKind.SESSION, session_id)
    if entry is None:
        return
    here = sessions.tasks_here(entry["status"], entry["day"], clock.today())
    tasks = sessions.saved_tasks(con, session_id)
    st.markdown("**Tasks agreed in this session**")
    if tasks.empty:
        st.caption(here.none_yet)
        if not here.can_add:
            return
    else:
        st.dataframe(
            tasks,
            column_order=["number", "text", "how", "way"],
            column_config={
                "number": "Task",
                "text": st.column_config.TextColumn("Words", width="large"),
                "how": "How it went",
                "way": "What got in the way",
            },
            hide_index=True,
        )
        numbers = dict(zip(tasks["id"], tasks["number"], strict=True))
        words = dict(zip(tasks["id"], tasks["text"], strict=True))
        marks = dict(zip(tasks["id"], tasks["how"], strict=True))
        task_id = st.selectbox(
            "Choose a task to reword or remove",
            list(numbers),
            format_func=lambda t: f"{numbers[t]} ({marks[t].lower()})",
            key=f"choose_task_{session_id}",
        )
        key = f"task_{task_id}"
        with st.form(key, enter_to_submit=False):
            text = st.text_input(
                f"{numbers[task_id]} in other words (its mark stays)",
                words[task_id],
                max_chars=sessions.TASK_TEXT_MAX,
                key=f"{key}_text",
            )
            reworded = st.form_submit_button("Save the new words", key=f"{key}_save")
        if reworded and common.attempt(lambda: sessions.reword_task(con, task_id, text)):
            reload(f"{numbers[task_id]} is reworded; its mark stays.")
        delete_asking_first(
            key,
            "task",
            f"{numbers[task_id]}, {marks[task_id].lower()}",
            lambda: sessions.remove_task(con, task_id),
        )
    if not here.can_add:
        # Tasks saved with a session booked ahead, cancelled or missed stay changeable, but
        # no more are added to a session that has not taken place.
        st.caption(here.no_more)
        return
    with st.form(f"task_add_{session_id}", clear_on_submit=True, enter_to_submit=False):
        added = st.text_area(
            "Add tasks to this session (one a line)", key=f"task_add_{session_id}_text"
        )
        add = st.form_submit_button("Add tasks", key=f"task_add_{session_id}_save")
    if add:
        counted: list[int] = []
        if common.attempt(
            lambda: counted.append(sessions.add_tasks(con, session_id, (added or "").splitlines()))
        ):
            if counted[0]:
                reload(f"{phrases.count(counted[0], 'task').capitalize()} added to the session.")
            st.warning("Write a task first, one a line, then add.")


def goals_tab(con: storage.Connection) -> None:
    """Every goal (its words in the table only: private text), and the ratings in the range to
    put right or delete. Goals are set, reworded and ended on the Goals page."""
    stories = goals.goal_stories(con)
    if not stories:
        common.not_enough_data("No goal yet. Goals are set and rated on the Goals page.")
        return
    st.caption(
        f"{phrases.count(len(stories), 'goal').capitalize()}, in the order you set them. To "
        "change a goal's words or mark it reached, go to the Goals page."
    )
    st.dataframe(
        goals.goal_list(stories),
        column_config={
            "goal": "Goal",
            "words": st.column_config.TextColumn("Words", width="large"),
            "set_on": st.column_config.DateColumn("Set on", format=entry_table.DAY_FORMAT),
            "where": "Where it stands",
            "ratings": "Ratings",
        },
        hide_index=True,
    )
    days = common.date_range()
    ratings = goals.rating_list(con, days.start, days.end)
    if ratings.empty:
        common.not_enough_data(f"No goal rated from {days.label()}. The sidebar changes the range.")
        return
    st.caption(
        f"{phrases.count(len(ratings), 'rating').capitalize()} from {days.label()}, newest first."
    )
    picked = st.dataframe(
        ratings,
        column_order=["day", "goal", "rating", "words"],
        column_config={
            "day": st.column_config.DateColumn("Day", format=entry_table.DAY_FORMAT),
            "goal": "Goal",
            "rating": st.column_config.NumberColumn(f"Rating (0-{RATING_MAX})", format="%d"),
            "words": "Words",
        },
        hide_index=True,
        height=min(260, 38 + 35 * len(ratings)),
        on_select="rerun",
        selection_mode="single-row",
        key="rows_goal_ratings",
    )
    labels = {row["id"]: goals.rating_label(row) for row in ratings.to_dict("records")}
    current = dict(zip(ratings["id"], ratings["rating"], strict=True))
    clicked = tuple(picked.selection.rows) if picked else ()
    if clicked != st.session_state.get("rows_goal_ratings_applied", ()):
        st.session_state["rows_goal_ratings_applied"] = clicked
        if clicked and clicked[0] < len(ratings):
            st.session_state["choose_goal_rating"] = ratings["id"].iloc[clicked[0]]
    chosen = st.selectbox(
        "Choose a rating to put right or delete (or click its row)",
        list(labels),
        format_func=common.labelled(labels),
        key="choose_goal_rating",
    )
    key = f"edit_goal_rating_{chosen}"
    with st.form(key, enter_to_submit=False):
        rating = st.select_slider(
            "Rating: how close to the goal (0 not at all, 10 reached)",
            list(range(RATING_MIN, RATING_MAX + 1)),
            value=int(current[chosen]),
            key=f"{key}_rating",
        )
        submitted = st.form_submit_button("Save changes", type="primary", key=f"{key}_save")
    if submitted and common.attempt(lambda: goal_queries.correct_rating(con, chosen, rating)):
        reload("Your goal rating is updated.")
    delete_asking_first(
        key, "goal rating", labels[chosen], lambda: goal_queries.delete_rating(con, chosen)
    )


def practices_tab(con: storage.Connection) -> None:
    catalog = storage.practices(con)
    st.dataframe(
        catalog,
        column_order=["name", "description", "weekly_target", "active"],
        hide_index=True,
        placeholder=entry_table.BLANK,
        column_config={
            "weekly_target": st.column_config.NumberColumn("Times a week", help="7 means every day")
        },
    )
    with (
        st.expander("Add a practice"),
        st.form("practice_add", clear_on_submit=True, enter_to_submit=False),
    ):
        name = st.text_input("Name", key="practice_add_name")
        description = st.text_area("Description", key="practice_add_description")
        target = st.slider("Times a week (7 = every day)", 1, DAILY, 3, key="practice_add_target")
        if st.form_submit_button("Add practice", key="practice_add_save") and common.attempt(
            lambda: storage.add_practice(con, name, description, target)
        ):
            reload("Practice added.")
    if catalog.empty:
        return
    names = dict(zip(catalog["id"], catalog["name"], strict=True))
    practice_id = st.selectbox(
        "Change a practice",
        list(names),
        format_func=common.labelled(names),
        key="practice_edit_choice",
    )
    current = {row["id"]: row for row in catalog.to_dict("records")}[practice_id]
    with st.form(f"practice_edit_{practice_id}", enter_to_submit=False):
        name = st.text_input("Name", current["name"], key=f"practice_edit_name_{practice_id}")
        description = st.text_area(
            "Description", current["description"], key=f"practice_edit_description_{practice_id}"
        )
        target = st.slider(
            "Times a week (7 = every day)",
            1,
            DAILY,
            int(current["weekly_target"]),
            key=f"practice_edit_target_{practice_id}",
        )
        active = st.checkbox(
            "Active (offered on the Log page)",
            bool(current["active"]),
            key=f"practice_edit_active_{practice_id}",
        )
        if st.form_submit_button("Save practice", key="practice_edit_save") and common.attempt(
            lambda: storage.update_practice(
                con,
                practice_id,
                name=name,
                description=description,
                weekly_target=target,
                active=active,
            )
        ):
            reload("Practice updated.")


def categories_tab(con: storage.Connection) -> None:
    every = storage.trigger_categories(con, active_only=False)
    offered = set(storage.trigger_categories(con))
    st.dataframe(
        {"Category": every, "Offered on the Log page": [c in offered for c in every]},
        hide_index=True,
    )
    with st.form("category_add", clear_on_submit=True):
        name = st.text_input("New category", key="category_add_name")
        if st.form_submit_button("Add category", key="category_add_save") and common.attempt(
            lambda: storage.add_trigger_category(con, name)
        ):
            reload("Category added.")
    if not every:
        return
    chosen = st.selectbox("Choose a category", every, key="category_choice")
    if chosen in offered:
        if st.button("Stop offering it on the Log page", key="category_deactivate"):
            storage.set_trigger_category_active(con, chosen, False)
            reload("Category put away; its past triggers keep it.")
    elif st.button("Offer it again on the Log page", key="category_activate"):
        storage.set_trigger_category_active(con, chosen, True)
        reload("Category offered again.")


def search_box(con: storage.Connection) -> None:
    """One box over every note, reflection, trigger description, agenda item and goal, whatever
    the range; a hit chosen in the table opens its entry below to change or delete."""
    query = st.text_input(
        "Search your journal",
        key="entries_search",
        placeholder="Words from a note, a reflection, a trigger…",
        help="Finds the places that hold all the words, in any case and order, on any date "
        "(the sidebar's range does not apply), your goals' words too. Questionnaire answers "
        "and ratings are not searched.",
    )
    found = search.search(con, query)
    if found is None:
        return
    st.caption(plain(found.summary))
    if not found.hits:
        return
    picked = st.dataframe(
        found.table(),
        column_config={
            "day": st.column_config.DateColumn("Date", format=entry_table.DAY_FORMAT),
            "where": "Where",
            "excerpt": st.column_config.TextColumn("Text", width="large"),
        },
        hide_index=True,
        height=min(36 + 35 * len(found.hits), 300),
        on_select="rerun",
        selection_mode="single-row",
        # One selection per query: a row chosen for other words must not open another hit.
        key=f"entries_search_hits_{'_'.join(found.words)}",
    )
    rows = picked.selection.rows if picked else []
    if not rows:
        st.caption("Choose a row to open that entry.")
        return
    hit = found.hits[rows[0]]
    label = shorten(f"{hit.day:%a %-d %b %Y} · {hit.where}", 90)
    with st.container(border=True):
        st.text(label)
        if hit.is_goal:
            found_goal(con, hit.entry_id)
        else:
            change_or_delete(con, EntryKind(hit.kind), hit.entry_id, label, place="found")


def found_goal(con: storage.Connection, goal_id: str) -> None:
    """A goal found by its words: the words (plain text) and where it stands; it is changed on
    the Goals page, its ratings in the Goals tab below."""
    story = next((s for s in goals.goal_stories(con) if s.goal_id == goal_id), None)
    if story is None:
        st.info("That goal is no longer there.")
        return
    for line in goals.story_lines(story):
        st.text(line)
    st.page_link(
        "../views/goals.py",
        label="Rate or change it on the Goals page",
        icon=":material/flag:",
    )


def one_day(con: storage.Connection) -> None:
    """Everything logged on one day, of every kind, oldest first, as the day was lived; a row
    chosen opens its entry to change or delete."""
    with st.expander("Everything on one day", icon=":material/calendar_today:"):
        day = st.date_input(
            "Day", value=None, max_value=clock.today(), key="entries_day", format="YYYY-MM-DD"
        )
        if day is None:
            return
        found = [
            (kind, row)
            for kind in EntryKind
            for row in storage.list_entries(con, kind, day, day, limit=LIMIT).to_dict("records")
        ]
        if not found:
            st.caption(f"Nothing is logged on {day:%a %-d %b %Y}.")
            return
        found.sort(key=lambda item: item[1].get("local_time") or datetime.combine(day, time()))
        st.caption(f"{phrases.count(len(found), 'entry', 'entries')} on {day:%a %-d %b %Y}.")
        labels = {
            f"{kind.value}:{row['id']}": f"{NOUNS[kind].this.capitalize()} · "
            + entry_label(kind, row)
            for kind, row in found
        }
        st.dataframe({"Entry": list(labels.values())}, hide_index=True)
        chosen = st.selectbox(
            "Choose one to change or delete",
            list(labels),
            format_func=common.labelled(labels),
            key="day_entry",
        )
        kind_value, entry_id = chosen.split(":", 1)
        change_or_delete(con, EntryKind(kind_value), entry_id, labels[chosen], place="day")


st.title("Entries")
if flash := st.session_state.pop(FLASH_KEY, None):
    common.written(flash)
con = common.journal()
search_box(con)
one_day(con)
kinds = list(EntryKind)
# Only the open tab runs (Streamlit reruns the page when another is chosen): eight tabs of
# tables and forms drawn on every click made each rerun of this page the slowest of the app.
# The open tab is kept under TAB_KEY, so a save or delete in it keeps it open.
tabs = st.tabs(TABS, key=TAB_KEY, on_change="rerun")
for tab, kind in zip(tabs, kinds, strict=False):
    if tab.open:
        with tab:
            st.subheader(NOUNS[kind].heading)
            entries_tab(con, kind)
goals_at = len(kinds)
if tabs[goals_at].open:
    with tabs[goals_at]:
        st.subheader(views.GOALS_TAB)
        goals_tab(con)
if tabs[-2].open:
    with tabs[-2]:
        st.subheader("My practices")
        practices_tab(con)
if tabs[-1].open:
    with tabs[-1]:
        st.subheader("Trigger categories")
        categories_tab(con)
