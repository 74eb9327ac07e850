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
NOBODY_NOTIFIED = (
    "This app does not tell anyone: nobody is notified, and your answer stays on this device. "
    "Who hears about it is up to you."
)
HOW_OFTEN = {1: "several days", 2: "more than half the days", 3: "nearly every day"}
"""PHQ-9's answers above 0, as the brief and the Measures page say them."""
_THOUGHTS = "thoughts that you would be better off dead or of hurting yourself"
_BODIES = {
    1: (
        f"You said that on several days you have had {_THOUGHTS}. This is important to tell "
        "your therapist; you could bring it to your next session, or contact them before then."
    ),
    2: (
        f"You said that on more than half the days you have had {_THOUGHTS}. That is a lot to "
        "carry. Please let your therapist know soon, before your next session if you can, so "
        "they can help with it."
    ),
    3: (
        f"You said that nearly every day you have had {_THOUGHTS}. That is a great deal to "
        "carry, and you deserve support with it now. Please tell your therapist or your doctor "
        "today if you can. If you feel you might act on these thoughts, call a crisis line or "
        "your local emergency number now."
    ),
}
SAFETY_BODY = _BODIES[1]
"""The message for "several days" (kept for callers that do not know the answer)."""


def safety_body(answer: int = 1) -> str:
    """What is said for PHQ-9 item 9 answered `answer` (1 several days, 2 more than half the
    days, 3 nearly every day), then that nobody is notified, then the lead-in to the lines."""
    body = _BODIES[min(max(int(answer), 1), 3)]
    return f"{body} {NOBODY_NOTIFIED} If you need to talk to someone now:"


def help_lines(region: str | None) -> list[str]:
    """The ways to get help now, for the person's region (every default line when unset or
    unknown), the helpline directory outside the US and the UK and Ireland (and when the region
    is unset), always ending with the local emergency number."""
    chosen = CRISIS_REGIONS.get(region or "")
    regions = [chosen] if chosen else [r for r in CRISIS_REGIONS.values() if r.lines]
    lines = []
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
