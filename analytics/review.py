"""Before a session: everything since the last therapy session, against the period before.

The period and what it is compared with are chosen in `analytics.review_period`
(`choose_period`, `choose_dates`; re-exported here for the page, the CLI and the tests).

Comparisons are stated only when both sides have data (`MIN_CHECK_IN_DAYS` check-in days for
wellbeing, `triggers.MIN_FOR_PATTERN` triggers for the new-skill share), and never as causes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypedDict, TypeVar

import numpy as np
import pandas as pd

from analytics import aftermath, measures, outcomes, patterns, progress, sleep, triggers
from analytics import sessions as session_tasks
from analytics.dates import DateRange
from analytics.entries import ResponseKind
from analytics.goals import GoalStory, goal_stories, ratings_by_session
from analytics.per_version_cache import Kept
from analytics.review_facts import MIN_CHECK_IN_DAYS as MIN_CHECK_IN_DAYS
from analytics.review_facts import WellbeingFacts as WellbeingFacts
from analytics.review_period import NO_SESSION_DAYS as NO_SESSION_DAYS
from analytics.review_period import ReviewChoice as ReviewChoice
from analytics.review_period import choose_dates as choose_dates
from analytics.review_period import choose_period as choose_period
from analytics.storage import Connection, course_start, practice_queries, session_days
from analytics.storage import review_queries as queries
from analytics.storage.measure_queries import session_table
from analytics.storage.trigger_queries import TriggerFilter
from analytics.streaks import is_daily, streaks
from analytics.triggers import TriggerCounts, TriggerFacts
from analytics.words import phrases
from analytics.words.phrases import YOU, Voice
from analytics.words.review import (
    latest_of_tied,
    notable_sentence,
    pattern_text,
    practice_sentence,
    review_summary,
    setback_sentence,
    too_few_nights,
    trigger_sentence,
    wellbeing_help,
)

PATTERN_DAYS = patterns.MIN_SPAN_DAYS
"""The review lists the patterns claimed over this many days up to the period's end."""


