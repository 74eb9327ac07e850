"""What the app says when an answer suggests the person may not be safe, and where to get help.

Shown whenever PHQ-9 item 9 (thoughts of being better off dead or of hurting oneself) is
above 0, whatever the total: in the app at once, beside the score, and by `between measure`.
It never blocks anything and is never styled as an alarm: a calm, clear message that this is
important to tell the therapist, and how to get help now.

The person sets their region once (setting `crisis_region`); until then every default line is
listed. The lines are the national ones that answer at any hour and cost nothing to call.
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

SAFETY_HEADING = "Thank you for answering this honestly."
SAFETY_BODY = (
    "You said you have had thoughts that you would be better off dead or of hurting yourself. "
    "This is important to tell your therapist; you could bring it to your next session, or "
    "contact them before then. If you need to talk to someone now:"
)


def help_lines(region: str | None) -> list[str]:
    """The ways to get help now, for the person's region (every default line when unset or
    unknown), always ending with the local emergency number."""
    chosen = CRISIS_REGIONS.get(region or "")
    regions = [chosen] if chosen else [r for r in CRISIS_REGIONS.values() if r.lines]
    lines = []
    for r in regions:
        prefix = "" if chosen else f"{r.name}: "
        lines.extend(prefix + line for line in r.lines)
    lines.append(LOCAL_EMERGENCY)
    return lines


def safety_message(region: str | None) -> str:
    """The whole message as plain text (the CLI prints it; the app shows it with st.info)."""
    return "\n".join([SAFETY_HEADING, SAFETY_BODY, *(f"- {line}" for line in help_lines(region))])
