"""Between Sessions: the entry point. Navigation, the shared sidebar and the journal connection."""

# ruff: noqa: E402  (the imports below wait for the server's warm-up)
from __future__ import annotations

from between_sessions import warm_up

warm_up.wait()  # the first run: what the server began importing (warm_up.py) is loaded

from datetime import date, datetime
from pathlib import Path

import duckdb
import streamlit as st

import analytics.theme  # noqa: F401  (registers the one chart theme)
import views
from analytics import clock, storage
from analytics.dates import RangePreset, resolve_range
from analytics.export.backups import restore_backup
from analytics.paths import default_journal_path, demo_ended_journal_path, demo_journal_path
from analytics.storage.faults import FaultKind, explain, is_fault
from analytics.text import plain
from views import common, phone

st.set_page_config(page_title="Between Sessions", page_icon="🌱", layout="wide")


@st.cache_resource(show_spinner=False)
def open_journal(path: str) -> storage.Connection:
    """One DuckDB connection per process and file; each script run takes its own cursor."""
    return storage.connect(path)


@st.cache_resource(show_spinner="Preparing the sample journal…")
def fill_demo_once(path: str, ended: bool = False) -> None:
    """Fill the demo journal (never the real one) from the sample generator, the first time it
    is opened empty (`ended`: the sample after therapy has ended)."""
    con = open_journal(path).cursor()
    if storage.is_empty(con):
        from sample_data import load_sample

        load_sample(con, ended=ended)


def journal_path() -> Path:
    if st.session_state.get(common.DEMO_KEY):
        ended = st.session_state.get(common.DEMO_ENDED_KEY)
        return demo_ended_journal_path() if ended else demo_journal_path()
    return default_journal_path()


@st.cache_resource(show_spinner=False)
def open_journal_read_only(path: str) -> storage.Connection:
    """While another program only reads the journal, DuckDB lets this one read it too."""
    return storage.connect(path, read_only=True)


def connect_or_explain(path: Path) -> storage.Connection | None:
    """This run's cursor on the journal, or None after explaining (never a traceback) why not."""
    if st.session_state.get(READ_ONLY_KEY):
        return _read_only_cursor(path)
    try:
        return open_journal(str(path)).cursor()
    except storage.JournalFault as fault:
        if fault.kind is FaultKind.LOCKED and fault.readable:
            st.session_state[READ_ONLY_KEY] = True
            return _read_only_cursor(path)
        show_fault(fault)
    except (duckdb.Error, storage.JournalError) as error:
        show_fault(explain(error, path))
    return None


READ_ONLY_KEY = "journal_read_only"
RESTORED_KEY = "backup_restored_message"


def _read_only_cursor(path: Path) -> storage.Connection | None:
    try:
        cursor = open_journal_read_only(str(path)).cursor()
    except (duckdb.Error, storage.JournalError) as error:
        st.session_state[READ_ONLY_KEY] = False
        show_fault(explain(error, path))
        return None
    st.warning(
        f"Another program is reading the journal at {path}, so here you can read it but not write: "
        "logging, imports and restores will wait. Close the other program, then choose *Open for writing*.",
        icon=":material/lock:",
    )
    if st.button("Open for writing", key="reopen_for_writing"):
        open_journal_read_only(str(path)).close()
        open_journal_read_only.clear()
        st.session_state[READ_ONLY_KEY] = False
        st.rerun()
    return cursor


def show_fault(fault: storage.JournalFault) -> None:
    """Say what is wrong with the journal and what to do; offer the newest backup of a damaged one."""
    st.error(plain(str(fault)), icon=":material/report:")
    offer = fault.newest_backup if fault.kind is FaultKind.DAMAGED else None
    if offer and st.button(
        f"Restore the newest backup ({offer})",
        type="primary",
        key="restore_newest_backup",
    ):
        try:
            result = restore_backup(fault.path, offer)
        except storage.JournalError as refused:
            st.error(plain(str(refused)))
            return
        st.session_state[RESTORED_KEY] = result.summary()
        # The damaged file was moved aside: drop the cached connection so the next run opens the restored one.
        st.cache_resource.clear()
        st.rerun()


RANGE_WIDGETS = ("range_preset", "range_custom")