@dataclass(frozen=True)
class SessionReview:
    choice: ReviewChoice
    wellbeing: WellbeingFacts
    progress: progress.ProgressView
    setbacks: pd.DataFrame
    trigger_facts: TriggerFacts
    trigger_counts: TriggerCounts
    practices: pd.DataFrame
    notable_days: pd.DataFrame
    reflections: pd.DataFrame
    agenda: tuple[str, ...]
    summary: str
    trigger_categories: tuple[str, ...] = ()
    """Every category in the person's order, so each keeps the colour it has on the Triggers page."""
    practised_days: int = 0
    """Calendar days in the period with at least one practice done (never more than its days)."""
    by_category: tuple[tuple[str, int], ...] = ()
    """Triggers per category in the period (all of them, for ties and "none stands out")."""
    measures: tuple[outcomes.LatestScore, ...] = ()
    """The latest score of each questionnaire in use (or answered) up to the period's end."""
    measure_stories: tuple[outcomes.MeasureStory, ...] = ()
    """Those questionnaires over `measure_range`, for their charts."""
    measure_range: DateRange | None = None
    """The year up to the period's end (from the first response, when that is later)."""
    pattern_views: tuple[patterns.PatternsView, ...] = ()
    """Patterns over the `PATTERN_DAYS` days up to the period's end: one view testing every
    outcome together, so one false discovery rate covers everything the review shows."""
    aftermath_view: aftermath.AftermathView | None = None
    """The days after a session over the same `PATTERN_DAYS` days (`pattern_days`), wellbeing:
    the Patterns page's analysis and sentence for that range."""
    risk: outcomes.RiskPicture | None = None
    """Every PHQ-9 item 9 answer of the period (`outcomes.risk_picture`)."""
    course: outcomes.CourseOutcome | None = None
    """PHQ-9 and GAD-7 together since the course of therapy began, up to the period's end."""
    course_start: date | None = None
    """When the course of therapy began (`storage.course_start`)."""
    sessions_in_period: tuple[date, ...] = ()
    """Therapy sessions on the period's days."""
    session_table: pd.DataFrame | None = None
    """Session by session since the course began (`measure_queries.session_table`)."""
    sleep_means: tuple[sleep.SleepMean, ...] = ()
    """The period's mean sleep hours and quality against the period before (`sleep.sleep_means`)."""
    difficulties: tuple[str, ...] = ()
    """The difficulty question's latest answers (PHQ-9, GAD-7) up to the period's end, in the
    brief's voice (`outcomes.difficulty_words`)."""
    tasks: session_tasks.TaskFacts | None = None
    """The tasks agreed in the session the period starts with (an attended one), and how each
    went (`sessions.task_facts`); None without a session or without tasks."""
    goals: tuple[GoalStory, ...] = ()
    """Every goal with its ratings up to the period's end (`_goal_facts`)."""
    goal_table: tuple[tuple[str, ...], ...] = ()
    """Each rated goal's ratings session by session (`analytics.goals.ratings_by_session`), the
    course's latest `GOAL_TABLE_ROWS` sessions up to the period's end."""
    key: tuple = ()
    """What the review was kept under (`session_review`): the journal version, the choice and
    the day. Everything in it follows from them, so a page can keep what it draws from the
    review under the same key and never show a chart older than the review."""

    def sleep_lines(self, voice: Voice = YOU) -> tuple[str, ...]:
        """A sentence for each of sleep hours and quality with enough nights; when neither has
        enough but some night was given, one line that says so (a night logged never vanishes
        without a word); none when no sleep was given (it is optional)."""
        lines = tuple(
            line
            for mean in self.sleep_means
            if (line := sleep.sleep_sentence(mean, voice)) is not None
        )
        nights = max((mean.nights for mean in self.sleep_means), default=0)
        if lines or not nights:
            return lines
        return (too_few_nights(nights, voice),)

    def pattern_lines(self, voice: Voice = YOU) -> tuple[str, ...]:
        """One sentence per claimed pattern of the last `PATTERN_DAYS` days, outcome by outcome;
        none when none is claimed. Kept with a kept review (per its `key`)."""

        def lines() -> tuple[str, ...]:
            return tuple(
                line for v in self.pattern_views for line in patterns.sentences(v.results, voice)
            )

        return _PATTERN_LINES.get((self.key, voice), lines) if self.key else lines()

    def pattern_text(self) -> str:
        """What the review says above the list (or instead of it)."""
        return kept_part(self, "pattern_text", self._pattern_text)

    def _pattern_text(self) -> str:
        return pattern_text(self.pattern_views, PATTERN_DAYS)

    @property
    def practice_days(self) -> int:
        """Calendar days in the period with a practice done (not practice-day pairs)."""
        return self.practised_days

    @property
    def has_entries(self) -> bool:
        """Anything logged in the period: without it there is no chart to draw and no brief to make."""
        return bool(
            self.wellbeing.check_in_days
            or self.trigger_facts.total
            or self.practised_days
            or len(self.practices)
            or len(self.reflections)
        )

    @property
    def setbacks_measured(self) -> bool:
        """Whether there were enough check-ins (over the whole history) to measure setbacks."""
        return (
            bool(self.progress.daily["trend"].notna().any()) if len(self.progress.daily) else False
        )

    @property
    def setback_figure(self) -> str:
        """The setbacks figure: a count, or "–" when there were too few check-ins to measure any
        (never "0" beside a sentence saying setbacks cannot be measured yet)."""
        return f"{len(self.setbacks):,}" if self.setbacks_measured else "–"

    def ongoing_text(self, voice: Voice = YOU) -> str | None:
        """The setback still going on at the last check-in, in figures ("Since 28 Nov my
        wellbeing has been about 2.4 points below my usual level, still going on."), or None."""
        return progress.ongoing_sentence(self.setbacks, voice)

    def setback_text(self, voice: Voice = YOU) -> str:
        return setback_sentence(self.setbacks, voice, self.setbacks_measured)

    def trigger_text(self, voice: Voice = YOU) -> str:
        return trigger_sentence(self.trigger_facts, voice, dict(self.by_category))

    def practice_text(self) -> str:
        return kept_part(
            self,
            "practice_text",
            lambda: practice_sentence(self.practices, self.practised_days, self.choice.period.days),
        )

    def notable_text(self) -> str:
        return notable_sentence(self.notable_days, self.wellbeing.check_in_days)

    def wellbeing_help(self) -> str:
        return wellbeing_help(self.wellbeing)

    def summary_in(self, voice: Voice) -> str:
        """The summary paragraph in `voice` (the brief speaks as the person, `phrases.ME`)."""
        return review_summary(self, voice)


