"""The Measures chart: a questionnaire's scores over time on its severity bands, with every
reliable change marked, above the wellbeing trend for context."""

from __future__ import annotations

import textwrap
from datetime import date

import altair as alt
import pandas as pd

from analytics import theme
from analytics.measures import Measure
from analytics.outcomes import outcome_words

WIDTH = 270
"""The plot's width: with its axis it fits a 360 px phone (a vconcat keeps its own size)."""
BRIEF_HEIGHT = 140
"""A panel's height in the brief (two across), in px."""
LABEL_SIZE = 11
"""Band names and the cut-off's label, in px: at the brief's scale (two panels across A4) still
7 pt or more."""
TITLE_CHARACTERS = 40
"""Characters in one line of the title, so a long finding wraps within the chart's width."""
MARKERS = {
    "previous": (
        "Reliable improvement from the previous response",
        "diamond",
        130,
        theme.IMPROVEMENT_MARK,
    ),
    # A worsening has its own shape and colour: told apart from an improvement by either.
    "worse": (
        "Reliable worsening from the previous response",
        "triangle-down",
        150,
        theme.WORSENING_MARK,
    ),
    "first": ("Reliable change from the first of the course", "circle", 260, theme.CHANGE_MARK),
}
MARKERS_SAID = (
    "green diamonds (better), orange triangles (worse) and purple rings (since the first of the "
    "course) mark reliable changes"
)
"""The markers in words, under a chart's title: the legend names the shapes, this the colours."""
CUT_OFF_AT = {"phq9": 10, "gad7": 8, "who5": 50}
"""Where the clinical cut-off line is drawn: PHQ-9 10 and GAD-7 8 (a score there or above is a
"case" in NHS Talking Therapies), WHO-5 50 (below it the WHO-5 guidance suggests further
assessment; on the scale's steps of 4, 48 is below it and 52 above)."""


def _wrap(text: str, width: int) -> list[str]:
    """Lines of a title: broken between words, never inside "PHQ-9" or "cut-off"."""
    return textwrap.wrap(text, width, break_on_hyphens=False)


def _bands(m: Measure) -> pd.DataFrame:
    """Each band from its low to the next band's low (WHO-5's bands leave steps of 4 between them)."""
    lows = [b.low for b in m.bands] + [m.max_total]
    # Shades run from the mildest band to the most severe: WHO-5's best band is its highest.
    shades = theme.MEASURE_BANDS[: len(m.bands)]
    if not m.lower_is_better:
        shades = list(reversed(shades))
    return pd.DataFrame(
        {
            "band": [b.name for b in m.bands],
            "shade": shades,
            "low": lows[:-1],
            "high": lows[1:],
            "range": [f"{b.low}–{b.high}" for b in m.bands],
            "middle": [(a + b) / 2 for a, b in zip(lows[:-1], lows[1:], strict=True)],
        }
    )


def _markers(responses: pd.DataFrame, measure: str = "phq9") -> pd.DataFrame:
    """A diamond at every reliable improvement from the previous response (a triangle pointing
    down at a reliable worsening); a ring where a reliable
    change from the first response begins or turns into another outcome, and at the range's
    first response when one holds there (a ring on every point after would hide the line)."""
    rows = []
    before = None
    for row in responses.itertuples():
        day = pd.Timestamp(row.day)
        if _reliable(row.change_previous):
            worse = row.change_previous == "reliable deterioration"
            label, _, _, colour = MARKERS["worse" if worse else "previous"]
            said = outcome_words(measure, row.change_previous)
            rows.append(
                {"day": day, "total": row.total, "kind": label, "outcome": said, "colour": colour}
            )
        if _reliable(row.change_first) and row.change_first != before:
            label, _, _, colour = MARKERS["first"]
            said = outcome_words(measure, row.change_first)
            rows.append(
                {"day": day, "total": row.total, "kind": label, "outcome": said, "colour": colour}
            )
        before = row.change_first if isinstance(row.change_first, str) else None
    return pd.DataFrame(rows, columns=["day", "total", "kind", "outcome", "colour"])


def _reliable(outcome: object) -> bool:
    return isinstance(outcome, str) and outcome != "no reliable change"


def _x_scale(start: date, end: date) -> alt.Scale:
    # A few pixels of room at each end: a response on the range's first or last day (often
    # today) is drawn whole, with its marker, instead of cut in half by the plot's edge.
    return alt.Scale(
        domain=[pd.Timestamp(start).isoformat(), pd.Timestamp(end).isoformat()], padding=12
    )


