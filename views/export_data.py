"""Export & restore: the journal as a zip to keep, and a journal restored from one.

Export: everything, or the dates the person asks for (the sidebar's range is not used here), locked with a password typed twice if the person
wants; the zip is built only when the button is clicked. Restore: upload -> (the password of a
locked zip) -> every row checked -> a preview of what would be added -> Restore, written in one
transaction. A refused file is listed by file, row and field and nothing is written.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import streamlit as st

from analytics import clock
from analytics.dates import DateRange
from analytics.export import (
    JournalExport,
    RestoreError,
    WrongPassword,
    export_counts,
    export_file_name,
    export_journal,
    is_locked_export,
    plan_refusal,
    plan_restore,
    read_export,
    restore,
)
from analytics.text import plain
from analytics.words import phrases
from views import common

CHECKED_KEY = "restore_checked"
"""Session state: ((upload id, password digest), JournalExport or RestoreError) of the uploaded
zip, checked once per password."""
DONE_KEY = "restore_done"
MAX_UPLOAD_MB = 48
"""The page takes a zip of at most 48 MB (it is held in the server's memory while it is checked);
a larger export, which a journal with many long reflections can make, is restored from the
terminal (`between restore`), which reads it from the disk."""

con = common.journal()

st.title("Export & restore")
st.caption(
    "Keep a copy of your journal, or move it to another computer. The zip holds one CSV file per "
    "table (open them in any spreadsheet), the same rows as journal.json, and a small manifest. "
    "It is made on this computer and goes only where you save it. For a copy kept anywhere "
    "else, lock it with a password."
)

st.subheader("Export")
# Everything unless the person asks for less: a copy that keeps only the sidebar's last 30 days
# looks like a backup and is not one.
some_dates = st.checkbox(
    "Only some dates",
    key="export_some_dates",
    help="Leave this unticked to keep a copy of everything: every entry ever made.",
)
export_range: DateRange | None = None
half_chosen = False
if some_dates:
    today = clock.today()
    picked = st.date_input(
        "From – to",
        value=(today - timedelta(days=29), today),
        max_value=clock.today(),
        min_value=date(1900, 1, 1),
        key="export_dates",
        format="YYYY-MM-DD",
    )
    if isinstance(picked, tuple) and len(picked) == 2:
        export_range = DateRange(*picked)
        st.caption(f"Entries from {export_range.label()}.")
    else:  # the first day is picked, the last not yet: export nothing rather than guess
        half_chosen = True
        st.caption("Choose the last day as well, or untick *Only some dates* to export everything.")
else:
    st.caption("Everything: every entry ever made, with nothing left out.")
if not half_chosen:
    st.dataframe(export_counts(con, export_range), hide_index=True)
st.caption(
    "Your practice list, trigger categories and settings are always included, so every entry "
    "keeps its meaning."
)
wanted, lock = common.password_lock(
    "export",
    "zip",
    help=(
        "For a copy you keep on a USB stick, a cloud drive or another computer: without the "
        "password nothing in the zip can be read, not even the names of the files inside. "
        "7-Zip, Keka and most archive tools open it with the password."
    ),
)
st.download_button(
    "Download the locked zip" if wanted else "Download the zip",
    # Built on click, on a cursor of its own (the click runs outside this script run).
    data=lambda: export_journal(con.cursor(), export_range, password=lock.password),
    file_name=export_file_name(export_range, locked=lock.password is not None),
    mime="application/zip",
    key="export_zip",
    on_click="ignore",
    type="primary",
    icon=":material/lock:" if lock.password else ":material/download:",
    disabled=lock.blocked or half_chosen,
)

st.divider()
st.subheader("Restore")
common.only_in_my_journal("restore")
common.show_done(DONE_KEY)

upload = st.file_uploader(
    "Choose a zip made by Export",
    type=["zip"],
    key="restore_upload",
    # The uploader states the same limit the page enforces below (not the server's 50 MB).
    max_upload_size=MAX_UPLOAD_MB,
    help="Into a journal with no entries yet, the zip is restored as it was, keeping your own practices and categories. Into a journal with entries, only what is new is added: nothing is duplicated, overwritten or removed. A zip locked with a password asks for it first.",
)
if upload is None:
    st.stop()

if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
    st.error(
        f"{plain(upload.name)} is over {MAX_UPLOAD_MB} MB, more than this page takes. Nothing was "
        "changed. To restore a large export, run `between restore` with the zip in a terminal.",
        icon=":material/block:",
    )
    st.stop()
password = None
locked_upload = is_locked_export(upload.getvalue())
notice = st.empty()
if locked_upload:
    notice.info(
        f"{plain(upload.name)} is locked with a password. Type it to open the file: you see "
        "what it holds before anything is written.",
        icon=":material/lock:",
    )
    with st.form("restore_unlock", border=False):
        typed = st.text_input("Password of the file", type="password", key="restore_password")
        st.form_submit_button("Open the file", icon=":material/lock_open:")
    if not typed:
        st.stop()
    password = typed
# Checked once per file and password; the password itself is kept only as its digest.
checked_for = (upload.file_id, password and hashlib.sha256(password.encode()).hexdigest())
if st.session_state.get(CHECKED_KEY, (None,))[0] != checked_for:
    try:
        checked: JournalExport | RestoreError = read_export(
            upload.getvalue(), target=con, password=password
        )
    except RestoreError as refusal:
        checked = refusal
    st.session_state[CHECKED_KEY] = (checked_for, checked)
checked = st.session_state[CHECKED_KEY][1]

if isinstance(checked, WrongPassword):
    st.error(
        f"That password does not open {plain(upload.name)}. Check it (capital letters and "
        "spaces count) and type it again. Your journal was not changed.",
        icon=":material/block:",
    )
    st.stop()
if locked_upload and isinstance(checked, JournalExport):
    notice.caption(f"{plain(upload.name)} is locked with a password, and it opened with yours.")


def show_refusal(file_name: str, refusal: RestoreError) -> None:
    st.error(
        f"{plain(file_name)} cannot be restored, and your journal was not changed. "
        f"{phrases.count(len(refusal.problems), 'problem')}, each listed below by file, row "
        "and field.",
        icon=":material/block:",
    )
    st.dataframe(refusal.rows(), hide_index=True, placeholder="")  # no row: blank, not "None"
    st.stop()


if isinstance(checked, RestoreError):
    show_refusal(upload.name, checked)

plan = plan_restore(con, checked)
# What only this journal makes impossible (more goals active with its own): before the button.
refused = plan_refusal(con, plan)
if refused is not None:
    show_refusal(upload.name, refused)
st.caption(plain(checked.describe()))
if plan.mode == "replace":
    st.caption(
        "Your journal has no entries yet, so the file is restored as it was. Practices and trigger "
        "categories of your own are kept."
    )
else:
    st.caption(
        "Your journal already has entries: only what is new is added. Practices are matched by id, "
        "then by name, so nothing is duplicated, and nothing of yours is changed or removed."
    )
st.dataframe(plan.summary(), hide_index=True)
if plan.catalog_changes:
    st.caption(plan.catalog_heading())
    # Names are the person's (or the file's) text: st.dataframe shows them as text.
    st.dataframe(plan.catalog_summary(), hide_index=True)

if plan.adds_nothing:
    st.info(
        "Everything in this file is already in your journal. There is nothing to add.",
        icon=":material/done_all:",
    )
if st.button("Restore", type="primary", disabled=plan.adds_nothing, key="restore_go"):
    try:
        result = restore(con, checked)
    except RestoreError as refusal:
        st.error(plain(str(refusal)), icon=":material/block:")
    else:
        st.session_state[DONE_KEY] = (
            f"Restored {result.entries_to_add:,} entries from {upload.name}."
        )
        st.session_state.pop(CHECKED_KEY, None)
        common.written("Restore finished")
        st.rerun()
