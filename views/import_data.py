"""Import: bring history from Daylio, Loop Habit Tracker or any CSV, after a preview.

Upload -> format -> mapping -> preview -> import. Nothing is written until the Import button,
and then in one transaction. The uploaded bytes go through `analytics.importers.load_bytes`.
"""

from __future__ import annotations

import streamlit as st

from analytics.importers import (
    FORMAT_LABELS,
    MAX_BYTES,
    ImportFormat,
    ImportRefused,
    daylio,
    detect_format,
    encoding_notes,
    generic_csv,
    load_bytes,
    loop,
)
from analytics.importers.apply import (
    PROBLEMS_SHOWN,
    Preview,
    import_preview,
    more_problems,
    preview,
)
from analytics.importers.daylio import DEFAULT_MOODS
from analytics.text import plain
from analytics.words import import_problems, phrases
from analytics.words import imports as import_words
from views import common

SOURCE_KEY = "import_source"
"""Session state: (upload id, file name, SourceFiles) of the file being imported."""
PARSED_KEY = "import_parsed"
PREVIEW_KEY = "import_preview"
DONE_KEY = "import_done"
LARGE = 5_000
"""From this many entries the preview and the write show a progress bar."""

st.title("Import")
st.caption(
    "Bring your history from Daylio, Loop Habit Tracker or any spreadsheet. You will see a "
    "preview first; nothing is written until you choose to import, and then all at once."
)
common.only_in_my_journal("import")
common.show_done(DONE_KEY)

upload = st.file_uploader(
    "Choose an export file",
    type=["csv", "zip", "txt", "tsv"],
    key="import_upload",
    help="Daylio: the CSV from Settings > Export entries. Loop: the zip from Settings > Export as CSV, or its Checkmarks.csv.",
)
if upload is None:
    st.caption(
        f"Files up to {MAX_BYTES // 1024 // 1024} MB. Your file is read on this computer only."
    )
    st.stop()

if st.session_state.get(SOURCE_KEY, (None,))[0] != upload.file_id:
    st.session_state.pop(PARSED_KEY, None)
    st.session_state.pop(PREVIEW_KEY, None)
    try:
        if upload.size > MAX_BYTES:
            raise ImportRefused(
                f"{upload.name} is {upload.size / 1024 / 1024:.1f} MB; files over {MAX_BYTES // 1024 // 1024} MB are refused."
            )
        st.session_state[SOURCE_KEY] = (
            upload.file_id,
            upload.name,
            load_bytes(upload.getvalue(), upload.name),
        )
    except ImportRefused as refusal:
        st.session_state.pop(SOURCE_KEY, None)
        st.error(plain(str(refusal)), icon=":material/block:")
        st.stop()
_, file_name, files = st.session_state[SOURCE_KEY]

formats = list(ImportFormat)
detected = detect_format(files)
fmt = st.radio(
    "Format",
    formats,
    index=formats.index(detected),
    format_func=lambda f: FORMAT_LABELS[f] + (" (detected)" if f == detected else ""),
    key="import_format",
)


def parsed(kind: str, make):
    """The file parsed once per format (parsing a large file on every rerun would be slow)."""
    cached = st.session_state.get(PARSED_KEY)
    if cached is None or cached[0] != kind:
        cached = (kind, make())
        st.session_state[PARSED_KEY] = cached
    return cached[1]


