"""The session review turned into a PDF brief: what goes on the page, and in which section.

Figures and the plain summary are always in. Private text (check-in notes of notable days,
reflection answers) is put in `BriefSection.private`, which `analytics.export.brief` prints only
when the person ticks it in; the agenda, drawn from their reflections, is likewise theirs to add,
and so are the patterns of the last 90 days (`BriefContent.patterns`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import altair as alt

from analytics import goals, review, sessions, triggers
from analytics.charts.review import (
    practice_chart,
    progress_chart,
    questionnaires_in_range,
    trigger_chart,
)
from analytics.export.brief import (
    BriefChart,
    BriefChoices,
    BriefContent,
    BriefSection,
    FirstPage,
    render_brief,
)
from analytics.export.first_page import first_page
from analytics.per_version_cache import Kept
from analytics.setbacks import recovery
from analytics.text import closed_bidi, shorten
from analytics.words import brief as brief_words
from analytics.words import phrases
from analytics.words import recovery as recovery_words
from analytics.words import review as review_words


def figures(r: review.SessionReview) -> tuple[tuple[str, str], ...]:
    """The brief's figures, each with what it is out of, and its change where the period
    before can be compared."""
    w, t = r.wellbeing, r.trigger_facts
    change = w.change
    mean = "no check-ins" if w.mean is None else f"{w.mean:.1f} / 10"
    if change is not None:
        mean += f" ({w.shown_change:+.1f})"
    recovered = r.setbacks[~r.setbacks["ongoing"]] if len(r.setbacks) else r.setbacks
    if not r.setbacks_measured:
        setbacks = "not yet"
    else:
        setbacks = str(len(r.setbacks))
        setbacks += recovery_words.figure(recovery(recovered["recovery_days"]))
        if len(recovered) < len(r.setbacks):
            setbacks += " (still going on)" if len(r.setbacks) == 1 else ", 1 still going on"
    triggers_figure = f"{t.new_skill:,} of {t.total:,}"
    if t.previous_total >= triggers.MIN_FOR_PATTERN and t.total >= triggers.MIN_FOR_PATTERN:
        triggers_figure += f" (before: {t.previous_new_skill:,} of {t.previous_total:,})"
    return (
        ("Mean wellbeing", mean),
        ("Setbacks", setbacks),
        ("Triggers met with a new skill", triggers_figure),
        ("Days with a practice", phrases.n_of(r.practised_days, r.choice.period.days)),
    )


def ongoing_setback_line(r: review.SessionReview) -> str | None:
    """For page 1: the setback still going on, in the brief's voice ("Since 28 Nov my
    wellbeing has been about 2.4 points below my usual level, still going on."), or None."""
    return r.ongoing_text(phrases.ME)


def aftermath_lines(r: review.SessionReview) -> tuple[str, ...]:
    """The days after a session, in the brief's voice: the Patterns page's sentence for the
    same `review.PATTERN_DAYS` days (one analysis, `aftermath.aftermath_view`), with its
    number of sessions; "not clear yet" when nothing is claimed."""
    view = r.aftermath_view
    if view is None:
        return ()
    return (brief_words.aftermath_line(view.looked_at.label(), view.sentence(phrases.ME)),)


def _with_aftermath(page: FirstPage, r: review.SessionReview) -> FirstPage:
    """Page 1's sessions line followed by the days after a session (`aftermath_lines`)."""
    return replace(page, sessions=" ".join((page.sessions, *aftermath_lines(r))))


TREND_EXPLAINED = (
    "In the wellbeing chart, dots are daily averages and the bold line is the trend: a smooth "
    "line through them that a few low days do not pull down. Shaded bands are setbacks, "
    "stretches well below that trend; dashed lines are therapy sessions."
)
"""Said once in the brief, beside the chart, rather than in every subtitle."""


def _chart(
    drawn: Mapping[str, alt.TopLevelMixin], key: str, build, r: review.SessionReview
) -> alt.TopLevelMixin:
    return drawn[key] if key in drawn else build(r)


