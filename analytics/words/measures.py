"""The questionnaires' sentences (PHQ-9, GAD-7, WHO-5), from typed facts: what a score means,
which measure is due, how a score changed, the course of therapy's paired outcome and PHQ-9
item 9 over a period. `analytics.outcomes` finds the facts (from the journal's responses) and
calls these; the conventions (NHS Talking Therapies reliable change and caseness, the WHO-5
cut-off of Topp et al. 2015) are cited where the facts are found, in `analytics.measures`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import overload

from analytics import safety
from analytics.measures import DUE_AFTER_DAYS, MEASURES, Measure, PairedChange, measure_of
from analytics.words import phrases
from analytics.words.phrases import YOU, Voice

MAX_NAMED_ITEMS = 3
"""More unanswered items than this, and they are named by number only."""
TREATMENT_WORDS = {
    "phq9": "or more is where services usually offer treatment",
    "gad7": "or more is where NHS Talking Therapies counts anxiety as a clinical concern",
}
WHO5_CUT_WORDS = "below 50 suggests low wellbeing, worth talking over with your therapist"
"""The WHO-5 screening cut-off (Topp et al. 2015); on the scale's steps of 4, 48 and below."""
WHO5_WORDS = {
    "reliable recovery": "a meaningful improvement (10 points or more)",
    "reliable improvement": "a meaningful improvement (10 points or more)",
    "no reliable change": "no meaningful change (less than 10 points)",
    "reliable deterioration": "a meaningful worsening (10 points or more)",
}
"""WHO-5 has no published "reliable change" or "recovery": a change of 10 points on its
0-100 scale is the accepted meaningful one (Topp et al. 2015)."""
BELOW_CUT_OFF = "reliable improvement to below the cut-off"
"""A single measure's "reliable recovery": recovery itself is judged on PHQ-9 and GAD-7
together (`measures.paired_change`), so one measure alone never claims it."""


def _day(day: date) -> str:
    return f"{day:%-d %b %Y}"


def score_meaning(measure: str, total: int) -> str:
    """The score, its band in plain words and what the numbers mean: "12 of 27: moderate.
    Scores of 10–14 are in the moderate range; 10 or more is where services usually offer
    treatment." WHO-5 is higher-is-better and says so."""
    m = measure_of(measure)
    band = next(b for b in m.bands if b.name == m.band_of(total))
    text = (
        f"{phrases.n_of(total, m.max_total)}: {band.name}. Scores of {band.low}–{band.high} "
        f"are in the {band.name} range"
    )
    if m.lower_is_better:
        return text + f"; {m.caseness} {TREATMENT_WORDS[m.key]}. Lower scores are better."
    return text + f"; higher is better, and {WHO5_CUT_WORDS}."


def latest(measure: str, day: date, total: int) -> str:
    """ "The latest, on 22 Nov 2026, was 7 of 27: mild. Scores of 5–9 ..." """
    return f"The latest, on {_day(day)}, was {score_meaning(measure, total)}"


def due(name: str, days_ago: int | None) -> str:
    """ "PHQ-9 is due: last answered 16 days ago." / "GAD-7 is due: not answered yet."
    (`days_ago`: None when never answered)."""
    if days_ago is None:
        return f"{name} is due: not answered yet."
    return f"{name} is due: last answered {phrases.count(days_ago, 'day')} ago."


def worse_since_therapy(
    voice: Voice, name: str, at_end: tuple[date, int], latest: tuple[date, int]
) -> str:
    """A reliable deterioration against the last total on or before the end of therapy:
    "Your PHQ-9 is 6 points higher than at the end of therapy (12 on 3 Jan 2027; 6 on 1 Nov
    2026), a reliable change." (`at_end`, `latest`: day and total)."""
    (first_day, first_total), (last_day, last_total) = at_end, latest
    moved = last_total - first_total
    way = "higher" if moved > 0 else "lower"
    return (
        f"{voice.possessive.capitalize()} {name} is {phrases.count(abs(moved), 'point')} {way} "
        f"than at the end of therapy ({last_total} on {_day(last_day)}; "
        f"{first_total} on {_day(first_day)}), a reliable change."
    )


