"""Everything that leaves the app as a file: chart images, and the journal as a zip and back.

One front door for pages and the CLI; the work is done in `analytics.export.charts`
(PNG and SVG by vl-convert, no network), `analytics.export.journal_zip` (the zip) and
`analytics.export.restoring` (checking a zip and restoring it in one transaction), and
`analytics.export.locked` (an export locked with a password).
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562), not with the package: a module that needs one light part
# (the importer needs `files` to write a problem list) must not load Altair, vl-convert and
# the zip encryption with it; that cost an import of a 3 MB file about 70 MB (tests/test_import_memory.py).
_WHERE = {
    "chart_png": "charts",
    "chart_svg": "charts",
    "export_spec": "charts",
    "file_stem": "charts",
    "export_counts": "journal_zip",
    "export_file_name": "journal_zip",
    "export_journal": "journal_zip",
    "write_export": "journal_zip",
    "PasswordChoice": "locked",
    "PasswordNeeded": "locked",
    "WrongPassword": "locked",
    "password_choice": "locked",
    "is_locked_export": "zip_reader",
    "JournalExport": "restoring",
    "Problem": "restoring",
    "RestoreError": "restoring",
    "RestorePlan": "restoring",
    "TableChange": "restoring",
    "plan_refusal": "restoring",
    "plan_restore": "restoring",
    "read_export": "restoring",
    "restore": "restoring",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "JournalExport",
    "PasswordChoice",
    "PasswordNeeded",
    "Problem",
    "RestoreError",
    "RestorePlan",
    "TableChange",
    "WrongPassword",
    "chart_png",
    "chart_svg",
    "export_counts",
    "export_file_name",
    "export_journal",
    "export_spec",
    "file_stem",
    "is_locked_export",
    "password_choice",
    "plan_refusal",
    "plan_restore",
    "read_export",
    "restore",
    "write_export",
]
