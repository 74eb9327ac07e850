"""Between Sessions: the entry point. Navigation, the shared sidebar and the journal connection."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import streamlit as st

import analytics.theme  # noqa: F401  (registers the one chart theme)
from analytics import storage
from analytics.dates import RangePreset, resolve_range
from analytics.paths import default_journal_path, demo_journal_path
from pages import common

st.set_page_config(page_title="Between Sessions", page_icon="🌱", layout="wide")


@st.cache_resource(show_spinner=False)
def open_journal(path: str) -> storage.Connection:
    """One DuckDB connection per process and file; each script run takes its own cursor."""
    return storage.connect(path)


@st.cache_resource(show_spinner="Preparing the sample journal…")
def fill_demo_once(path: str) -> None:
    """Fill the demo journal (never the real one) from the sample generator, the first time it is opened empty."""
    con = open_journal(path).cursor()
    if storage.is_empty(con):
        from sample_data import load_sample

        load_sample(con)


def journal_path() -> Path:
    if st.session_state.get(common.DEMO_KEY):
        return demo_journal_path()
    return default_journal_path()


def connect_or_explain(path: Path) -> storage.Connection | None:
    try:
        return open_journal(str(path)).cursor()
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            st.error(
                f"The journal at {path} is open in another program (perhaps a second copy of "
                "Between Sessions, or the `between` command). Close it there, then reload this page."
            )
        else:
            st.error(f"The journal at {path} could not be opened: {error}")
    except (duckdb.Error, storage.JournalError) as error:
        st.error(f"The journal at {path} could not be opened: {error}")
    return None


def date_range_sidebar(con: storage.Connection) -> None:
    stats = storage.entry_stats(con)
    first = stats["first"].dropna().min()
    # DuckDB hands back DATE columns as pandas Timestamps; the range maths wants a date.
    first = first.date() if isinstance(first, datetime) else first
    today = date.today()
    past_sessions = [d for d in storage.session_days(con) if d <= today]
    with st.sidebar:
        preset = st.selectbox("Show", list(RangePreset), index=0, key="range_preset", format_func=str)
        custom = None
        if preset == RangePreset.CUSTOM:
            picked = st.date_input("From – to", value=(today.replace(day=1), today), key="range_custom", max_value=today)
            if isinstance(picked, tuple) and len(picked) == 2:
                custom = picked
        chosen = resolve_range(
            preset,
            today,
            first_entry=None if first is None or first != first else first,
            last_session=past_sessions[-1] if past_sessions else None,
            custom=custom,
        )
        st.caption(chosen.label())
        if st.session_state.get(common.DEMO_KEY):
            st.info("You are exploring the **sample journal**. Your own journal is untouched.")
            if st.button("Back to my journal"):
                st.session_state[common.DEMO_KEY] = False
                st.rerun()
    st.session_state[common.RANGE_KEY] = chosen


path = journal_path()
cursor = connect_or_explain(path)
if cursor is None:
    st.stop()
if st.session_state.get(common.DEMO_KEY):
    fill_demo_once(str(path))
st.session_state[common.JOURNAL_KEY] = cursor
st.session_state[common.PATH_KEY] = str(path)

pages = {
    "": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/log.py", title="Log", icon=":material/edit_note:"),
        st.Page("pages/entries.py", title="Entries", icon=":material/list:"),
    ],
    "Insights": [
        st.Page("pages/progress.py", title="Progress", icon=":material/trending_up:"),
        st.Page("pages/triggers.py", title="Triggers", icon=":material/bolt:"),
        st.Page("pages/practice.py", title="Practice", icon=":material/self_improvement:"),
        st.Page("pages/review.py", title="Session review", icon=":material/event_note:"),
    ],
    "Data": [
        st.Page("pages/import_data.py", title="Import", icon=":material/upload:"),
        st.Page("pages/export_data.py", title="Export & restore", icon=":material/download:"),
    ],
}
navigation = st.navigation(pages)
date_range_sidebar(cursor)
navigation.run()
