"""The session review turned into a PDF brief: what goes on the page, and in which section.

Figures and the plain summary are always in. Private text (check-in notes of notable days,
reflection answers) is put in `BriefSection.private`, which `analytics.export.brief` prints only
when the person ticks it in; the agenda, drawn from their reflections, is likewise theirs to add.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt

from analytics import review, triggers
from analytics.charts import progress as progress_charts
from analytics.charts import review as review_charts
from analytics.charts import triggers as trigger_charts
from analytics.export.brief import (
    BriefChart,
    BriefChoices,
    BriefContent,
    BriefSection,
    render_brief,
)
from analytics.text import shorten


def figures(r: review.SessionReview) -> tuple[tuple[str, str], ...]:
    w, t = r.wellbeing, r.triggers
    change = w.change
    mean = "no check-ins" if w.mean is None else f"{w.mean:.1f} / 10"
    if change is not None:
        mean += f" ({change:+.1f})"
    recovered = r.setbacks[~r.setbacks["ongoing"]] if len(r.setbacks) else r.setbacks
    setbacks = str(len(r.setbacks))
    if len(recovered):
        setbacks += f", back in {int(recovered['recovery_days'].median())} d"
    practised = r.practice_days
    return (
        ("Mean wellbeing", mean),
        ("Setbacks", setbacks),
        ("Triggers met with a new skill", f"{t.new_skill} of {t.total}"),
        ("Practice days", str(practised)),
    )


def progress_chart(r: review.SessionReview):
    view = r.progress
    return progress_charts.progress_chart(
        view.points,
        view.trend,
        view.setbacks,
        view.sessions,
        title=view.summary.headline if view.has_trend else "Wellbeing in this period",
        subtitle="Daily averages; shaded bands are setbacks, dashed lines therapy sessions",
    )


def trigger_chart(r: review.SessionReview):
    return trigger_charts.frequency_chart(
        triggers.frequency(r.trigger_counts), "week", list(r.trigger_categories) or None
    )


def practice_chart(r: review.SessionReview):
    return review_charts.practice_targets_chart(r.practices)


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
    """
    drawn = drawn or {}
    wellbeing_lines = [
        review.wellbeing_sentence(r.wellbeing).capitalize(),
        review.setback_sentence(r.setbacks),
    ]
    for row in r.setbacks.itertuples():
        wellbeing_lines.append(
            f"Setback from {row.start:%-d %b}: {row.label}, {row.depth:.1f} points below trend at its lowest."
        )
    notable_private = []
    for row in r.notable_days.itertuples():
        line = f"{'Hardest' if row.kind == 'hardest' else 'Best'} day, {row.date:%a %-d %b} (wellbeing {row.wellbeing:.1f})"
        wellbeing_lines.append(line + ".")
        if row.notes:
            notable_private.append(f"{line}: {shorten(row.notes, 400)}")
    sections = [
        BriefSection(
            "Wellbeing",
            tuple(wellbeing_lines),
            tuple(notable_private),
            BriefChart("Wellbeing and setbacks", _chart(drawn, "wellbeing", progress_chart, r)),
        ),
        BriefSection(
            "Triggers",
            (review.trigger_sentence(r.triggers),),
            chart=BriefChart("Triggers per week", _chart(drawn, "triggers", trigger_chart, r))
            if r.triggers.total
            else None,
        ),
        BriefSection(
            "Practice",
            tuple(_practice_lines(r)),
            chart=BriefChart(
                "Practice against targets", _chart(drawn, "practice", practice_chart, r)
            )
            if r.practice_days
            else None,
        ),
    ]
    reflections = _reflection_lines(r)
    if reflections:
        sections.append(
            BriefSection(
                "From my reflections",
                (f"{len(r.reflections)} reflections written in this period.",),
                tuple(reflections),
            )
        )
    return BriefContent(
        period=r.choice.period,
        summary=r.summary,
        figures=figures(r),
        sections=tuple(sections),
        agenda=tuple(agenda if agenda is not None else r.agenda),
        compared_with=r.choice.previous,
        name=name,
    )


def _practice_lines(r: review.SessionReview) -> list[str]:
    lines = [review.practice_sentence(r.practices)]
    for row in r.practices.itertuples():
        if row.done_days == 0 and not row.streak_status:
            continue
        streak = (
            f"; streak {row.streak} {row.unit}{'s' if row.streak != 1 else ''}, {row.streak_status}"
            if row.streak_status
            else ""
        )
        lines.append(f"{row.practice}: {row.done_days} of {row.expected_days} days{streak}.")
    return lines


def _reflection_lines(r: review.SessionReview) -> list[str]:
    lines = []
    for row in r.reflections.itertuples():
        if row.tried_new:
            lines.append(f"Tried something new ({row.day:%-d %b}): {shorten(row.tried_new, 400)}")
        if row.hard_learned:
            lines.append(
                f"Hard, and what I learned ({row.day:%-d %b}): {shorten(row.hard_learned, 400)}"
            )
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
