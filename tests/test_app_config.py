"""The app's Streamlit configuration, and what it promises: no source text on a page, the
uploader's limit is the importer's, and the page's own text colours meet WCAG AA."""

from __future__ import annotations

import ast
import tomllib

import pytest

from analytics.importers import MAX_BYTES
from tests.apptest import open_page
from tests.conftest import REPO
from views import PAGE_FILES

CONFIG = tomllib.loads((REPO / "between_sessions" / ".streamlit" / "config.toml").read_text())
PAGES = [
    (REPO / "between_sessions" / page).resolve() for page in PAGE_FILES
]  # every page the navigation opens


def bare_strings(path) -> list[str]:
    """String statements after the module docstring: Streamlit's magic would print each one."""
    body = ast.parse(path.read_text()).body
    return [
        node.value.value
        for node in body[1:]
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


def test_magic_is_off_so_a_docstring_never_becomes_page_text():
    assert CONFIG["runner"]["magicEnabled"] is False


def test_the_uploader_limit_is_the_importers_limit():
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


@pytest.mark.parametrize("page", [p for p in PAGES if bare_strings(p)], ids=lambda p: p.stem)
def test_no_page_shows_its_source_text(app_env, page):
    at = open_page(f"../views/{page.name}")
    shown = " ".join(
        str(element.value)
        for kind in ("markdown", "text", "caption", "code")
        for element in at.get(kind)
    )
    for source in bare_strings(page):
        assert source.strip()[:40] not in shown, f"{page.name} shows its source: {source!r}"


def test_pages_are_tested_with_the_settings_they_are_served_with():
    """conftest points Streamlit at the settings beside server.py, as `streamlit run` does: a
    page test in a process without them saw every interface and a network warning."""
    from streamlit import config

    assert config.get_option("server.address") == CONFIG["server"]["address"] == "localhost"
    assert config.get_option("runner.magicEnabled") is False
    assert config.get_option("client.disableDataExport") is True
