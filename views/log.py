"""Log: a check-in, a trigger, today's practices, a reflection, a therapy session date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from analytics import aftermath, clock, outcomes, practice, safety, sessions, storage
from analytics.entries import (
    RESPONSE_LABELS,
    SCALE_MAX,
    SCALE_MIN,
    EntryKind,
    InvalidEntry,
    PracticeStatus,
    ResponseKind,
)
from analytics.measures import (
    DIFFICULTY_CHOICES,
    DIFFICULTY_MEASURES,
    DIFFICULTY_QUESTION,
    MEASURES,
    SELF_HARM,
    SELF_HARM_ITEM,
    score,
)
from analytics.schedule import Schedule, changed, regular_dates
from analytics.storage.rows import REFLECTION_PROMPTS, STIRRED_UP_PROMPT
from analytics.text import plain
from analytics.words import phrases
from views import common

SCOPE = "log"
"""The page's undo (`common.undo_offer`): its banner says what was saved and offers Undo."""
FLASH_KEY = f"{SCOPE}_flash"
"""A message said once at the top (Home's "Your journal is ready" after the first start)."""
SCALE = list(range(SCALE_MIN, SCALE_MAX + 1))  # ratings are choices, none chosen at first
OPEN_TAB_KEY = "log_open_tab"
TABS = ("Check-in", "Trigger", "Practices", "Reflect", "Session", "Measures")
"""Short enough that all six fit a 390 px phone (with PAGE_STYLE's narrower gaps there), so
none hides behind a scroll arrow ("Qu›"); "Measures", as the page of the same name."""
# Words offered for a check-in; a person can type their own too.
COMMON_EMOTIONS = (
    "calm",
    "content",
    "hopeful",
    "proud",
    "grateful",
    "tired",
    "anxious",
    "sad",
    "lonely",
    "irritable",
    "overwhelmed",
    "ashamed",
    "angry",
    "numb",
)


def when_fields(prefix: str) -> tuple[date, time | None]:
    """Day and (optional) time widgets; an empty time means "now" (or midday on another day)."""
    left, right = st.columns(2)
    day = left.date_input(
        "Day",
        value=clock.today(),
        max_value=clock.today(),
        key=k(prefix, "day"),
        format="YYYY-MM-DD",
    )
    at = right.time_input("Time (leave empty for now)", value=None, key=k(prefix, "time"))
    return day, at


def moment(day: date, at: time | None) -> datetime:
    if at is not None:
        return datetime.combine(day, at)
    now = clock.now()
    return now if day == now.date() else datetime.combine(day, time(12))


k = common.fresh_key  # every widget of a Log form: k(form, name)


def saved(prefix: str, message: str, kind: EntryKind, added: tuple[str, ...]) -> None:
    """After a write: start this form afresh (`common.start_afresh`), and say so on the rerun
    with an Undo for what was just added (`common.undo_offer`)."""
    common.start_afresh(prefix)
    common.remember_save(SCOPE, kind, added, message)
    st.rerun()


def check_in_tab(con: storage.Connection) -> None:
    with st.form("check_in_form", border=False, enter_to_submit=False):
        # A choice, not a slider: a slider always holds a value, so "Save" would record a 5 the
        # person never chose.
        wellbeing = st.pills(
            "How are you, overall? (0 very low, 10 very good)",
            SCALE,
            key=k("check_in", "wellbeing"),
        )
        with st.expander("More detail (optional)"):
            anxiety = st.number_input(
                "Anxiety (0-10)", 0, 10, value=None, step=1, key=k("check_in", "anxiety")
            )
            energy = st.number_input(
                "Energy (0-10)", 0, 10, value=None, step=1, key=k("check_in", "energy")
            )
            emotions = st.multiselect(
                "Emotions", COMMON_EMOTIONS, accept_new_options=True, key=k("check_in", "emotions")
            )
            note = st.text_area("Note", key=k("check_in", "note"))
            day, at = when_fields("check_in")
        sleep_hours, sleep_quality = common.sleep_fields(k("check_in", "sleep"))
        submitted = st.form_submit_button(
            "Save check-in", type="primary", key=k("check_in", "save")
        )
    if submitted and (
        added := common.attempt_add(
            lambda: storage.add_check_in(
                con,
                when=moment(day, at),
                wellbeing=wellbeing,
                anxiety=anxiety,
                energy=energy,
                emotions=emotions,
                note=note,
                sleep_hours=sleep_hours,
                sleep_quality=sleep_quality,
            )
        )
    ):
        saved("check_in", "Check-in saved. Thank you for checking in.", EntryKind.CHECK_IN, added)


