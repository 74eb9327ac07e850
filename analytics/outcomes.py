"""Questionnaire outcomes over time: what a PHQ-9, GAD-7 or WHO-5 score means, how it changed,
and which measure is due, in sentences built by `analytics.words.measures`.

Method: every response is compared with the one before it and with the first response ever
(not the first in the chosen dates), by `measures.change` (reliable change, recovery and
deterioration by the NHS Talking Therapies conventions). A change is named only between two
responses; one response is "not enough yet". The n stated with a finding counts responses from
the first ever to the latest shown: the responses behind that comparison. The aggregation is
SQL (`storage.measure_queries`); nothing here implies a cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics import measures, safety
from analytics.measures import MEASURES, Measure, measure_of
from analytics.per_version_cache import Kept, digest
from analytics.storage import Connection, progress_queries
from analytics.storage import measure_queries as queries
from analytics.words import measures as words

# Re-exported: the pages, the CLI and the charts name them as outcomes'.
from analytics.words.measures import outcome_words as outcome_words
from analytics.words.measures import score_meaning as score_meaning
from analytics.words.phrases import YOU, Voice

MIN_FOR_CHANGE = 2
"""Responses needed before a change is named."""


def shown_measures(con: Connection) -> list[str]:
    """The measures to show: those in use, then any others that have responses."""
    in_use = queries.measures_in_use(con) or []
    answered = queries.answered_measures(con)
    return in_use + [key for key in answered if key not in in_use]


def measure_options(con: Connection) -> list[str]:
    """Every measure, those in use first (for the questionnaire's chooser)."""
    in_use = queries.measures_in_use(con) or []
    return in_use + [key for key in MEASURES if key not in in_use]


def latest_words(story: MeasureStory) -> str | None:
    """ "The latest, on 22 Nov 2026, was 7 of 27: mild. Scores of 5–9 ..." (None without one)."""
    latest = story.latest
    if latest is None:
        return None
    return words.latest(story.measure.key, latest["day"], int(latest["total"]))


def due_sentences(con: Connection, today: date) -> list[str]:
    """For each measure in use that is due (14 days after its last response, 30 once therapy
    has ended (`measures.due_every`), or never answered):
    "PHQ-9 is due: last answered 16 days ago" / "GAD-7 is due: not answered yet"."""
    last = queries.last_response_days(con)
    every = measures.due_every(queries.therapy_ended(con), today)
    lines = []
    for key in queries.measures_in_use(con) or []:
        day = last.get(key)
        if not measures.is_due(day, today, every):
            continue
        lines.append(words.due(MEASURES[key].name, None if day is None else (today - day).days))
    return lines


def due_days(con: Connection, today: date) -> list[tuple[str, date]]:
    """(name, day) of the next response of each measure in use, for the reminders calendar:
    14 days after its last response (30 once therapy has ended), or `today` when that day has passed or it was never
    answered (a reminder on a day gone by would never ring)."""
    last = queries.last_response_days(con)
    every = measures.due_every(queries.therapy_ended(con), today)
    days = []
    for key in queries.measures_in_use(con) or []:
        due = measures.due_on(last.get(key), every)
        days.append((MEASURES[key].name, today if due is None or due < today else due))
    return days


def since_therapy_ended(con: Connection, today: date, voice: Voice = YOU) -> list[str]:
    """After therapy has ended (`storage.therapy_ended`), one calm sentence per questionnaire
    whose latest total is a reliable deterioration (`measures.change`: PHQ-9 6 points, GAD-7 4,
    NHS Talking Therapies; WHO-5 10) against its last total on or before the end date: "Your
    PHQ-9 is 6 points higher than at the end of therapy (12 on 3 Jan 2027; 6 on 1 Nov 2026), a
    reliable change." Nothing before the end, without a score at the end, or without one since."""
    ended = queries.therapy_ended(con)
    if ended is None or ended > today:
        return []
    responses = queries.measure_responses(con, end=today)
    lines = []
    for key, rows in responses.groupby("measure", sort=False):
        at_end = rows[rows["day"] <= pd.Timestamp(ended)]
        since = rows[rows["day"] > pd.Timestamp(ended)]
        if at_end.empty or since.empty:
            continue
        first, last = at_end.iloc[-1], since.iloc[-1]
        if measures.change(key, first["total"], last["total"]) != "reliable deterioration":
            continue
        lines.append(
            words.worse_since_therapy(
                voice,
                MEASURES[key].name,
                (first["day"], int(first["total"])),
                (last["day"], int(last["total"])),
            )
        )
    return lines


def reminder_every(con: Connection, today: date) -> int | None:
    """How often the calendar's questionnaire reminders repeat: every `measures.FOLLOW_UP_DAYS`
    days once therapy has ended; None during therapy (each is one event, moved when answered)."""
    ended = queries.therapy_ended(con)
    every = measures.due_every(ended, today)
    return every if every == measures.FOLLOW_UP_DAYS else None


@dataclass(frozen=True)
class MeasureStory:
    """One measure's responses in a range, each with its change from the previous response
    and from the first ever. `responses` columns: day, total, band, item_9, previous_day,
    previous_total, first_day, first_total, number, change_previous, change_first (None where
    there is nothing to compare with)."""

    measure: Measure
    responses: pd.DataFrame
    answered_elsewhere: bool = False
    """Responses on other days than the range's (so "none in these dates", not "none yet")."""

    @property
    def n(self) -> int:
        """Responses in the range."""
        return len(self.responses)

    @property
    def latest(self) -> pd.Series | None:
        return None if self.responses.empty else self.responses.iloc[-1]

    @property
    def enough(self) -> bool:
        """Two responses or more up to the latest shown: a change can be named."""
        latest = self.latest
        return latest is not None and int(latest["number"]) >= MIN_FOR_CHANGE

    def finding(self) -> str:
        """The chart's title and the summary's first line (`words.measures.measure_finding`)."""
        latest = self.latest
        if latest is None:
            return words.measure_finding(self.measure.name, 0, elsewhere=self.answered_elsewhere)
        return words.measure_finding(
            self.measure.name,
            int(latest["number"]),
            int(latest["first_total"]),
            int(latest["total"]),
            outcome_words(self.measure.key, _outcome(latest["change_first"])),
            words.since_when(latest["first_day"], latest["day"]),
            latest["band"],
        )

    def reliable_changes(self) -> int:
        """Responses in the range reliably different from the one before them."""
        if self.responses.empty:
            return 0
        return sum(
            _outcome(c) not in (None, "no reliable change")
            for c in self.responses["change_previous"]
        )


def _outcome(value: object) -> str | None:
    """An outcome word, or None where there was nothing to compare with (pandas may hold NaN)."""
    return value if isinstance(value, str) else None


def _with_changes(m: Measure, frame: pd.DataFrame) -> pd.DataFrame:
    def outcome(earlier: float | None, later: float) -> str | None:
        if earlier is None or pd.isna(earlier):
            return None
        return measures.change(m.key, int(earlier), int(later))

    rows = frame.assign(
        day=[pd.Timestamp(d).date() for d in frame["day"]],
        first_day=[pd.Timestamp(d).date() for d in frame["first_day"]],
        previous_day=[
            None if pd.isna(d) else pd.Timestamp(d).date() for d in frame["previous_day"]
        ],
    )
    return rows.assign(
        band=[m.band_of(int(t)) for t in rows["total"]],
        change_previous=[
            outcome(p, t) for p, t in zip(rows["previous_total"], rows["total"], strict=True)
        ],
        change_first=[
            None if int(n) == 1 else outcome(f, t)
            for f, t, n in zip(rows["first_total"], rows["total"], rows["number"], strict=True)
        ],
    )


_STORIES: Kept[MeasureStory] = Kept(16)


def measure_story(
    con: Connection, measure: str, start: date | None = None, end: date | None = None
) -> MeasureStory:
    """One measure's responses from `start` to `end` with their changes (see `MeasureStory`).

    Kept per journal version of the responses (`measure_queries.version`), measure and dates:
    the page reruns on every click. Treat the result as read-only."""
    m = measure_of(measure)
    return _STORIES.get(
        (queries.version(con), m.key, start, end), lambda: _story(con, m, start, end)
    )


def _story(con: Connection, m: Measure, start: date | None, end: date | None) -> MeasureStory:
    frame = queries.responses_with_context(con, m.key, start, end)
    elsewhere = frame.empty and m.key in queries.last_response_days(con)
    return MeasureStory(m, _with_changes(m, frame), elsewhere)


def fingerprint(*frames: pd.DataFrame, extra: object = "") -> str:
    """A short digest of the data a chart draws (and `extra`: its range, its title), so a page
    can build that chart once and reuse it while the data stays the same (`per_version_cache.digest`)."""
    return digest(*frames, extra)


def weekly_wellbeing(con: Connection, start: date, end: date) -> pd.DataFrame:
    """Weekly mean wellbeing (`date`: the week's Monday, `value`) for context beside a measure."""
    weekly = progress_queries.weekly_check_ins(con, start, end)
    return weekly[["date", "value"]].dropna()


def wellbeing_words(weekly: pd.DataFrame) -> str:
    """The context panel's title, with its n."""
    return words.wellbeing_context(len(weekly))


@dataclass(frozen=True)
class LatestScore:
    """The latest response of a measure up to a day, for the review and the brief."""

    measure: Measure
    day: date
    total: int
    band: str
    item_9: int | None
    previous: tuple[date, int, str] | None
    first: tuple[date, int, str] | None
    responses: int

    def lines(self, voice: Voice = YOU) -> list[str]:
        """ "My latest PHQ-9 (17 Mar 2026): 8 of 27, mild." then one line each for the change
        since the previous response and since the first, with the outcome word."""
        return words.latest_score(
            self.measure,
            self.day,
            self.total,
            self.band,
            self.previous,
            self.first,
            self.responses,
            voice,
        )

    def item_9_line(self) -> str | None:
        """PHQ-9 item 9, answered as published, for the brief (it is safety-relevant)."""
        if self.measure.key != "phq9" or self.item_9 is None:
            return None
        label = dict((v, k) for k, v in self.measure.choices)[self.item_9]
        return words.item_9(self.day, label)


def latest_score(m: Measure, row: pd.Series) -> LatestScore:
    """A response (a row of `_with_changes`: with its previous and first) as a `LatestScore`."""
    previous = (
        None
        if _outcome(row["change_previous"]) is None
        else (row["previous_day"], int(row["previous_total"]), row["change_previous"])
    )
    first = (
        None
        if _outcome(row["change_first"]) is None
        else (row["first_day"], int(row["first_total"]), row["change_first"])
    )
    item_9 = None if pd.isna(row["item_9"]) else int(row["item_9"])
    return LatestScore(
        m, row["day"], int(row["total"]), row["band"], item_9, previous, first, int(row["number"])
    )


def latest_scores(con: Connection, end: date, keys: list[str] | None = None) -> list[LatestScore]:
    """The latest score of each measure (`keys`, default `shown_measures`) on or before `end`."""
    found = []
    for key in shown_measures(con) if keys is None else keys:
        m = measure_of(key)
        frame = queries.latest_with_context(con, m.key, end)
        if frame.empty:
            continue
        found.append(latest_score(m, _with_changes(m, frame).iloc[0]))
    return found


def not_enough_words(story: MeasureStory) -> str:
    """What the page says below two responses."""
    return words.not_enough(story.measure.name, story.n, story.answered_elsewhere)


def unanswered_message(measure: str, answers: list[int | None]) -> str | None:
    """None when every item is answered; else which are not, by number and opening words:
    "items 3 (Trouble falling or staying asleep…) and 7 (Trouble concentrating…) are not
    answered yet"."""
    return words.unanswered(measure, answers)


# --- what a change is called, the course of therapy, and the paired outcome ----------------

WHO5_PROMPT = (
    "A WHO-5 below 50, or any answer of “at no time” or “some of the time”, is where the WHO-5's "
    "guidance suggests talking over low mood with a professional: worth bringing to your therapist."
)
"""The WHO-5 guidance (WHO Regional Office for Europe; Topp et al. 2015): a raw score below 13
(below 50 on the 0-100 scale) or any item at 0 or 1 suggests further assessment for depression."""


def who5_prompt(answers: Sequence[int | None]) -> str | None:
    """The published prompt when a WHO-5's total is below 50 or any item is 0 or 1 (else None)."""
    given = [a for a in answers if a is not None]
    if len(given) < len(MEASURES["who5"].items):
        return None
    if sum(given) * MEASURES["who5"].multiplier < 50 or min(given) <= 1:
        return WHO5_PROMPT
    return None


def course_words(con: Connection) -> str:
    """When the course of therapy began, and how the app knows."""
    start = queries.course_start(con)
    return words.course_start(start, queries.chosen_course_start(con) is not None)


@dataclass(frozen=True)
class CourseOutcome:
    """PHQ-9 and GAD-7 together since the course of therapy began: the NHS Talking Therapies
    outcome (`measures.paired_change`) from each one's first response in the course to its
    latest up to a day."""

    first_days: tuple[date, date]
    last_days: tuple[date, date]
    result: measures.PairedChange

    @property
    def outcome(self) -> str:
        return self.result.outcome

    def headline(self) -> str:
        """ "PHQ-9 and GAD-7 together: reliable improvement since 3 Mar 2026 (the NHS Talking
        Therapies outcome)." """
        return words.course_headline(self.outcome, min(self.first_days))

    def details(self) -> str:
        """The totals, and why it is or is not recovery, in plain words."""
        return words.course_details(self.result, measures.PAIRED)

    def lines(self) -> list[str]:
        return [self.headline(), self.details()]


def course_outcome(scores: Sequence[LatestScore]) -> CourseOutcome | None:
    """The paired outcome from the latest scores (`latest_scores`): None unless both PHQ-9 and
    GAD-7 have a response in the course before their latest."""
    by_key = {s.measure.key: s for s in scores}
    phq, gad = (by_key.get(key) for key in measures.PAIRED)
    if phq is None or gad is None or phq.first is None or gad.first is None:
        return None
    result = measures.paired_change(
        {"phq9": phq.first[1], "gad7": gad.first[1]}, {"phq9": phq.total, "gad7": gad.total}
    )
    return CourseOutcome((phq.first[0], gad.first[0]), (phq.day, gad.day), result)


# --- PHQ-9 item 9 over a period -------------------------------------------------------------


@dataclass(frozen=True)
class RiskPicture:
    """Every PHQ-9 item 9 answer of a period (`risk_picture`)."""

    start: date
    end: date
    phq9s: int
    """PHQ-9 responses in the period."""
    above_0: tuple[tuple[date, int], ...]
    """(day, answer) of every item 9 answer above 0, oldest first."""

    @property
    def highest(self) -> tuple[date, int] | None:
        """The highest answer above 0 (the latest day of it, when it was given more than once)."""
        if not self.above_0:
            return None
        top = max(answer for _, answer in self.above_0)
        return [(day, a) for day, a in self.above_0 if a == top][-1]

    def lines(self, voice: Voice = YOU, span: str = "the period") -> list[str]:
        """What the period's item 9 answers were, in words; the highest first. `span`: how the
        days are named ("the period" in the brief, "these dates" on the Measures page)."""
        return words.risk(self.phq9s, self.above_0, self.highest, voice, span)

    def short(self) -> str:
        """For a figure: "nearly every day (26 Nov)", "not at all (2 PHQ-9s)", "not asked"."""
        return words.risk_short(self.phq9s, self.highest)


def risk_picture(con: Connection, start: date, end: date) -> RiskPicture:
    """Every PHQ-9 item 9 answer on days `start`..`end`."""
    frame = queries.phq9_item_9(con, start, end)
    above = tuple(
        (pd.Timestamp(d).date(), int(a))
        for d, a in zip(frame["day"], frame["item_9"], strict=True)
        if not pd.isna(a) and int(a) > 0
    )
    return RiskPicture(start, end, len(frame), above)


def who5_prompt_on(con: Connection, end: date) -> str | None:
    """The WHO-5 prompt (`who5_prompt`) for the latest WHO-5 on or before `end` (None: no
    WHO-5, or nothing to prompt)."""
    frame = queries.measure_responses(con, "who5", end=end)
    if frame.empty:
        return None
    latest = frame.iloc[-1]
    return who5_prompt([int(latest[f"item_{i}"]) for i in range(1, 6)])


def paired_outcome(con: Connection, end: date) -> CourseOutcome | None:
    """PHQ-9 and GAD-7 together since the course began, up to `end` (`course_outcome`)."""
    return course_outcome(latest_scores(con, end, list(measures.PAIRED)))


def difficulty_words(con: Connection, measure: str, end: date, voice: Voice = YOU) -> str | None:
    """The difficulty question's answer of the latest PHQ-9 or GAD-7 on or before `end`, when
    it was answered: "How difficult these problems made daily life (asked with PHQ-9, not
    scored), 3 Dec 2026: very difficult." (None: not asked, not answered, or no response)."""
    m = measure_of(measure)
    if m.key not in measures.DIFFICULTY_MEASURES:
        return None
    frame = queries.measure_responses(con, m.key, end=end)
    if frame.empty or pd.isna(frame.iloc[-1]["difficulty"]):
        return None
    latest = frame.iloc[-1]
    label = measures.difficulty_label(int(latest["difficulty"])).lower()
    return words.difficulty(voice, m.name, pd.Timestamp(latest["day"]), label)


# --- The Measures page, kept per journal version ---------------------------------------------


@dataclass(frozen=True)
class MeasureSection:
    """What the Measures page shows of one questionnaire (see `measures_view`)."""

    story: MeasureStory
    risk: RiskPicture | None
    """PHQ-9's item 9 answers in the dates (None for the other measures)."""
    latest: str | None
    """`latest_words` of the story."""
    since_previous: str | None
    """The latest score's change since the response before it, when there is one."""
    who5_prompt: str | None
    difficulty: str | None
    chart_key: tuple
    """Names everything the measure's chart draws (for `views.common.built_once`)."""


@dataclass(frozen=True)
class MeasuresView:
    """Everything the Measures page says and draws for a range, made once per journal version."""

    shown: tuple[str, ...]
    weekly: pd.DataFrame
    """`weekly_wellbeing`, the context panel beside each measure."""
    paired: CourseOutcome | None
    sections: tuple[MeasureSection, ...]
    crisis_region: str | None


_VIEWS: Kept[MeasuresView] = Kept(8)


def measures_view(con: Connection, start: date, end: date) -> MeasuresView:
    """The Measures page's content for `start`..`end` (the page reruns on every click: one scan
    of the tables it reads decides whether anything is made again). Treat it as read-only."""
    key = (queries.page_version(con), start, end)
    return _VIEWS.get(key, lambda: _measures_view(con, start, end, key))


def _measures_view(con: Connection, start: date, end: date, key: tuple) -> MeasuresView:
    weekly = weekly_wellbeing(con, start, end)
    sections = []
    shown = tuple(shown_measures(con))
    for measure in shown:
        story = measure_story(con, measure, start, end)
        since_previous = None
        if story.n:
            score = latest_score(story.measure, story.latest)
            if score.previous is not None:
                since_previous = "  \n".join(score.lines()[1:])
        sections.append(
            MeasureSection(
                story=story,
                risk=risk_picture(con, start, end) if measure == "phq9" else None,
                latest=latest_words(story),
                since_previous=since_previous,
                who5_prompt=who5_prompt_on(con, end) if measure == "who5" else None,
                difficulty=difficulty_words(con, measure, end),
                chart_key=(*key, measure, story.finding()),
            )
        )
    return MeasuresView(
        shown=shown,
        weekly=weekly,
        paired=paired_outcome(con, end) if shown else None,
        sections=tuple(sections),
        crisis_region=queries.get_setting(con, safety.CRISIS_REGION_SETTING),
    )