def _frames(stories_data: list[tuple[Measure, pd.DataFrame]]) -> tuple[pd.DataFrame, ...]:
    """The points, bands and markers of every measure in three frames with a `measure` column:
    panels filter one shared dataset each instead of sending (and converting) one per layer."""
    points, bands, markers = [], [], []
    for m, responses in stories_data:
        points.append(
            responses[["day", "total", "band"]].assign(
                day=pd.to_datetime(responses["day"]), measure=m.key
            )
        )
        bands.append(_bands(m).assign(measure=m.key))
        markers.append(_markers(responses, m.key).assign(measure=m.key))
    return (
        pd.concat(points, ignore_index=True),
        pd.concat(bands, ignore_index=True),
        pd.concat(markers, ignore_index=True),
    )


def score_panel(
    m: Measure,
    responses: pd.DataFrame,
    start: date,
    end: date,
    *,
    title: str = "",
    legend: bool | None = None,
    frames: tuple[pd.DataFrame, ...] | None = None,
    height: int = 200,
) -> alt.LayerChart:
    """Scores as a line with points on soft severity bands (each labelled with its name), a
    diamond at every reliable change from the previous response and a ring where one from the
    first begins (`_markers`). `responses`: day, total, band, change_previous, change_first.
    `legend`: show the markers' legend (default: when this panel draws a marker). `frames`:
    the shared `_frames` of a chart of several measures (this panel filters its own)."""
    points, bands, markers = frames or _frames([(m, responses)])
    mine = alt.datum.measure == m.key
    x = alt.X(
        "day:T", title=None, scale=_x_scale(start, end), axis=alt.Axis(tickMinStep=theme.DAY_MS)
    )
    y_scale = alt.Scale(domain=[0, m.max_total], nice=False)
    band_base = alt.Chart(bands).transform_filter(mine)
    band_layer = band_base.mark_rect(opacity=1).encode(
        y=alt.Y(
            "low:Q",
            scale=y_scale,
            title=f"{m.name} score (0-{m.max_total})",
            axis=theme.WHOLE_NUMBERS,
        ),
        y2="high:Q",
        # The shade itself (no scale): the markers' colours are the chart's one colour scale.
        color=alt.Color("shade:N", scale=None),
        tooltip=[alt.Tooltip("band:N", title="Band"), alt.Tooltip("range:N", title="Scores")],
    )
    band_labels = band_base.mark_text(
        align="right", baseline="middle", dx=-4, fontSize=LABEL_SIZE, color=theme.BAND_TEXT
    ).encode(y=alt.Y("middle:Q", scale=y_scale), x=alt.value(WIDTH), text="band:N")
    tooltip = [
        alt.Tooltip("day:T", title="Answered"),
        alt.Tooltip("total:Q", title="Score"),
        alt.Tooltip("band:N", title="Band"),
    ]
    # One layer for the line and its points (an overlay), one for every marker: each layer
    # costs its share of the spec's checks on every rerun.
    line = (
        alt.Chart(points)
        .transform_filter(mine)
        .mark_line(
            color=theme.MEASURE_LINE,
            strokeWidth=2.5,
            clip=True,
            point=alt.OverlayMarkDef(
                color=theme.MEASURE_LINE, size=45, opacity=1, stroke="#ffffff", strokeWidth=1
            ),
        )
        .encode(x=x, y=alt.Y("total:Q", scale=y_scale, axis=theme.WHOLE_NUMBERS), tooltip=tooltip)
    )
    kinds = [label for label, _, _, _ in MARKERS.values()]
    cut = CUT_OFF_AT[m.key]
    cut_base = alt.Chart(pd.DataFrame({"cut": [cut], "label": [f"cut-off {cut}"]}))
    cut_rule = cut_base.mark_rule(
        color=theme.CUT_OFF_RULE, strokeDash=[5, 3], strokeWidth=1.5
    ).encode(
        y=alt.Y("cut:Q", scale=y_scale, axis=theme.WHOLE_NUMBERS),
        tooltip=[alt.Tooltip("label:N", title="Clinical cut-off")],
    )
    # Above the line on the left, clear of the band names on the right.
    cut_label = cut_base.mark_text(
        align="left", baseline="bottom", dx=3, dy=-2, fontSize=LABEL_SIZE, color=theme.CUT_OFF_RULE
    ).encode(
        y=alt.Y("cut:Q", scale=y_scale, axis=theme.WHOLE_NUMBERS), x=alt.value(0), text="label:N"
    )
    # A legend only when a marker is drawn: an empty one would puzzle.
    shown = bool((markers["measure"] == m.key).any()) if legend is None else legend
    marker_legend = (
        alt.Legend(title=None, columns=1, labelLimit=WIDTH, symbolStrokeWidth=2) if shown else None
    )
    # A diamond, a triangle and a larger ring, open, told apart by shape and size as well as
    # colour (green better, orange worse, purple since the first).
    marker_layer = (
        alt.Chart(markers)
        .transform_filter(mine)
        .mark_point(strokeWidth=2.5, opacity=1, filled=False)
        .encode(
            x=x,
            y=alt.Y("total:Q", scale=y_scale, axis=theme.WHOLE_NUMBERS),
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[s for _, s, _, _ in MARKERS.values()]),
                legend=marker_legend,
            ),
            size=alt.Size(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[z for _, _, z, _ in MARKERS.values()]),
                legend=marker_legend,
            ),
            # The colour itself (no scale): a colour scale beside shape and size splits the
            # legend in two; the legend names each shape, and the colour repeats it.
            color=alt.Color("colour:N", scale=None),
            tooltip=[
                alt.Tooltip("day:T", title="Answered"),
                alt.Tooltip("kind:N", title="Marker"),
                alt.Tooltip("outcome:N", title="Outcome"),
            ],
        )
    )
    panel = alt.layer(band_layer, band_labels, cut_rule, cut_label, line, marker_layer).properties(
        width=WIDTH, height=height
    )
    if title:
        panel = panel.properties(title=alt.Title(_wrap(title, TITLE_CHARACTERS + 6), fontSize=13))
    return panel


