"""What the `between` command says of a password refused or wrong
(`analytics.words.password_prompts`)."""

from __future__ import annotations

import pytest

from analytics.words import password_prompts


@pytest.mark.parametrize(
    ("nothing", "advice", "expected"),
    [
        (
            "no brief",
            "Choose one you can tell your therapist.",
            "The password is empty, so no brief was written. Choose one you can tell your "
            "therapist.",
        ),
        (
            "nothing",
            "Choose a long one.",
            "The password is empty, so nothing was written. Choose a long one.",
        ),
    ],
)
def test_an_empty_password_says_what_was_not_written(nothing, advice, expected):
    assert password_prompts.empty(nothing, advice) == expected


def test_the_refusals_name_the_variable_or_the_file():
    assert password_prompts.empty_variable("BETWEEN_BRIEF_PASSWORD", "the brief") == (
        "$BETWEEN_BRIEF_PASSWORD is empty; the password for the brief cannot be empty."
    )
    assert password_prompts.differ("no brief") == (
        "The two passwords differ, so no brief was written. Please try again."
    )
    assert password_prompts.none_given("j.zip") == (
        "j.zip is locked with a password, and none was given. Nothing was changed."
    )


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        (None, "That password does not open j.zip. Check it (capital letters and spaces count)."),
        (
            "BETWEEN_EXPORT_PASSWORD",
            "The password in $BETWEEN_EXPORT_PASSWORD does not open j.zip. Check it (capital "
            "letters and spaces count).",
        ),
    ],
)
def test_a_wrong_password_says_where_it_came_from(variable, expected):
    assert password_prompts.does_not_open("j.zip", variable) == expected
