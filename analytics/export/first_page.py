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
from analytics.words import phrases

TABLE_HEADINGS = ("Session", "PHQ-9", "GAD-7", "WHO-5", ITEM_9_COLUMN, "Wellbeing (7 days)")
NONE = "–"


def score_lines(r: review.SessionReview) -> tuple[str, ...]:
    """ "PHQ-9: 17 of 27, moderately severe (3 Dec 2026)", one per questionnaire answered."""
    if not r.measures:
        return ("No questionnaire answered yet.",)
    return tuple(
        f"{s.measure.name}: {phrases.n_of(s.total, s.measure.max_total)}, {s.band} "
        f"({s.day:%-d %b %Y})"
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
        lines.append(f"{s.measure.name} since {day:%-d %b %Y}: {said}, {total:,} → {s.total:,}.")
    if not lines:
        start = f" ({r.course_start:%-d %b %Y})" if r.course_start else ""
        return (f"No change to compare yet: fewer than 2 responses since the course began{start}.",)
    return tuple(lines)


def item_9_lines(r: review.SessionReview) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(plain lines, safety lines): every PHQ-9 of the period's item 9 is safety-relevant; a
    period without a PHQ-9 says so plainly."""
    if r.risk is None or r.risk.phq9s == 0:
        return ("No PHQ-9 in this period, so item 9 was not asked.",), ()
    return (), tuple(r.risk.lines(phrases.ME))


MAX_NAMED = 6
"""Sessions and practices named in the box; past this many sessions, a count, the first and
the latest; past this many practices, how many more (all are in the Practice section)."""


def session_line(r: review.SessionReview) -> str:
    days = r.sessions_in_period
    if not days:
        return "No therapy session in this period."
    if len(days) > MAX_NAMED:
        return (
            f"{phrases.count(len(days), 'therapy session')} in this period, the first on "
            f"{days[0]:%-d %b %Y} and the latest on {days[-1]:%-d %b %Y}."
        )
    named = phrases.join(f"{d:%-d %b}" for d in days)
    return f"{phrases.count(len(days), 'therapy session')} in this period ({named})."


def practice_line(r: review.SessionReview) -> str:
    """Days done against the days the weekly target agreed for the period, per practice."""
    p = r.practices
    if p.empty:
        return "Practices: none logged in this period."
    # "5 days (4 agreed)", never "5 of 4": done can pass what was agreed.
    parts = [
        f"{row.practice} {phrases.count(int(row.done_days), 'day')} ({int(row.expected_days)} agreed)"
        for row in p.head(MAX_NAMED).itertuples()
    ]
    if len(p) > MAX_NAMED:  # every one is in the Practice section
        parts.append(f"{len(p) - MAX_NAMED:,} more in the Practice section")
    met = int(p["met"].sum())
    return (
        f"Practices, days done against the days agreed by their weekly targets: "
        f"{'; '.join(parts)}; {phrases.n_of(met, len(p))} met the target."
    )


def _total(value: object, measure: str) -> str:
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
            else f"{row.wellbeing:.1f} ({phrases.count(int(row.check_in_days), 'day')})"
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
    start = r.course_start
    since = f" since the course began ({start:%-d %b %Y})" if start else ""
    rows = table_rows(r.session_table)
    return FirstPage(
        scores=score_lines(r),
        change=change_lines(r) + plain,
        safety=item_9,
        ongoing_setback=ongoing_setback,
        sessions=session_line(r),
        practices=practice_line(r),
        goals=goal_lines(r),
        table_heading=f"Session by session{since}" + ("" if rows else ": no session logged yet"),
        table=rows,
        table_note=(
            f"Each questionnaire is the latest answered in the {DUE_AFTER_DAYS} days up to the "
            "session (a row marked (end): up to the period's end), with its band; wellbeing is "
            "the mean of daily wellbeing (0-10) over the 7 days up to it, with the days that had "
            "a check-in."
            if rows
            else ""
        ),
        table_note_item_9=f"Item 9 is the highest answer of those {DUE_AFTER_DAYS} days."
        if rows
        else "",
    )