def brief_content(
    r: review.SessionReview,
    agenda: tuple[str, ...] | None = None,
    name: str = "",
    drawn: Mapping[str, alt.TopLevelMixin] | None = None,
) -> BriefContent:
    """The brief for a review. `agenda` is the person's edited list (default: from reflections).

    `drawn` hands over charts of this same review already built (keys "wellbeing", "triggers",
    "practice", from `progress_chart`, `trigger_chart`, `practice_chart`), so a page that shows
    them does not build each one twice on every rerun; any chart not handed over is built here.
    The questionnaires are always drawn here, side by side for the page of A4.

    A review kept by `review.session_review` (it has a `key`) gets its brief kept too, per
    name and charts handed over: the page asks for it on every rerun, only the agenda changes.
    """
    drawn = drawn or {}
    if r.key:
        kept = _CONTENTS.get((r.key, name, tuple(sorted(drawn))), lambda: _content(r, name, drawn))
    else:
        kept = _content(r, name, drawn)
    return replace(kept, agenda=tuple(agenda if agenda is not None else r.agenda))


_CONTENTS: Kept[BriefContent] = Kept(8)


def _content(
    r: review.SessionReview, name: str, drawn: Mapping[str, alt.TopLevelMixin]
) -> BriefContent:
    me = phrases.ME
    dates = review_words.chart_dates(r.choice.period)
    wellbeing_lines = [
        review_words.wellbeing_sentence(r.wellbeing).capitalize(),
        r.setback_text(me),
        # Where the review page says it, and the same sentences: the period's mean sleep
        # against the period before, with the nights of each (`review.SessionReview.sleep_lines`).
        *r.sleep_lines(me),
    ]
    for row in r.setbacks.itertuples():
        wellbeing_lines.append(brief_words.setback_line(row.start, row.label, row.depth))
    wellbeing_lines.append(review_words.notable_sentence(r.notable_days, r.wellbeing.check_in_days))
    notable_private = []
    # Days tied at one end are named together, in one line: "Highest wellbeing (tied): Fri 20
    # Nov and Sun 29 Nov (8.0)".
    for label, group in r.notable_days.groupby("label", sort=False):
        days = phrases.join(f"{day:%a %-d %b}" for day in group["date"])
        wellbeing_lines.append(f"{label}: {days} ({group['wellbeing'].iloc[0]:.1f}).")
    for row in r.notable_days.itertuples():
        line = f"{row.label}: {row.date:%a %-d %b} ({row.wellbeing:.1f})"
        if row.notes:
            notable_private.append(f"{line}: {shorten(row.notes, 400)}")
    has_check_ins = r.wellbeing.check_in_days > 0
    if has_check_ins and r.setbacks_measured:  # explained only where a trend line is drawn
        wellbeing_lines.append(TREND_EXPLAINED)
    sections = [
        BriefSection(
            "Wellbeing",
            tuple(wellbeing_lines),
            tuple(notable_private),
            BriefChart(
                brief_words.wellbeing_chart_heading(dates),
                _chart(drawn, "wellbeing", progress_chart, r),
            )
            if has_check_ins
            else None,
        ),
        BriefSection(
            "Triggers",
            (r.trigger_text(me),),
            chart=BriefChart(
                brief_words.trigger_chart_heading(dates),
                _chart(drawn, "triggers", trigger_chart, r),
            )
            if r.trigger_facts.total
            else None,
        ),
        BriefSection(
            "Practice",
            tuple(_practice_lines(r)),
            chart=BriefChart(
                brief_words.practice_chart_heading(dates),
                _chart(drawn, "practice", practice_chart, r),
            )
            if r.practice_days
            else None,
        ),
    ]
    if r.measures:
        sections.append(questionnaire_section(r))
    if r.tasks is not None:
        sections.append(task_section(r.tasks))
    if r.goals:
        sections.append(goal_section(r))
    reflections = _reflection_lines(r)
    if reflections:
        sections.append(
            BriefSection(
                "From my reflections",
                (brief_words.reflections_written(len(r.reflections)),),
                tuple(reflections),
            )
        )
    return BriefContent(
        period=r.choice.period,
        summary=r.summary_in(me),
        figures=figures(r),
        sections=tuple(sections),
        compared_with=r.choice.previous,
        name=name,
        patterns=pattern_lines(r),
        patterns_heading=brief_words.patterns_heading(review.PATTERN_DAYS, r.choice.period.end),
        patterns_note=PATTERNS_NOTE,
        first_page=_with_aftermath(first_page(r, ongoing_setback=ongoing_setback_line(r)), r),
    )