signature: tuple[object, ...]
"""What the preview is made from (the format and the choices below): a change makes it again."""
try:
    if fmt is ImportFormat.DAYLIO:
        if len(files) != 1:
            raise ImportRefused("A Daylio import reads one CSV file; this upload holds several.")
        table = parsed("daylio", lambda: daylio.DaylioFile(next(iter(files.values()))))
        st.subheader("Moods on the wellbeing scale")
        st.caption(
            "0 is the hardest, 10 the best. Daylio's five default moods start at "
            + ", ".join(f"{k} = {v:g}" for k, v in DEFAULT_MOODS.items())
            + ". Any other mood needs a place from you before its rows can come in."
        )
        mood_map: dict[str, float] = {}
        columns = st.columns(3)
        for i, (label, count) in enumerate(table.moods.most_common()):
            value = columns[i % 3].number_input(
                f"{plain(label)} ({phrases.count(count, 'row')})",
                min_value=0.0,
                max_value=10.0,
                value=daylio.mood_value(label, {}),
                step=0.5,
                key=f"import_mood_{label}",
            )
            if value is not None:
                mood_map[label] = value
        chosen = st.multiselect(
            "Which activities are practices? (the others are left out)",
            [name for name, _ in table.activities.most_common()],
            format_func=lambda name: f"{name} ({table.activities[name]:,}x)",
            key="import_daylio_practices",
        )
        signature = ("daylio", tuple(sorted(mood_map.items())), tuple(chosen))
        make_plan = lambda: daylio.plan(table, mood_map, chosen)  # noqa: E731
    elif fmt is ImportFormat.LOOP:
        export = parsed("loop", lambda: loop.LoopExport(files))
        chosen = st.multiselect(
            "Which habits become practices?",
            export.order,
            default=export.order,
            key="import_loop_practices",
        )
        signature = ("loop", tuple(chosen))
        make_plan = lambda: loop.plan(export, chosen)  # noqa: E731
    else:
        if len(files) != 1:
            raise ImportRefused("A CSV import reads one CSV file; this upload holds several.")
        table = parsed("csv", lambda: generic_csv.read_table(next(iter(files.values()))))
        st.subheader("Which column holds what")
        st.dataframe(generic_csv.sample_rows(table), hide_index=True)
        guess = generic_csv.suggest_mapping(table.columns)
        optional = [None, *table.columns]

        def column(label: str, key: str, default: str | None) -> str | None:
            return st.selectbox(
                label,
                optional,
                index=optional.index(default),
                key=f"import_csv_{key}",
                format_func=lambda c: "(not in this file)" if c is None else c,
            )

        left, right = st.columns(2)
        with left:
            date_column = column("Date (or date and time)", "date", guess.date)
            time_column = column("Time (if in its own column)", "time", guess.time)
            date_format = st.selectbox(
                "Date format",
                [generic_csv.AUTO, *generic_csv.DATE_FORMATS],
                key="import_csv_format",
                format_func=lambda f: "Recognise it for me" if f == generic_csv.AUTO else f,
            )
            note_column = column("Note", "note", guess.note)
            sleep_hours = column("Sleep: hours slept", "sleep_hours", guess.sleep_hours)
        with right:
            wellbeing = column("Wellbeing (0-10)", "wellbeing", guess.wellbeing)
            anxiety = column("Anxiety (0-10)", "anxiety", guess.anxiety)
            energy = column("Energy (0-10)", "energy", guess.energy)
            sleep_quality = column("Sleep quality (0-10)", "sleep_quality", guess.sleep_quality)
            category = column("Trigger category", "category", None)
            intensity = column("Trigger intensity (0-10)", "intensity", None)
        practice_columns = st.multiselect(
            "Columns that record a practice done (1, yes, x; 'rest' for a rest day)",
            table.columns,
            key="import_csv_practices",
        )
        mapping = generic_csv.CsvMapping(
            date=date_column,
            time=time_column,
            date_format=date_format,
            wellbeing=wellbeing,
            anxiety=anxiety,
            energy=energy,
            note=note_column,
            sleep_hours=sleep_hours,
            sleep_quality=sleep_quality,
            trigger_category=category,
            trigger_intensity=intensity,
            practices=tuple(practice_columns),
        )
        signature = ("csv", mapping)
        make_plan = lambda: generic_csv.plan(table, mapping)  # noqa: E731
except ImportRefused as refusal:
    st.error(plain(str(refusal)), icon=":material/block:")
    st.stop()