def trigger_tab(con: storage.Connection) -> None:
    with st.form("trigger_form", border=False, enter_to_submit=False):
        # Nothing is chosen for the person: the category and how it was met are theirs to say
        # (how it was met is the figure a therapist reads).
        category = st.selectbox(
            "Category",
            storage.trigger_categories(con),
            index=None,
            placeholder="Choose a category",
            key=k("trigger", "category"),
        )
        what = st.text_area("What happened", key=k("trigger", "what"))
        intensity = st.pills(
            "How intense was it? (0 barely, 10 very)", SCALE, key=k("trigger", "intensity")
        )
        response = st.text_area("How I responded", key=k("trigger", "response"))
        kind = st.radio(
            "Kind of response: that was…",
            list(ResponseKind),
            index=None,
            format_func=RESPONSE_LABELS.get,
            horizontal=True,
            key=k("trigger", "kind"),
        )
        helped = st.number_input(
            "How much did it help? (0-10, optional)",
            0,
            10,
            value=None,
            step=1,
            key=k("trigger", "helped"),
        )
        note = st.text_area("Note", key=k("trigger", "note"))
        day, at = when_fields("trigger")
        submitted = st.form_submit_button("Save trigger", type="primary", key=k("trigger", "save"))
    if (
        submitted
        and common.trigger_chosen(category, intensity, kind)
        and (
            added := common.attempt_add(
                lambda: storage.add_trigger(
                    con,
                    when=moment(day, at),
                    category=category,
                    what_happened=what,
                    intensity=intensity,
                    response=response,
                    response_kind=kind,
                    helped=helped,
                    note=note,
                )
            )
        )
    ):
        saved(
            "trigger", "Trigger saved. Noticing it is part of the work.", EntryKind.TRIGGER, added
        )


def practice_tab(con: storage.Connection) -> None:
    active = storage.practices(con, active_only=True)
    if active.empty:
        common.not_enough_data("No active practices. Add or reactivate one on the Entries page.")
        return
    today = clock.today()
    today_logged = practice.logged_on(con, today)
    done_today, rested_today = today_logged.done, today_logged.rested
    names = dict(zip(active["id"], active["name"], strict=True))
    with st.form("practice_ticks_form", border=False, enter_to_submit=False):
        st.caption(
            "Tick what you did today. A practice already logged today is shown ticked: "
            "a practice day counts once."
        )
        ticks = {
            practice_id: st.checkbox(
                plain(name)
                + (" · logged today" if name in done_today else "")
                + (" · a rest day today" if name in rested_today else ""),
                value=name in done_today,
                disabled=name in done_today or name in rested_today,
                key=k("practice_tick", practice_id),
            )
            for practice_id, name in names.items()
        }
        submitted = st.form_submit_button("Save ticks", type="primary", key="practice_ticks_save")
    if submitted:
        chosen = [
            practice_id
            for practice_id, ticked in ticks.items()
            if ticked and names[practice_id] not in today_logged.either
        ]
        if not chosen:
            st.info("Nothing ticked yet; tick the practices you did, then save.")
        elif added := common.attempt_add(lambda: storage.log_practices(con, chosen, clock.now())):
            # All or none land, so every ticked practice was logged.
            saved(
                "practice_tick",
                f"{phrases.count(len(chosen), 'practice')} logged. Well done.",
                EntryKind.PRACTICE_LOG,
                added,
            )

    with (
        st.expander("Log a practice with details"),
        st.form("practice_detail_form", border=False, enter_to_submit=False),
    ):
        practice_id = st.selectbox(
            "Practice",
            list(names),
            format_func=names.__getitem__,
            key=k("practice_detail", "practice"),
        )
        status = st.radio(
            "This was…",
            list(PracticeStatus),
            format_func={
                PracticeStatus.DONE: "Done",
                PracticeStatus.REST: "A rest day (planned, it doesn't break a streak)",
            }.get,
            horizontal=True,
            key=k("practice_detail", "status"),
        )
        minutes = st.number_input(
            "Minutes (optional)", 0, 1440, value=None, step=5, key=k("practice_detail", "minutes")
        )
        first_time = st.checkbox("The first time I tried this", key=k("practice_detail", "first"))
        note = st.text_area("Note", key=k("practice_detail", "note"))
        day, at = when_fields("practice_detail")
        submitted = st.form_submit_button(
            "Save practice", type="primary", key=k("practice_detail", "save")
        )
    if submitted and (
        added := common.attempt_add(
            lambda: storage.log_practice(
                con,
                practice_id=practice_id,
                status=status,
                minutes=minutes,
                first_time=first_time,
                note=note,
                when=moment(day, at),
            )
        )
    ):
        saved("practice_detail", "Practice saved.", EntryKind.PRACTICE_LOG, added)


