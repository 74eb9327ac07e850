"""What the app says when an answer suggests the person may not be safe, and where to get help.

Shown whenever PHQ-9 item 9 (thoughts of being better off dead or of hurting oneself) is
above 0, whatever the total: in the app at once, beside the score, and by `between measure`.
It never blocks anything and is never styled as an alarm: a calm, clear message that this is
important to tell the therapist, and how to get help now.

The person sets their region once (setting `crisis_region`); until then every default line is
listed. The lines are the national ones that answer at any hour and cost nothing to call;
outside the US and the UK and Ireland (and until a region is set) the message points to a
directory of free helplines in every country (findahelpline.com, by ThroughLine) beside the
local emergency number.

The message fits the answer (`safety_body`): "nearly every day" is not said the way "several
days" is. Every version says plainly that the app tells nobody: it sends nothing anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.words import safety as words
from analytics.words.safety import NOBODY_NOTIFIED as NOBODY_NOTIFIED


@dataclass(frozen=True)
class CrisisRegion:
    key: str
    name: str
    lines: tuple[str, ...]


CRISIS_REGIONS: dict[str, CrisisRegion] = {
    region.key: region
    for region in (
        CrisisRegion(
            "us",
            "United States",
            ("Call or text 988 (the 988 Suicide & Crisis Lifeline), any time.",),
        ),
        CrisisRegion(
            "uk-ie",
            "United Kingdom and Ireland",
            ("Call Samaritans on 116 123, free, any time.",),
        ),
        CrisisRegion("other", "Somewhere else", ()),
    )
}
CRISIS_REGION_SETTING = "crisis_region"
LOCAL_EMERGENCY = "If you are in danger right now, call your local emergency number."
HELPLINE_DIRECTORY = (
    "Find a free helpline in your country at findahelpline.com (a directory of crisis lines "
    "in over 100 countries)."
)

SAFETY_HEADING = "Thank you for answering this honestly."
HOW_OFTEN = {1: "several days", 2: "more than half the days", 3: "nearly every day"}
"""PHQ-9's answers above 0, as the brief and the Measures page say them."""
SAFETY_BODY = words.BODIES[1]
"""The message for "several days" (kept for callers that do not know the answer)."""


def safety_body(answer: int = 1) -> str:
    """What is said for PHQ-9 item 9 answered `answer` (1 several days, 2 more than half the
    days, 3 nearly every day), then that nobody is notified, then the lead-in to the lines."""
    return words.body(answer)


def help_lines(region: str | None) -> list[str]:
    """The ways to get help now, for the person's region (every default line when unset or
    unknown), the helpline directory outside the US and the UK and Ireland (and when the region
    is unset), always ending with the local emergency number."""
    chosen = CRISIS_REGIONS.get(region or "")
    regions = [chosen] if chosen else [r for r in CRISIS_REGIONS.values() if r.lines]
    lines: list[str] = []
    for r in regions:
        prefix = "" if chosen else f"{r.name}: "
        lines.extend(prefix + line for line in r.lines)
    if chosen is None:
        lines.append(f"Elsewhere: {HELPLINE_DIRECTORY}")
    elif not chosen.lines:
        lines.append(HELPLINE_DIRECTORY)
    lines.append(LOCAL_EMERGENCY)
    return lines


def safety_message(region: str | None, answer: int = 1) -> str:
    """The whole message as plain text (the CLI prints it; the app shows it with st.info)."""
    lines = (f"- {line}" for line in help_lines(region))
    return "\n".join([SAFETY_HEADING, safety_body(answer), *lines])