_REVIEWS: Kept[SessionReview] = Kept(8)
_PATTERN_LINES: Kept[tuple[str, ...]] = Kept(16)
_PARTS: Kept[object] = Kept(64)
T = TypeVar("T")


def kept_part(r: SessionReview, name: str, build: Callable[[], T]) -> T:
    """What `build` makes from the review `r` (a sentence, the rows of a table), made once per
    kept review: `name` names it, and the review's `key` (journal version, choice and day)
    names everything it follows from. The page reruns on every tick of a box, and made again
    each time these cost about 17 ms of processor time a rerun on ten years (of about 100). A
    review that was not kept (no key) makes it every time. Treat the result as read-only."""
    return _PARTS.get((r.key, name), build) if r.key else build()  # type: ignore[return-value]


def pattern_days(period: DateRange) -> DateRange:
    """The `PATTERN_DAYS` days up to the period's end, where the review looks for patterns."""
    return DateRange(period.end - timedelta(days=PATTERN_DAYS - 1), period.end)


def session_review(
    con: Connection, choice: ReviewChoice, today: date, *, with_patterns: bool = True
) -> SessionReview:
    """Gather everything the review page and the brief show for `choice`.

    Kept per journal version (`review_queries.version`), choice and day: the page reruns on
    every tick of a box, and a review of ten years' journal takes ~250 ms to gather. Treat
    the result as read-only; it is shared by every rerun until the journal changes.

    `with_patterns=False` leaves the patterns analysis out (no `pattern_views`, so no pattern
    is claimed): for a brief that will not hold them (`between report`), where it was about a
    sixth of gathering the review."""
    key = (queries.version(con), choice, today, with_patterns)
    return _REVIEWS.get(key, lambda: replace(_gather(con, choice, today, with_patterns), key=key))


def _gather(
    con: Connection, choice: ReviewChoice, today: date, with_patterns: bool = True
) -> SessionReview:
    period, previous = choice.period, choice.previous
    sessions = session_days(con)
    view = progress.progress_view(con, period.start, period.end, sessions)
    before = progress.daily_wellbeing(con, previous.start, previous.end)
    wellbeing = _wellbeing(view.daily, before)
    setbacks = view.setbacks
    counts = triggers.load(con, TriggerFilter(period.start, period.end), "week")
    counts_before = triggers.load(con, TriggerFilter(previous.start, previous.end), "week")
    trigger_facts = _trigger_facts(counts, counts_before, period, previous)
    practices = practice_review(con, period, today)
    notable = notable_days(queries.day_extremes(con, period.start, period.end))
    reflections = queries.reflections_between(con, period.start, period.end)
    agenda = tuple(line for text in reflections["bring_next"] for line in agenda_items(text))
    categories = tuple(triggers.category_options(con))
    review = SessionReview(
        choice,
        wellbeing,
        view,
        setbacks,
        trigger_facts,
        counts,
        practices,
        notable,
        reflections,
        agenda,
        "",
        categories,
        queries.practised_day_count(con, period.start, period.end),
        tuple(
            (str(k), int(v))
            for k, v in counts.by_kind.groupby("category")["triggers"].sum().items()
        ),
        # One test over every outcome, so that one false discovery rate covers every pattern
        # the review and the brief show (three tests, each at 5%, pooled, claimed more often).
        pattern_views=(patterns.patterns_view(con, pattern_days(period), patterns.OUTCOMES),)
        if with_patterns
        else (),
        aftermath_view=aftermath.aftermath_view(con, pattern_days(period)),
    )
    scores, stories, measure_range = _measures(con, period.end)
    # The summary reads the facts gathered above, so it is said once they are in the record.
    return replace(
        review,
        summary=review_summary(review),
        measures=scores,
        measure_stories=stories,
        measure_range=measure_range,
        **_clinician_facts(con, period, sessions, scores),
        tasks=agreed_tasks(con, choice),
        sleep_means=sleep.sleep_means(con, period, previous),
        **_goal_facts(con, period, sessions),
    )


def agreed_tasks(con: Connection, choice: ReviewChoice) -> session_tasks.TaskFacts | None:
    """The tasks agreed in the attended session the period starts with."""
    return session_tasks.task_facts(con, choice.start_session)


SESSION_TABLE_ROWS = 8
"""The brief's session-by-session table shows the latest this many sessions of the course."""


