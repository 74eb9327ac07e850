"""Page 1 of the brief for a clinician: the box of what matters most and the session-by-session
table, built from a session review (`review.SessionReview`) in the person's voice.

The box holds the latest PHQ-9, GAD-7 and WHO-5 with band and date; the change since the course
of therapy began with the NHS Talking Therapies paired outcome first (`measures.paired_change`);
every PHQ-9 item 9 answer above 0 in the period with the highest (safety-relevant: in unless the
person takes it out); an ongoing setback when one is given (`ongoing_setback`, a sentence the
wellbeing analysis provides); the sessions in the period; and the practices' days done against
the days their weekly targets agreed; and how many goals are closer than at their first rating
(the goals' words are never in the box). Nothing here reassures or interprets: it states.
"""

from __future__ import annotations

import pandas as pd

from analytics import goals, outcomes, review, safety
from analytics.export.brief import ITEM_9_COLUMN, FirstPage
from analytics.measures import DUE_AFTER_DAYS, MEASURES
from analytics.words import first_page as words
from analytics.words.phrases import ME

TABLE_HEADINGS = ("Session", "PHQ-9", "GAD-7", "WHO-5", ITEM_9_COLUMN, "Wellbeing (7 days)")
NONE = "–"


def score_lines(r: review.SessionReview) -> tuple[str, ...]:
    """ "PHQ-9: 17 of 27, moderately severe (3 Dec 2026)", one per questionnaire answered."""
    if not r.measures:
        return (words.NO_SCORES,)
    return tuple(
        words.score_line(s.measure.name, s.total, s.measure.max_total, s.band, s.day)
        for s in r.measures
    )


def change_lines(r: review.SessionReview) -> tuple[str, ...]:
    """The paired outcome where PHQ-9 and GAD-7 both have a change, then each measure's own
    change since the first response of the course."""
    lines = list(r.course.lines()) if r.course is not None else []
    for s in r.measures:
        if s.first is None:
            continue
        day, total, outcome = s.first
        said = outcomes.outcome_words(s.measure.key, outcome)
        lines.append(words.measure_change(s.measure.name, day, said, total, s.total))
    if not lines:
        return (words.no_change_yet(r.course_start),)
    return tuple(lines)


def item_9_lines(r: review.SessionReview) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(plain lines, safety lines): every PHQ-9 of the period's item 9 is safety-relevant; a
    period without a PHQ-9 says so plainly."""
    if r.risk is None or r.risk.phq9s == 0:
        return (words.NO_ITEM_9,), ()
    return (), tuple(r.risk.lines(ME))


MAX_NAMED = 6
"""Sessions and practices named in the box; past this many sessions, a count, the first and
the latest; past this many practices, how many more (all are in the Practice section)."""


def session_line(r: review.SessionReview) -> str:
    return words.sessions_in_period(r.sessions_in_period, MAX_NAMED)


def practice_line(r: review.SessionReview) -> str:
    """Days done against the days the weekly target agreed for the period, per practice."""
    p = r.practices
    named = [
        (str(row.practice), int(row.done_days), int(row.expected_days))
        for row in p.head(MAX_NAMED).itertuples()
    ]
    # Every one past those named is in the Practice section.
    more = max(len(p) - MAX_NAMED, 0)
    return words.practices_against_targets(named, more, int(p["met"].sum()) if len(p) else 0)


def _total(value: float | None, measure: str) -> str:
    """A total of the session table (NaN or None: no response in the window) and its band."""
    if value is None or pd.isna(value):
        return NONE
    m = MEASURES[measure]
    return f"{int(value)} {m.band_of(int(value))}"


def table_rows(frame: pd.DataFrame | None) -> tuple[tuple[str, ...], ...]:
    """The session-by-session table: headings, then one row per session."""
    if frame is None or frame.empty:
        return ()
    rows = [TABLE_HEADINGS]
    for row in frame.itertuples():
        item_9 = NONE if pd.isna(row.item_9) else safety_word(int(row.item_9))
        wellbeing = (
            NONE
            if pd.isna(row.wellbeing)
            else words.wellbeing_cell(row.wellbeing, int(row.check_in_days))
        )
        day = f"{pd.Timestamp(row.day):%-d %b %Y}"
        rows.append(
            (
                day if row.session else f"{day} (end)",
                _total(row.phq9, "phq9"),
                _total(row.gad7, "gad7"),
                _total(row.who5, "who5"),
                item_9,
                wellbeing,
            )
        )
    return tuple(rows)


def safety_word(answer: int) -> str:
    return "not at all" if answer == 0 else safety.HOW_OFTEN[answer]


def goal_lines(r: review.SessionReview) -> tuple[str, ...]:
    """The goals in one line for the box (how many, how many are closer than at their first
    rating; each goal's own line and its ratings session by session are in the Goals
    section); empty when there are no goals."""
    return (goals.overview(r.goals),) if r.goals else ()


def first_page(r: review.SessionReview, ongoing_setback: str | None = None) -> FirstPage:
    """Page 1's box and table for a review. `ongoing_setback`: the sentence about a setback
    still going on (from the wellbeing analysis), None when there is none to say."""
    plain, item_9 = item_9_lines(r)
    rows = table_rows(r.session_table)
    return FirstPage(
        scores=score_lines(r),
        change=change_lines(r) + plain,
        safety=item_9,
        ongoing_setback=ongoing_setback,
        sessions=session_line(r),
        practices=practice_line(r),
        goals=goal_lines(r),
        table_heading=words.table_heading(r.course_start, bool(rows)),
        table=rows,
        table_note=words.table_note(DUE_AFTER_DAYS) if rows else "",
        table_note_item_9=words.table_note_item_9(DUE_AFTER_DAYS) if rows else "",
    )
