"""The first page's imports, made while the browser is still loading the page (issue 19: cold
start to first chart under 3 s).

Between the server answering and the browser's first script run, the browser fetches and
starts Streamlit's front end, a second or more during which the server's Python is idle. The
server (server.py's lifespan) starts `start()` then: one thread imports what every page's run
imports (pandas, Altair, DuckDB, the storage layer, the pages' shared code). app.py calls
`wait()` before its own imports, so the first run finds them loaded, and the two threads never
import at the same time (two threads importing modules that import each other can deadlock).
Under AppTest nothing is started and `wait()` returns at once. What is imported is the same
either way; only when.
"""

from __future__ import annotations

import importlib
import threading

MODULES = (
    "pandas",
    "duckdb",
    "altair",
    "analytics.theme",
    "analytics.storage",
    "analytics.dates",
    "analytics.export.backups",
    "views",
    "views.common",
    "views.phone",
)
"""What app.py imports on every run, in its order (each page adds little of its own)."""

_DONE = threading.Event()
_DONE.set()  # nothing under way until start()


def start() -> None:
    """Import MODULES in a thread of their own; `wait()` returns once they are loaded."""
    _DONE.clear()
    threading.Thread(target=_import_all, name="between-warm-up", daemon=True).start()


def _import_all() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
    except Exception:
        pass  # the page's own import raises it again, and shows it
    finally:
        _DONE.set()


def wait() -> None:
    """Return once the imports `start()` began are done (at once when none were begun)."""
    _DONE.wait()
