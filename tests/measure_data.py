"""Questionnaire responses for tests and screenshots, written with `add_measure_response`
(the sample journal's series comes with the measures-data branch)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from analytics import storage
from analytics.measures import MEASURES


def answers_for(measure: str, total: int, item_9: int = 0) -> list[int]:
    """Answers adding up to `total` on the reported scale (WHO-5: a multiple of 4); PHQ-9's
    item 9 is `item_9` and counts towards the total."""
    m = MEASURES[measure]
    top = max(value for _, value in m.choices)
    raw = total // m.multiplier
    answers = [0] * len(m.items)
    if measure == "phq9":
        answers[8] = item_9
        raw -= item_9
    for i in range(len(answers)):
        if measure == "phq9" and i == 8:
            continue
        answers[i] = min(top, raw)
        raw -= answers[i]
    assert raw == 0, f"{total} does not fit {m.name}"
    return answers


def add_series(con: storage.Connection, measure: str, totals: Iterable[tuple[date, int]]) -> None:
    for day, total in totals:
        storage.add_measure_response(con, measure, answers_for(measure, total), day)


def a_year_of_responses(con: storage.Connection, today: date) -> None:
    """A year of fortnightly PHQ-9, GAD-7 and WHO-5 that improve after a hard spring, with one
    missed stretch of six weeks in the summer, and one PHQ-9 with item 9 above 0."""
    for i, back in enumerate(range(364, -1, -14)):
        day = today - timedelta(days=back)
        if 150 <= back < 192:
            continue  # the missed stretch
        phase = i / 26
        phq = round(17 - 11 * phase + (i % 3) - 1)
        gad = round(14 - 9 * phase + (i % 2))
        who = 4 * round((28 + 44 * phase - 4 * (i % 2)) / 4)
        item_9 = 1 if i == 4 else 0
        storage.add_measure_response(con, "phq9", answers_for("phq9", phq, item_9), day)
        storage.add_measure_response(con, "gad7", answers_for("gad7", gad), day)
        storage.add_measure_response(con, "who5", answers_for("who5", who), day)


def responses_unless_the_sample_has_them(con: storage.Connection, today: date) -> None:
    """Give the sample journal a year of responses to draw, until its own series lands (the
    measures-data branch): one response a day per measure, so never both."""
    if not storage.last_response_days(con):
        a_year_of_responses(con, today)
        storage.set_measures_in_use(con, ["phq9", "gad7", "who5"])


def deteriorating_client(con: storage.Connection, today: date) -> None:
    """A client getting worse over ten weeks, for the brief: fortnightly sessions (the last 14
    days ago), daily check-ins sliding from about 6.5 to 3.5, weekly PHQ-9 rising 9 -> 19 with
    item 9 "nearly every day" 11 days ago and "several days" 4 days ago, GAD-7 rising 7 -> 14,
    WHO-5 falling 56 -> 24, and a practice agreed 3 times a week done less and less."""
    from analytics import clock

    start = today - timedelta(days=70)
    for back in range(70, -1, -14):
        storage.add_session(con, day=today - timedelta(days=back))
    practice = storage.add_practice(con, "Breathing", weekly_target=3)
    for i in range(71):
        day = start + timedelta(days=i)
        wellbeing = round(
            6.5 - 3.0 * i / 70 + (0.6 if i % 3 == 0 else -0.3 if i % 3 == 1 else 0), 1
        )
        when = datetime.combine(day, time(8, 0))
        if when > clock.now():
            continue
        storage.add_check_in(con, wellbeing=max(0.0, wellbeing), when=when)
        if i % (2 if i < 35 else 5) == 0:
            storage.log_practice(con, practice_id=practice, when=when)
    for week, back in enumerate(range(67, -1, -7)):
        day = today - timedelta(days=back)
        item_9 = 3 if back == 11 else 1 if back == 4 else 0
        phq = min(27, 9 + round(10 * week / 9))
        storage.add_measure_response(
            con, "phq9", answers_for("phq9", max(phq, item_9), item_9), day
        )
        storage.add_measure_response(con, "gad7", answers_for("gad7", 7 + round(7 * week / 9)), day)
        who = 4 * round((56 - 32 * week / 9) / 4)
        storage.add_measure_response(con, "who5", answers_for("who5", who), day)
    storage.set_measures_in_use(con, ["phq9", "gad7", "who5"])
