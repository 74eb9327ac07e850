"""What every page shares: the journal cursor and date range that app.py set for this run,
and the few widgets that look the same everywhere."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, overload

import altair as alt
import streamlit as st

from analytics import export, per_version_cache, theme
from analytics.charts.fit import fit_titles
from analytics.dates import DateRange
from analytics.entries import EntryKind, InvalidEntry
from analytics.export import charts as chart_export
from analytics.storage import Connection, delete_entries
from analytics.text import plain
from analytics.words import phrases

if TYPE_CHECKING:  # the lock's module loads the zip encryption: only the pages that lock load it
    from analytics.export import PasswordChoice

JOURNAL_KEY = "journal_cursor"
PATH_KEY = "journal_path"
RANGE_KEY = "date_range"
DEMO_KEY = "use_demo_journal"
DEMO_ENDED_KEY = "use_demo_ended"
"""With DEMO_KEY: the sample after therapy has ended (`load_sample(..., ended=True)`)."""


PAGE_STYLE = f"""<style>
[data-testid="stButtonGroup"] button[aria-checked="true"],
[data-testid="stButtonGroup"] button[aria-pressed="true"] {{
  background-color: {theme.PRIMARY} !important; border-color: {theme.PRIMARY} !important;
  color: {theme.SELECTED_TEXT} !important; font-weight: 600;
}}
@media (max-width: 480px) {{
  [data-testid="stTabs"] [role="tablist"] {{ gap: 0.5rem !important; }}
}}
</style>"""
"""A fixed style for every page (no user text in it): a chosen pill (a rating, a category; or
one of several, `aria-pressed`, as "Also show" on Progress) is filled, not the faint tint
Streamlit gives it, so what was chosen is plain to see in both themes: the primary colour is
the same in both (important: Streamlit's own rule for the tint is more specific)."""


def journal() -> Connection:
    """This script run's cursor on the journal (opened by app.py)."""
    return st.session_state[JOURNAL_KEY]


def date_range() -> DateRange:
    """The range chosen in the sidebar."""
    return st.session_state[RANGE_KEY]


def is_demo() -> bool:
    return bool(st.session_state.get(DEMO_KEY))


SWITCHED_KEY = "journal_switched_message"

DAY_COLUMN = st.column_config.DateColumn(format="ddd D MMM YYYY")
"""A table's date as a person reads it ("Thu 3 Dec 2026"), not 2026-12-03; still sorted as a date."""


def switch_journal(*, demo: bool, ended: bool = False) -> None:
    """Into the sample journal (`ended`: the one after therapy has ended) or back to the
    person's own, saying so on the page it lands on (app.py shows the message once): a switch
    is never a silent reload."""
    st.session_state[DEMO_KEY] = demo
    st.session_state[DEMO_ENDED_KEY] = demo and ended
    which = "the sample journal after therapy has ended" if ended else "the sample journal"
    st.session_state[SWITCHED_KEY] = (
        f"You are now exploring {which}: a made-up year, in a separate file. "
        "Your own journal is untouched; *Back to my journal* in the sidebar returns to it."
        if demo
        else "You are back in your own journal."
    )
    st.rerun()


# label (also the file extension), renderer, MIME type, icon, and what the file is.
CHART_DOWNLOADS = (
    ("PNG", chart_export.chart_png, "image/png", ":material/image:", "a PNG image (2x resolution)"),
    ("SVG", chart_export.chart_svg, "image/svg+xml", ":material/draw:", "an SVG vector image"),
)


COMPOSITE_CHARTS = (
    alt.ConcatChart,
    alt.HConcatChart,
    alt.VConcatChart,
    alt.FacetChart,
    alt.RepeatChart,
)


@dataclass(frozen=True)
class Drawing:
    """A chart and the Vega-Lite spec the page sends for it, made (and checked against the
    Vega-Lite schema) once: drawing it again costs no Altair work. Treat both as read-only."""

    chart: alt.TopLevelMixin
    spec: dict[str, Any]
    """Vega-Lite, with each data frame the chart draws in `datasets` under a digest of its rows."""

    @property
    def composite(self) -> bool:
        return isinstance(self.chart, COMPOSITE_CHARTS)


def _named_frames(data: Any, frames: dict[str, Any]) -> dict[str, str]:
    """An Altair data transformer: the frame stays a frame (Streamlit sends it as Arrow, as
    `st.altair_chart` does), referred to by a name made from its content, so the same rows
    keep their name from rerun to rerun, instead of being written into the spec."""
    name = f"data-{per_version_cache.digest(data)}"
    frames[name] = data
    return {"name": name}


alt.data_transformers.register("between_named_frames", _named_frames)


def drawing(chart: alt.TopLevelMixin) -> Drawing:
    """`chart` with its spec: what `st.altair_chart` would send, made by Altair (and validated)
    now. Altair's data transformer is global, hence the lock (also held by the exports)."""
    frames: dict[str, Any] = {}
    with (
        chart_export.ALTAIR_GLOBALS,
        alt.data_transformers.enable("between_named_frames", frames=frames),
    ):
        spec = fit_titles(chart.to_dict())
    spec["datasets"] = {**spec.get("datasets", {}), **frames}
    return Drawing(chart, spec)


def show_chart(chart: alt.TopLevelMixin | Drawing, name: str) -> None:
    """Draw a chart at the page's width, with PNG (2x) and SVG downloads rendered on this machine.

    `chart` is an Altair chart, or a `Drawing` (from `built_once`) whose spec is reused as it
    is. `name` is the file name the downloads carry; it must be unique on the page (it keys the
    buttons). The images are rendered only when a button is clicked (Streamlit runs a callable
    `data` on demand), so a rerun costs nothing extra.
    """
    drawn = chart if isinstance(chart, Drawing) else drawing(chart)
    # theme=None: our own Altair theme (analytics.theme), not Streamlit's, so the page matches the exports.
    # Vega-Lite cannot fit a concatenated or faceted chart into a width: stretched, each part
    # would take the page's width and its axis would spill past a phone's edge. Those keep the
    # size their builder gave them (made to fit 360 px).
    # A copy of the top level and of the datasets: Streamlit takes the datasets out of the
    # spec it is given, and a Drawing is drawn again on the next rerun.
    spec = {**drawn.spec, "datasets": dict(drawn.spec["datasets"])}
    st.vega_lite_chart(spec=spec, width="content" if drawn.composite else "stretch", theme=None)
    stem = chart_export.file_stem(name)
    with st.container(horizontal=True, gap="small"):
        for label, render, mime, icon, what in CHART_DOWNLOADS:
            st.download_button(
                label,
                data=partial(render, drawn.chart),  # made only when downloaded
                file_name=f"{stem}.{label.lower()}",
                mime=mime,
                key=f"chart-{label.lower()}-{stem}",
                on_click="ignore",
                icon=icon,
                type="tertiary",
                help=f"Download this chart as {what}",
            )


_DRAWINGS: per_version_cache.Kept[Drawing | None] = per_version_cache.Kept(64)
"""Charts made once, shared by every session and rerun (as analytics keeps its results):
a plain dict, since Streamlit's own cache would hash a long key on every rerun."""


def _draw_built(build: Callable[[], alt.TopLevelMixin | None]) -> Drawing | None:
    chart = build()
    return None if chart is None else drawing(chart)


@overload
def built_once(key: Hashable, build: Callable[[], alt.TopLevelMixin]) -> Drawing: ...
@overload
def built_once(key: Hashable, build: Callable[[], alt.TopLevelMixin | None]) -> Drawing | None: ...
def built_once(key: Hashable, build: Callable[[], alt.TopLevelMixin | None]) -> Drawing | None:
    """The chart `build` makes, with its spec, made once per `key` (None if `build` makes none).

    `key` must name everything the chart shows: a digest of the data it draws (for example
    `outcomes.fingerprint`), or the journal version an analysis was kept under with the
    range and choices it was made for. A rerun with the same key skips Altair's construction
    and its schema check, and a new entry makes a new key, so the chart is never stale.
    """
    return _DRAWINGS.get(key, lambda: _draw_built(build))


ROUNDS_KEY = "form_rounds"
"""Saves per form (scope): its widgets' keys carry the count, so after a save the form starts
afresh. Deleting a widget's value is not enough: the browser keeps showing it and sends it
again with the next tap or Save, logging a choice the person did not make again."""


Option = TypeVar("Option")


def labelled(labels: Mapping[Option, str]) -> Callable[[Option], str]:
    """A choice widget's `format_func` from its options' labels. A choice kept from an earlier
    run and no longer offered (an entry since deleted) gets the empty label, so Streamlit finds
    it gone and goes back to the first option (a lookup that raised would have Streamlit match
    the old choice by its old label instead)."""
    return lambda option: labels.get(option, "")


def fresh_key(scope: str, name: str) -> str:
    """The key of a widget of the form `scope` this round: `scope_name` until its first save,
    then `scope_name_rN`. The old keys' widgets are no longer drawn, so Streamlit drops them."""
    n = st.session_state.get(ROUNDS_KEY, {}).get(scope, 0)
    return f"{scope}_{name}" if n == 0 else f"{scope}_{name}_r{n}"


def start_afresh(scope: str) -> None:
    """After a save: the form `scope` gets new widget keys on the next run (`fresh_key`); the
    other forms keep what is typed in them."""
    rounds = dict(st.session_state.get(ROUNDS_KEY, {}))
    rounds[scope] = rounds.get(scope, 0) + 1
    st.session_state[ROUNDS_KEY] = rounds


def only_in_my_journal(action: str) -> None:
    """Stop the page here in the demo journal: imports and restores go into the person's own."""
    if is_demo():
        st.info(
            f"You are exploring the sample journal. Go back to your journal to {action} into it."
        )
        st.stop()


def show_done(key: str) -> None:
    """Show, once, the message a write left in session state under `key` before its rerun."""
    done = st.session_state.pop(key, None)
    if done:
        st.success(plain(done), icon=":material/check_circle:")


def not_enough_data(message: str) -> None:
    st.info(message, icon=":material/hourglass_empty:")


def written(message: str) -> None:
    """After a write: say so kindly."""
    st.toast(message, icon=":material/check_circle:")


def attempt_add(write: Callable[[], str | tuple[str, ...]]) -> tuple[str, ...] | None:
    """Run one validated write that adds entries and returns their id (or ids); on a refusal
    show it inline and return None (nothing was saved)."""
    try:
        added = write()
    except InvalidEntry as problem:
        refused(problem)
        return None
    return (added,) if isinstance(added, str) else tuple(added)


def remember_save(scope: str, kind: EntryKind, ids: tuple[str, ...], message: str) -> None:
    """After a save on page `scope`: say so on the next run, with an Undo (`undo_offer`)."""
    st.session_state[f"{scope}_undo_entry"] = (kind.value, ids, message)


def forget_save(scope: str) -> None:
    """No undo or banner of an earlier save (a failed write must not read as if it landed)."""
    st.session_state.pop(f"{scope}_undo_entry", None)
    st.session_state.pop(f"{scope}_flash", None)


def undo_offer(con: Connection, scope: str, notice, forget: tuple[str, ...] = ()) -> None:
    """The last save's banner and its Undo (key `{scope}_undo`), drawn in `notice` (an
    `st.empty`) so a failed write can clear them; a message set in `{scope}_flash` is said
    there once. An undo of several entries saved together removes them together, and drops
    the session-state keys in `forget` (what the page showed about the save)."""
    flash = st.session_state.pop(f"{scope}_flash", None)
    if flash:
        notice.info(plain(flash), icon=":material/info:")
    last = st.session_state.get(f"{scope}_undo_entry")
    if last is None:
        return
    kind, ids, message = last
    box = notice.container()
    box.success(plain(message), icon=":material/check_circle:")
    if box.button("Undo", icon=":material/undo:", key=f"{scope}_undo"):
        del st.session_state[f"{scope}_undo_entry"]
        for key in forget:
            st.session_state.pop(key, None)
        removed = delete_entries(con, kind, ids)
        these = "that entry is" if len(ids) == 1 else f"those {len(ids)} entries are"
        st.session_state[f"{scope}_flash"] = (
            f"Undone: {these} no longer in your journal."
            if removed == len(ids)
            else "Undone. It had already been deleted elsewhere."
            if removed == 0
            else f"Undone: {removed} of {len(ids)} removed; the others had been deleted elsewhere."
        )
        st.rerun()


def attempt(write: Callable[[], object]) -> bool:
    """Run one validated write; on a refusal show it inline (nothing was saved). True if it landed."""
    try:
        write()
    except InvalidEntry as problem:
        refused(problem)
        return False
    return True


# How a field named by `InvalidEntry` reads to a person.
FIELD_LABELS = {
    "time": "When",
    "local_time": "When",
    "day": "Date",
    "wellbeing": "Wellbeing",
    "anxiety": "Anxiety",
    "energy": "Energy",
    "emotions": "Emotions",
    "note": "Note",
    "sleep_hours": "Sleep (hours)",
    "sleep_quality": "Sleep quality",
    "category": "Category",
    "what_happened": "What happened",
    "intensity": "Intensity",
    "response": "How I responded",
    "response_kind": "Kind of response",
    "helped": "How much it helped",
    "practice": "Practice",
    "minutes": "Minutes",
    "status": "Done or rest day",
    "reflection": "Reflection",
    "noticing": "What am I noticing?",
    "tried_new": "Where did I try something new?",
    "hard_learned": "What felt hard, and what did I learn?",
    "bring_next": "What do I bring to my next session?",
    "free_text": "Anything else",
    "stirred_up": "What got stirred up?",
    "name": "Name",
    "description": "Description",
    "weekly_target": "Times a week",
    "id": "Entry",
    "source": "From",
    "first_time": "First time",
    "amount": "Amount",
    "answers": "Answers",
}


def all_chosen(choices: dict[str, object]) -> bool:
    """Whether every required choice is made; if not, say every missing one in one sentence
    ("Choose a category, how intense it was and how you met it."), not one per Save."""
    missing = [what for what, value in choices.items() if value is None or value == ""]
    if missing:
        st.error(f"Choose {phrases.join(missing)}. Nothing was saved.", icon=":material/edit:")
    return not missing


def trigger_chosen(category: object, intensity: object, how_met: object) -> bool:
    """`all_chosen` for what a trigger must have (nothing is assumed for the person)."""
    return all_chosen(
        {"a category": category, "how intense it was": intensity, "how you met it": how_met}
    )


def refused(problem: InvalidEntry) -> None:
    """Show a refused entry inline: the field in plain words and what to change. Nothing was saved."""
    field = FIELD_LABELS.get(problem.field, problem.field.replace("_", " ").capitalize())
    st.error(
        f"{plain(field)}: {plain(problem.message)}. Nothing was saved.", icon=":material/edit:"
    )


def password_lock(scope: str, what: str, help: str) -> tuple[bool, PasswordChoice]:
    """ "Lock the {what} with a password": a box, then the password typed twice in a form.

    A form, so the password counts only once it is confirmed: a click on the download can
    never take a file out plain while the password is still on its way to the server (a
    download button runs what the last finished run gave it). The password is held in memory
    for this session only, never saved or logged. Widget keys: `{scope}_lock`,
    `{scope}_password`, `{scope}_password_again`. Returns whether a lock is wanted, and the
    choice (the password once confirmed; `blocked` while the download must wait).
    """
    wanted = st.checkbox(f"Lock the {what} with a password", key=f"{scope}_lock", help=help)
    password = again = ""
    if wanted:
        with st.form(f"{scope}_password_form", border=False):
            first_column, again_column = st.columns(2)
            password = first_column.text_input("Password", type="password", key=f"{scope}_password")
            again = again_column.text_input(
                "The same password again", type="password", key=f"{scope}_password_again"
            )
            st.form_submit_button("Use this password", icon=":material/key:")
    lock = export.password_choice(wanted, password, again, what=what)
    if lock.message:
        (st.warning if lock.warn else st.caption)(lock.message)
    return wanted, lock


def sleep_fields(prefix: str, label: str = "Last night's sleep (optional)") -> tuple:
    """Two optional inputs, empty until the person types (empty is not 0): hours slept the
    night before (0-24, in quarter hours) and how well (0-10). Returns (hours, quality), each
    None when left empty. Keys: `{prefix}_hours`, `{prefix}_quality`."""
    with st.expander(label):
        left, right = st.columns(2)
        hours = left.number_input(
            "Hours slept",
            min_value=0.0,
            max_value=24.0,
            value=None,
            step=0.25,
            format="%g",
            key=f"{prefix}_hours",
        )
        quality = right.number_input(
            "Sleep quality (0 very poor, 10 very good)",
            min_value=0,
            max_value=10,
            value=None,
            step=1,
            key=f"{prefix}_quality",
        )
    return hours, quality
