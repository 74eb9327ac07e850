"""The Home page's week in words: what its figures are made of (`analytics.overview`)."""

from __future__ import annotations

from analytics.words import phrases


def wellbeing_help(check_ins: int, before_check_ins: int, before_mean: float | None) -> str:
    """ "The mean of 5 check-ins; 6.2 from 4 check-ins the week before." (`before_mean` None:
    no check-ins the week before to compare with)."""
    text = f"The mean of {phrases.count(check_ins, 'check-in')}; "
    if before_mean is None:
        return text + "no check-ins the week before to compare with."
    before = phrases.count(before_check_ins, "check-in")
    return text + f"{before_mean:.1f} from {before} the week before."


def practice_help(distinct: int, done_before: int) -> str:
    """ "3 different practices; rest days not counted. 5 the week before." """
    return (
        f"{phrases.count(distinct, 'different practice')}; rest days not "
        f"counted. {done_before:,} the week before."
    )