def wellbeing_context(weeks: int) -> str:
    """The wellbeing context panel's title, with its n (weeks with a check-in)."""
    if weeks == 0:
        return "Wellbeing, for context: no check-ins in these dates"
    return f"Wellbeing, for context: weekly average (0-10), {phrases.count(weeks, 'week')}"


@overload
def outcome_words(measure: str, outcome: str) -> str: ...
@overload
def outcome_words(measure: str, outcome: None) -> None: ...
@overload
def outcome_words(measure: str, outcome: str | None) -> str | None: ...
def outcome_words(measure: str, outcome: str | None) -> str | None:
    """A per-measure outcome of `measures.change` as it is said: WHO-5's in meaningful-change
    words, and PHQ-9's or GAD-7's "reliable recovery" as `BELOW_CUT_OFF`."""
    if outcome is None:
        return None
    if measure_of(measure).key == "who5":
        return WHO5_WORDS[outcome]
    return BELOW_CUT_OFF if outcome == "reliable recovery" else outcome


def latest_score(
    m: Measure,
    day: date,
    total: int,
    band: str,
    previous: tuple[date, int, str] | None,
    first: tuple[date, int, str] | None,
    responses: int,
    voice: Voice = YOU,
) -> list[str]:
    """ "My latest PHQ-9 (17 Mar 2026): 8 of 27, mild." then one line each for the change
    since the previous response and since the first (day, total, outcome), with the outcome
    word, and the count of responses."""
    text = [
        f"{voice.possessive.capitalize()} latest {m.name} ({_day(day)}): "
        f"{phrases.n_of(total, m.max_total)}, {band}."
    ]
    if previous is None:
        text.append(f"The first {m.name}, so there is no change to compare yet.")
        return text
    if first is None or first[0] == previous[0]:
        # The previous response is the first one: one line, not the same line twice.
        comparisons = [("the first of the course ({}), also the previous", previous)]
    else:
        comparisons = [
            ("the previous ({})", previous),
            ("the first of the course ({})", first),
        ]
    for label, (then, then_total, outcome) in comparisons:
        since = label.format(_day(then))
        said = outcome_words(m.key, outcome)
        text.append(f"Since {since}: {said}, {then_total:,} → {total:,}.")
    text.append(f"{phrases.count(responses, 'response')} so far.")
    return text


def item_9(day: date, label: str) -> str:
    """PHQ-9 item 9, answered as published (`label`: the answer's words), for the brief."""
    return (
        f"PHQ-9 item 9 (thoughts that I would be better off dead or of hurting myself in "
        f"some way), {_day(day)}: {label.lower()}."
    )


def not_enough(name: str, n: int, answered_elsewhere: bool) -> str:
    """What the Measures page says below two responses (`n`: responses in the dates)."""
    if n == 0 and answered_elsewhere:
        return f"No {name} in these dates; choose a longer range in the sidebar to see others."
    if n == 0:
        return f"No {name} yet. Fill one in on the Log page, under Questionnaire."
    return (
        f"Not enough yet: a change shows from 2 responses; the next {name} is due "
        f"{DUE_AFTER_DAYS} days after the last."
    )


def unanswered(measure: str, answers: Sequence[int | None]) -> str | None:
    """None when every item is answered; else which are not, by number and opening words:
    "items 3 (Trouble falling or staying asleep…) and 7 (Trouble concentrating…) are not
    answered yet"."""
    m = measure_of(measure)
    missing = [i for i, answer in enumerate(answers, start=1) if answer is None]
    if not missing:
        return None
    if len(missing) > MAX_NAMED_ITEMS:
        numbers = phrases.join(str(i) for i in missing)
        return f"items {numbers} are not answered yet ({phrases.n_of(len(missing), len(m.items))})"
    named = [f"{i} ({_opening(m.items[i - 1])})" for i in missing]
    noun = "item" if len(missing) == 1 else "items"
    verb = "is" if len(missing) == 1 else "are"
    return f"{noun} {phrases.join(named)} {verb} not answered yet"


