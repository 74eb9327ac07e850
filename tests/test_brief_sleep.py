"""Sleep in the PDF brief (issue 22): where the session review has it, in the same sentences, in
the brief's voice, with the nights of each period; true for 0, 1, 2 and enough nights."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from analytics import review, sleep, storage
from analytics.dates import DateRange
from analytics.export.brief import BriefChoices
from analytics.export.session_brief import brief_content, session_brief_pdf
from analytics.words.phrases import ME, YOU
from tests.test_brief import pdf_text

TODAY = date(2026, 6, 15)
PERIOD = DateRange(TODAY - timedelta(days=13), TODAY)


def _journal(nights_now: int, nights_before: int) -> storage.Connection:
    """A check-in a day over both periods; sleep given on the period's last `nights_now` days
    (7.5 hours, quality 7) and the period before's last `nights_before` (6 hours, quality 4)."""
    con = storage.connect()
    before = PERIOD.previous()
    for period, given, hours, quality in (
        (PERIOD, nights_now, 7.5, 7),
        (before, nights_before, 6.0, 4),
    ):
        for back in range(period.days):
            day = period.end - timedelta(days=back)
            sleep_given = {"sleep_hours": hours, "sleep_quality": quality} if back < given else {}
            storage.add_check_in(
                con, when=datetime(day.year, day.month, day.day, 9), wellbeing=6, **sleep_given
            )
    return con


def _review(con: storage.Connection) -> review.SessionReview:
    return review.session_review(
        con, review.ReviewChoice(PERIOD, PERIOD.previous(), None, None, False), TODAY
    )


def _wellbeing_lines(r: review.SessionReview) -> tuple[str, ...]:
    (section,) = (s for s in brief_content(r).sections if s.heading == "Wellbeing")
    return section.lines


@pytest.mark.parametrize(
    ("now", "before", "said"),
    [
        (0, 0, ()),
        (
            1,
            5,
            ("My sleep was given on 1 night in this period: too few to average yet (it takes 3).",),
        ),
        (
            2,
            0,
            (
                "My sleep was given on 2 nights in this period: too few to average yet (it takes 3).",
            ),
        ),
        (
            4,
            2,
            (
                "My sleep averaged 7.5 hours over 4 nights; the period before has too few nights "
                "given to compare (2 nights).",
                "My sleep quality averaged 7.0 of 10 over 4 nights; the period before has too "
                "few nights given to compare (2 nights).",
            ),
        ),
        (
            5,
            3,
            (
                "My sleep averaged 7.5 hours over 5 nights, up 1.5 from 6.0 hours over 3 nights "
                "in the period before.",
                "My sleep quality averaged 7.0 of 10 over 5 nights, up 3.0 from 4.0 of 10 over "
                "3 nights in the period before.",
            ),
        ),
    ],
)
def test_the_brief_says_the_reviews_sleep_sentences_in_my_voice(now, before, said):
    r = _review(_journal(now, before))
    lines = _wellbeing_lines(r)
    assert tuple(line for line in lines if "sleep" in line.lower()) == said
    # One question, one answer: the review page's sentences, only the voice changed.
    assert r.sleep_lines(ME) == said
    assert [line.replace("Your ", "My ") for line in r.sleep_lines(YOU)] == list(said)
    if said:  # right after the wellbeing and setback sentences, as on the review page
        assert lines[2 : 2 + len(said)] == said


def test_sleep_is_in_the_pdf_and_its_nights_are_counted():
    r = _review(_journal(5, 3))
    text = pdf_text(session_brief_pdf(r, BriefChoices(include_charts=False), made_on=TODAY))
    assert "My sleep averaged 7.5 hours over 5 nights, up 1.5 from 6.0 hours over 3 nights" in text
    assert "My sleep quality averaged 7.0 of 10 over 5 nights" in text


def test_a_brief_without_sleep_says_nothing_of_it():
    r = _review(_journal(0, 4))
    assert r.sleep_means and all(mean.nights == 0 for mean in r.sleep_means)
    text = pdf_text(session_brief_pdf(r, BriefChoices(include_charts=False), made_on=TODAY))
    assert "sleep" not in text.lower()
    assert sleep.MIN_NIGHTS == 3  # the cases above are built around it


def _sleep_linked_journal(link: float, seed: int = 2) -> tuple[storage.Connection, date]:
    """120 days of check-ins with sleep on about 60% of them, wellbeing `link` points higher
    per hour slept above 7 (the night before), as `tests.test_sleep.sleep_journal` plants it."""
    import numpy as np

    rng = np.random.default_rng(seed)
    end = TODAY
    con = storage.connect()
    for back in range(120):
        day = end - timedelta(days=back)
        if rng.random() < 0.2:
            continue
        hours = float(np.round(rng.normal(7, 1.2) * 4) / 4)
        quality = float(np.clip(np.round(5 + 1.5 * (hours - 7) + rng.normal(0, 1.5)), 0, 10))
        slept = rng.random() < 0.6
        wellbeing = float(np.clip(np.round(5.5 + rng.normal(0, 1.5) + link * (hours - 7)), 0, 10))
        given = {"sleep_hours": max(hours, 0), "sleep_quality": quality} if slept else {}
        storage.add_check_in(
            con, when=datetime(day.year, day.month, day.day, 9), wellbeing=wellbeing, **given
        )
    return con, end


@pytest.mark.parametrize(("link", "claimed"), [(1.2, True), (0.0, False)])
def test_sleep_patterns_are_in_the_brief_only_as_patterns_claims_them(link, claimed):
    con, end = _sleep_linked_journal(link)
    r = review.session_review(con, review.choose_period([], end), end)
    lines = brief_content(r).patterns
    # The brief's patterns are the review's (one analysis over `review.PATTERN_DAYS`).
    assert lines == r.pattern_lines(ME) and all(line.endswith(".") for line in lines)
    assert any(line.startswith("After nights I slept") for line in lines) is claimed