def reflection_tab(con: storage.Connection) -> None:
    # The day is chosen outside the form, so that choosing it shows or hides the day-after
    # prompt at once (a widget inside a form changes nothing until the form is sent).
    day = st.date_input(
        "Day",
        value=clock.today(),
        max_value=clock.today(),
        key=k("reflection", "day"),
        format="YYYY-MM-DD",
    )
    with st.form("reflection_form", border=False, enter_to_submit=False):
        answers = {
            field: st.text_area(prompt, key=k("reflection", field))
            for field, prompt in REFLECTION_PROMPTS.items()
        }
        answers |= stirred_up_field(con, day)
        free_text = st.text_area("Anything else", key=k("reflection", "free_text"))
        submitted = st.form_submit_button(
            "Save reflection", type="primary", key=k("reflection", "save")
        )
    if submitted and (
        added := common.attempt_add(
            lambda: storage.add_reflection(con, day=day, free_text=free_text, **answers)
        )
    ):
        saved("reflection", "Reflection saved.", EntryKind.REFLECTION, added)


def stirred_up_field(con: storage.Connection, day: date | None) -> dict[str, str]:
    """On the day after a session only, the optional "What got stirred up?" (else nothing)."""
    if day is None or not aftermath.is_day_after_session(storage.session_days(con), day):
        return {}
    answer = st.text_area(
        STIRRED_UP_PROMPT,
        key=k("reflection", "stirred_up"),
        help="Optional. Many people feel stirred up the day after a session.",
    )
    return {"stirred_up": answer}


def session_tab(con: storage.Connection) -> None:
    with st.form("session_form", border=False, enter_to_submit=False):
        day = st.date_input(
            "Session date (it may be ahead)",
            value=clock.today(),
            key=k("session", "day"),
            format="YYYY-MM-DD",
        )
        status = st.segmented_control(
            "The session was",
            list(sessions.SESSION_STATUS_WORDS),
            format_func=sessions.SESSION_STATUS_WORDS.__getitem__,
            default="attended",
            key=k("session", "status"),
            help="A session booked ahead stays 'attended' until you say otherwise.",
        )
        note = st.text_area("Note", key=k("session", "note"))
        tasks = st.text_area(
            "Tasks agreed in the session (one a line, optional)",
            placeholder="Say no once to my manager this week",
            key=k("session", "tasks"),
            help="Home shows them until your next session, to mark how each went.",
        )
        submitted = st.form_submit_button("Save session", type="primary", key=k("session", "save"))
    if submitted and (
        added := common.attempt_add(
            lambda: sessions.add_session_with_tasks(
                con,
                {"day": day, "note": note, "status": status or "attended"},
                (tasks or "").splitlines(),
            )
        )
    ):
        saved("session", "Session saved.", EntryKind.SESSION, added)
    schedule_section(con)


def schedule_section(con: storage.Connection) -> None:
    """The session schedule: set it, and move or cancel one of its dates."""
    plan = sessions.schedule(con)
    with st.expander("Sessions that repeat", expanded=False):
        st.caption(sessions.schedule_words(plan))
        schedule_form(con, plan)
        if plan is not None:
            one_date_form(con, plan)