def questionnaire_section(r: review.SessionReview) -> BriefSection:
    """The latest score of each questionnaire, its band and its changes since the previous and
    the first response; PHQ-9 item 9 in `safety` (in unless the person takes it out)."""
    # The NHS Talking Therapies outcome (PHQ-9 and GAD-7 together) heads page 1's box; here
    # each measure's own words.
    lines, safety = [], []
    for latest in r.measures:
        lines.extend(latest.lines(phrases.ME))
        if (item_9 := latest.item_9_line()) is not None:
            safety.append(item_9)
    lines.extend(r.difficulties)
    # Drawn again side by side, not taken from the page (stacked for a phone, the panels would
    # fill an A4 page of their own), and only when the PDF is made.
    shown = r.measure_range
    return BriefSection(
        "Questionnaires",
        tuple(lines),
        safety=tuple(safety),
        chart=BriefChart(
            f"Questionnaires, {shown.label()}",
            lambda: questionnaires_in_range(r.measure_stories, shown, side_by_side=True),
        )
        if shown is not None and any(story.n for story in r.measure_stories)
        else None,
    )


def goal_section(r: review.SessionReview) -> BriefSection:
    """My goals (GBO), each named "Goal 1"...: one line each (first and latest rating, how many
    ratings, where it stands; page 1's box has the overview), and the table of ratings at the
    latest `review.GOAL_TABLE_ROWS` sessions (`goals.ratings_by_session`: a goal's rating on the
    session's day, or else its latest since the session before). The goals' own words are the person's typed text, so they are private lines:
    printed only when private text is ticked in, as "Goal 1: ...", so the names above can be
    read against them."""
    # The overview is page 1's (`first_page.goal_lines`); here the table, kept short (the brief
    # is five pages of A4 at most), and a short line only for a goal the table leaves out (not
    # rated yet) or for every goal when there is no table (no session since the first rating).
    lines = tuple(goals.short_line(story) for story in r.goals if not r.goal_table or story.n == 0)
    private = tuple(story.titled() for story in r.goals)
    # No chart here: the table carries the ratings session by session (the Goals page draws
    # the chart).
    return BriefSection(
        "Goals",
        lines,
        private,
        table=goals.with_change_row(r.goal_table, r.goals),
        table_note=f"{goals.BY_SESSION_RULE} {goals.CHANGE_ROW_NOTE}" if r.goal_table else "",
    )


PATTERNS_NOTE = "These show what went together, not what caused what."


def pattern_lines(r: review.SessionReview) -> tuple[str, ...]:
    """The claimed patterns, one sentence each, speaking as the person; empty when none is
    claimed, so the brief never holds an empty Patterns section."""
    return tuple(r.pattern_lines(phrases.ME))


def _practice_lines(r: review.SessionReview) -> list[str]:
    lines = [r.practice_text()]
    # Every practice listed, a stopped one too ("0 days (target 6)"): none is dropped.
    for row in r.practices.itertuples():
        streak = (
            f"; streak {phrases.count(int(row.streak), row.unit)}, {row.streak_status}"
            if row.streak_status
            else ""
        )
        # "4 days (target 3)", never "4 of 3 days"
        lines.append(
            f"{closed_bidi(row.practice)}: {phrases.count(int(row.done_days), 'day')} "
            f"(target {row.expected_days:,}){streak}."
        )
    return lines


def task_section(facts: sessions.TaskFacts) -> BriefSection:
    """The tasks agreed in the session the period starts with: the counts always (figures),
    each task in my words only when ticked in (private, as reflections are)."""
    return BriefSection(
        "Tasks agreed in session",
        (sessions.task_sentence(facts),),
        tuple(sessions.task_lines(facts)),
    )


REFLECTION_LABELS = {
    "noticing": "What I am noticing",
    "tried_new": "Tried something new",
    "hard_learned": "Hard, and what I learned",
    "stirred_up": "What got stirred up",
    "free_text": "Anything else",
}
"""Every answer of a reflection, in the brief's voice, in the order of the Log page's prompts.
"What do I bring to my next session?" is the agenda, ticked in on its own."""


def _reflection_lines(r: review.SessionReview) -> list[str]:
    """Every answer of every reflection in the period (private: printed only when ticked in)."""
    lines = []
    for row in r.reflections.itertuples():
        for field, label in REFLECTION_LABELS.items():
            answer = getattr(row, field, None)
            if isinstance(answer, str) and answer.strip():
                lines.append(f"{label} ({row.day:%-d %b}): {shorten(answer, 400)}")
    return lines


def session_brief_pdf(
    r: review.SessionReview,
    choices: BriefChoices,
    agenda: tuple[str, ...] | None = None,
    made_on: date | None = None,
    password: str | None = None,
) -> bytes:
    """The brief for a review as PDF bytes; with a `password`, AES-256 encrypted (see `render_brief`)."""
    return render_brief(brief_content(r, agenda), choices, made_on=made_on, password=password)
