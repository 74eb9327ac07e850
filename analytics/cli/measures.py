"""`between measure`: answer a questionnaire (PHQ-9, GAD-7, WHO-5) from the terminal.

The answers are checked and stored exactly as on the Log page (`storage.add_measure_response`);
bad input names the item and writes nothing. Whenever PHQ-9 item 9 is above 0 the same calm
safety message as in the app is printed (`analytics.safety`), with the person's crisis lines.
"""

from __future__ import annotations

import argparse

from analytics import clock, storage
from analytics.cli.common import Command, _day, _say
from analytics.entries import InvalidEntry
from analytics.measures import (
    MEASURES,
    SELF_HARM,
    SELF_HARM_ITEM,
    change,
    measure_of,
    score,
)
from analytics.safety import CRISIS_REGION_SETTING, safety_message
from analytics.words import command_refusals
from analytics.words import measures as measure_words


def _configure_measure(parser: argparse.ArgumentParser) -> None:
    names = ", ".join(f"{m.key} ({m.name}, {len(m.items)} answers)" for m in MEASURES.values())
    parser.add_argument("measure", help=f"which questionnaire: {names}")
    parser.add_argument(
        "answers",
        help=(
            "every item's answer in order, separated by commas: 0-3 for PHQ-9 and GAD-7 "
            "(0 not at all ... 3 nearly every day), 0-5 for WHO-5 (0 at no time ... 5 all of "
            "the time)"
        ),
    )
    parser.add_argument(
        "--day",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day it was answered (default: today)",
    )


def parse_answers(text: str) -> list[int]:
    """'0,1, 2' -> [0, 1, 2]; `InvalidEntry` naming the item that is not a whole number."""
    answers = []
    for number, part in enumerate(text.split(","), start=1):
        part = part.strip()
        try:
            answers.append(int(part))
        except ValueError:
            shown = repr(part[:20]) if part else "nothing"
            raise InvalidEntry(f"item_{number}", f"{shown} is not a whole number") from None
    return answers


def run_measure(args: argparse.Namespace) -> int:
    """Store one response; print its total, band and what they mean (and the safety message)."""
    day = args.day or clock.today()
    try:
        m = measure_of(args.measure)
        answers = parse_answers(args.answers)
        result = score(m.key, answers)  # checked before the journal is opened
    except InvalidEntry as problem:
        _say(command_refusals.not_saved(problem.field, problem.message))
        return 1
    con = storage.connect(args.db)
    try:
        previous = storage.measure_responses(con, m.key, end=day)
        try:
            storage.add_measure_response(con, m.key, answers, day)
        except InvalidEntry as problem:
            _say(command_refusals.not_saved(problem.field, problem.message))
            return 1
        region = storage.get_setting(con, CRISIS_REGION_SETTING)
    finally:
        con.close()
    print(measure_words.answered(m, day, result.total, result.band))
    print(measure_words.meaning_on_its_scale(m, result.total))
    if not previous.empty:
        last = previous.iloc[-1]
        earlier = int(last["total"])
        outcome = change(m.key, earlier, result.total)
        print(measure_words.since_last(m, last["day"], earlier, outcome))
    if SELF_HARM in result.flags:
        print()
        print(safety_message(region, result.answers[SELF_HARM_ITEM - 1]))
    return 0


COMMANDS: list[Command] = [
    Command(
        "measure",
        "answer a questionnaire (phq9, gad7 or who5) with its answers separated by commas",
        _configure_measure,
        run_measure,
    ),
]
