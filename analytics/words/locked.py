"""What the choice of a password for a locked file says (`analytics.export.locked`): what is
still to type, and, once typed the same twice, what locking means for the person. It refers
to the page's button by its label, "Use this password"."""

from __future__ import annotations

TYPE_TWICE = "Type a password twice, then choose “Use this password”."
TYPE_AGAIN = "Type the password again in the second field, then choose “Use this password”."
PASSWORDS_DIFFER = (
    "The two passwords differ. Type the same password in both fields, then choose “Use "
    "this password”."
)


def will_be_locked(what: str, short: bool) -> str:
    """ "The zip will be locked with this password (AES-256). ...": where to keep the password,
    and that nobody opens the `what` ("zip", "brief") without it; a `short` password gets a
    word of advice (not a refusal)."""
    message = (
        f"The {what} will be locked with this password (AES-256). Keep the password somewhere "
        f"other than the {what}: without it, nobody can open the {what}, you included."
    )
    if short:
        message += (
            " A short password can be found by a computer trying many; four or more words "
            "that do not go together are far harder to find."
        )
    return message
