"""Standard questionnaires: PHQ-9, GAD-7 and WHO-5, their scores, bands and reliable change.

A change in one of these means the same thing to every clinician, which is why a therapist
practising measurement-based care asks for them. Items and response labels are the published
wording:

- PHQ-9 (depression): Kroenke K, Spitzer RL, Williams JBW. "The PHQ-9: validity of a brief
  depression severity measure." J Gen Intern Med 2001;16:606-613. Developed by Drs Spitzer,
  Williams, Kroenke and colleagues with an educational grant from Pfizer; no permission is
  required to reproduce, translate, display or distribute it.
- GAD-7 (anxiety): Spitzer RL, Kroenke K, Williams JBW, Löwe B. "A brief measure for assessing
  generalized anxiety disorder: the GAD-7." Arch Intern Med 2006;166:1092-1097. Same terms.
- WHO-5 (wellbeing): World Health Organization, Regional Office for Europe, 1998; Topp CW,
  Østergaard SD, Søndergaard S, Bech P. "The WHO-5 Well-Being Index: a systematic review of the
  literature." Psychother Psychosom 2015;84:167-176. Free to use. Reported as the raw sum × 4,
  a percentage (0-100), in steps of 4.

Reliable change and caseness follow the NHS Talking Therapies manual (2024 edition; formerly
IAPT): PHQ-9 reliable change 6 points, caseness 10 or more; GAD-7 reliable change 4 points,
caseness 8 or more. WHO-5: a change of 10 percentage points is the accepted meaningful change
(Topp et al. 2015), and a score below 52 suggests poor wellbeing (the screening cut-off of 50,
on the scale's own steps of 4). Lower is better for PHQ-9 and GAD-7, higher for WHO-5.

`score(measure, answers)` gives a `Score` (`.total`, `.band`, `.flags`); `change(measure,
earlier_total, later_total)` gives one of `CHANGE_OUTCOMES`. Bad input raises `InvalidEntry`
(a `ValueError`) naming the field. Nothing here touches the journal.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from analytics.entries import InvalidEntry

# The 0-3 scale PHQ-9 and GAD-7 share: "how often have you been bothered by...".
_HOW_OFTEN = (
    ("Not at all", 0),
    ("Several days", 1),
    ("More than half the days", 2),
    ("Nearly every day", 3),
)
_WHO5_CHOICES = (
    ("All of the time", 5),
    ("Most of the time", 4),
    ("More than half of the time", 3),
    ("Less than half of the time", 2),
    ("Some of the time", 1),
    ("At no time", 0),
)


@dataclass(frozen=True)
class Band:
    name: str
    low: int
    high: int


@dataclass(frozen=True)
class Measure:
    """One questionnaire as published, and the conventions for reading its score."""

    key: str  # "phq9", "gad7", "who5": the value stored in the journal
    name: str  # "PHQ-9"
    about: str  # what it asks about, in plain words
    stem: str  # the instruction above the items
    items: tuple[str, ...]
    choices: tuple[tuple[str, int], ...]  # (label, value) in the published order
    multiplier: int  # WHO-5 reports the raw sum × 4
    bands: tuple[Band, ...]
    reliable_change: int  # points on the reported scale
    caseness: int  # PHQ-9/GAD-7: at or above; WHO-5: below
    lower_is_better: bool

    @property
    def max_total(self) -> int:
        return len(self.items) * max(value for _, value in self.choices) * self.multiplier

    def is_case(self, total: int) -> bool:
        """At or past the clinical cut-off ("caseness")."""
        return total >= self.caseness if self.lower_is_better else total < self.caseness

    def band_of(self, total: int) -> str:
        """The band a total falls in. WHO-5 totals move in steps of 4, so its bands leave gaps
        (28, then 32); a total between two bands (only possible if given by hand) belongs to
        the lower one."""
        for band in reversed(self.bands):
            if total >= band.low:
                return band.name
        return self.bands[0].name


PHQ9 = Measure(
    key="phq9",
    name="PHQ-9",
    about="depression",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    choices=_HOW_OFTEN,
    multiplier=1,
    bands=(
        Band("minimal", 0, 4),
        Band("mild", 5, 9),
        Band("moderate", 10, 14),
        Band("moderately severe", 15, 19),
        Band("severe", 20, 27),
    ),
    reliable_change=6,
    caseness=10,
    lower_is_better=True,
)
GAD7 = Measure(
    key="gad7",
    name="GAD-7",
    about="anxiety",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    choices=_HOW_OFTEN,
    multiplier=1,
    bands=(
        Band("minimal", 0, 4),
        Band("mild", 5, 9),
        Band("moderate", 10, 14),
        Band("severe", 15, 21),
    ),
    reliable_change=4,
    caseness=8,
    lower_is_better=True,
)
WHO5 = Measure(
    key="who5",
    name="WHO-5",
    about="wellbeing",
    stem=(
        "Please indicate for each of the five statements which is closest to how you have been "
        "feeling over the last two weeks."
    ),
    items=(
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ),
    choices=_WHO5_CHOICES,
    multiplier=4,
    bands=(Band("very low", 0, 28), Band("low", 32, 48), Band("good", 52, 100)),
    reliable_change=10,
    caseness=52,
    lower_is_better=False,
)

MEASURES: dict[str, Measure] = {m.key: m for m in (PHQ9, GAD7, WHO5)}
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
"""The question printed after PHQ-9's and GAD-7's items (the same published forms): optional,
stored, shown, never added to the score."""
DIFFICULTY_CHOICES = (
    ("Not difficult at all", 0),
    ("Somewhat difficult", 1),
    ("Very difficult", 2),
    ("Extremely difficult", 3),
)
DIFFICULTY_MEASURES = ("phq9", "gad7")
MAX_ITEMS = max(len(m.items) for m in MEASURES.values())
SELF_HARM = "self-harm"
SELF_HARM_ITEM = 9  # PHQ-9 item 9, counted from 1: thoughts of being better off dead or self-harm
DUE_AFTER_DAYS = 14  # every measure asks about "the last 2 weeks"
CHANGE_OUTCOMES = (
    "reliable recovery",
    "reliable improvement",
    "no reliable change",
    "reliable deterioration",
)


@dataclass(frozen=True)
class Score:
    measure: str
    answers: tuple[int, ...]
    total: int
    band: str
    flags: frozenset[str]


def measure_of(measure: object) -> Measure:
    """The measure named by its key ("phq9") or name ("PHQ-9"), in any case; any other value
    (None, a number: a raw row's field) is refused with `InvalidEntry`."""
    key = str(measure).strip().lower().replace("-", "").replace(" ", "")
    if key not in MEASURES:
        names = ", ".join(m.name for m in MEASURES.values())
        raise InvalidEntry("measure", f"{str(measure)[:20]!r} is not one of {names}")
    return MEASURES[key]


def _whole(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidEntry(field, f"{str(value)[:20]!r} is not a whole number")
    if isinstance(value, numbers.Integral):
        number = int(value)
    else:
        as_float = float(value)
        if not math.isfinite(as_float) or not as_float.is_integer():
            raise InvalidEntry(field, f"{value!r} is not a whole number")
        number = int(as_float)
    if not low <= number <= high:
        raise InvalidEntry(field, f"{number} is out of range ({low} to {high})")
    return number


def check_answers(measure: str, answers: Sequence[object]) -> tuple[Measure, tuple[int, ...]]:
    """The measure and its answers as whole numbers; `InvalidEntry` on a wrong count, a
    non-integer or an answer out of range, naming the item ("item_3")."""
    m = measure_of(measure)
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidEntry("answers", f"must be a list of {len(m.items)} numbers")
    if len(answers) != len(m.items):
        raise InvalidEntry(
            "answers", f"{m.name} has {len(m.items)} items; {len(answers)} answers were given"
        )
    top = max(value for _, value in m.choices)
    return m, tuple(
        _whole(answer, f"item_{i}", 0, top) for i, answer in enumerate(answers, start=1)
    )


def score(measure: str, answers: Sequence[object]) -> Score:
    """The total on the measure's reported scale, its band, and flags.

    `.flags` holds `"self-harm"` whenever PHQ-9 item 9 is above 0, whatever the total: that
    answer is important for the therapist to hear about, even in a low score.
    """
    m, clean = check_answers(measure, answers)
    total = sum(clean) * m.multiplier
    flags = set()
    if m is PHQ9 and clean[SELF_HARM_ITEM - 1] > 0:
        flags.add(SELF_HARM)
    return Score(m.key, clean, total, m.band_of(total), frozenset(flags))


def check_difficulty(measure: str, value: object) -> int | None:
    """The difficulty answer (0-3) of a PHQ-9 or GAD-7, None when not answered; `InvalidEntry`
    naming "difficulty" for a value out of range or given with WHO-5, which does not ask it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if measure_of(measure).key not in DIFFICULTY_MEASURES:
        raise InvalidEntry("difficulty", "is asked only with PHQ-9 and GAD-7")
    return _whole(value, "difficulty", 0, 3)


def difficulty_label(value: int) -> str:
    return dict((v, label) for label, v in DIFFICULTY_CHOICES)[value]


def check_total(measure: str, total: object, field: str = "total") -> int:
    m = measure_of(measure)
    return _whole(total, field, 0, m.max_total)


def change(measure: str, earlier_total: object, later_total: object) -> str:
    """How the later total compares with the earlier one, by the reliable change convention.

    A reliable change moves at least the measure's reliable-change points in one direction.
    "reliable recovery" (PHQ-9 and GAD-7 only) is a reliable improvement from at or past
    caseness to the other side of it, on this one measure; where both are answered, the NHS
    Talking Therapies outcome is `paired_change`'s, and this per-measure word is shown as
    "reliable improvement to below the cut-off" beside it (`outcomes.outcome_words`). WHO-5 never gets "recovery": its
    reliable change is the accepted meaningful change of 10 points. "reliable deterioration" is a reliable change for the worse; anything smaller is
    "no reliable change".
    """
    m = measure_of(measure)
    earlier = check_total(m.key, earlier_total, "earlier_total")
    later = check_total(m.key, later_total, "later_total")
    better_by = earlier - later if m.lower_is_better else later - earlier
    if better_by >= m.reliable_change:
        # WHO-5 has no published recovery convention: a meaningful change, never "recovery".
        if m.lower_is_better and m.is_case(earlier) and not m.is_case(later):
            return "reliable recovery"
        return "reliable improvement"
    if -better_by >= m.reliable_change:
        return "reliable deterioration"
    return "no reliable change"


PAIRED = ("phq9", "gad7")
"""The two measures NHS Talking Therapies judges together."""


@dataclass(frozen=True)
class PairedChange:
    """The NHS Talking Therapies outcome of a course of therapy, judged on PHQ-9 and GAD-7
    together (`paired_change`)."""

    first: dict[str, int]
    last: dict[str, int]
    outcome: str
    """One of `CHANGE_OUTCOMES`."""
    case_at_first: bool
    """PHQ-9 at 10 or more, or GAD-7 at 8 or more, at the first response."""
    recovered: bool
    """A case at first, and below both cut-offs at the last."""
    changes: dict[str, int]
    """Per measure: -1 a reliable drop (better), +1 a reliable rise (worse), 0 neither."""


def paired_change(first: Mapping[str, object], last: Mapping[str, object]) -> PairedChange:
    """The outcome from the `first` to the `last` pair of PHQ-9 and GAD-7 totals (mappings like
    `{"phq9": 16, "gad7": 12}`), exactly as NHS Talking Therapies defines it.

    Source: NHS England, "The NHS Talking Therapies for anxiety and depression Manual"
    (formerly the IAPT Manual), its section on measuring recovery and its definitions of
    caseness, recovery, reliable improvement, reliable recovery and reliable deterioration; the
    same definitions are used by NHS England's "NHS Talking Therapies, for anxiety and
    depression, Annual reports" (the glossary of outcome measures):

    - a *case*: PHQ-9 10 or more, or GAD-7 8 or more (either measure);
    - a *reliable change*: PHQ-9 by 6 points or more, GAD-7 by 4 or more;
    - *reliable improvement*: a reliable drop on at least one measure and no reliable rise on
      the other; *reliable deterioration*: the mirror, a reliable rise on at least one and no
      reliable drop on the other; a reliable drop on one and a reliable rise on the other is
      "no reliable change";
    - *recovered*: a case at the first response and below both cut-offs at the last;
    - *reliable recovery*: recovered and reliably improved.

    Both measures are needed at both ends (`InvalidEntry` naming the missing one); a total out
    of range (PHQ-9 0-27, GAD-7 0-21) raises `InvalidEntry` naming it ("first.phq9").
    """
    totals: dict[str, dict[str, int]] = {}
    for end, given in (("first", first), ("last", last)):
        if not isinstance(given, Mapping):
            raise InvalidEntry(end, "must give a PHQ-9 and a GAD-7 total")
        totals[end] = {}
        for key in PAIRED:
            if key not in given or given[key] is None:
                raise InvalidEntry(f"{end}.{key}", f"{MEASURES[key].name} total is missing")
            totals[end][key] = check_total(key, given[key], f"{end}.{key}")
    changes = {}
    for key in PAIRED:
        m = MEASURES[key]
        moved = totals["last"][key] - totals["first"][key]
        changes[key] = (moved >= m.reliable_change) - (-moved >= m.reliable_change)
    case_at_first = any(MEASURES[k].is_case(totals["first"][k]) for k in PAIRED)
    recovered = case_at_first and not any(MEASURES[k].is_case(totals["last"][k]) for k in PAIRED)
    drops, rises = -1 in changes.values(), 1 in changes.values()
    if drops and not rises:
        outcome = "reliable recovery" if recovered else "reliable improvement"
    elif rises and not drops:
        outcome = "reliable deterioration"
    else:
        outcome = "no reliable change"
    return PairedChange(totals["first"], totals["last"], outcome, case_at_first, recovered, changes)


FOLLOW_UP_DAYS = 30
"""After therapy has ended, a questionnaire is due monthly: 30 days after the last response.
The measures still ask about "the last 2 weeks"; monthly follow-up after discharge keeps watch
for a return of symptoms without asking as often as during treatment."""


def due_on(last_response: date | None, every: int = DUE_AFTER_DAYS) -> date | None:
    """When a measure is next due: `every` days after its last response (14 during therapy,
    `FOLLOW_UP_DAYS` after it ended); None: never answered."""
    return None if last_response is None else last_response + timedelta(days=every)


def is_due(last_response: date | None, today: date, every: int = DUE_AFTER_DAYS) -> bool:
    """A measure in use is due when it was never answered or its last answer is `every`+ days old."""
    due = due_on(last_response, every)
    return due is None or today >= due


def due_every(therapy_ended: date | None, today: date) -> int:
    """Days between questionnaires: `FOLLOW_UP_DAYS` once therapy has ended (on or before
    `today`), else `DUE_AFTER_DAYS`."""
    return (
        FOLLOW_UP_DAYS if therapy_ended is not None and therapy_ended <= today else DUE_AFTER_DAYS
    )
