"""The aftermath sentences (`analytics.aftermath`): how the days after a therapy session
compared with other days, from the differences the analysis claimed. No cause is implied.
"""

from __future__ import annotations

from collections.abc import Sequence

from analytics.words.phrases import YOU, Voice, count, join

_DAY_AFTER_WORDS = {0: "the day of a session", 1: "the day after", 2: "day 2", 3: "day 3"}
_HOW_MANY_DAYS = {1: "the day", 2: "the two days", 3: "the three days"}


def _about_points(size: float) -> str:
    """ "about 1 point", "about 1.5 points": to the nearest half point, at least a half."""
    halves = max(round(abs(size) * 2), 1) / 2
    number = f"{halves:g}"
    return f"about {number} {'point' if halves == 1 else 'points'}"


def _aftermath_days(days: list[int]) -> str:
    """ "In the two days after a session", "On the day of a session", "On days 0 and 3 after a
    session": the claimed days, in order."""
    if days == [1]:
        return "On the day after a session"
    if days == list(range(1, len(days) + 1)):
        return f"In {_HOW_MANY_DAYS[len(days)]} after a session"
    if days == [0]:
        return "On the day of a session"
    if days[0] == 0 and days == list(range(len(days))):
        return f"On the day of a session and {_HOW_MANY_DAYS[len(days) - 1]} after"
    named = join(["the session's day" if d == 0 else f"day {d}" for d in days])
    return f"On {named} after a session"


def aftermath_sentence(
    claimed: list[tuple[int, float]],
    outcome: str,
    sessions: int,
    fewest_logged: int,
    needed: int,
    lower_is_better: bool = False,
    voice: Voice = YOU,
    most_logged: int | None = None,
    not_told_apart: Sequence[int] = (),
) -> str:
    """What the days after a session show, from the claimed (day_after, difference) pairs of
    `analytics.aftermath.session_aftermath`:

    - "In the two days after a session your wellbeing is usually about 1 point lower than
      your usual level, and by day 3 no difference stands out (12 sessions in these days): the stirring-up
      many people feel after a session." (the last part only when every claimed day is the
      harder way);
    - nothing claimed, why said: "Whether your wellbeing is different in the days after a
      session is not clear yet (8 sessions in these days; on one of the four days looked at
      only 4 of them have your wellbeing logged, and each day needs 6)." or "... not clear yet
      (14 sessions in these days; no day differs clearly from your usual level)."; with fewer
      sessions than a day needs, only that; with none, that none is logged.
    - `not_told_apart`, the days whose sessions came in too fixed a rhythm to tell them apart
      (`analytics.aftermath`, "Too fixed a rhythm"), said in place of what they would show:
      "... not clear yet (30 sessions in these days; the sessions came in too fixed a rhythm,
      such as every other day, to tell the session's day, day 1, day 2 and day 3 apart)."
    """
    # The n beside the chart: its rows count the sessions with the outcome logged on each day,
    # which can be fewer than the sessions (found by the new-user walk: "35 sessions" beside
    # rows of 28 to 33). `most_logged` None: the counts are not known apart.
    logged = ""
    if most_logged is not None and fewest_logged < sessions:
        span = (
            f"{fewest_logged:,}"
            if fewest_logged == most_logged
            else f"{fewest_logged:,} to {most_logged:,}"
        )
        logged = f"; {voice.possessive} {outcome} was logged on {span} of them, day by day"
    rhythm = ""
    if not_told_apart:
        named = join(
            ["the session's day" if d == 0 else f"day {d}" for d in sorted(not_told_apart)]
        )
        rhythm = (
            "; the sessions came in too fixed a rhythm, such as every other day, to tell "
            f"{named} apart"
        )
    if not claimed and rhythm:
        return (
            f"Whether {voice.possessive} {outcome} is different in the days after a session is "
            f"not clear yet ({count(sessions, 'session')} in these days{logged}{rhythm})."
        )
    if not claimed:
        if sessions == 0:
            return (
                "No therapy session is logged in these days yet, so there are no days after a "
                f"session to compare {voice.possessive} {outcome} on."
            )
        if sessions < needed:
            # Too few sessions is the whole reason: a count of logged days beside it read
            # "only 0 of them" for a session today, whose days after have not come yet.
            why = f"; each day needs {needed} sessions with {voice.possessive} {outcome} logged"
        elif fewest_logged < needed:
            # "The four days looked at", not "the days shown": the brief draws no chart.
            why = (
                f"; on one of the four days looked at only {fewest_logged:,} of them "
                f"{'has' if fewest_logged == 1 else 'have'} {voice.possessive} {outcome} logged, "
                f"and each day needs {needed}"
            )
        else:
            why = f"{logged}; no day differs clearly from {voice.possessive} usual level"
        return (
            f"Whether {voice.possessive} {outcome} is different in the days after a session is "
            f"not clear yet ({count(sessions, 'session')} in these days{why})."
        )
    parts: list[str] = []
    for higher in (False, True):
        same = [(d, v) for d, v in claimed if (v > 0) == higher]
        if not same:
            continue
        days = sorted(d for d, _ in same)
        size = sum(abs(v) for _, v in same) / len(same)
        parts.append(
            f"{_aftermath_days(days) if not parts else _aftermath_days(days).lower()} "
            f"{voice.possessive} {outcome} is usually {_about_points(size)} "
            f"{'higher' if higher else 'lower'} than {voice.possessive} usual level"
        )
    last = max(d for d, _ in claimed)
    back = f", and by day {last + 1} no difference stands out" if last < 3 else ""
    if rhythm:  # a day after the last claimed one may be one that could not be told apart
        back = ""
    # Said only when every named day is the harder way: after a mix it would be unclear.
    harder = all((v > 0) == lower_is_better for _, v in claimed)
    stirred = ": the stirring-up many people feel after a session" if harder else ""
    return (
        f"{'; '.join(parts)}{back} ({count(sessions, 'session')} in these days{logged}{rhythm})"
        f"{stirred}."
    )


def aftermath_title(claimed: list[tuple[int, float]], outcome: str, sessions: int) -> str:
    """The days-after chart's title, from the same claims as `aftermath_sentence`: "Wellbeing
    about 1 point lower on days 1 and 2 after a session"; "The days after a session: not clear
    yet (8 sessions)"."""
    if not claimed:
        return f"The days after a session: not clear yet ({count(sessions, 'session')})"
    days = sorted(d for d, _ in claimed)
    if len({v > 0 for _, v in claimed}) > 1:
        named = join("the session's day" if d == 0 else f"day {d}" for d in days)
        return f"{outcome.capitalize()} stands out on {named} after a session"
    size = sum(abs(v) for _, v in claimed) / len(claimed)
    way = "higher" if claimed[0][1] > 0 else "lower"
    named = join("the session's day" if d == 0 else str(d) for d in days)
    where = f"day{'s' if len(days) > 1 else ''} {named}" if 0 not in days else named
    return f"{outcome.capitalize()} {_about_points(size)} {way} on {where} after a session"


AFTERMATH_METHOD = (
    "Each of the days after a session is compared with your usual level (your other days), "
    "allowing for how one day carries into the next and for any steady rise or fall. A day "
    "is named only when it holds up with every day counted, and only from at least 6 "
    "sessions with that day logged. It says when, not why."
)
