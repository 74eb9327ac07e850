"""Reading commands read only: `between stats`, `export` and `report` never write to the journal's
folder, work when that folder is read-only, and work while the app has the journal open to write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import duckdb
import pytest

from analytics import storage
from analytics.cli import main
from analytics.storage import read_only
from analytics.storage.schema import LATEST_VERSION, MIGRATIONS

REPO = Path(__file__).resolve().parent.parent


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), os.stat(p).st_mode)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _reading_commands(journal: Path, out_folder: Path) -> list[list[str]]:
    return [
        ["stats", "--db", str(journal), "--json"],
        ["export", "--db", str(journal), "--out", str(out_folder / "export.zip")],
        ["report", "--db", str(journal), "--out", str(out_folder / "brief.pdf")],
    ]


def test_reading_commands_open_the_journal_read_only_and_change_nothing(
    filled_journal, tmp_path, monkeypatch, capsys
):
    opened = []
    real_connect = duckdb.connect

    def spy(database, read_only=False, **kwargs):
        opened.append((Path(database).name, read_only))
        return real_connect(database, read_only=read_only, **kwargs)

    monkeypatch.setattr(duckdb, "connect", spy)
    out = tmp_path / "out"
    out.mkdir()
    journal_folder = tmp_path / "journal"
    journal_folder.mkdir()
    journal = journal_folder / "journal.duckdb"
    shutil.copyfile(filled_journal, journal)
    os.chmod(journal, 0o600)
    before = _snapshot(journal_folder)
    for command in _reading_commands(journal, out):
        assert main(command) == 0, capsys.readouterr().err
    assert _snapshot(journal_folder) == before
    assert sorted(os.listdir(journal_folder)) == ["journal.duckdb"]
    assert opened and all(read_only for _, read_only in opened)


ROOTLESS_READ_ONLY = shutil.which("unshare") is not None


def _run_in_read_only_folder(folder: Path, argv: list[str]) -> subprocess.CompletedProcess:
    """Run `between ARGV` where `folder` is really read-only: a read-only bind mount in a private
    user and mount namespace (`unshare -rm`), so even root cannot write there. With no ARGV,
    only the mount is tried (exit 0 when it holds): starting Python costs seconds."""
    script = textwrap.dedent(
        f"""
        set -e
        mount --bind "{folder}" "{folder}"
        mount -o remount,bind,ro "{folder}"
        if touch "{folder}/probe" 2>/dev/null; then echo "folder is writable" >&2; exit 99; fi
        if [ "$#" -eq 0 ]; then exit 0; fi
        exec "{sys.executable}" -m analytics "$@"
        """
    )
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.skipif(not ROOTLESS_READ_ONLY, reason="needs unshare for a real read-only folder")
def test_reading_commands_work_in_a_folder_that_is_really_read_only(filled_journal, tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    journal = folder / "journal.duckdb"
    shutil.copyfile(filled_journal, journal)
    os.chmod(journal, 0o600)
    os.chmod(folder, 0o555)
    out = tmp_path / "out"
    out.mkdir()
    probe = _run_in_read_only_folder(folder, [])
    if probe.returncode == 99 or "unshare" in probe.stderr:
        pytest.skip(f"no read-only bind mount here: {probe.stderr.strip()}")
    before = _snapshot(folder)
    done = [_run_in_read_only_folder(folder, c) for c in _reading_commands(journal, out)]
    assert [d.returncode for d in done] == [0, 0, 0], [d.stderr for d in done]
    assert _snapshot(folder) == before
    assert json.loads(done[0].stdout)
    assert zipfile.is_zipfile(out / "export.zip")
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    # And the same journal opened to write in that folder is refused, so the mount was real.
    refused = _run_in_read_only_folder(folder, ["sample", "--db", str(journal)])
    assert refused.returncode != 0


WRITER = """
import sys, time, duckdb
from datetime import datetime, timedelta
from analytics import clock, storage
con = storage.connect(sys.argv[1])
con.execute("CHECKPOINT")
storage.add_check_in(con, when=clock.now() - timedelta(minutes=1), wellbeing=9, note="fresh")
print("ready", flush=True)
i = 0
while True:
    storage.add_check_in(con, when=clock.now() - timedelta(minutes=1), wellbeing=i % 10)
    i += 1
    time.sleep(0.002)
"""


@pytest.fixture
def app_writing(filled_journal):
    """Another process holding the journal open for writing and writing to it all the time."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(filled_journal)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        line = writer.stdout.readline()
        assert line.strip() == "ready", writer.stderr.read()
        yield filled_journal
    finally:
        writer.kill()
        writer.wait()


def test_reading_commands_work_while_another_process_writes_the_journal(
    app_writing, tmp_path, capsys, monkeypatch
):
    journal = app_writing
    # A temporary folder of this test's own: the shared one may hold another process's copy.
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    with pytest.raises(duckdb.IOException, match="lock"):
        duckdb.connect(str(journal), read_only=True)
    out = tmp_path / "out"
    out.mkdir()
    for command in _reading_commands(journal, out):
        assert main(command) == 0, capsys.readouterr().err
        assert "copy" in capsys.readouterr().err
    stats = main(["stats", "--db", str(journal), "--json"])
    assert stats == 0
    kinds = {row["kind"]: row["entries"] for row in json.loads(capsys.readouterr().out)["kinds"]}
    # 14 from the fixture, the writer's committed "fresh" one, and whatever it wrote since.
    assert kinds["check_ins"] > 15
    assert zipfile.is_zipfile(out / "export.zip")
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert list(private_tmp.iterdir()) == [], "the private copies are removed after reading"


def test_the_private_copy_is_owner_only_and_removed(app_writing):
    seen = []
    with storage.open_to_read(app_writing, note=seen.append) as con:
        (path,) = con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
        folder = Path(path).parent.parent
        assert folder.name.startswith(read_only.TEMP_PREFIX)
        assert os.stat(folder).st_mode & 0o077 == 0
        assert os.stat(path).st_mode & 0o077 == 0
        assert con.execute("SELECT count(*) FROM check_ins WHERE note = 'fresh'").fetchone() == (1,)
    assert not folder.exists()
    assert len(seen) == 1 and "copy" in seen[0]


def test_an_older_journal_is_read_through_an_upgraded_copy_and_left_as_it_is(tmp_path, capsys):
    journal = tmp_path / "old.duckdb"
    con = duckdb.connect(str(journal))
    # The version before the latest migration (versions need not be consecutive).
    previous = MIGRATIONS[-2].version
    storage.migrate(con, target=previous)
    con.close()
    before = _snapshot(tmp_path)
    assert main(["stats", "--db", str(journal)]) == 0
    assert "older version" in capsys.readouterr().err
    assert _snapshot(tmp_path) == before
    con = duckdb.connect(str(journal), read_only=True)
    assert storage.schema_version(con) == previous
    con.close()


def test_a_journal_from_a_newer_app_is_refused_and_left_as_it_is(journal_path, capsys):
    con = duckdb.connect(str(journal_path))
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [LATEST_VERSION + 1])
    con.close()
    before = journal_path.read_bytes()
    assert main(["stats", "--db", str(journal_path)]) == 1
    assert "newer version" in capsys.readouterr().err
    assert journal_path.read_bytes() == before