class _ClinicianFacts(TypedDict):
    """`_clinician_facts`' fields of `SessionReview`, typed as the record types them."""

    risk: outcomes.RiskPicture
    course: outcomes.CourseOutcome | None
    course_start: date
    sessions_in_period: tuple[date, ...]
    difficulties: tuple[str, ...]
    session_table: pd.DataFrame


def _clinician_facts(
    con: Connection,
    period: DateRange,
    sessions: Sequence[date],
    scores: Sequence[outcomes.LatestScore],
) -> _ClinicianFacts:
    """What page 1 of the brief needs beyond the review: the period's item 9 answers, the
    paired outcome of the course, and the course's sessions with their scores."""
    start = course_start(con) or period.start
    table = session_table(con, start, period.end, measures.DUE_AFTER_DAYS, now=period.end)
    return {
        "risk": outcomes.risk_picture(con, period.start, period.end),
        "course": outcomes.course_outcome(scores),
        "course_start": start,
        "sessions_in_period": tuple(d for d in sessions if period.start <= d <= period.end),
        "difficulties": tuple(
            said
            for key in measures.DIFFICULTY_MEASURES
            if (said := outcomes.difficulty_words(con, key, period.end, phrases.ME))
        ),
        # Sessions only when there is one: a table of the period's end alone says nothing.
        "session_table": table.tail(SESSION_TABLE_ROWS).reset_index(drop=True)
        if table["session"].any()
        else table.iloc[0:0],
    }


GOAL_TABLE_ROWS = 4
"""The brief's goals table shows each goal's ratings at the latest this many sessions."""


class _GoalFacts(TypedDict):
    goals: tuple[GoalStory, ...]
    goal_table: tuple[tuple[str, ...], ...]


def _goal_facts(con: Connection, period: DateRange, sessions: Sequence[date]) -> _GoalFacts:
    """The goals up to the period's end and their ratings at the course's latest sessions."""
    stories = goal_stories(con, period.end)
    start = course_start(con) or period.start
    shown = [d for d in sessions if start <= d <= period.end][-GOAL_TABLE_ROWS:]
    return {"goals": stories, "goal_table": ratings_by_session(stories, shown)}


MEASURE_CHART_DAYS = 365
"""The review's questionnaire charts show the year up to the period's end: a fortnight's period
holds one response at most, too few to show a change."""


def _measures(
    con: Connection, end: date
) -> tuple[tuple[outcomes.LatestScore, ...], tuple[outcomes.MeasureStory, ...], DateRange | None]:
    scores = tuple(outcomes.latest_scores(con, end))
    if not scores:
        return (), (), None
    first = min(s.first[0] if s.first else s.day for s in scores)
    shown = DateRange(max(first, end - timedelta(days=MEASURE_CHART_DAYS - 1)), end)
    stories = tuple(
        outcomes.measure_story(con, s.measure.key, shown.start, shown.end) for s in scores
    )
    return scores, stories, shown


def _wellbeing(daily: pd.DataFrame, before: pd.DataFrame) -> WellbeingFacts:
    values = daily["value"].to_numpy(dtype="float64")
    earlier = before["value"].to_numpy(dtype="float64")
    observed, observed_before = int(np.isfinite(values).sum()), int(np.isfinite(earlier).sum())
    slope = (
        progress.theil_sen_slope(np.arange(values.size, dtype="float64"), values)
        if observed >= MIN_CHECK_IN_DAYS
        else None
    )
    return WellbeingFacts(
        mean=float(np.nanmean(values)) if observed else None,
        previous_mean=float(np.nanmean(earlier)) if observed_before >= MIN_CHECK_IN_DAYS else None,
        check_in_days=observed,
        previous_check_in_days=observed_before,
        slope_per_week=None if slope is None else slope * 7,
    )


def _trigger_facts(
    counts: triggers.TriggerCounts,
    before: triggers.TriggerCounts,
    period: DateRange,
    previous: DateRange,
) -> TriggerFacts:
    by_category = counts.by_kind.groupby("category")["triggers"].sum()
    return TriggerFacts(
        period=f"from {period.label()}",
        previous_period=f"from {previous.label()}",
        total=int(counts.by_kind["triggers"].sum()),
        previous_total=int(before.by_kind["triggers"].sum()),
        new_skill=triggers.met_with(counts.by_kind, ResponseKind.NEW_SKILL),
        previous_new_skill=triggers.met_with(before.by_kind, ResponseKind.NEW_SKILL),
        by_category={str(k): int(v) for k, v in by_category.items()},
        old_pattern=triggers.met_with(counts.by_kind, ResponseKind.OLD_PATTERN),
    )