def context_panel(wellbeing: pd.DataFrame, start: date, end: date, title: str) -> alt.Chart:
    """Weekly mean wellbeing on the same days, for context. `wellbeing`: date, value."""
    data = wellbeing.assign(date=pd.to_datetime(wellbeing["date"]))
    return (
        alt.Chart(data)
        # Clipped: a week that began before the range keeps its point off the axis.
        .mark_line(color=theme.POINTS, strokeWidth=2, point=alt.OverlayMarkDef(size=14), clip=True)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=_x_scale(start, end),
                axis=alt.Axis(tickMinStep=theme.DAY_MS),
            ),
            y=alt.Y("value:Q", title="Wellbeing (0-10)", scale=alt.Scale(domain=[0, 10])),
            tooltip=[
                alt.Tooltip("date:T", title="Week of"),
                alt.Tooltip("value:Q", title="Mean wellbeing", format=".1f"),
            ],
        )
        .properties(
            width=WIDTH,
            height=90,
            title=alt.Title(_wrap(title, TITLE_CHARACTERS + 8), fontSize=13, fontWeight=500),
        )
    )


def measure_chart(
    m: Measure,
    responses: pd.DataFrame,
    wellbeing: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    start: date,
    end: date,
    wellbeing_title: str,
) -> alt.VConcatChart:
    """One measure's `score_panel` above its `context_panel`, titled with the finding."""
    return alt.vconcat(
        score_panel(m, responses, start, end),
        context_panel(wellbeing, start, end, wellbeing_title),
        spacing=18,
        title=alt.Title(
            _wrap(title, TITLE_CHARACTERS),
            subtitle=_wrap(subtitle, TITLE_CHARACTERS + 8) if subtitle else alt.Undefined,
        ),
    )


def stories_chart(
    stories, start: date, end: date, *, title: str, subtitle: str, side_by_side: bool = False
) -> alt.VConcatChart | alt.ConcatChart:
    """Every questionnaire of the review in one chart: a `score_panel` each, titled with its
    finding (one chart, so one spec to check on a rerun; the review's own wellbeing chart is
    the context, just above it). Stacked for a screen of any width; `side_by_side` for the A4
    brief, where three stacked panels would fill a page of their own."""
    drawn = [story for story in stories if story.n]
    frames = _frames([(story.measure, story.responses) for story in drawn])
    any_marker = len(frames[2]) > 0
    panels = [
        score_panel(
            story.measure,
            story.responses,
            start,
            end,
            title=story.finding(),
            legend=any_marker,
            frames=frames,
            # Lower on A4, so that two rows of panels leave room for another chart on the page.
            height=BRIEF_HEIGHT if side_by_side else 200,
        )
        for story in drawn
    ]
    # Two across at most on A4: three across would print the band names under 7 pt.
    columns = min(2, len(panels)) if side_by_side else 1
    characters = TITLE_CHARACTERS * columns
    heading = alt.Title(_wrap(title, characters), subtitle=_wrap(subtitle, characters + 8))
    if side_by_side:
        return alt.concat(*panels, columns=columns, spacing=22, title=heading)
    # Stacked on a screen: a vconcat, as every chart of the app.
    return alt.vconcat(*panels, spacing=22, title=heading)


def story_chart(story, wellbeing: pd.DataFrame, start: date, end: date) -> alt.VConcatChart:
    """The chart of an `outcomes.MeasureStory` over [start, end], titled with its finding."""
    from analytics import outcomes
    from analytics.words import measures as measure_words

    subtitle = measure_words.responses_in_dates(story.n)
    if story.reliable_changes() or story.enough:
        subtitle += f"; {MARKERS_SAID}"
    return measure_chart(
        story.measure,
        story.responses,
        wellbeing,
        title=story.finding(),
        subtitle=subtitle,
        start=start,
        end=end,
        wellbeing_title=outcomes.wellbeing_words(wellbeing),
    )
