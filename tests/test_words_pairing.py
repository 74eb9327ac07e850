"""What `between app --phone` and `between pair` say (`analytics.words.pairing`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.words import pairing

JOURNAL = Path("/home/me/journal.duckdb")
FOLDER = Path("/home/me/phone")
SAID = (
    "Made a new pairing secret for the journal /home/me/journal.duckdb (kept in /home/me/phone)."
    " Devices paired with that journal before are locked out"
)


@pytest.mark.parametrize(
    ("running", "serves", "then"),
    [
        (None, False, ". Start `between app --phone` to see the new link."),
        (
            JOURNAL,
            True,
            ": the running app locks them out on their next tap. Its sidebar on this computer "
            "shows the new link.",
        ),
        (
            Path("/other.duckdb"),
            False,
            ". The running app serves another journal (/other.duckdb) and keeps its own secret; "
            "`between pair --new` without --db replaces that one.",
        ),
    ],
)
def test_a_new_secret_says_how_old_devices_are_locked_out(running, serves, then):
    assert pairing.new_secret(JOURNAL, FOLDER, running, serves) == SAID + then


def test_the_address_lines():
    assert pairing.not_an_address("phone") == (
        "'phone' is not an IP address like 192.168.1.20; --phone takes this computer's address."
    )
    assert pairing.this_computer_alone("127.0.0.1") == (
        "127.0.0.1 is this computer alone: a phone cannot reach it. Leave the address out to use "
        "the home-network address, or give that one."
    )
    assert pairing.certificate_made("192.168.1.20", FOLDER) == (
        "Made a certificate for 192.168.1.20 (owner-only, in /home/me/phone)."
    )
    assert pairing.link_follows(8501) == (
        "The pairing link follows once the app is serving on port 8501."
    )