con = common.journal()
cached = st.session_state.get(PREVIEW_KEY)
if cached is None or cached[0] != signature or cached[1].spent:
    # A preview an import used (or a failed write took) is made again from the file.
    plan = make_plan()
    plan.notes[:0] = encoding_notes(files)
    size = sum(len(r) for r in plan.records.values())
    bar = st.progress(0.0, text="Checking every row...") if size >= LARGE else None

    def checking(done: int, total: int) -> None:
        if bar is not None:
            bar.progress(done / max(total, 1), text=f"Checking rows: {done:,} of {total:,}")

    made = preview(con, plan, progress=checking if bar else None)
    if bar:
        bar.empty()
    st.session_state[PREVIEW_KEY] = (signature, made)
checked: Preview = st.session_state[PREVIEW_KEY][1]

st.subheader("Preview")
st.caption(
    f"{plain(file_name)}: {phrases.count(checked.plan.rows_read, 'row')} read. Nothing has been written yet."
)
if checked.counts:
    st.dataframe(checked.count_rows(), hide_index=True)
elif not checked.plan.rows_read:
    st.info(import_words.no_rows())
else:
    st.info("Nothing new to add from this file with these choices.")
if checked.first and checked.last:
    st.caption(import_words.days_covered(checked.first, checked.last, "%-d %b %Y") + ".")
if checked.duplicates:
    st.caption(import_words.already_imported(checked.duplicates))
if checked.new_practices:
    st.caption(
        "New practices: "
        + plain(", ".join(f"{n} ({t}x a week)" for n, (_, t) in checked.new_practices.items()))
    )
if checked.label_rows():
    st.dataframe(checked.label_rows(), hide_index=True)
if checked.plan.unmapped:
    st.warning(
        "These moods have no place on the scale yet, so their rows cannot come in: "
        + plain(", ".join(f"{label} ({n:,})" for label, n in checked.plan.unmapped.most_common())),
        icon=":material/tune:",
    )
for note in checked.plan.notes:
    st.caption(plain(note))

skip = False
if checked.problems:
    st.warning(
        import_problems.problems_listed(len(checked.problems), checked.bad_rows, PROBLEMS_SHOWN),
        icon=":material/info:",
    )
    st.dataframe(checked.problem_rows(PROBLEMS_SHOWN), hide_index=True)
    if any(p.field == generic_csv.DATE_FORMAT_FIELD for p in checked.problems):
        st.caption(import_problems.DATE_FORMAT_CHOOSER)
    if len(checked.problems) > PROBLEMS_SHOWN:
        st.caption(
            more_problems(len(checked.problems) - PROBLEMS_SHOWN)
            + " (`between import --problems FILE` writes them all to a file)."
        )
    if checked.plan.lines_not_read:
        st.error(
            f"{checked.plan.lines_not_read:,} lines at the end of the file could not be read as rows "
            "(the problem list says where). Fix the file and upload it again: skipping rows cannot skip them.",
            icon=":material/block:",
        )
    elif checked.bad_rows and not checked.whole_file_problems:
        skip = st.checkbox(
            "Import the valid rows and skip "
            + ("this row" if checked.bad_rows == 1 else f"these {checked.bad_rows:,} rows"),
            key="import_skip",
        )

ready = (checked.total or checked.new_practices) and (skip or not checked.problems)
if st.button("Import", type="primary", disabled=not ready, key="import_go"):
    bar = st.progress(0.0, text="Writing...") if checked.total >= LARGE else None

    def writing(done: int, total: int) -> None:
        if bar is not None:
            bar.progress(done / max(total, 1), text=f"Writing {done:,} of {total:,}")

    try:
        result = import_preview(con, checked, skip_bad_rows=skip, progress=writing if bar else None)
    except ImportRefused as refusal:
        st.error(f"{plain(str(refusal))} Nothing was written.")
    else:
        st.session_state[DONE_KEY] = result.summary()
        st.session_state.pop(PREVIEW_KEY, None)
        common.written("Import finished")
        st.rerun()