def _opening(item: str, words: int = 5) -> str:
    parts = item.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def course_start(start: date | None, chosen: bool) -> str:
    """When the course of therapy began, and how the app knows (`chosen`: the person set it)."""
    if start is None:
        return "Change is measured from the start of your course of therapy: your first session or questionnaire."
    if chosen:
        return f"Change is measured from the first response since your course of therapy began on {_day(start)} (as you set it)."
    return (
        f"Change is measured from your first response since {_day(start)}, your first "
        "session or questionnaire. Started a new course of therapy? Say so below."
    )


def course_headline(outcome: str, since: date) -> str:
    """ "PHQ-9 and GAD-7 together: reliable improvement since 3 Mar 2026 (the NHS Talking
    Therapies outcome)." """
    return (
        f"PHQ-9 and GAD-7 together: {outcome} since {_day(since)} "
        "(the NHS Talking Therapies outcome)."
    )


def course_details(result: PairedChange, paired: Sequence[str]) -> str:
    """The totals, and why it is or is not recovery, in plain words (`paired`: the keys)."""
    first, last = result.first, result.last
    totals = f"PHQ-9 {first['phq9']} → {last['phq9']}, GAD-7 {first['gad7']} → {last['gad7']}."
    if not result.case_at_first:
        return (
            f"{totals} Neither was at or above its cut-off at the start (PHQ-9 10, GAD-7 8), so "
            "recovery does not apply."
        )
    if result.recovered:
        return f"{totals} Both are now below their cut-offs (PHQ-9 10, GAD-7 8)."
    still = [
        f"{MEASURES[k].name} {last[k]} is at or above its cut-off of {MEASURES[k].caseness}"
        for k in paired
        if MEASURES[k].is_case(last[k])
    ]
    return f"{totals} Not recovered yet: {phrases.join(still)}."


def risk(
    phq9s: int,
    above_0: Sequence[tuple[date, int]],
    highest: tuple[date, int] | None,
    voice: Voice = YOU,
    span: str = "the period",
) -> list[str]:
    """What a period's PHQ-9 item 9 answers were, in words; the highest first. `above_0`:
    (day, answer) of each answer above 0; `span`: how the days are named ("the period" in the
    brief, "these dates" on the Measures page)."""
    self_ = "myself" if voice.subject == "I" else "yourself"
    item = (
        f"PHQ-9 item 9 (thoughts that {voice.subject} would be better off dead or of "
        f"hurting {self_} in some way)"
    )
    if phq9s == 0:
        return [f"No PHQ-9 in {span}, so {item} was not asked."]
    if highest is None:
        if phq9s == 1:
            return [f"{item}: “not at all” in the only PHQ-9 of {span}."]
        every = "both" if phq9s == 2 else f"all {phq9s}"
        return [f"{item}: “not at all” in {every} PHQ-9s of {span}."]
    day, answer = highest
    lines = [f"Highest {item} in {span}: {safety.HOW_OFTEN[answer]} ({_day(day)})."]
    answered = "; ".join(f"{_day(d)} {safety.HOW_OFTEN[a]}" for d, a in above_0)
    lines.append(
        f"Above “not at all” in {phrases.n_of(len(above_0), phq9s, 'PHQ-9')} of {span}: {answered}."
    )
    return lines


def risk_short(phq9s: int, highest: tuple[date, int] | None) -> str:
    """For a figure: "nearly every day (26 Nov)", "not at all (2 PHQ-9s)", "not asked"."""
    if phq9s == 0:
        return "not asked in the period"
    if highest is None:
        return f"not at all ({phrases.count(phq9s, 'PHQ-9')})"
    day, answer = highest
    return f"{safety.HOW_OFTEN[answer]} ({day:%-d %b})"


def difficulty(voice: Voice, name: str, day: date, label: str) -> str:
    """ "How difficult these problems made your work, home and time with others (asked with
    PHQ-9, not scored), 3 Dec 2026: very difficult." (`label`: the answer, lower case)."""
    return (
        f"How difficult these problems made {voice.possessive} work, home and time with others "
        f"(asked with {name}, not scored), {_day(day)}: {label}."
    )


# --- a questionnaire over time: the chart's title and the summary's first line -----------


