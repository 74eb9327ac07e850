"""The session review's records of fact, frozen: what the words (`analytics.words.review`) and
the brief say, found by `analytics.review`."""

from __future__ import annotations

from dataclasses import dataclass

MIN_CHECK_IN_DAYS = 3
"""Fewer check-in days than this in a period, and its mean is not compared."""


@dataclass(frozen=True)
class WellbeingFacts:
    mean: float | None
    previous_mean: float | None
    check_in_days: int
    previous_check_in_days: int
    slope_per_week: float | None

    @property
    def change(self) -> float | None:
        """Mean minus the previous mean; None unless both periods have `MIN_CHECK_IN_DAYS` check-in days."""
        if (
            self.mean is None
            or self.previous_mean is None
            or self.check_in_days < MIN_CHECK_IN_DAYS
        ):
            return None
        return self.mean - self.previous_mean

    @property
    def shown_change(self) -> float | None:
        """`change` between the means as they are printed (to 0.1), so that a sentence's three
        figures add up: "4.8, down 1.5 from 6.3"."""
        if self.change is None or self.mean is None or self.previous_mean is None:
            return None
        return round(round(self.mean, 1) - round(self.previous_mean, 1), 1)
