"""The app's pages, one thin file each. app.py builds its navigation from `NAVIGATION`; tests
and the bench take the list of pages from `PAGE_FILES`, so a new page is added in one place.

A page is named by its file relative to app.py (`between_sessions/app.py`), as Streamlit's
`st.Page`, `st.switch_page` and AppTest's `switch_page` resolve it: "../views/log.py". The
same path holds in a checkout and in an installed copy, where both folders sit side by side."""

from analytics.entries import EntryKind
from analytics.words.nouns import NOUNS

NAVIGATION: dict[str, tuple[tuple[str, str, str], ...]] = {
    "": (
        ("../views/home.py", "Home", ":material/home:"),
        ("../views/log.py", "Log", ":material/edit_note:"),
        ("../views/quick_log.py", "Quick log", ":material/touch_app:"),
        ("../views/entries.py", "Entries", ":material/list:"),
    ),
    "Insights": (
        ("../views/progress.py", "Progress", ":material/trending_up:"),
        ("../views/triggers.py", "Triggers", ":material/bolt:"),
        ("../views/practice.py", "Practice", ":material/self_improvement:"),
        ("../views/measures.py", "Measures", ":material/checklist:"),
        ("../views/goals.py", "Goals", ":material/flag:"),
        ("../views/patterns.py", "Patterns", ":material/insights:"),
        ("../views/review.py", "Session review", ":material/event_note:"),
        ("../views/plan.py", "My plan", ":material/route:"),
    ),
    "Data": (
        ("../views/import_data.py", "Import", ":material/upload:"),
        ("../views/export_data.py", "Export & restore", ":material/download:"),
        ("../views/backups.py", "Backups", ":material/history:"),
    ),
}
HOME = "../views/home.py"
QUICK_LOG = "../views/quick_log.py"
"""The first page a paired phone sees."""
RANGE_PAGES = (
    "../views/entries.py",
    "../views/progress.py",
    "../views/triggers.py",
    "../views/practice.py",
    "../views/measures.py",
    "../views/patterns.py",
)
"""The pages that show what happened in the sidebar's date range, and the only ones that show
it: on any other page the range would do nothing, and a control that does nothing misleads
(tests/test_sidebar.py checks that these, and only these, read `common.date_range()`)."""
OWN_DATES_NOTES = {
    "../views/review.py": "Session review chooses its own dates, on the page.",
    "../views/export_data.py": "Export keeps everything unless you choose some dates on the page.",
    "../views/plan.py": "My plan is drafted from your whole journal.",
}
"""What the sidebar says instead of the range on a page that chooses its own dates."""
PAGE_FILES: tuple[str, ...] = tuple(
    page for section in NAVIGATION.values() for page, _, _ in section
)

GOALS_TAB = "Goals"
ENTRIES_TABS = (
    *(NOUNS[kind].heading for kind in EntryKind),
    GOALS_TAB,
    "My practices",
    "Trigger categories",
)
LAZY_TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "../views/entries.py": ("entries_tab", ENTRIES_TABS),
}
"""Pages whose tabs run only when open: the session-state key that holds the open tab, and
the tabs. Tests that look at everything a page shows open each tab in turn
(`tests.apptest.each_tab`)."""
