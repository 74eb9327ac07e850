"""What is said when PHQ-9 item 9 (thoughts of being better off dead or of hurting oneself) is
above 0, fitted to the answer: "nearly every day" is not said the way "several days" is, and
every version says plainly that the app tells nobody. `analytics.safety` holds the crisis
lines and regions, and when the message is shown (whenever item 9 is above 0)."""

from __future__ import annotations

NOBODY_NOTIFIED = (
    "This app does not tell anyone: nobody is notified, and your answer stays on this device. "
    "Who hears about it is up to you."
)
_THOUGHTS = "thoughts that you would be better off dead or of hurting yourself"
BODIES = {
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
"""The message for each answer above 0: 1 several days, 2 more than half the days, 3 nearly
every day."""


def body(answer: int = 1) -> str:
    """What is said for item 9 answered `answer` (clamped to 1-3), then that nobody is
    notified, then the lead-in to the lines."""
    said = BODIES[min(max(int(answer), 1), 3)]
    return f"{said} {NOBODY_NOTIFIED} If you need to talk to someone now:"
