"""`between export --password`, `between restore` of a locked export, and `between backups
--export`: the password from a prompt or $BETWEEN_EXPORT_PASSWORD only, never the command line;
a wrong one changes nothing; the password ends up in no argument, output or file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from analytics import storage
from analytics.cli import main
from analytics.export import PasswordNeeded, backups, is_locked_export, read_export
from tests.test_cli_report import prompts
from tests.test_export import snapshot

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "four words that differ"
VARIABLE = "BETWEEN_EXPORT_PASSWORD"
NOTE = "Planted: what I could not say to Dad on Sunday"


@pytest.fixture(autouse=True)
def no_password_variable(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "journal.duckdb"
    con = storage.connect(path)
    storage.add_check_in(con, when=datetime(2026, 3, 2, 8, 0), wellbeing=6, note=NOTE)
    storage.add_reflection(con, day=datetime(2026, 3, 4).date(), free_text="Noticed more.")
    con.close()
    return path


def rows(path: Path) -> dict:
    con = storage.connect(path)
    try:
        return snapshot(con)
    finally:
        con.close()


def locked_export(filled: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv(VARIABLE, PASSWORD)
    out = tmp_path / "journal-locked.zip"
    assert main(["export", "--db", str(filled), "--out", str(out), "--password"]) == 0
    monkeypatch.delenv(VARIABLE)
    return out


# --- export ----------------------------------------------------------------------------------


def test_export_password_from_the_environment_locks_the_zip(filled, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(VARIABLE, PASSWORD)
    shown = prompts(monkeypatch)  # no prompt when the variable is set
    out = tmp_path / "locked.zip"

    assert main(["export", "--db", str(filled), "--out", str(out), "--password"]) == 0

    assert shown == []
    assert "locked with your password" in capsys.readouterr().err
    assert is_locked_export(out) and NOTE.encode() not in out.read_bytes()
    with pytest.raises(PasswordNeeded):
        read_export(out)
    assert read_export(out, password=PASSWORD).count("check_ins") == 1


def test_export_password_is_asked_twice_at_a_prompt(filled, tmp_path, monkeypatch):
    shown = prompts(monkeypatch, PASSWORD, PASSWORD)
    out = tmp_path / "locked.zip"

    assert main(["export", "--db", str(filled), "--out", str(out), "--password"]) == 0

    assert shown == ["Password for the export: ", "The same password again: "]
    assert read_export(out, password=PASSWORD).count("reflections") == 1


@pytest.mark.parametrize(("answers", "said"), [(("",), "empty"), ((PASSWORD, "a typo"), "differ")])
def test_an_empty_or_unconfirmed_export_password_writes_nothing(
    filled, tmp_path, monkeypatch, capsys, answers, said
):
    prompts(monkeypatch, *answers)
    out = tmp_path / "locked.zip"
    assert main(["export", "--db", str(filled), "--out", str(out), "--password"]) == 2
    assert said in capsys.readouterr().err
    assert not out.exists()


def test_with_nobody_at_the_prompt_nothing_is_written(filled, tmp_path, monkeypatch, capsys):
    import getpass

    def no_input(prompt=""):
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", no_input)
    out = tmp_path / "locked.zip"
    assert main(["export", "--db", str(filled), "--out", str(out), "--password"]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_password_variable_is_refused(filled, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(VARIABLE, "")
    out = tmp_path / "locked.zip"
    assert main(["export", "--db", str(filled), "--out", str(out), "--password"]) == 2
    assert "empty" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("command", ["export", "backups"])
@pytest.mark.parametrize("given", [["--password", PASSWORD], [f"--password={PASSWORD}"]])
def test_a_password_is_never_taken_from_the_command_line(
    filled, tmp_path, monkeypatch, command, given
):
    prompts(monkeypatch, PASSWORD, PASSWORD)
    out = tmp_path / "locked.zip"
    option = "--out" if command == "export" else "--export"
    with pytest.raises(SystemExit) as exit_:
        main([command, "--db", str(filled), option, str(out), *given])
    assert exit_.value.code == 2
    assert not out.exists()


# --- restore ---------------------------------------------------------------------------------


def test_restore_asks_for_the_password_once_and_restores_exactly(
    filled, tmp_path, monkeypatch, capsys
):
    locked = locked_export(filled, tmp_path, monkeypatch)
    shown = prompts(monkeypatch, PASSWORD)
    target = tmp_path / "restored.duckdb"

    assert main(["restore", "--db", str(target), str(locked)]) == 0

    assert shown == [f"Password for {locked.name}: "]
    assert "Added 2 entries" in capsys.readouterr().err
    assert rows(target) == rows(filled)


def test_restore_reads_the_password_from_the_environment(filled, tmp_path, monkeypatch):
    locked = locked_export(filled, tmp_path, monkeypatch)
    monkeypatch.setenv(VARIABLE, PASSWORD)
    shown = prompts(monkeypatch)
    target = tmp_path / "restored.duckdb"

    assert main(["restore", "--db", str(target), "--dry-run", str(locked)]) == 0
    assert main(["restore", "--db", str(target), str(locked)]) == 0

    assert shown == []
    assert rows(target) == rows(filled)


def test_a_wrong_password_changes_nothing_and_is_asked_again(filled, tmp_path, monkeypatch, capsys):
    locked = locked_export(filled, tmp_path, monkeypatch)
    mine = tmp_path / "mine.duckdb"
    con = storage.connect(mine)
    storage.add_check_in(con, when=datetime(2026, 1, 5, 8, 0), wellbeing=3, note="my own")
    con.close()
    before, before_bytes = rows(mine), mine.read_bytes()
    shown = prompts(monkeypatch, "wrong", "Four words that differ", "four words that differ ")

    assert main(["restore", "--db", str(mine), str(locked)]) == 2

    err = capsys.readouterr().err
    assert len(shown) == 3
    assert err.count(f"That password does not open {locked.name}") == 3
    assert "Nothing was changed." in err
    assert mine.read_bytes() == before_bytes and rows(mine) == before
    assert not (tmp_path / "backups").exists()  # not even a backup was taken
    # Into a journal that does not exist yet: none is made.
    prompts(monkeypatch, "wrong", "wrong", "wrong")
    assert main(["restore", "--db", str(tmp_path / "new.duckdb"), str(locked)]) == 2
    assert not (tmp_path / "new.duckdb").exists()


def test_a_wrong_password_then_the_right_one_restores(filled, tmp_path, monkeypatch, capsys):
    locked = locked_export(filled, tmp_path, monkeypatch)
    prompts(monkeypatch, "wrong", PASSWORD)
    target = tmp_path / "restored.duckdb"
    assert main(["restore", "--db", str(target), str(locked)]) == 0
    assert rows(target) == rows(filled)


def test_a_wrong_password_in_the_environment_is_tried_once(filled, tmp_path, monkeypatch, capsys):
    locked = locked_export(filled, tmp_path, monkeypatch)
    monkeypatch.setenv(VARIABLE, "wrong")
    shown = prompts(monkeypatch)
    assert main(["restore", "--db", str(tmp_path / "r.duckdb"), str(locked)]) == 2
    assert shown == []
    assert f"The password in ${VARIABLE} does not open" in capsys.readouterr().err


# --- backups --export ------------------------------------------------------------------------


def backed_up_then_changed(filled: Path) -> backups.Backup:
    con = storage.connect(filled)
    taken = backups.backup_now(con)
    storage.add_check_in(con, when=datetime(2026, 3, 9, 8, 0), wellbeing=2, note="after it")
    con.close()
    return backups.list_backups(filled)[0] if taken else None


def test_backups_export_writes_the_newest_backup_locked(filled, tmp_path, monkeypatch, capsys):
    backup = backed_up_then_changed(filled)
    kept = backup.path.read_bytes()
    monkeypatch.setenv(VARIABLE, PASSWORD)
    out = tmp_path / "away" / "backup-locked.zip"

    assert main(["backups", "--db", str(filled), "--export", str(out), "--password"]) == 0

    assert f"Wrote the backup {backup.name}, locked with your password" in capsys.readouterr().err
    assert NOTE.encode() not in out.read_bytes()
    export = read_export(out, password=PASSWORD)
    assert export.count("check_ins") == 1  # as the backup had it, not the journal now
    assert backup.path.read_bytes() == kept  # only read
    target = tmp_path / "restored.duckdb"
    monkeypatch.setenv(VARIABLE, PASSWORD)
    assert main(["restore", "--db", str(target), str(out)]) == 0
    snapshot_of_backup = rows(backup.path)
    assert rows(target) == snapshot_of_backup


def test_backups_export_takes_a_chosen_backup_and_refuses_an_unknown_one(
    filled, tmp_path, monkeypatch, capsys
):
    first = backed_up_then_changed(filled)
    backed_up_then_changed(filled)  # a newer one, with one more check-in
    out = tmp_path / "first.zip"

    assert main(["backups", "--db", str(filled), "--export", str(out), "--backup", first.name]) == 0
    assert read_export(out).count("check_ins") == 1
    assert main(["backups", "--db", str(filled), "--export", str(out), "--backup", first.name]) == 1
    assert "already exists" in capsys.readouterr().err

    missing = tmp_path / "missing.zip"
    assert main(["backups", "--db", str(filled), "--export", str(missing), "--backup", "nope"]) == 1
    assert "no backup named 'nope'" in capsys.readouterr().err
    assert not missing.exists()


def test_backups_export_without_backups_says_so(filled, tmp_path, capsys):
    out = tmp_path / "none.zip"
    assert main(["backups", "--db", str(filled), "--export", str(out)]) == 1
    assert "no backups" in capsys.readouterr().err
    assert not out.exists()


def test_backups_options_for_export_need_export(filled, capsys):
    assert main(["backups", "--db", str(filled), "--password"]) == 2
    assert "go with --export" in capsys.readouterr().err


def test_the_list_counts_one_backup_in_the_singular(filled, capsys):
    backed_up_then_changed(filled)
    assert main(["backups", "--db", str(filled)]) == 0
    assert "1 backup in " in capsys.readouterr().err


# --- the password goes nowhere -------------------------------------------------------------


def test_the_password_is_in_no_argument_output_or_file(filled, tmp_path):
    """Export, restore and a backup's export, as separate processes with the password in the
    environment only: it is in none of their arguments, in nothing they print, and in no file
    they leave (journals, their logs, backups, the exports themselves)."""
    password = "Zq7-unmistakable-passphrase-31"
    env = {
        **os.environ,
        VARIABLE: password,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": str(REPO),
    }
    target = tmp_path / "restored.duckdb"
    con = storage.connect(filled)
    backups.backup_now(con)
    con.close()
    commands = [
        ["export", "--db", str(filled), "--out", str(tmp_path / "locked.zip"), "--password"],
        ["restore", "--db", str(target), str(tmp_path / "locked.zip")],
        ["backups", "--db", str(filled), "--export", str(tmp_path / "b.zip"), "--password"],
    ]
    for command in commands:
        argv = [sys.executable, "-m", "analytics", *command]
        done = subprocess.run(
            argv, env=env, cwd=REPO, capture_output=True, stdin=subprocess.DEVNULL, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()
        assert password not in " ".join(argv)
        assert password.encode() not in done.stdout + done.stderr

    assert rows(target) == rows(filled)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) >= 6  # the journals, the exports, the backups
    for file in files:
        assert password.encode() not in file.read_bytes(), file
