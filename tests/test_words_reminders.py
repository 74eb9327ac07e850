"""What the reminders calendar says of a questionnaire due (`analytics.words.reminders`)."""

from __future__ import annotations

import pytest

from analytics.words import reminders as words


@pytest.mark.parametrize("name", ["PHQ-9", "GAD-7", "WHO-5"])
def test_a_due_questionnaire_is_named_in_its_title_and_its_alarm(name):
    assert words.measure_due(name) == f"Questionnaire due: {name}"
    assert words.measure_due_today(name) == f"{name} is due today (Between Sessions)."
