"""Forms on every page: Enter in one field never sends a form that has more fields to fill.

Streamlit sends a form when Enter is pressed in a text or number field. On the welcome form that
started the journal at once, silently skipping the next-session date and the questionnaires
below the field (issue 23). A form with more than one field therefore sends only by its
button; a form of one field (a new category's name) or of a password typed twice keeps Enter.
"""

from __future__ import annotations

import ast
from pathlib import Path

from streamlit.proto.Block_pb2 import Block

from analytics import storage
from tests.apptest import open_page

VIEWS = Path(__file__).resolve().parent.parent / "views"
FIELDS = {
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
    "checkbox",
    "toggle",
    "slider",
    "select_slider",
    "selectbox",
    "multiselect",
    "radio",
    "pills",
    "segmented_control",
    "feedback",
}


def form_calls(tree: ast.AST):
    """Each `with ...st.form(...)` in a file, with the calls of field widgets inside it."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.With):
            continue
        for item in node.items:
            call = item.context_expr
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "form"
            ):
                fields = [
                    inner
                    for statement in node.body
                    for inner in ast.walk(statement)
                    if isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in FIELDS
                ]
                yield call, fields


def keeps_enter(call: ast.Call) -> bool:
    return not any(
        k.arg == "enter_to_submit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )


def is_password(field: ast.Call) -> bool:
    return any(
        k.arg == "type" and isinstance(k.value, ast.Constant) and k.value.value == "password"
        for k in field.keywords
    )


def test_every_form_with_more_than_one_field_is_sent_only_by_its_button():
    checked, offending = 0, []
    for path in sorted(VIEWS.glob("*.py")):
        for call, fields in form_calls(ast.parse(path.read_text())):
            checked += 1
            several = len(fields) > 1
            only_passwords = fields and all(is_password(f) for f in fields)
            if several and not only_passwords and keeps_enter(call):
                offending.append(f"{path.name}:{call.lineno}")
    assert checked >= 10  # the walk finds the forms at all (13 today)
    assert offending == []


def test_the_welcome_form_is_not_sent_by_enter(app_env, tmp_path):
    app_env(tmp_path / "new.duckdb")
    at = open_page("../views/home.py")
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Block) and proto.WhichOneof("type") == "form":
            found.append(proto.form)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    welcome = [f for f in found if f.form_id == "first_start_form"]
    assert welcome and not welcome[0].enter_to_submit
    assert storage.is_empty(storage.connect(tmp_path / "new.duckdb"))
