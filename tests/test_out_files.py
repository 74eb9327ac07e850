"""`--out` never destroys anything: not the journal, not its log or backups, not an existing file."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from analytics import private_files, storage
from analytics.cli import main
from analytics.export import files
from analytics.storage import backup_files


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def journal_with_wal_and_backup(filled_journal) -> Path:
    """The filled journal, closed, with a backup taken and a write-ahead log beside it."""
    con = storage.connect(filled_journal)
    backup_files.take_backup(con, "manual", now=datetime(2026, 11, 1, 9, 0, 0))
    con.close()
    return filled_journal


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _backup(path: Path) -> Path:
    return backup_files.list_backups(path)[0].path


def _targets(journal: Path) -> dict[str, Path]:
    folder = journal.parent
    link = folder / "innocent.pdf"
    link.symlink_to(journal)
    backup_link = folder / "other" / "link.zip"
    backup_link.parent.mkdir()
    backup_link.symlink_to(_backup(journal))
    return {
        "journal": journal,
        "wal": _wal(journal),
        "backup": _backup(journal),
        "new file in backups": backup_files.backups_dir(journal) / "new.zip",
        "symlink to journal": link,
        "symlink to backup": backup_link,
        "dotdot path": folder / "other" / ".." / journal.name,
        "demo journal": folder / "demo.duckdb",
        "hard link": _hard_link(journal, folder / "hard.pdf"),
    }


def _hard_link(target: Path, link: Path) -> Path:
    os.link(target, link)
    return link


@pytest.mark.parametrize("command", ["report", "export"])
@pytest.mark.parametrize(
    "target",
    [
        "journal",
        "wal",
        "backup",
        "new file in backups",
        "symlink to journal",
        "symlink to backup",
        "dotdot path",
        "demo journal",
        "hard link",
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_out_pointing_at_the_journal_or_its_backups_is_refused_and_nothing_changes(
    journal_with_wal_and_backup, command, target, force, capsys
):
    journal = journal_with_wal_and_backup
    # A write-ahead log to protect: DuckDB removes it on close, so stand one in.
    _wal(journal).write_bytes(b"wal bytes")
    out = _targets(journal)[target]
    before = _snapshot(journal.parent)
    args = [command, "--db", str(journal), "--out", str(out)] + (["--force"] if force else [])
    if command == "report":
        args += ["--since", "last-session"]
    assert main(args) == 1
    assert _snapshot(journal.parent) == before
    err = capsys.readouterr().err
    assert "Refused to write to" in err and "Nothing was written" in err


@pytest.mark.parametrize("command", ["report", "export"])
def test_a_relative_out_equal_to_the_journal_is_refused(
    journal_with_wal_and_backup, command, monkeypatch, capsys
):
    journal = journal_with_wal_and_backup
    (journal.parent / "sub").mkdir()
    monkeypatch.chdir(journal.parent / "sub")
    before = _snapshot(journal.parent)
    relative = f"../{journal.name}"
    assert main([command, "--db", str(journal), "--out", relative]) == 1
    assert _snapshot(journal.parent) == before
    assert relative in capsys.readouterr().err


@pytest.mark.parametrize("command", ["report", "export"])
def test_an_existing_out_is_kept_unless_forced(filled_journal, tmp_path, command, capsys):
    out = tmp_path / "elsewhere" / "old.bin"
    out.parent.mkdir()
    out.write_bytes(b"something the person kept")
    assert main([command, "--db", str(filled_journal), "--out", str(out)]) == 1
    assert out.read_bytes() == b"something the person kept"
    assert "--force" in capsys.readouterr().err
    assert main([command, "--db", str(filled_journal), "--out", str(out), "--force"]) == 0
    assert out.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    assert sorted(p.name for p in out.parent.iterdir()) == ["old.bin"]


def test_the_default_brief_name_is_not_replaced_without_force(
    filled_journal, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--db", str(filled_journal)]) == 0
    (written,) = tmp_path.glob("*.pdf")
    written.write_bytes(b"kept")
    assert main(["report", "--db", str(filled_journal)]) == 1
    assert written.read_bytes() == b"kept"


@pytest.mark.parametrize("command", ["report", "export"])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(
    filled_journal, tmp_path, command, monkeypatch
):
    out = tmp_path / "out" / "kept.bin"
    out.parent.mkdir()
    out.write_bytes(b"old contents")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    code = main([command, "--db", str(filled_journal), "--out", str(out), "--force"])
    assert code != 0
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in out.parent.iterdir()] == ["kept.bin"]


def test_a_failure_mid_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    class Killed(BaseException):
        pass

    real_fdopen = files.os.fdopen

    def half_then_killed(fd, mode):
        file = real_fdopen(fd, mode)
        real_write = file.write

        def write(data):
            real_write(data[: len(data) // 2])
            raise Killed

        file.write = write
        return file

    monkeypatch.setattr(files.os, "fdopen", half_then_killed)
    with pytest.raises(Killed):
        files.write_whole_file(tmp_path / "new.zip", b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_write_whole_file_without_replace_never_replaces(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(b"first")
    with pytest.raises(files.OutRefused, match="--force"):
        files.write_whole_file(path, b"second", replace=False)
    assert path.read_bytes() == b"first"
    assert list(tmp_path.iterdir()) == [path]
    files.write_whole_file(path, b"second")
    assert path.read_bytes() == b"second"


def test_an_out_elsewhere_is_allowed(journal_with_wal_and_backup, tmp_path):
    out = tmp_path / "exports" / "journal.zip"
    assert files.check_out_path(out, journal_with_wal_and_backup) == out
    beside = journal_with_wal_and_backup.parent / "between-sessions.zip"
    assert files.check_out_path(beside, journal_with_wal_and_backup) == beside


def test_backups_beside_a_symlinked_journal_are_protected(tmp_path, filled_journal):
    linked = tmp_path / "elsewhere" / "journal.duckdb"
    linked.parent.mkdir()
    linked.symlink_to(filled_journal)
    con = storage.connect(linked)
    backup_files.take_backup(con, "manual")
    con.close()
    # DuckDB may name the file by either path; both backups folders are protected.
    taken = backup_files.list_backups(linked) + backup_files.list_backups(filled_journal)
    for out in (
        taken[0].path,
        backup_files.backups_dir(linked) / "new.zip",
        backup_files.backups_dir(filled_journal) / "new.zip",
        linked,
        filled_journal,
    ):
        with pytest.raises(files.OutRefused, match="Refused"):
            files.check_out_path(out, linked, force=True)


# --- the person's own journal, whatever --db is; never a device; a folder that cannot be written


@pytest.fixture
def own_journal(tmp_path, monkeypatch) -> Path:
    """The person's real journal in their data folder (in tmp_path), with a wal, a damaged copy,
    a backup and the demo journal beside it; --db will name another journal."""
    monkeypatch.delenv("BETWEEN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from analytics.paths import default_journal_path, demo_journal_path

    path = default_journal_path()
    con = storage.connect(path)
    backup_files.take_backup(con, "manual", now=datetime(2026, 11, 1, 9, 0, 0))
    con.close()
    storage.connect(demo_journal_path()).close()
    _wal(path).write_bytes(b"wal bytes")
    path.with_name(f"{path.name}.damaged-2026-11-01").write_bytes(b"damaged but kept")
    return path


@pytest.mark.parametrize("command", ["report", "export"])
@pytest.mark.parametrize(
    "target", ["journal", "wal", "damaged", "demo", "backup", "new in backups"]
)
def test_the_persons_own_journal_is_refused_whatever_db_is(
    own_journal, filled_journal, command, target, capsys
):
    folder = own_journal.parent
    out = {
        "journal": own_journal,
        "wal": _wal(own_journal),
        "damaged": folder / f"{own_journal.name}.damaged-2026-11-01",
        "demo": folder / "demo.duckdb",
        "backup": _backup(own_journal),
        "new in backups": backup_files.backups_dir(own_journal) / "new.zip",
    }[target]
    before = _snapshot(folder)
    args = [command, "--db", str(filled_journal), "--out", str(out), "--force"]
    if command == "report":
        args += ["--since", "last-session"]

    assert main(args) == 1

    assert _snapshot(folder) == before
    err = capsys.readouterr().err
    assert "Refused to write to" in err and "Nothing was written" in err


@pytest.mark.parametrize("command", ["report", "export"])
@pytest.mark.parametrize("force", [False, True])
def test_an_out_that_is_not_a_plain_file_is_refused_even_with_force(
    filled_journal, tmp_path, command, force, capsys
):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout-like"
    link.symlink_to(fifo)
    for out in (fifo, link):
        args = [command, "--db", str(filled_journal), "--out", str(out)]
        assert main(args + (["--force"] if force else [])) == 1
        assert "not a plain file" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()


def test_check_out_path_refuses_a_device_even_with_force(tmp_path, monkeypatch):
    out = tmp_path / "stdout"
    out.write_bytes(b"")
    real_stat = os.stat

    def as_a_device(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if Path(path) == out:
            return os.stat_result((stat.S_IFCHR | 0o620, *tuple(info)[1:]))
        return info

    monkeypatch.setattr(files.os, "stat", as_a_device)
    with pytest.raises(files.OutRefused, match="not a plain file"):
        files.check_out_path(out, None, force=True)


@pytest.mark.parametrize("command", ["report", "export"])
def test_an_out_under_a_plain_file_names_the_out_and_leaves_the_journal(
    filled_journal, tmp_path, command, capsys
):
    (tmp_path / "plainfile").write_text("a file, not a folder")
    out = tmp_path / "plainfile" / "a.zip"
    before = filled_journal.read_bytes()

    assert main([command, "--db", str(filled_journal), "--out", str(out)]) == 1

    err = capsys.readouterr().err
    assert f"Could not write {out}" in err
    assert "Nothing was written and your journal is untouched" in err
    assert "move the journal" not in err and "Traceback" not in err
    assert filled_journal.read_bytes() == before


@pytest.mark.parametrize("command", ["report", "export"])
@pytest.mark.parametrize(
    "error", [PermissionError(13, "Permission denied"), FileNotFoundError(2, "No such file")]
)
def test_an_out_folder_that_cannot_be_written_names_the_out(
    filled_journal, tmp_path, command, error, monkeypatch, capsys
):
    # A read-only folder, or a path under /proc: as root chmod stops nothing, so the refusal is faked.
    def refused(*args, **kwargs):
        raise error

    monkeypatch.setattr(private_files.tempfile, "mkstemp", refused)
    out = tmp_path / "readonly" / "a.zip"

    assert main([command, "--db", str(filled_journal), "--out", str(out)]) == 1

    err = capsys.readouterr().err
    assert f"Could not write {out} ({error.strerror})" in err
    assert "Nothing was written and your journal is untouched" in err
    assert "The journal at" not in err
