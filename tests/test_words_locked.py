"""What the choice of a password says (`analytics.words.locked`), table-driven."""

from __future__ import annotations

import pytest

from analytics.words import locked as words


@pytest.mark.parametrize("what", ["zip", "brief"])
@pytest.mark.parametrize("short", [False, True])
def test_the_locked_file_is_named_throughout_and_a_short_password_gets_advice(what, short):
    said = words.will_be_locked(what, short)
    assert said.startswith(
        f"The {what} will be locked with this password (AES-256). Keep the password somewhere "
        f"other than the {what}: without it, nobody can open the {what}, you included."
    )
    assert ("four or more words" in said) is short
    assert "failure" not in said.lower()


def test_every_step_names_the_button_it_waits_for():
    for said in (words.TYPE_TWICE, words.TYPE_AGAIN, words.PASSWORDS_DIFFER):
        assert said.endswith("choose “Use this password”.")