def schedule_form(con: storage.Connection, plan: Schedule | None) -> None:
    today = clock.today()
    with st.form("schedule_form", border=False, enter_to_submit=False):
        start = st.date_input(
            "First session", value=plan.start if plan else today, key="schedule_start"
        )
        every = st.segmented_control(
            "Every",
            [1, 2],
            format_func={1: "Week", 2: "Second week"}.__getitem__,
            default=plan.every_weeks if plan else 1,
            key="schedule_every",
        )
        until = st.date_input(
            "Until (the last date, included)",
            value=plan.until if plan else today + timedelta(weeks=12),
            key="schedule_until",
        )
        at = st.time_input("At (optional)", value=plan.at if plan else None, key="schedule_at")
        left, right = st.columns(2)
        save = left.form_submit_button("Save schedule", type="primary")
        remove = right.form_submit_button("Remove schedule", disabled=plan is None)
    if save and common.attempt(
        lambda: sessions.set_schedule(con, changed(plan, start, int(every or 1), until, at))
    ):
        common.written("Schedule saved.")
        st.rerun()
    if remove and common.attempt(lambda: sessions.set_schedule(con, None)):
        common.written("Schedule removed; the sessions you logged stay.")
        st.rerun()


def one_date_form(con: storage.Connection, plan: Schedule) -> None:
    today = clock.today()
    dates = [d for d in regular_dates(plan) if (plan.moved.get(d, d) >= today)]
    if not dates:
        return
    with st.form("schedule_date_form", border=False, enter_to_submit=False):
        original = st.selectbox(
            "One date of the schedule",
            dates,
            format_func=lambda d: (
                f"{d:%a %-d %b %Y}"
                + (f" (moved to {plan.moved[d]:%a %-d %b})" if d in plan.moved else "")
                + (" (cancelled)" if d in plan.cancelled else "")
            ),
            key="schedule_original",
        )
        to = st.date_input("Move it to", value=None, key="schedule_move_to")
        left, right = st.columns(2)
        move = left.form_submit_button("Move it")
        cancel = right.form_submit_button("Cancel it")
    if move and to is None:
        common.refused(InvalidEntry("date", "is not chosen yet; choose the day it moves to"))
    elif (
        move
        and to is not None  # refused just above
        and common.attempt(lambda: sessions.set_schedule(con, plan.with_moved(original, to)))
    ):
        common.written(f"Moved to {to:%a %-d %b}.")
        st.rerun()
    if cancel and common.attempt(lambda: sessions.set_schedule(con, plan.with_cancelled(original))):
        common.written("That date is cancelled.")
        st.rerun()


QUESTIONNAIRE_RESULT = "questionnaire_result"


def safety_info(con: storage.Connection, key: str, answer: int) -> None:
    """The calm safety message for item 9 answered `answer` (never red, never blocking), with
    the person's region: set once here, kept in the journal's settings."""
    region = storage.get_setting(con, safety.CRISIS_REGION_SETTING)
    lines = "\n".join(f"- {line}" for line in safety.help_lines(region))
    st.info(
        f"**{safety.SAFETY_HEADING}**\n\n{safety.safety_body(answer)}\n\n{lines}",
        icon=":material/favorite:",
    )
    region_choice(con, region, key=key)


def region_choice(con: storage.Connection, region: str | None, key: str) -> None:
    """Where the person is, for the right crisis line; saved as soon as it is chosen."""
    keys = list(safety.CRISIS_REGIONS)
    chosen = st.selectbox(
        "Where are you? (for the right crisis line; you can change it any time)",
        keys,
        index=keys.index(region) if region in keys else None,
        format_func=lambda k: safety.CRISIS_REGIONS[k].name,
        placeholder="Not set: every line is listed",
        key=key,
    )
    if chosen is not None and chosen != region:
        storage.set_setting(con, safety.CRISIS_REGION_SETTING, chosen)
        st.rerun()