def date_range_sidebar(
    con: storage.Connection, shows_range: bool = True, note: str | None = None
) -> None:
    """The shared date range in the sidebar, and the way in and out of the sample journal.

    The range is shown only on the pages that use it (`views.RANGE_PAGES`); elsewhere it would
    do nothing, so it is hidden (with `note` where the page chooses its own dates), and the
    choice is kept for the other pages."""
    if not shows_range:
        for key in RANGE_WIDGETS:  # a widget not drawn this run would forget its value
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        with st.sidebar:
            if note:
                st.caption(note)
            sample_switch()
        if common.RANGE_KEY not in st.session_state:
            st.session_state[common.RANGE_KEY] = resolve_range(
                RangePreset.LAST_30_DAYS, clock.today()
            )
        return
    today = clock.today()
    with st.sidebar:
        # A named list: `list(RangePreset)` inside the call makes mypy pick the overload for no options.
        presets = list(RangePreset)
        preset = st.selectbox("Show", presets, index=0, key="range_preset", format_func=str)
        custom = None
        if preset == RangePreset.CUSTOM:
            picked = st.date_input(
                "From – to",
                value=(today.replace(day=1), today),
                key="range_custom",
                max_value=today,
            )
            if isinstance(picked, tuple) and len(picked) == 2:
                custom = picked
        chosen = resolve_range(
            preset,
            today,
            first_entry=first_entry(con) if preset == RangePreset.ALL else None,
            last_session=last_session(con, today)
            if preset == RangePreset.SINCE_LAST_SESSION
            else None,
            custom=custom,
        )
        st.caption(chosen.label())
        sample_switch()
    st.session_state[common.RANGE_KEY] = chosen


# Read only for the range that needs it: a change between the fixed ranges (the most common
# rerun) then reads nothing of the journal for the sidebar.
def first_entry(con: storage.Connection) -> date | None:
    """The day of the first entry of any kind, or None in an empty journal."""
    first = storage.entry_stats(con)["first"].dropna().min()
    # DuckDB hands back DATE columns as pandas Timestamps; the range maths wants a date.
    first = first.date() if isinstance(first, datetime) else first
    return None if first is None or first != first else first


def last_session(con: storage.Connection, today: date) -> date | None:
    """The last session held up to `today`, or None."""
    past_sessions = [d for d in storage.session_days(con) if d <= today]
    return past_sessions[-1] if past_sessions else None


def sample_switch() -> None:
    """One click into the sample journal (from any page, once there are entries) and one click
    back; each switch is said on the page it lands on, never a silent reload."""
    if st.session_state.get(common.DEMO_KEY):
        after = " (after therapy has ended)" if st.session_state.get(common.DEMO_ENDED_KEY) else ""
        st.info(f"You are exploring the **sample journal**{after}. Your own journal is untouched.")
        if st.button("Back to my journal", key="leave_sample"):
            common.switch_journal(demo=False)
    elif st.button(
        "Explore the sample journal",
        icon=":material/explore:",
        key="enter_sample",
        help="A made-up year of someone's journal, in a separate file. Yours stays as it is.",
    ):
        common.switch_journal(demo=True)


# Before anything else: nothing without the server's checks (server.py), and a browser on
# another device sees nothing until it is paired.
phone.refuse_unguarded()
st.html(common.PAGE_STYLE)
remote = phone.gate()
phone.network_notice(remote)
path = journal_path()
cursor = connect_or_explain(path)
if cursor is None:
    st.stop()
if st.session_state.get(common.DEMO_KEY):
    fill_demo_once(str(path), bool(st.session_state.get(common.DEMO_ENDED_KEY)))
st.session_state[common.JOURNAL_KEY] = cursor
st.session_state[common.PATH_KEY] = str(path)

by_file = {
    # A paired phone opens on the quick-log page; this computer on Home.
    page: st.Page(
        page, title=title, icon=icon, default=page == (views.QUICK_LOG if remote else views.HOME)
    )
    for entries in views.NAVIGATION.values()
    for page, title, icon in entries
}
pages = {
    section: [by_file[page] for page, _, _ in entries]
    for section, entries in views.NAVIGATION.items()
}
navigation = st.navigation(pages)
range_pages = {by_file[page].url_path for page in views.RANGE_PAGES}
own_dates_notes = {by_file[page].url_path: note for page, note in views.OWN_DATES_NOTES.items()}
permission_notice = storage.take_permission_notice(path)
if permission_notice:
    st.info(plain(permission_notice), icon=":material/lock:")
if RESTORED_KEY in st.session_state:
    st.success(plain(st.session_state.pop(RESTORED_KEY)), icon=":material/history:")
if common.SWITCHED_KEY in st.session_state:
    st.info(st.session_state.pop(common.SWITCHED_KEY), icon=":material/swap_horiz:")
try:
    date_range_sidebar(
        cursor,
        shows_range=navigation.url_path in range_pages,
        note=own_dates_notes.get(navigation.url_path),
    )
    navigation.run()
except (duckdb.Error, OSError) as error:
    # A disk that fills, a folder made read-only, or damage found while reading: explain, never a traceback.
    if not is_fault(error):
        raise
    show_fault(explain(error, path))
