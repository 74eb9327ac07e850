"""The days after a session (analytics.aftermath), on small fixed-seed synthetic journals
(testkit/aftermath_synthetic.py; the full-size calibration is bench/aftermath_bench.py)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from analytics import aftermath
from analytics.words import aftermath as aftermath_words
from testkit import aftermath_synthetic as synthetic


def test_strong_planted_dips_are_claimed_lower_on_days_one_and_two():
    rng = np.random.default_rng(11)
    found = 0
    for _ in range(20):
        j = synthetic.journal(rng, dip=True, n_days=365)
        r = aftermath.session_aftermath(j.days, j.sessions)
        claims = r[r["claimed"] & r["day_after"].isin([1, 2])]
        assert not (claims["difference"] > 0).any(), "a dip is never claimed as a rise"
        found += bool((claims["difference"] < 0).any())
    assert found >= 16


def test_journals_without_a_dip_rarely_get_a_claim():
    rng = np.random.default_rng(12)
    claimed = 0
    for _ in range(60):
        j = synthetic.journal(rng, dip=False)
        claimed += bool(aftermath.session_aftermath(j.days, j.sessions)["claimed"].any())
    assert claimed <= 5  # 2 today; the goal is at most 10% of journals


def test_the_difference_is_near_the_planted_dip_and_the_band_holds_it():
    rng = np.random.default_rng(13)
    j = synthetic.journal(rng, dip=True, n_days=365)
    r = aftermath.session_aftermath(j.days, j.sessions).set_index("day_after")
    for k in (1, 2):
        assert r.loc[k, "low"] < -j.dip < r.loc[k, "high"]
        assert r.loc[k, "difference"] == pytest.approx(-j.dip, abs=0.8)
    assert r.loc[3, "low"] < 0 < r.loc[3, "high"]


def test_nothing_is_claimed_from_fewer_than_six_sessions_with_the_day_logged():
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(120)]
    rng = np.random.default_rng(3)
    wellbeing = 6 + rng.normal(0, 0.3, len(days))
    sessions = [days[10 + 14 * i] for i in range(5)]
    for s in sessions:
        wellbeing[days.index(s) + 1] -= 4
    r = aftermath.session_aftermath(pd.DataFrame({"date": days, "wellbeing": wellbeing}), sessions)
    assert r["n_sessions"].tolist() == [5, 5, 5, 5]
    assert not r["claimed"].any() and not r["tested"].any()
    assert r["low"].isna().all()
    # A sixth session with that day logged, and the same dip is claimed.
    sessions.append(days[10 + 14 * 5])
    wellbeing[days.index(sessions[-1]) + 1] -= 4
    r = aftermath.session_aftermath(pd.DataFrame({"date": days, "wellbeing": wellbeing}), sessions)
    assert r.set_index("day_after").loc[1, "claimed"]


def test_n_sessions_counts_only_sessions_whose_day_was_logged():
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(40)]
    wellbeing = np.full(len(days), 6.0)
    sessions = [days[5], days[12], days[19]]
    wellbeing[13] = np.nan  # the day after the second session
    r = aftermath.session_aftermath(pd.DataFrame({"date": days, "wellbeing": wellbeing}), sessions)
    assert r.set_index("day_after")["n_sessions"].to_dict() == {0: 3, 1: 2, 2: 3, 3: 3}
    assert not r["claimed"].any(), "the same score every day is no difference"


def test_a_date_given_twice_is_refused_with_the_date():
    days = pd.DataFrame({"date": [date(2026, 1, 1), date(2026, 1, 1)], "wellbeing": [5, 6]})
    with pytest.raises(ValueError, match="2026-01-01 is given more than once"):
        aftermath.session_aftermath(days, [])


def test_two_outcomes_share_one_error_rate_and_give_a_row_per_day_each():
    rng = np.random.default_rng(14)
    j = synthetic.journal(rng, dip=True, n_days=200)
    days = j.days.assign(energy=rng.normal(5, 1.5, len(j.days)))
    r = aftermath.session_aftermath(days, j.sessions, ["wellbeing", "energy"])
    assert len(r) == 8 and r["tested"].sum() == 8
    level = r["level"].dropna().unique()
    assert len(level) == 1, "one false-coverage level over every try"


@pytest.mark.parametrize(
    ("claimed", "sessions", "fewest", "sentence"),
    [
        (
            [(1, -1.1), (2, -0.9)],
            12,
            10,
            "In the two days after a session your wellbeing is usually about 1 point lower than "
            "your usual level, and by day 3 no difference stands out (12 sessions in these "
            "days): the stirring-up many people feel after a session.",
        ),
        (
            [(0, 1.6)],
            1,
            6,
            "On the day of a session your wellbeing is usually about 1.5 points higher than your "
            "usual level, and by day 1 no difference stands out (1 session in these days).",
        ),
        (
            [(1, -1.0), (3, 0.6)],
            9,
            8,
            "On the day after a session your wellbeing is usually about 1 point lower than "
            "your usual level; on day 3 after a session your wellbeing is usually about 0.5 "
            "points higher than your usual level (9 sessions in these days).",
        ),
        (
            [],
            1,
            1,
            "Whether your wellbeing is different in the days after a session is not clear yet "
            "(1 session in these days; each day needs 6 sessions with your wellbeing logged).",
        ),
        (
            [],
            7,
            2,
            "Whether your wellbeing is different in the days after a session is not clear yet "
            "(7 sessions in these days; on one of the four days looked at only 2 of them have "
            "your wellbeing logged, and each day needs 6).",
        ),
        (
            # A session today: its days after have not come, and 1 session is the reason.
            [],
            1,
            0,
            "Whether your wellbeing is different in the days after a session is not clear yet "
            "(1 session in these days; each day needs 6 sessions with your wellbeing logged).",
        ),
        (
            [],
            0,
            0,
            "No therapy session is logged in these days yet, so there are no days after a "
            "session to compare your wellbeing on.",
        ),
        (
            [],
            14,
            11,
            "Whether your wellbeing is different in the days after a session is not clear yet "
            "(14 sessions in these days; no day differs clearly from your usual level).",
        ),
    ],
)
def test_aftermath_sentence(claimed, sessions, fewest, sentence):
    assert aftermath_words.aftermath_sentence(claimed, "wellbeing", sessions, fewest, 6) == sentence


def test_higher_anxiety_after_a_session_is_the_harder_way_and_gets_the_normalising_words():
    sentence = aftermath_words.aftermath_sentence(
        [(1, 1.2)], "anxiety", 10, 8, 6, lower_is_better=True
    )
    assert sentence.endswith(": the stirring-up many people feel after a session.")
    calmer = aftermath_words.aftermath_sentence(
        [(1, -1.2)], "anxiety", 10, 8, 6, lower_is_better=True
    )
    assert "stirring-up" not in calmer


def test_aftermath_title_agrees_with_the_sentence():
    assert (
        aftermath_words.aftermath_title([(1, -1.2), (2, -1.0)], "wellbeing", 9)
        == "Wellbeing about 1 point lower on days 1 and 2 after a session"
    )
    assert (
        aftermath_words.aftermath_title([], "anxiety", 0)
        == "The days after a session: not clear yet (0 sessions)"
    )


@pytest.mark.parametrize(
    ("claimed", "fewest", "most", "said"),
    [
        (
            [],
            28,
            33,
            "(35 sessions in these days; your anxiety was logged on 28 to 33 of them, "
            "day by day; no day differs clearly from your usual level).",
        ),
        (
            [(1, -1.0)],
            31,
            31,
            "(35 sessions in these days; your anxiety was logged on 31 of them, day by day).",
        ),
        ([(1, -1.0)], 35, 35, "(35 sessions in these days)."),
    ],
)
def test_the_sentence_says_how_many_sessions_had_the_outcome_logged_as_the_chart_rows_do(
    claimed, fewest, most, said
):
    """Found by the new-user walk: "35 sessions in these days" beside rows of 28 to 33 sessions
    with anxiety logged. The sentence says both, so it agrees with the chart beside it."""
    sentence = aftermath_words.aftermath_sentence(
        claimed, "anxiety", 35, fewest, 6, lower_is_better=True, most_logged=most
    )
    assert sentence.endswith(said)


@pytest.mark.parametrize("seed", range(4))
def test_sessions_every_other_day_give_no_claim_on_days_that_cannot_be_told_apart(seed):
    """Sessions every other day for two months, the stretch's first and last days unlogged:
    the session's day and day 2 are the same days, and day 1 and day 3. Fitted anyway, a dip
    planted on day 1 alone was split between day 1 and day 3 and claimed on both ("day 3 after
    a session is usually lower"), at half its size."""
    rng = np.random.default_rng(seed)
    n = 120
    dates = pd.date_range(date(2026, 1, 1), periods=n, freq="D")
    wellbeing = 6 + rng.normal(0, 1.2, n)
    wellbeing[21:81:2] -= 2.0  # the day after each session
    wellbeing[[20, 21, 80, 81]] = np.nan  # the only days that would tell them apart
    sessions = [d.date() for d in dates[20:80:2]]
    r = aftermath.session_aftermath(pd.DataFrame({"date": dates, "wellbeing": wellbeing}), sessions)
    assert not r["separable"].any() and not r["tested"].any() and not r["claimed"].any()
    assert r[["difference", "low", "high"]].isna().all().all()
    said = aftermath.summary(r, "wellbeing", len(sessions))
    assert said == (
        "Whether your wellbeing is different in the days after a session is not clear yet "
        "(30 sessions in these days; your wellbeing was logged on 29 of them, day by day; the "
        "sessions came in too fixed a rhythm, such as every other day, to tell the session's "
        "day, day 1, day 2 and day 3 apart)."
    ), said


def test_a_session_stretch_whose_edges_were_logged_is_told_apart():
    """The days at the stretch's edges tell day 1 from day 3: compared as before."""
    rng = np.random.default_rng(5)
    n = 120
    dates = pd.date_range(date(2026, 1, 1), periods=n, freq="D")
    wellbeing = 6 + rng.normal(0, 1.2, n)
    sessions = [d.date() for d in dates[20:80:2]]
    r = aftermath.session_aftermath(pd.DataFrame({"date": dates, "wellbeing": wellbeing}), sessions)
    assert r["separable"].all() and r["tested"].all()


def test_sessions_every_other_day_throughout_are_said_to_be_too_regular():
    """Every day is a session's day or the day after one: there is no usual level to compare
    with, and the sentence said "no day differs clearly from your usual level"."""
    rng = np.random.default_rng(9)
    dates = pd.date_range(date(2026, 1, 1), periods=120, freq="D")
    wellbeing = 6 + rng.normal(0, 1.2, dates.size)
    sessions = [d.date() for d in dates[::2]]
    r = aftermath.session_aftermath(pd.DataFrame({"date": dates, "wellbeing": wellbeing}), sessions)
    assert not r["tested"].any()
    # The session's day and day 1 fill every day; day 2 and 3 differ from them on day 0 or 1.
    assert r["separable"].tolist() == [False, False, True, True]
    said = aftermath.summary(r, "wellbeing", len(sessions))
    assert said.endswith(
        "; the sessions came in too fixed a rhythm, such as every other day, to tell the "
        "session's day and day 1 apart)."
    ), said
    assert "usual level" not in said