def show_result(con: storage.Connection, result: dict) -> None:
    """What the last questionnaire means: score, band, the numbers, the change since before."""
    measure = MEASURES[result["measure"]]
    with st.container(border=True):
        st.markdown(f"**Your {measure.name} on {result['day']:%a %-d %b %Y}**")
        st.markdown(outcomes.score_meaning(measure.key, result["total"]))
        for latest in outcomes.latest_scores(con, result["day"], [measure.key])[:1]:
            for line in latest.lines()[1:]:
                st.markdown(line)
        if said := outcomes.difficulty_words(con, measure.key, result["day"]):
            st.markdown(said)
    if SELF_HARM in result["flags"]:
        safety_info(con, "questionnaire_result_region", result.get("item_9", 1))


def questionnaire_tab(con: storage.Connection) -> None:
    if result := st.session_state.get(QUESTIONNAIRE_RESULT):
        show_result(con, result)
    options = outcomes.measure_options(con)
    key = st.selectbox(
        "Questionnaire",
        options,
        format_func=lambda k: f"{MEASURES[k].name} ({MEASURES[k].about})",
        key="questionnaire_measure",
        help="The measures you use come first; choose which you use on the Measures page.",
    )
    measure = MEASURES[key]
    st.markdown(f"**{measure.stem}**")
    labels = [label for label, _ in measure.choices]
    values = dict(measure.choices)
    answers = []
    for i, item in enumerate(measure.items, start=1):
        # Nothing is chosen for the person (index=None): every answer is theirs to give.
        label = st.radio(
            f"{i}. {item}",
            labels,
            index=None,
            horizontal=True,
            key=k(f"questionnaire_{key}", f"item_{i}"),
        )
        answers.append(None if label is None else values[label])
        if key == "phq9" and i == SELF_HARM_ITEM and answers[-1]:
            # At once, beside the answer: calm, and it stops nothing.
            safety_info(con, "questionnaire_region", answers[-1])
    difficulty = None
    if key in DIFFICULTY_MEASURES:
        # Optional and never scored: the published forms ask it after the items.
        chosen = st.radio(
            f"{DIFFICULTY_QUESTION} (optional, not scored)",
            [label for label, _ in DIFFICULTY_CHOICES],
            index=None,
            horizontal=True,
            key=k(f"questionnaire_{key}", "difficulty"),
        )
        difficulty = None if chosen is None else dict(DIFFICULTY_CHOICES)[chosen]
    day = st.date_input(
        "Day",
        value=clock.today(),
        max_value=clock.today(),
        key=k(f"questionnaire_{key}", "day"),
        format="YYYY-MM-DD",
    )
    if not st.button("Save my answers", type="primary", key=k(f"questionnaire_{key}", "save")):
        return
    missing = outcomes.unanswered_message(key, answers)
    if missing:
        common.refused(InvalidEntry("answers", missing))
        return
    if added := common.attempt_add(
        lambda: storage.add_measure_response(con, key, answers, day, difficulty=difficulty)
    ):
        scored = score(key, answers)
        st.session_state[QUESTIONNAIRE_RESULT] = {
            "measure": key,
            "total": scored.total,
            "flags": sorted(scored.flags),
            "item_9": scored.answers[SELF_HARM_ITEM - 1] if key == "phq9" else 0,
            "day": day,
        }
        saved(
            f"questionnaire_{key}",
            f"{measure.name} saved. Thank you for filling it in.",
            EntryKind.MEASURE_RESPONSE,
            added,
        )


st.title("Log")
con = common.journal()
common.undo_offer(con, SCOPE, st.empty(), forget=(QUESTIONNAIRE_RESULT,))
# Home's "fill one in now" opens the Questionnaire tab.
tabs = st.tabs(
    list(TABS),
    default=st.session_state.pop(OPEN_TAB_KEY, None),
)
for tab, (heading, draw) in zip(
    tabs,
    [
        ("How are you right now?", check_in_tab),
        ("Something stirred you up", trigger_tab),
        ("Today's practices", practice_tab),
        ("Reflect on your week", reflection_tab),
        ("A therapy session", session_tab),
        ("A questionnaire for your therapist", questionnaire_tab),
    ],
    strict=True,
):
    with tab:
        st.subheader(heading)
        draw(con)
