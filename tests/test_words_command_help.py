"""The `between` command's help texts that name a value (`analytics.words.command_help`)."""

from __future__ import annotations

from analytics.words import command_help


def test_the_help_names_the_option_the_variable_and_the_default():
    assert command_help.replace_file("--out") == "replace the file at --out if it already exists"
    assert command_help.plan_out("plan.pdf") == "where to write the plan (default: plan.pdf)"
    assert command_help.lock_with_password("the zip", "V") == (
        "lock the zip with a password (AES-256): nothing in it, not even the names of the "
        "files, can be read without it. Asked twice at a prompt, or read from $V; never given "
        "on the command line, where other programs and your shell history could see it"
    )
    assert command_help.lock_brief("V") == (
        "lock the brief with a password (AES-256), for sending by e-mail; asked at a prompt, or "
        "read from $V; never given on the command line, where other programs and your shell "
        "history could see it"
    )
    assert command_help.restore_source("V") == (
        "a zip made by `between export` or the Export & restore page; if it is locked with a "
        "password, that is asked at a prompt or read from $V"
    )
