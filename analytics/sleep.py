"""A night's sleep over a review period: the mean hours and quality, against the period before.

A night belongs to the day it was given with (the night before that day: `sleep_queries.NIGHTS`,
the first given value of the day), so a period's nights are those of its days. Means are said
only over `MIN_NIGHTS` nights or more; with fewer in the period nothing is said, and with fewer
in the period before no change is said (the count is).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.dates import DateRange
from analytics.storage import Connection, sleep_queries
from analytics.words import sleep as words
from analytics.words.phrases import YOU, Voice

MIN_NIGHTS = 3
"""Fewer nights than this with a value in a period, and its mean is not said (as for the
review's wellbeing, `review_facts.MIN_CHECK_IN_DAYS`)."""
STEADY = {"sleep_hours": 0.25, "sleep_quality": 0.3}
"""Changes smaller than these (a quarter hour; the review's 0.3 points on 0-10) are "about
the same"."""


@dataclass(frozen=True)
class SleepMean:
    """One of hours or quality over a period and the period before."""

    measure: str
    mean: float | None
    nights: int
    previous_mean: float | None
    previous_nights: int

    @property
    def said(self) -> bool:
        return self.nights >= MIN_NIGHTS

    @property
    def comparable(self) -> bool:
        return self.said and self.previous_nights >= MIN_NIGHTS

    @property
    def shown_change(self) -> float | None:
        """The change between the means as printed (to 0.1), so the figures add up."""
        if not self.comparable or self.mean is None or self.previous_mean is None:
            return None
        return round(round(self.mean, 1) - round(self.previous_mean, 1), 1)


def _mean(values: np.ndarray) -> tuple[float | None, int]:
    given = values[np.isfinite(values)]
    return (float(given.mean()) if given.size else None), int(given.size)


def sleep_means(con: Connection, period: DateRange, previous: DateRange) -> tuple[SleepMean, ...]:
    """Hours and quality over `period` and `previous` (nights as `sleep_queries.nights`)."""
    now = sleep_queries.nights(con, period.start, period.end)
    before = sleep_queries.nights(con, previous.start, previous.end)
    return tuple(
        SleepMean(
            measure,
            *_mean(now[measure].to_numpy(dtype="float64")),
            *_mean(before[measure].to_numpy(dtype="float64")),
        )
        for measure in ("sleep_hours", "sleep_quality")
    )


_WHAT = {"sleep_hours": ("sleep", " hours"), "sleep_quality": ("sleep quality", " of 10")}


def sleep_sentence(mean: SleepMean, voice: Voice = YOU) -> str | None:
    """ "Your sleep averaged 6.8 hours over 9 nights, up 0.5 from 6.3 hours over 7 nights in
    the period before." / "Your sleep quality averaged 6.1 of 10 over 4 nights; the period
    before has too few nights to compare (1 night)." None with fewer than `MIN_NIGHTS` nights
    in the period: too few to say anything about."""
    if not mean.said:
        return None
    what, unit = _WHAT[mean.measure]
    change = mean.shown_change
    return words.averaged(
        voice,
        what,
        unit,
        mean.mean,
        mean.nights,
        mean.previous_mean,
        mean.previous_nights,
        change,
        change is not None and abs(change) < STEADY[mean.measure],
    )
