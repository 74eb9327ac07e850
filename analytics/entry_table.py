"""Entries as the Entries page lists them: the person's words for coded values.

Storage keeps `new_skill` and `rest`; a person chose "A new skill" and "Rest day", so the list
shows those. Dates and times stay date-typed (so the table still sorts by time); the page
formats them with `DAY_FORMAT` and `TIME_FORMAT` (moment.js patterns, Streamlit's own).
"""

from __future__ import annotations

import pandas as pd

from analytics.entries import RESPONSE_LABELS, STATUS_LABELS

DAY_FORMAT = "ddd D MMM YYYY"
"""A day as a person reads it: "Thu 3 Dec 2026"."""
TIME_FORMAT = "ddd D MMM YYYY, HH:mm"
"""A moment as a person reads it: "Thu 3 Dec 2026, 09:30"."""
WORDS = {"response_kind": RESPONSE_LABELS, "status": STATUS_LABELS}
"""Columns whose stored codes are shown in words, and the words for each code."""


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (from `storage.list_entries`) with coded columns replaced by their labels.

    A code without a label (from a newer version of the app) is shown as it is stored.
    """
    return frame.assign(
        **{
            column: frame[column].map(lambda code, words=words: words.get(code, code))
            for column, words in WORDS.items()
            if column in frame
        }
    )
