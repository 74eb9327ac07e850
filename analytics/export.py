"""Everything that leaves the app as a file: chart images, and the journal as a zip and back.

One front door for pages and the CLI; the work is done in `analytics.chart_export`
(PNG and SVG by vl-convert, no network), `analytics.data_export` (the zip) and
`analytics.data_restore` (checking a zip and restoring it in one transaction).
"""

from analytics.chart_export import chart_png, chart_svg, export_spec, file_stem
from analytics.data_export import (
    export_counts,
    export_file_name,
    export_journal,
    write_export,
)
from analytics.data_restore import (
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
    "Problem",
    "RestoreError",
    "RestorePlan",
    "TableChange",
    "chart_png",
    "chart_svg",
    "export_counts",
    "export_file_name",
    "export_journal",
    "export_spec",
    "file_stem",
    "plan_restore",
    "read_export",
    "restore",
    "write_export",
]
