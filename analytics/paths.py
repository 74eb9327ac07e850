"""Where the journal lives on this machine."""

from __future__ import annotations

import os
from pathlib import Path

APP_FOLDER = "between-sessions"
JOURNAL_FILE = "journal.duckdb"
DEMO_FILE = "demo.duckdb"
DEMO_ENDED_FILE = "demo-ended.duckdb"
# Both samples are the person's too (they may have typed into them): kept owner-only and never
# written over, like the journal.
DEMO_FILES = (DEMO_FILE, DEMO_ENDED_FILE)
# The phone's pairing files (serving/phone.py), beside the journal. They are named here, with
# the journal's own files, so that `export.files` can refuse to write over them without
# importing the server's side of the app.
SECRET_FILE = "pairing-secret"
CERT_FILE = "phone-cert.pem"
KEY_FILE = "phone-key.pem"
DEVICES_FILE = "paired-devices.json"
PAIRING_FILES = (SECRET_FILE, CERT_FILE, KEY_FILE, DEVICES_FILE)


def data_dir() -> Path:
    """The user's data folder for this app: `$XDG_DATA_HOME/between-sessions`, else `~/.local/share/between-sessions`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER


def default_journal_path() -> Path:
    """The journal file: `$BETWEEN_DB` when set, else the file in the user's data folder."""
    override = os.environ.get("BETWEEN_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / JOURNAL_FILE


def demo_journal_path() -> Path:
    """The demo journal sits beside the real one and is never mixed into it."""
    return default_journal_path().with_name(DEMO_FILE)


def pairing_folder(journal: str | Path) -> Path:
    """Where the phone's pairing secret and certificate live: beside the journal."""
    return Path(journal).expanduser().resolve().parent


def demo_ended_journal_path() -> Path:
    """The sample after therapy has ended, in a file of its own beside the demo journal."""
    return default_journal_path().with_name(DEMO_ENDED_FILE)
