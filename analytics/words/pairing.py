"""What `between app --phone` and `between pair` say about pairing the person's own phone:
the address it is served on, the certificate and the pairing secret (`serving.phone`)."""

from __future__ import annotations

from pathlib import Path


def not_an_address(address: str) -> str:
    """`--phone` given something that is no IP address."""
    return (
        f"{address!r} is not an IP address like 192.168.1.20; --phone takes this computer's "
        "address."
    )


def this_computer_alone(address: str) -> str:
    """`--phone` given a loopback address, which no phone can reach."""
    return (
        f"{address} is this computer alone: a phone cannot reach it. Leave the address out "
        "to use the home-network address, or give that one."
    )


def certificate_made(address: str, folder: Path) -> str:
    """A new certificate for `address`, kept owner-only in `folder`."""
    return f"Made a certificate for {address} (owner-only, in {folder})."


def link_follows(port: int) -> str:
    """Said before the server starts: the link is printed once it holds `port`."""
    return f"The pairing link follows once the app is serving on port {port}."


def new_secret(journal: Path, folder: Path, running: Path | None, serves: bool) -> str:
    """`between pair --new`: the secret replaced for `journal` (kept in `folder`), and how the
    devices paired before are locked out: at once by the running app when it serves this
    journal (`serves`), else when the app is next started; a running app that serves another
    journal (`running`) keeps its own secret."""
    said = (
        f"Made a new pairing secret for the journal {journal} (kept in {folder}). Devices "
        "paired with that journal before are locked out"
    )
    if serves:
        return (
            said + ": the running app locks them out on their next tap. Its sidebar on this "
            "computer shows the new link."
        )
    if running is not None:
        return (
            said + f". The running app serves another journal ({running}) and keeps its own "
            "secret; `between pair --new` without --db replaces that one."
        )
    return said + ". Start `between app --phone` to see the new link."
