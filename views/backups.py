"""Backups: the copies taken before upgrades, imports and restores (`words.backup_list.WHEN_TAKEN`);
take one, or restore one."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics import storage
from analytics.export import backups
from analytics.text import plain
from analytics.words import backup_list
from views import common

st.title("Backups")
path = Path(st.session_state[common.PATH_KEY])
st.caption(backup_list.where_kept(plain(str(backups.backups_dir(path))), backups.KEEP))

if st.button("Take a backup now", icon=":material/backup:"):
    try:
        taken = backups.backup_now(common.journal())
    except storage.JournalError as fault:
        st.error(plain(str(fault)))
    else:
        if taken is None:
            st.info("This journal lives only in memory, so it has no backups.")
        else:
            st.toast(f"Backed up as {taken.name}", icon=":material/check_circle:")

rows = backups.backup_rows(path)
if not rows:
    common.not_enough_data(backup_list.no_backups_yet())
    st.stop()

st.dataframe(
    rows,
    hide_index=True,
    column_config={"taken": st.column_config.DatetimeColumn("taken", format="YYYY-MM-DD HH:mm:ss")},
)

st.subheader("Restore a backup")
names = [row["backup"] for row in rows]
chosen = st.selectbox("Backup", names, index=0, key="backup_to_restore")
st.caption(
    "Restoring makes your journal exactly what it was when this backup was taken. "
    "Your journal as it is now is backed up first, so this can be undone."
)
sure = st.checkbox(f"Yes, bring my journal back to {chosen}", key="backup_restore_sure")
if st.button("Restore this backup", type="primary", disabled=not sure, icon=":material/history:"):
    try:
        result = backups.restore_backup(path, chosen)
    except storage.JournalError as refused:
        st.error(plain(str(refused)))
    else:
        common.written(result.summary())
        # A damaged journal that was replaced by its backup must be opened afresh.
        if result.damaged_kept_at is not None:
            st.cache_resource.clear()
        st.success(plain(result.summary()))
