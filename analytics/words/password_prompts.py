"""What the `between` command says when a password for a locked file is refused or does not
open it: the password is never on the command line, so these follow a prompt or a variable."""

from __future__ import annotations


def empty_variable(variable: str, what: str) -> str:
    """ "$BETWEEN_BRIEF_PASSWORD is empty; the password for the brief cannot be empty." """
    return f"${variable} is empty; the password for {what} cannot be empty."


def empty(nothing: str, advice: str) -> str:
    """An empty password at the prompt (`nothing`: "no brief", "nothing"), then the advice:
    "The password is empty, so no brief was written. Choose one you can tell your therapist." """
    return f"The password is empty, so {nothing} was written. {advice}"


def differ(nothing: str) -> str:
    """The second typing differs from the first: "The two passwords differ, so nothing was
    written. Please try again." """
    return f"The two passwords differ, so {nothing} was written. Please try again."


def none_given(file_name: str) -> str:
    """A locked export and no password: "export.zip is locked with a password, and none was
    given. Nothing was changed." """
    return f"{file_name} is locked with a password, and none was given. Nothing was changed."


def does_not_open(file_name: str, variable: str | None) -> str:
    """A password that does not open the file: the one in $`variable` when it came from there
    (None: typed at the prompt)."""
    where = f"The password in ${variable}" if variable else "That password"
    return f"{where} does not open {file_name}. Check it (capital letters and spaces count)."