def practice_review(con: Connection, period: DateRange, today: date) -> pd.DataFrame:
    """Per practice done (or resting, or on a streak) in the period, and per active practice
    done before it and not in it (stopped homework is listed with 0 days, never dropped): days
    done against the period's share of its weekly target, and what happened to its streak.

    Columns: `practice`, `done_days`, `expected_days` (weekly target x days / 7, rounded),
    `met` (done >= expected), `streak` (as of the period's end), `unit`, `streak_status`
    ("kept going", "paused, then picked up again", "paused", "started", ""), `first_tried`.
    """
    counts = queries.practice_counts(con, period.start, period.end)
    days = practice_queries.practice_days(con, period.end)
    last_open_day = min(period.end, today)
    rows = []
    for row in counts.itertuples():
        done, rest = days.get(
            row.practice_id, (np.array([], dtype="int64"), np.array([], dtype="int64"))
        )
        status, current, unit = _streak_story(done, rest, row.weekly_target, period, last_open_day)
        stopped = (
            bool(row.active)
            and not pd.isna(row.first_logged)
            and pd.Timestamp(row.first_logged).date() <= period.end
        )
        if row.done_days == 0 and row.rest_days == 0 and status in ("", "paused") and not stopped:
            continue
        expected = int(round(row.weekly_target * period.days / 7))
        rows.append(
            {
                "practice": row.practice,
                "done_days": int(row.done_days),
                "expected_days": max(expected, 1),
                "met": int(row.done_days) >= max(expected, 1),
                "streak": current,
                "unit": unit,
                "streak_status": status,
                "first_tried": None
                if pd.isna(row.first_tried)
                else pd.Timestamp(row.first_tried).date(),
                "weekly_target": int(row.weekly_target),
            }
        )
    columns = [
        "practice",
        "done_days",
        "expected_days",
        "met",
        "streak",
        "unit",
        "streak_status",
        "first_tried",
        "weekly_target",
    ]
    return pd.DataFrame(rows, columns=columns)


def _streak_story(
    done: np.ndarray, rest: np.ndarray, weekly_target: int, period: DateRange, last_open_day: date
) -> tuple[str, int, str]:
    """How the practice's streak fared across the period, by the rules of `analytics.streaks`.

    A streak alive when the period began was "kept going" if it was alive at the end of every
    day of the period that is over; otherwise it "paused" (and was maybe "picked up again").
    """
    # Day numbers as datetime64 days: `streaks` takes its vectorized path, so a streak story
    # costs the same on ten years of history as on one (a list of dates went day by day).
    done_days = np.asarray(done, dtype="int64").astype("datetime64[D]")
    rest_days = np.asarray(rest, dtype="int64").astype("datetime64[D]")
    target = None if is_daily(weekly_target) else int(weekly_target)

    def alive_after(day: date) -> int:
        # "as of the day after `day`": `day` is over, so a missing practice on it counts.
        return streaks(done_days, day + timedelta(days=1), target, rest_days)["current"]

    at_end = streaks(done_days, last_open_day, target, rest_days)
    alive_at_start = alive_after(period.start - timedelta(days=1)) > 0
    over = [period.start + timedelta(days=i) for i in range((last_open_day - period.start).days)]
    broke = any(alive_after(day) == 0 for day in over) if over else False
    if alive_at_start and not broke:
        status = "kept going"
    elif alive_at_start:
        status = "paused, then picked up again" if at_end["current"] > 0 else "paused"
    elif at_end["current"] > 0:
        status = "started"
    else:
        status = ""
    return status, int(at_end["current"]), at_end["unit"]


def agenda_items(text: object) -> list[str]:
    """A reflection's "what do I bring to my next session" answer as agenda items: one per line
    (a leading bullet or number dropped), blank lines skipped."""
    if not isinstance(text, str):
        return []
    items = []
    for line in text.splitlines():
        item = line.strip().lstrip("-*•·").strip()
        if len(item) > 2 and item[0].isdigit() and item[1] in ".)":
            item = item[2:].strip()
        if item:
            items.append(item)
    return items


