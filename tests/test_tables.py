"""Every table the app shows, on every page of the sample journal: each column is named, and
no cell reads "None" (issue 23: a blank header beside "Day" on Session review)."""

from __future__ import annotations

import views
from tests.apptest import each_tab, open_page


def test_every_table_names_its_columns_and_never_says_none(app_env, sample_journal_path):
    app_env(sample_journal_path)
    wrong, tables = [], 0
    for page in views.PAGE_FILES:
        at = open_page(page, range_preset="All time")
        for tab in each_tab(at, page):
            where = f"{page} ({tab})" if tab else page
            for table in at.dataframe:
                tables += 1
                frame = table.value
                names = [str(c) for c in frame.columns]
                blank = [c for c in names if not c.strip()]
                wrong += [f"{where}: a column without a name in {names}" for _ in blank]
                wrong += [
                    f"{where}: 'None' in column {c!r}"
                    for c in frame.columns
                    if frame[c].astype(str).eq("None").any()
                ]
    assert tables >= 10  # the walk saw the tables at all
    assert wrong == []
