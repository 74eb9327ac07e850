"""Everything that leaves the app as a file: chart images, and the journal as a zip and back.

One front door for pages and the CLI; the work is done in `analytics.export.charts`
(PNG and SVG by vl-convert, no network), `analytics.export.journal_zip` (the zip) and
`analytics.export.restoring` (checking a zip and restoring it in one transaction), and
`analytics.export.locked` (an export locked with a password).
"""

from analytics.export.charts import chart_png, chart_svg, export_spec, file_stem
from analytics.export.journal_zip import (
    export_counts,
    export_file_name,
    export_journal,
    write_export,
)
from analytics.export.locked import PasswordChoice, PasswordNeeded, WrongPassword, password_choice
from analytics.export.reading import is_locked_export
from analytics.export.restoring import (
    JournalExport,
    Problem,
    RestoreError,
    RestorePlan,
    TableChange,
    plan_restore,
    read_export,
    restore,
)

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
    "plan_restore",
    "read_export",
    "restore",
    "write_export",
]
