"""The nights of sleep given with check-ins, one per day (see `NIGHTS`)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.storage.journal import Connection

NIGHTS = """
SELECT CAST(local_time AS DATE) AS day,
       first(sleep_hours ORDER BY local_time, id) FILTER (WHERE sleep_hours IS NOT NULL)
           AS sleep_hours,
       first(sleep_quality ORDER BY local_time, id) FILTER (WHERE sleep_quality IS NOT NULL)
           AS sleep_quality
FROM check_ins
WHERE (sleep_hours IS NOT NULL OR sleep_quality IS NOT NULL)
  AND local_time >= CAST($start AS TIMESTAMP)
  AND local_time < CAST($end AS TIMESTAMP) + INTERVAL 1 DAY
GROUP BY 1
"""
"""One row per day with sleep given: the night before that day.

The rule when several check-ins of one day give sleep: each of hours and quality is the
day's FIRST given value (earliest check-in, then id), not their mean. Sleep is about the
night before, and the first report of the day is the nearest to it; a later check-in's
rating of the same night is more coloured by how the day went, and averaging it in would
let the day's mood leak into its own "factor" (inflating the very link Patterns tests).
A later value still counts when the first check-ins gave none."""


def nights(con: Connection, start: date, end: date) -> pd.DataFrame:
    """`day`, `sleep_hours`, `sleep_quality` (NaN where that one was not given) for each day
    in [start, end] with sleep given (see `NIGHTS` for the rule), in day order."""
    frame = con.execute(f"{NIGHTS} ORDER BY 1", {"start": start, "end": end}).df()
    return frame.assign(day=pd.to_datetime(frame["day"])).astype(
        {"sleep_hours": "float64", "sleep_quality": "float64"}
    )
