"""Where the journal lives on this machine."""

from __future__ import annotations

import os
from pathlib import Path

APP_FOLDER = "between-sessions"
JOURNAL_FILE = "journal.duckdb"
DEMO_FILE = "demo.duckdb"
DEMO_ENDED_FILE = "demo-ended.duckdb"


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


def demo_ended_journal_path() -> Path:
    """The sample after therapy has ended, in a file of its own beside the demo journal."""
    return default_journal_path().with_name(DEMO_ENDED_FILE)
