"""Patterns: which practices and situations went with better or harder days, when the data
are clear enough to say so."""

from __future__ import annotations

import streamlit as st

from analytics import aftermath, patterns
from analytics.charts import aftermath as aftermath_charts
from analytics.charts import patterns as charts
from analytics.text import plain
from analytics.words import aftermath as aftermath_words
from analytics.words import patterns as pattern_words
from analytics.words import phrases
from views import common


def show_patterns(view: patterns.PatternsView, outcome: str, named: str) -> None:
    """The patterns claimed (or "not clear yet"), their chart and what was too few to compare."""
    lines = patterns.sentences(view.results)
    if lines:
        for line in lines:
            st.markdown(f"- {plain(line)}")
    else:
        st.markdown(plain(pattern_words.no_pattern_yet(named, view.tried)))
    # Built once per view (view.key: the journal version, the days and the outcome).
    chart = common.built_once(
        ("patterns", view.key, outcome),
        lambda: charts.patterns_chart(view.results, outcome, patterns.title(view.results, outcome)),
    )
    common.show_chart(chart, f"patterns-{outcome}")
    st.caption(pattern_words.NOT_CLEAR_YET)
    show_not_compared(view)


def show_not_compared(view: patterns.PatternsView) -> None:
    """What was too few, or too regular, to compare."""
    for text in (view.cannot_tell_apart_text(), view.too_few_text()):
        if text:
            st.caption(plain(text))


st.title("Patterns")
st.caption(
    "Which of your practices and situations went with better or harder days, on the same day "
    "or the day after. A pattern is named only when your days are clear enough to say so."
)

con = common.journal()
outcome = st.segmented_control(
    "Compare",
    list(patterns.OUTCOMES),
    default="wellbeing",
    key="patterns_outcome",
    format_func=lambda name: patterns.OUTCOME_LABELS.get(name, name.capitalize()),
    required=True,
)
view = patterns.patterns_view(con, common.date_range(), outcome)
named = patterns.OUTCOME_NAMES.get(outcome, outcome)  # "sleep quality", not its column
looked_at = view.looked_at
if view.widened:
    st.caption(
        f"Patterns need a longer stretch than the range you chose, so this looks at the "
        f"{patterns.MIN_SPAN_DAYS} days ending {looked_at.end:%-d %B %Y} ({looked_at.label()})."
    )
else:
    st.caption(f"{looked_at.label()} ({phrases.count(looked_at.days, 'day')}).")
if outcome in patterns.LOWER_IS_BETTER:
    st.caption("For anxiety, lower is the easier day.")
if outcome == "sleep_quality":
    st.caption(
        "Sleep quality here is the night after each day, as you rated it at the next day's "
        "check-in: “on days you practised” is followed by that night's sleep."
    )

if view.state == "ready":
    show_patterns(view, outcome, named)
elif view.state == "too_regular":
    common.not_enough_data(plain(view.cannot_tell_apart_text()))
    if too_few := view.too_few_text():
        st.caption(plain(too_few))
else:
    common.not_enough_data(
        plain(
            pattern_words.patterns_need(
                view.outcome_days, view.nearest, outcome=named, factors=view.factors
            )
        )
    )

after = aftermath.aftermath_view(con, common.date_range(), outcome)
if view.state != "ready" and not after.sessions:
    st.stop()  # an empty journal: nothing to say of sessions either
st.subheader("The days after a session")
st.markdown(plain(after.sentence()))
if after.drawable:
    # Built once per view (after.key: the journal version, the days and the outcome).
    after_chart = common.built_once(
        ("aftermath", after.key),
        lambda: aftermath_charts.aftermath_chart(
            after.results, outcome, aftermath.title(after.results, outcome, after.sessions)
        ),
    )
    common.show_chart(after_chart, f"days-after-session-{outcome}")
st.caption(aftermath_words.AFTERMATH_METHOD)