def notable_days(extremes: pd.DataFrame) -> pd.DataFrame:
    """The days to name from `review_queries.day_extremes`, each with a `label` that is true:

    no check-in day, nothing; one check-in day, "Only day with a check-in" (never "hardest");
    the lowest and the highest day, "Lowest wellbeing" / "Highest wellbeing", or "Lowest
    wellbeing (tied)" when two days share it; more than two tied at one end, only the latest,
    labelled as one of them ("the latest of 4 days at 3.0"); every day the same, nothing.
    """
    columns = ["date", "wellbeing", "check_ins", "notes", "kind", "label"]
    if extremes.empty:
        return pd.DataFrame(columns=columns)
    days = extremes["date"].nunique()
    if days == 1:
        return extremes.head(1).assign(label="Only day with a check-in")[columns]
    if (extremes["kind"] == "hardest").all():
        return pd.DataFrame(columns=columns)  # every day the same: none stands out
    rows = []
    for kind, name in (("hardest", "Lowest wellbeing"), ("best", "Highest wellbeing")):
        group = extremes[extremes["kind"] == kind]
        if len(group) > phrases.MAX_TIED:
            value = float(group["wellbeing"].iloc[0])
            label = latest_of_tied(name, len(group), value)
            rows.append(group.sort_values("date").tail(1).assign(label=label))
            continue
        rows.append(group.assign(label=name + (" (tied)" if len(group) > 1 else "")))
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


# --- tables for the page --------------------------------------------------------------------


def setback_rows(setbacks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Began": [pd.Timestamp(d).date() for d in setbacks["start"]],
            "Lowest": [pd.Timestamp(d).date() for d in setbacks["trough"]],
            "Below trend at lowest": setbacks["depth"].round(1),
            "In short": setbacks.get("label", ""),
        }
    )


def practice_rows(practices: pd.DataFrame) -> pd.DataFrame:
    def streak(row: pd.Series) -> str:
        if not row["streak_status"]:
            return ""
        return f"{phrases.count(int(row['streak']), row['unit'])}, {row['streak_status']}"

    return pd.DataFrame(
        {
            "Practice": practices["practice"],
            "Days done": practices["done_days"],
            "Target for the period": practices["expected_days"],
            "Streak": practices.apply(streak, axis=1) if len(practices) else [],
            "First time": [
                ("yes, " + f"{d:%-d %b}") if d else "" for d in practices["first_tried"]
            ],
        }
    )


def notable_rows(notable: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Day": [f"{pd.Timestamp(d):%a %-d %b}" for d in notable["date"]],
            "Which": list(notable["label"]),
            "Wellbeing": notable["wellbeing"].round(1),
            "Notes": notable["notes"],
        }
    )


def reflection_lists(reflections: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The period's "where did I try something new" and "what felt hard, what did I learn"
    answers, oldest first, each prefixed with its day."""
    tried = [
        f"{d:%-d %b}: {t}"
        for d, t in zip(reflections["day"], reflections["tried_new"], strict=True)
        if t
    ]
    learned = [
        f"{d:%-d %b}: {t}"
        for d, t in zip(reflections["day"], reflections["hard_learned"], strict=True)
        if t
    ]
    return tried, learned


def stirred_up_lines(reflections: pd.DataFrame) -> list[str]:
    """The period's answers to "What got stirred up?" (asked the day after a session), oldest
    first, each prefixed with its day; none when the prompt was never answered."""
    if "stirred_up" not in reflections:
        return []
    return [
        f"{d:%-d %b}: {t}"
        for d, t in zip(reflections["day"], reflections["stirred_up"], strict=True)
        if t
    ]


def agenda_frame(agenda: Sequence[str]) -> pd.DataFrame:
    """The agenda as an editable table: a `bring` tick and the `item` text."""
    return pd.DataFrame({"bring": [True] * len(agenda), "item": list(agenda)}).astype(
        {"bring": "bool", "item": "object"}
    )


def ticked_items(frame: pd.DataFrame) -> tuple[str, ...]:
    """The items the person kept ticked, trimmed, blanks dropped (rows added in the editor may
    have no tick yet: they count as ticked)."""
    items = []
    for bring, item in zip(frame.get("bring", []), frame.get("item", []), strict=False):
        text = item.strip() if isinstance(item, str) else ""
        if text and bring is not False:
            items.append(text)
    return tuple(items)
