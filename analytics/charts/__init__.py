"""Chart builders: tidy DataFrames in, Altair charts out; no Streamlit."""

from __future__ import annotations

import pandas as pd

from analytics.text import closed_bidi


def closed_names(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """`frame` with each typed name in `column` closed (`analytics.text.closed_bidi`): a bidi
    control left open in a name cannot reorder a chart's title, tooltip or label after it."""
    names = [str(name) for name in frame[column]]
    closed = [closed_bidi(name) for name in names]
    return frame if closed == names else frame.assign(**{column: closed})
