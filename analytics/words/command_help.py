"""The `between` command's help texts that name a value (an option, a variable, a default
file): what `between COMMAND --help` says of an option, in one place with the other words."""

from __future__ import annotations


def replace_file(option: str) -> str:
    """`--force`: "replace the file at --out if it already exists"."""
    return f"replace the file at {option} if it already exists"


def lock_with_password(what: str, variable: str) -> str:
    """`--password` of a zip (`what`: "the zip"): how it is locked and where the password
    comes from; never the command line."""
    return (
        f"lock {what} with a password (AES-256): nothing in it, not even the names of the "
        f"files, can be read without it. Asked twice at a prompt, or read from "
        f"${variable}; never given on the command line, where other programs "
        "and your shell history could see it"
    )


def lock_brief(variable: str) -> str:
    """`between report --password`: the brief locked for sending by e-mail."""
    return (
        "lock the brief with a password (AES-256), for sending by e-mail; asked at a prompt, "
        f"or read from ${variable}; never given on the command line, where other "
        "programs and your shell history could see it"
    )


def restore_source(variable: str) -> str:
    """`between restore FILE.zip`: which zip, and how a locked one's password is given."""
    return (
        "a zip made by `between export` or the Export & restore page; if it is locked with "
        f"a password, that is asked at a prompt or read from ${variable}"
    )


def plan_out(default: str) -> str:
    """`between plan --out`: where the plan goes, and its default file name."""
    return f"where to write the plan (default: {default})"
