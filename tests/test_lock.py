"""Reproducible installs: `make run` and `make test` install exact versions with hashes from the
locks (requirements.lock, requirements-dev.lock) that `make lock` writes from pyproject.toml."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

RUN_LOCK = REPO / "requirements.lock"
DEV_LOCK = REPO / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def run_requirements() -> list[Requirement]:
    return [Requirement(text) for text in project()["dependencies"]]


def dev_requirements() -> list[Requirement]:
    return run_requirements() + [
        Requirement(text) for text in project()["optional-dependencies"]["dev"]
    ]


def read_lock(path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), for every entry of a pip-compile lock."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line.startswith(" "):
            match = PIN.match(stripped)
            assert match, f"{path.name}: not an exact pin: {stripped!r}"
            current = canonicalize_name(match.group(1))
            entries[current] = (match.group(2), [])
        elif stripped.startswith("--hash=sha256:"):
            entries[current][1].append(stripped.removeprefix("--hash=").rstrip(" \\"))
    return entries


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [(RUN_LOCK, run_requirements), (DEV_LOCK, dev_requirements)],
    ids=["run", "dev"],
)
def test_every_dependency_is_pinned_exactly_with_hashes_within_its_range(lock, requirements):
    assert lock.exists(), f"{lock.name} is missing: run `make lock`"
    entries = read_lock(lock)
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement} is not in {lock.name}: run `make lock`"
        version, hashes = entries[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {name}=={version}, outside {requirement}"
        )
        assert hashes, f"{name} has no hash in {lock.name}"
    # Everything it installs, dependencies of dependencies too, has a hash (pip insists anyway).
    assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for _, hs in entries.values() for h in hs)
    assert all(hashes for _, hashes in entries.values())
    # The build backend is locked too, since the app is installed without build isolation.
    assert "setuptools" in entries


def test_the_two_locks_pin_every_shared_package_alike():
    run, dev = read_lock(RUN_LOCK), read_lock(DEV_LOCK)
    assert set(run) <= set(dev)
    assert {name: run[name][0] for name in run} == {name: dev[name][0] for name in run}


def test_the_locks_name_no_local_index_or_path():
    for lock in (RUN_LOCK, DEV_LOCK):
        text = lock.read_text(encoding="utf-8")
        assert "--index-url" not in text and "--find-links" not in text
        assert "file://" not in text and "/tmp/" not in text


def _dry_run(target: str) -> list[str]:
    """The pip commands `make` would run to install for `target`, without running anything."""
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return [line for line in done.stdout.splitlines() if "pip install" in line]


@pytest.mark.parametrize(
    ("target", "lock"), [("run", RUN_LOCK.name), ("test", DEV_LOCK.name)], ids=["run", "test"]
)
def test_make_installs_from_the_lock_with_hashes_and_the_app_without_dependencies(target, lock):
    commands = _dry_run(target)
    from_lock = [c for c in commands if f"-r {lock}" in c]
    assert len(from_lock) == 1 and "--require-hashes" in from_lock[0], commands
    for command in commands:
        if command in from_lock:
            continue
        # The only other install is the app itself, which must not pull in anything unlocked.
        assert command.rstrip().endswith("-e .") and "--no-deps" in command, command
