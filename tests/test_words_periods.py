"""A page's period in words (`analytics.words.periods`), for one day and for many."""

from __future__ import annotations

import pytest

from analytics.words import periods


@pytest.mark.parametrize(
    ("days", "ends_today", "recent", "before"),
    [
        (1, True, "today", "the day before"),
        (2, True, "in the last 2 days", "in the 2 days before"),
        (30, True, "in the last 30 days", "in the 30 days before"),
        (1_000, True, "in the last 1,000 days", "in the 1,000 days before"),
        (1, False, "from 3 Mar 2026", "the day before"),
        (30, False, "from 3 Mar 2026", "in the 30 days before"),
    ],
)
def test_the_period_and_the_one_before(days, ends_today, recent, before):
    assert periods.recent(days, ends_today, "3 Mar 2026") == recent
    assert periods.before(days) == before