def since_when(first: date, latest: date) -> str:
    """When a comparison starts, as short as is still exact enough: "since 3 March" (the same
    month as the latest), "since March" (the same year), "since March 2025"."""
    if (first.year, first.month) == (latest.year, latest.month):
        return f"since {first:%-d %B}"
    if first.year == latest.year:
        return f"since {first:%B}"
    return f"since {first:%B %Y}"


def measure_finding(
    name: str,
    responses: int,
    first: int | None = None,
    latest: int | None = None,
    outcome: str | None = None,
    since: str = "",
    band: str = "",
    elsewhere: bool = False,
) -> str:
    """The finding of one questionnaire over time: a chart's title and the summary beside it.

    `responses` counts them from the first ever to the latest shown, the n behind a comparison
    of the latest with the first. "PHQ-9: no responses yet"; "PHQ-9: 12, moderate, from 1
    response: not enough yet to see a change"; "PHQ-9: none in these dates" (`elsewhere`:
    answered on other days); "PHQ-9: reliable improvement, 16 → 8 since
    March (6 responses)"; a tie is "no reliable change, 12 → 12". No cause is implied.
    """
    if responses <= 0 or latest is None:
        return f"{name}: none in these dates" if elsewhere else f"{name}: no responses yet"
    if responses == 1 or first is None or outcome is None:
        described = f"{latest:,}, {band}" if band else f"{latest:,}"
        return f"{name}: {described}, from 1 response: not enough yet to see a change"
    when = f" {since}" if since else ""
    return (
        f"{name}: {outcome}, {first:,} → {latest:,}{when} ({phrases.count(responses, 'response')})"
    )


def responses_in_dates(n: int) -> str:
    """A questionnaire chart's subtitle: "3 responses in these dates"."""
    return f"{phrases.count(n, 'response')} in these dates"


# --- `between measure`: a response answered at the terminal ----------------------------------


def terminal_total(m: Measure, total: int) -> str:
    """A total as `between measure` prints it: "64%" for WHO-5 (scaled to 0-100), "12" else."""
    return f"{total}%" if m.multiplier != 1 else str(total)


def answered(m: Measure, day: date, total: int, band: str) -> str:
    """ "PHQ-9 on Mon 7 Dec 2026: 12, moderate." """
    return f"{m.name} on {day:%a %-d %b %Y}: {terminal_total(m, total)}, {band}."


def since_last(m: Measure, day: date, earlier: int, outcome: str) -> str:
    """The change from the last response before (its `day` and total `earlier`), in the
    measure's own change words (`outcome_words`): "Since your last PHQ-9 (23 Nov 2026, 14):
    no reliable change." """
    return (
        f"Since {YOU.possessive} last {m.name} ({_day(day)}, {terminal_total(m, earlier)}): "
        f"{outcome_words(m.key, outcome)}."
    )


def meaning_on_its_scale(m: Measure, total: int) -> str:
    """What the total says in the measure's own terms, for the terminal: its band's range on the
    scale, which way is better, and where it lies against the clinical cut-off (PHQ-9 and
    GAD-7: `Measure.caseness` or more; WHO-5: below 50%, the screening cut-off of Topp et al.
    2015, 48% and below on its steps). A score, never a diagnosis."""
    band = next(b for b in reversed(m.bands) if total >= b.low)
    unit = "%" if m.multiplier != 1 else ""
    better = "lower" if m.lower_is_better else "higher"
    if m.lower_is_better:
        cut_off = f"{m.caseness} or more is the usual clinical cut-off"
        side = "at or above" if m.is_case(total) else "below"
    else:
        cut_off = "below 50% suggests poor wellbeing"
        side = "below" if m.is_case(total) else "at or above"
    return (
        f"The {m.name} asks about {m.about} over the last 2 weeks, from 0 to {m.max_total}{unit} "
        f"({better} is better); {band.name} is {band.low} to {band.high}{unit}. "
        f"{cut_off[0].upper()}{cut_off[1:]}, and {total}{unit} is {side} it. One questionnaire "
        "is one view of two weeks: worth talking over with your therapist."
    )
