"""Hostile and odd input: a journal whose every text field holds markup, scripts, remote images,
right-to-left text, emoji, control characters and 100 KB notes. Every page renders it as the
text it is, the PDF brief and chart exports print it literally, and an export restores it exactly."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from analytics import clock, storage
from analytics.entries import LONG_TEXT_MAX, SHORT_TEXT_MAX, EntryKind, InvalidEntry
from analytics.storage.schema import ENTRY_TABLES
from analytics.text import WORD_JOINER
from tests.apptest import each_tab
from tests.conftest import REPO
from views import PAGE_FILES

APP = str(REPO / "between_sessions" / "app.py")

# Each piece of hostile or odd input, by what it would do if rendered as Markdown or HTML.
SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
REMOTE_IMAGE = "![x](https://example.com/p.png)"
JS_LINK = "[link](javascript:alert(1))"
LATEX = "$\\LaTeX$"
COLOUR = ":red[colour]"
BOLD = "**bold**"
RTL = "שלום עולם مرحبا بالعالم \u202eevil\u202c"
EMOJI = "👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 👍🏽 🌱"
CONTROL = "bell\x07 nul\x00 esc\x1b[31m del\x7f vt\x0b end"
CONTROL_STORED = "bell nul esc[31m del vt end"
"""CONTROL as the validators store it: control characters (NUL among them) removed."""

MARKUP = (SCRIPT, IMG_ONERROR, REMOTE_IMAGE, JS_LINK, LATEX, COLOUR, BOLD)
"""The pieces that would act if a page passed them to Markdown unescaped."""
SHORT = (*MARKUP, RTL, EMOJI, CONTROL)
"""Short enough for a category or practice name (SHORT_TEXT_MAX characters)."""
MIX = "\n".join(SHORT)
"""Every piece in one multi-line text, for long-text fields."""
MIX_STORED = MIX.replace(CONTROL, CONTROL_STORED)
LONG = (" ".join([*MARKUP, RTL, EMOJI]) + "\n") * (LONG_TEXT_MAX // 150)
LONG = LONG[: LONG_TEXT_MAX - 1].rstrip() + "!"
assert len(LONG) <= LONG_TEXT_MAX


CONTROL_PATTERN = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def stored(text: str) -> str:
    """`text` as clean_text stores it: control characters removed, ends trimmed."""
    return re.sub(CONTROL_PATTERN, "", text).strip()


def build_hostile_journal(con: storage.Connection, today: date) -> dict[str, list[str]]:
    """Fill `con` with 60 days of every entry kind, each text field hostile; return the practice
    and category names added. One entry of each long-text kind holds a 100 KB text."""
    categories = [storage.add_trigger_category(con, name) or stored(name) for name in SHORT]
    practice_names = []
    for i, name in enumerate(SHORT):
        storage.add_practice(con, name, description=MIX, weekly_target=1 + i % 7)
        practice_names.append(stored(name))
    now = clock.now().replace(microsecond=0) - timedelta(minutes=10)
    texts = [MIX, *SHORT, LONG]
    for back in range(60):
        when = now - timedelta(days=back)
        text = texts[back % len(texts)]
        storage.add_check_in(
            con,
            when=when,
            wellbeing=[3, 7, 5, 8, 2, 6][back % 6],
            anxiety=4,
            energy=6,
            emotions=[SHORT[back % len(SHORT)][:40], EMOJI, "calm"],
            note=text,
        )
        storage.add_trigger(
            con,
            when=when,
            category=categories[back % len(categories)],
            what_happened=text,
            intensity=2 + back % 8,
            response=SHORT[back % len(SHORT)],
            response_kind=["new_skill", "old_pattern", "other"][back % 3],
            helped=back % 10,
            note=texts[(back + 1) % len(texts)],
        )
        storage.log_practice(
            con,
            practice=practice_names[back % len(practice_names)],
            when=when,
            minutes=10,
            note=text,
            first_time=back == 59,
            status="rest" if back % 11 == 5 else "done",
        )
        if back % 3 == 1:
            storage.add_reflection(
                con,
                day=when.date(),
                noticing=text,
                tried_new=texts[(back + 2) % len(texts)],
                hard_learned=texts[(back + 3) % len(texts)],
                bring_next=texts[(back + 4) % len(texts)],
                free_text=text,
            )
    for back in (42, 28, 14, 3):
        storage.add_session(con, day=today - timedelta(days=back), note=texts[back % len(texts)])
    storage.add_session(con, day=today + timedelta(days=4), note=LONG)
    # Goals are typed text too: three, rated at the sessions.
    from analytics.gbo import GOAL_TEXT_MAX
    from analytics.storage import goal_queries

    goal_ids = [
        goal_queries.add_goal(
            con, texts[i % len(texts)][:GOAL_TEXT_MAX] or "x", today - timedelta(days=50)
        )
        for i in range(3)
    ]
    for back in (42, 28, 14, 3):
        goal_queries.rate_goals(
            con, today - timedelta(days=back), {g: (back + i) % 11 for i, g in enumerate(goal_ids)}
        )
    return {"categories": categories, "practices": practice_names}


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    con = storage.connect(path)
    build_hostile_journal(con, clock.today())
    con.close()
    return path


# --- what a page sends to the browser ----------------------------------------------------

PAGES = PAGE_FILES

# Fields the browser shows as plain text, never through Markdown: option lists of select
# boxes (the documented Markdown applies to their label only), text widgets' values, st.text
# and st.code bodies, and Vega-Lite specs (Vega draws titles, axes and legends as SVG/canvas
# text, so a category name in a chart title is text). Dataframes travel as Arrow bytes.
TEXT_FIELDS = {
    ("Selectbox", "options"),
    ("Selectbox", "raw_value"),
    ("Selectbox", "value"),
    ("MultiSelect", "options"),
    ("MultiSelect", "raw_values"),
    ("MultiSelect", "default"),
    ("TextArea", "value"),
    ("TextArea", "default"),
    ("TextInput", "value"),
    ("TextInput", "default"),
    ("Text", "body"),
    ("Code", "code_text"),
    ("VegaLiteChart", "spec"),
}

# What would act if Markdown saw it: a raw tag, an image or link, LaTeX, a colour directive, bold.
ACTIVE_MARKUP = re.compile(
    r"(?<!\\)<(?:script|img)|(?<!\\)!\\?\[|(?<!\\)\]\((?:https?|javascript)|(?<!\\):red\[|(?<!\\)\$\\LaTeX|(?<!\\)\*\*bold"
)


def strings(message: Message) -> Iterator[tuple[str, str, str]]:
    """Every string in a protobuf message, as (message name, field name, value), recursively."""
    for field, value in message.ListFields():
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            values = [*value.keys(), *value.values()]
        else:
            values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, str):
                yield message.DESCRIPTOR.name, field.name, item
            elif isinstance(item, Message):
                yield from strings(item)


def rendered(at: AppTest) -> Iterator[tuple[str, str, str]]:
    """Every string of every element and block (tabs, expanders, columns) the run produced."""

    def walk(node):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            yield from strings(proto)
        children = getattr(node, "children", None) or {}
        for child in children.values():
            yield from walk(child)

    yield from walk(at._tree)


def leaks(at: AppTest) -> list[str]:
    """Where hostile text reaches the browser in a field that Markdown renders, unescaped."""
    found = []
    for message, field, value in rendered(at):
        if (message, field) in TEXT_FIELDS:
            continue
        raw = [piece for piece in MARKUP if piece in value]
        active = ACTIVE_MARKUP.search(value)
        if raw or active:
            found.append(f"{message}.{field}: {raw or active.group(0)!r} in {value[:160]!r}")
    return found


def unescape(markdown: str) -> str:
    """What a person reads from Markdown that analytics.text.plain wrote."""
    text = markdown.replace("  \n", "\n").replace(WORD_JOINER, "")
    return re.sub(r"\\(.)", r"\1", text)


def open_app(path: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["range_preset"] = "All time"
    at.run()
    assert not at.exception
    return at


def test_the_journal_stores_hostile_text_as_typed_without_control_characters(journal):
    build_hostile_journal(journal, clock.today())
    text_columns = journal.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' AND table_name IN ?",
        [[*ENTRY_TABLES, "practices", "trigger_categories"]],
    ).fetchall()
    assert len(text_columns) > 20
    for table, column in text_columns:
        if True:
            bad = journal.execute(
                f"SELECT count(*) FROM {table} WHERE regexp_matches({column}, '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]')"
            ).fetchone()[0]
            assert bad == 0, f"{table}.{column} kept a control character"
    notes = {row[0] for row in journal.execute("SELECT note FROM check_ins").fetchall()}
    assert {MIX_STORED, LONG, CONTROL_STORED, SCRIPT, REMOTE_IMAGE, RTL, EMOJI} <= notes
    assert max(len(n) for n in notes) == len(LONG) <= LONG_TEXT_MAX
    assert set(storage.trigger_categories(journal)) >= {stored(name) for name in SHORT}
    assert set(storage.practices(journal)["name"]) >= {stored(name) for name in SHORT}
    assert (
        journal.execute("SELECT count(*) FROM reflections WHERE bring_next = ?", [LONG]).fetchone()[
            0
        ]
        >= 1
    )
    assert storage.session_days(journal)[-1] > clock.today()


def test_long_text_is_kept_up_to_its_limit_and_refused_beyond(journal):
    when = clock.now() - timedelta(hours=1)
    at_limit = ("<script>" * LONG_TEXT_MAX)[:LONG_TEXT_MAX]
    entry = storage.add_check_in(journal, when=when, wellbeing=5, note=at_limit)
    assert storage.get_entry(journal, EntryKind.CHECK_IN, entry)["note"] == at_limit
    before = journal.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    with pytest.raises(InvalidEntry) as refused:
        storage.add_check_in(journal, when=when, wellbeing=5, note=at_limit + "x")
    assert refused.value.field == "note" and "100,000" in refused.value.message
    with pytest.raises(InvalidEntry) as refused:
        storage.add_trigger_category(journal, "x" * (SHORT_TEXT_MAX + 1))
    assert refused.value.field == "category"
    storage.add_trigger_category(journal, "![x](https://e.com/" + "y" * (SHORT_TEXT_MAX - 19))
    assert journal.execute("SELECT count(*) FROM check_ins").fetchone()[0] == before


@pytest.fixture
def hostile_app(app_env, hostile_file, tmp_path) -> Path:
    import shutil

    path = tmp_path / "hostile.duckdb"
    shutil.copy(hostile_file, path)
    return app_env(path)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_text_as_text(hostile_app, page):
    at = open_app(hostile_app)
    at.switch_page(page).run()
    assert not at.exception, page
    for tab in each_tab(at, page):
        assert leaks(at) == [], tab
        for message, field, value in rendered(at):
            if (message, field) == ("VegaLiteChart", "spec"):
                spec = json.loads(value)
                assert "url" not in json.dumps(spec.get("data", {})), (
                    "chart data is inline, never fetched"
                )
                assert not re.search(r'"(?:href|url)"\s*:\s*"(?:https?|javascript):', value), (
                    "no link or remote image in a chart"
                )
                assert '"image"' not in value


def test_pages_show_the_hostile_words_literally(hostile_file, hostile_app):
    original = storage.connect(hostile_file, read_only=True)
    try:
        latest = original.execute(
            "SELECT bring_next FROM reflections ORDER BY day DESC LIMIT 1"
        ).fetchone()[0]
        last_session = max(d for d in storage.session_days(original) if d < clock.today())
        answers = original.execute(
            "SELECT day, tried_new, hard_learned FROM reflections WHERE day >= ? ORDER BY day",
            [last_session],
        ).fetchall()
    finally:
        original.close()
    at = open_app(hostile_app)
    at.switch_page("../views/home.py").run()
    shown = [unescape(m.value) for m in at.markdown]
    assert latest in shown, "the latest 'bring next' answer reads exactly as typed"

    at.switch_page("../views/log.py").run()
    labels = {unescape(c.label).split(" · ")[0] for c in at.checkbox}
    assert {stored(name) for name in SHORT} <= labels, "practice names read exactly as typed"

    at.switch_page("../views/review.py").run()
    bullets = {unescape(m.value)[2:] for m in at.markdown if m.value.startswith("- ")}
    expected = {f"{day:%-d %b}: {text}" for day, *texts in answers for text in texts}
    assert answers and expected <= bullets, (
        "reflection answers since the last session read exactly as typed"
    )
    assert any(piece in bullet for bullet in expected for piece in MARKUP)

    at.switch_page("../views/entries.py").run()
    delete = next(b for b in at.button if b.label.startswith("Delete this"))
    delete.click().run()
    assert not at.exception
    assert leaks(at) == []
    assert at.warning, "the delete confirmation names the entry"


def _markup_everywhere() -> None:
    import streamlit as st

    from analytics.text import plain
    from tests.test_hostile_input import COLOUR, JS_LINK, LATEX, REMOTE_IMAGE, SCRIPT

    st.markdown(plain(REMOTE_IMAGE))
    st.caption(plain(SCRIPT))
    st.text(SCRIPT)
    st.selectbox("Safe options", [SCRIPT, REMOTE_IMAGE])
    st.markdown(REMOTE_IMAGE)
    st.tabs(["Tab", SCRIPT])
    with st.expander(LATEX):
        st.metric(COLOUR, 1)
    st.radio("Options are Markdown", [JS_LINK])


def test_the_leak_check_finds_raw_markup_in_every_kind_of_element():
    at = AppTest.from_function(_markup_everywhere)
    at.run()
    assert not at.exception
    found = leaks(at)
    assert [f.split(":")[0] for f in found] == [
        "Markdown.body",
        "Tab.label",
        "Expandable.label",
        "Metric.label",
        "Radio.options",
    ]


# --- the PDF brief, chart files, and the export round trip ---------------------------------

ALL_TABLES = (*ENTRY_TABLES, "practices", "trigger_categories")


def table_snapshot(con: storage.Connection) -> dict[str, list[tuple]]:
    """Every row of every table, every column, in a fixed order."""
    return {
        table: con.execute(
            f"SELECT * FROM {table} ORDER BY {'name' if table == 'trigger_categories' else 'id'}"
        ).fetchall()
        for table in ALL_TABLES
    }


@pytest.fixture(scope="module")
def hostile_journal(hostile_file):
    con = storage.connect(hostile_file, read_only=True)
    yield con
    con.close()


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_brief_prints_hostile_text_literally(hostile_journal):
    from analytics import review
    from analytics.export.brief import BriefChoices
    from analytics.export.session_brief import session_brief_pdf

    today = clock.today()
    choice = review.choose_dates(
        storage.session_days(hostile_journal), today - timedelta(days=59), today
    )
    result = review.session_review(hostile_journal, choice, today)
    agenda = (*SHORT, LONG[:2000])
    pdf = session_brief_pdf(
        result, BriefChoices(include_private_text=True, include_agenda=True), agenda, made_on=today
    )
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    for piece in (SCRIPT, IMG_ONERROR, REMOTE_IMAGE, JS_LINK, LATEX, COLOUR, BOLD):
        assert piece in text, f"{piece!r} is printed as typed"
    assert "bell nul esc[31m del vt end" in text, (
        "control characters dropped, the words around them kept"
    )
    assert set("שלוםעולםمرحبا") <= set(text)
    assert b"/JavaScript" not in pdf and b"/URI" not in pdf, "nothing in the PDF runs or links out"


def _trigger_charts(con: storage.Connection):
    from analytics import triggers
    from analytics.charts import triggers as charts
    from analytics.dates import DateRange

    days = DateRange(clock.today() - timedelta(days=59), clock.today())
    selection = triggers.TriggerFilter(days.start, days.end)
    grain = triggers.grain_for(days)
    counts = triggers.load(con, selection, grain)
    categories = triggers.category_options(con)
    helped = triggers.helped_responses(con, selection)
    return {
        "frequency": charts.frequency_chart(triggers.frequency(counts), grain, categories),
        "when": charts.when_heatmap(triggers.when_grid(counts)),
        "intensity": charts.intensity_chart(triggers.intensity_by_period(counts), grain),
        "response share": charts.response_share_chart(triggers.response_share_by_month(counts)),
        "helped": charts.helped_chart(helped),
    }


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", ["frequency", "when", "intensity", "response share", "helped"])
def test_trigger_chart_files_hold_hostile_names_as_text(hostile_journal, name):
    from analytics.export.charts import chart_png, chart_svg

    chart = _trigger_charts(hostile_journal)[name]
    svg = chart_svg(chart)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    tags = {element.tag for element in root.iter()}
    assert f"{SVG}script" not in tags and f"{SVG}foreignObject" not in tags
    for element in root.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (
                f"event handler {attribute} on {element.tag}"
            )
            if attribute.endswith("href"):
                assert not re.match(r"\s*(?:https?:|javascript:|//)", value), (
                    f"external link {value!r}"
                )
    words = " ".join(" ".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    if name == "frequency":
        assert stored(SCRIPT) in words or "<script>" in words, (
            "the category legend shows the name as text"
        )
    assert chart_png(chart).startswith(b"\x89PNG")


def test_an_export_restores_the_hostile_journal_exactly(hostile_journal):
    from analytics.export.journal_zip import export_journal
    from analytics.export.restoring import restore

    data = export_journal(hostile_journal)
    fresh = storage.connect()
    try:
        fresh.execute("DELETE FROM practices")
        fresh.execute("DELETE FROM trigger_categories")
        restore(fresh, data)
        before, after = table_snapshot(hostile_journal), table_snapshot(fresh)
        for table in ALL_TABLES:
            assert after[table] == before[table], f"{table} comes back exactly"
        assert any(LONG in row for row in after["check_ins"])
    finally:
        fresh.close()


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\x00\x00", ("date," + ",".join(MARKUP) + "\n2024-01-02,1,x,,,,,\n").encode()],
)
def test_the_import_page_shows_a_hostile_file_name_and_columns_as_text(app_env, content):
    app_env()
    at = open_app(Path())
    at.switch_page("../views/import_data.py").run()
    at.file_uploader(key="import_upload").upload(
        f"{REMOTE_IMAGE} {SCRIPT}.csv", content, "text/csv"
    )
    at.run()
    assert not at.exception
    assert leaks(at) == []
    if content.startswith(b"\x89"):
        assert any(REMOTE_IMAGE in unescape(e.value) for e in at.error), (
            "the refusal names the file as typed"
        )


@pytest.mark.parametrize(
    "typed",
    [":material/home: walk", ":smile:", ":streamlit:", "at 10:30", ":red[colour]", "a\\:b"],
)
def test_icon_and_emoji_codes_are_broken_invisibly_and_read_as_typed(typed):
    """Streamlit finds `:material/…:` and emoji codes after Markdown has read its escapes,
    so plain() also puts a word joiner after each such colon; a person reads the same text."""
    from analytics.text import plain

    shown = plain(typed)
    assert unescape(shown) == typed
    assert ":material/" not in shown.replace("\\", "") and not re.search(r":\w", shown)
