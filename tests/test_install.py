"""What `pip install .` ships: the wheel holds the app, its server, its settings and its pages,
and `between app` from a fresh environment with that wheel (and no checkout) serves them.

The fresh environment gets the app only from the wheel. Its dependencies (streamlit, duckdb...)
come from this test run's own environment through a `.pth` line, so the test needs no
network: a `.pth` line adds a folder to the path without running the `.pth` files inside it,
so the checkout's editable install is not seen. The browser opens the served page and waits
for the first start's welcome, which only a working app.py, views/ and analytics/ can show.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from testkit.browser import CHROMIUM_ARGS, REPO, chromium_path, free_port

pytestmark = pytest.mark.browser

# What a wheel is built from: the sources setuptools packs, and nothing else of the checkout.
SOURCES = (
    "pyproject.toml",
    "README.md",
    "analytics",
    "serving",
    "views",
    "between_sessions",
    "sample_data",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (an in-tree build would leave build/ behind)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_the_app_its_server_settings_and_every_page(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "between_sessions/app.py",
        "between_sessions/server.py",
        "between_sessions/.streamlit/config.toml",
        "views/__init__.py",
        "views/common.py",
        "analytics/cli/__init__.py",
        "analytics/fonts/DejaVuSans.ttf",
        "sample_data/truth.json",
    ):
        assert needed in names, needed
    pages = {p.name for p in (REPO / "views").glob("*.py")}
    assert pages <= {Path(n).name for n in names if n.startswith("views/")}


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its `between` command."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )  # fmt: skip
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
         "--no-index", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    # The dependencies, from this environment; appended after the wheel's own packages.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin" / "between"


def test_between_app_from_the_installed_wheel_serves_the_pages(installed, tmp_path):
    from playwright.sync_api import sync_playwright

    elsewhere = tmp_path / "elsewhere"  # not the checkout: nothing of it on the path
    elsewhere.mkdir()
    where = subprocess.run(
        [str(installed.with_name("python")), "-c", "import analytics, views; print(analytics.__file__, views.__file__)"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    assert str(REPO) not in where, f"the checkout is on the installed app's path: {where}"

    port = free_port()
    log = (tmp_path / "app.log").open("w")
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": "",
        "DISPLAY": "",  # headless: no browser of its own
    }
    process = subprocess.Popen(
        [str(installed), "app", "--port", str(port), "--db", str(tmp_path / "journal.duckdb")],
        cwd=elsewhere,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the installed app did not start:\n" + (tmp_path / "app.log").read_text()
                )
            time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            try:
                page = browser.new_page()
                page.goto(f"http://localhost:{port}/")
                welcome = page.get_by_role("heading", name="Welcome to Between Sessions")
                try:
                    welcome.wait_for(timeout=60_000)
                except Exception:  # say what the page shows instead, and what the server said
                    pytest.fail(
                        "no welcome; the page shows:\n"
                        + page.locator("body").inner_text()[:2000]
                        + "\nthe server said:\n"
                        + (tmp_path / "app.log").read_text()[-3000:]
                    )
                assert page.locator("[data-testid='stException']").count() == 0
            finally:
                browser.close()
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
        log.close()
    said = (tmp_path / "app.log").read_text()
    assert "Traceback" not in said, said


def test_every_package_of_the_app_is_in_the_wheel():
    """The wheel lists its packages by hand: `analytics/words/` was left out of it, and the
    installed app could not import its sentences. Every folder with an `__init__.py` that the
    app runs from (not the tests' or the bench's) must be listed."""
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for top in ("analytics", "between_sessions", "serving", "views", "sample_data")
        for init in (REPO / top).rglob("__init__.py")
    }
    assert found == listed
