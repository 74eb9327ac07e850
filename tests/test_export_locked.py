"""An export locked with a password: nothing of the journal readable without it, an exact round
trip with it, a wrong one refused with the journal untouched, and every size limit still checked
while the file is decrypted."""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest
import pyzipper
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import storage
from analytics.export import (
    PasswordNeeded,
    RestoreError,
    WrongPassword,
    export_file_name,
    export_journal,
    is_locked_export,
    password_choice,
    read_export,
    restore,
    write_export,
)
from analytics.export.locked import LOCKED_MEMBER, lock
from analytics.export.zip_reader import password_opens
from tests.test_export import snapshot, source  # noqa: F401  (source is a fixture)
from tests.test_export_hostile import bomb

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "keep it off the bus 7"
PLANTED = {
    "note": "Planted: the red kite over Mum's allotment",
    "trigger": "Planted: a letter from the landlord about Flat 4",
    "reflection": "Planted: I said no to Sam and the sky stayed up",
    "session": "Planted: ask Dr Okafor about the night shifts",
}
# Names an export holds that would tell a stranger what the file is.
NAMES = [
    "manifest.json",
    "journal.json",
    "check_ins",
    "reflections",
    "measure_responses",
    "between-sessions-export",
    "wellbeing",
]


@pytest.fixture
def planted() -> storage.Connection:
    """A small journal holding one distinctive text in each kind of private words."""
    con = storage.connect()
    storage.add_check_in(con, when=datetime(2026, 3, 2, 8, 0), wellbeing=6, note=PLANTED["note"])
    storage.add_trigger(
        con,
        when=datetime(2026, 3, 3, 18, 0),
        category="Work",
        what_happened=PLANTED["trigger"],
        intensity=5,
        response="breathed",
        response_kind="new_skill",
    )
    storage.add_reflection(con, day=date(2026, 3, 4), free_text=PLANTED["reflection"])
    storage.add_session(con, day=date(2026, 3, 5), note=PLANTED["session"])
    yield con
    con.close()


def inflated(data: bytes) -> list[bytes]:
    """Whatever inflates from any byte of `data`: a raw deflate stream, a zlib stream or a gzip
    stream started at every offset, fed in small pieces so that the output before an error is
    kept too."""
    found = []
    for offset in range(len(data)):
        for wbits in (-15, 15, 31):
            inflater = zlib.decompressobj(wbits)
            out = bytearray()
            try:
                for start in range(offset, len(data), 64):
                    out += inflater.decompress(data[start : start + 64], 1 << 20)
                    if inflater.eof or len(out) >= 1 << 20:
                        break
            except zlib.error:
                pass
            if len(out) >= 8:
                found.append(bytes(out))
    return found


def readable(data: bytes) -> set[str]:
    """The planted texts and export names found in `data`, as it is or inflated from any offset."""
    layers = [data, *inflated(data)]
    wanted = [*PLANTED.values(), *NAMES]
    return {text for text in wanted for layer in layers if text.encode() in layer}


def test_without_its_password_nothing_of_the_journal_can_be_read_inflated_or_not(planted):
    plain = export_journal(planted)
    locked = export_journal(planted, password=PASSWORD)

    # The search finds everything in a plain export (so it can fail) ...
    assert readable(plain) == {*PLANTED.values(), *NAMES}
    # ... and nothing in the locked one: no note, no file name, no column name.
    assert readable(locked) == set()
    with zipfile.ZipFile(io.BytesIO(locked)) as archive:
        assert archive.namelist() == [LOCKED_MEMBER]
    assert PASSWORD.encode() not in locked


def test_with_its_password_the_restore_equals_the_original_as_for_a_plain_export(
    source,  # noqa: F811
    journal,
):
    before = snapshot(source)
    locked = export_journal(source, password=PASSWORD)
    from_plain = storage.connect()
    restore(from_plain, export_journal(source))

    plan = restore(journal, read_export(locked, target=journal, password=PASSWORD))

    assert plan.mode == "replace"
    assert snapshot(journal) == before == snapshot(from_plain)
    from_plain.close()


def test_inside_is_the_plain_export_that_any_zip_tool_opens(planted):
    with pyzipper.AESZipFile(io.BytesIO(export_journal(planted, password=PASSWORD))) as archive:
        info = archive.getinfo(LOCKED_MEMBER)
        assert info.wz_aes_strength == 3  # AES-256
        archive.setpassword(PASSWORD.encode())
        inner = archive.read(LOCKED_MEMBER)
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        assert "check_ins.csv" in archive.namelist()
        assert PLANTED["note"] in archive.read("check_ins.csv").decode()
    assert read_export(inner).count("check_ins") == 1


def test_a_locked_export_asks_for_its_password_and_refuses_a_wrong_one(planted):
    locked = export_journal(planted, password=PASSWORD)

    assert is_locked_export(locked) and not is_locked_export(export_journal(planted))
    with pytest.raises(PasswordNeeded) as needed:
        read_export(locked)
    assert "locked with a password" in str(needed.value)
    assert not password_opens(locked, "keep it off the bus 8")
    assert password_opens(locked, PASSWORD)
    with pytest.raises(WrongPassword) as wrong:
        read_export(locked, password="keep it off the bus 8")
    message = str(wrong.value)
    assert "does not open with this password" in message and "not changed" in message
    with pytest.raises(WrongPassword):
        read_export(locked, password=PASSWORD.upper())


def test_a_password_that_passes_the_quick_check_but_not_the_hmac_is_refused(planted, monkeypatch):
    """One wrong password in 65,536 passes the format's 2-byte check value; the HMAC over the
    encrypted bytes then refuses it before anything inside is read."""
    locked = bytearray(export_journal(planted, password=PASSWORD))
    # Flip one encrypted byte of the inner zip: the check value still passes, the HMAC does not.
    start = 30 + len(LOCKED_MEMBER) + 11 + 18  # local header, name, AES extra, salt + check
    locked[start + 100] ^= 0x01

    with pytest.raises(RestoreError) as refused:
        read_export(bytes(locked), password=PASSWORD)
    assert "does not open with this password, or it was damaged" in str(refused.value)


def test_a_wrong_password_changes_nothing_in_the_journal_file(planted, tmp_path):
    path = tmp_path / "journal.duckdb"
    con = storage.connect(path)
    storage.add_check_in(con, when=datetime(2026, 1, 5, 8, 0), wellbeing=3, note="mine")
    before = snapshot(con)
    locked = export_journal(planted, password=PASSWORD)

    with pytest.raises(WrongPassword):
        restore(con, read_export(locked, target=con, password="not it"))

    assert snapshot(con) == before
    con.close()
    assert not (tmp_path / "backups").exists()  # not even a backup was taken


def test_another_kind_of_encrypted_zip_is_named_and_refused(planted):
    plain = export_journal(planted)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain)) as archive,
        pyzipper.AESZipFile(buffer, "w", encryption=pyzipper.WZ_AES) as out,
    ):
        out.setpassword(PASSWORD.encode())
        for name in archive.namelist():
            out.writestr(name, archive.read(name))

    with pytest.raises(RestoreError) as refused:
        read_export(buffer.getvalue(), password=PASSWORD)
    assert "not the way Between Sessions locks an export" in str(refused.value)


@functools.cache
def empty_export() -> bytes:
    return export_journal(storage.connect())


@settings(deadline=None)
@given(password=st.text(min_size=1, max_size=60))
def test_any_password_that_locks_an_export_opens_it_and_no_other_does(password):
    locked = lock(empty_export(), password)
    assert read_export(locked, password=password).manifest["format"] == "between-sessions-export"
    # Refused by the check value, or (one time in 65,536) by the HMAC: never opened.
    with pytest.raises(RestoreError):
        read_export(locked, password=password + "x")


def test_bytes_a_terminal_could_not_decode_still_make_a_password():
    typed = b"caf\xe9 au lait".decode("utf-8", "surrogateescape")  # Latin-1 typed in a UTF-8 shell
    locked = lock(empty_export(), typed)
    assert read_export(locked, password=typed).count("check_ins") == 0


def test_an_empty_password_is_refused():
    with pytest.raises(ValueError):
        lock(b"PK", "")


def test_write_export_with_a_password_writes_only_the_locked_file(planted, tmp_path):
    path = write_export(planted, tmp_path / "journal-locked.zip", password=PASSWORD)

    assert [p.name for p in tmp_path.iterdir()] == ["journal-locked.zip"]
    assert path.stat().st_mode & 0o777 == 0o600
    assert readable(path.read_bytes()) == set()
    assert read_export(path, password=PASSWORD).count("sessions") == 1


def test_the_locked_file_name_says_so():
    assert export_file_name(today=date(2026, 12, 1), locked=True) == (
        "between-sessions-all-2026-12-01-locked.zip"
    )


@pytest.mark.parametrize(
    ("wanted", "first", "again", "password", "blocked"),
    [
        (False, "", "", None, False),
        (False, "typed", "but not wanted", None, False),
        (True, "", "", None, True),
        (True, "first only", "", None, True),
        (True, "", "second only", None, True),
        (True, "one", "two", None, True),
        (True, "the same twice", "the same twice", "the same twice", False),
    ],
)
def test_the_page_locks_only_with_a_password_typed_the_same_twice(
    wanted, first, again, password, blocked
):
    choice = password_choice(wanted, first, again)
    assert (choice.password, choice.blocked) == (password, blocked)
    assert (choice.message is None) == (not wanted)


def test_a_short_password_gets_advice_and_a_long_one_none():
    assert "four or more words" in password_choice(True, "tiny", "tiny").message
    long = "four words that differ"
    assert "four or more words" not in password_choice(True, long, long).message


# --- size limits, checked while decrypting -------------------------------------------------


def locked_member(data: bytes, *, compression: int, declared: int | None = None) -> bytes:
    """A locked export holding `data` (compressed as asked), its declared size set to
    `declared` in both headers (default: the truth)."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=compression, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(PASSWORD.encode())
        archive.writestr(LOCKED_MEMBER, data)
    locked = bytearray(buffer.getvalue())
    if declared is not None:
        struct.pack_into("<L", locked, 22, declared)  # the local header's size
        directory = struct.unpack_from("<L", locked, len(locked) - 6)[0]
        struct.pack_into("<L", locked, directory + 24, declared)  # the central directory's
    return bytes(locked)


MEASURE = """
import json, os, sys, time
from analytics import storage
from analytics.export.restoring import RestoreError, read_export
con = storage.connect()
def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
before = peak()
start = time.perf_counter()
try:
    read_export(sys.argv[1], target=con, password=os.environ["PASSWORD"])
    message = None
except RestoreError as refused:
    message = str(refused)
print(json.dumps({"seconds": time.perf_counter() - start, "grew_mb": (peak() - before) / 1024,
                  "message": message}))
"""


def measured_read(path: Path) -> dict:
    """read_export of the locked `path` in a fresh process: peak memory growth (MB), time, message."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PASSWORD": PASSWORD},
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


ZEROS_MIB = 100


@pytest.fixture(scope="module")
def zeros() -> bytes:
    return b"\0" * (ZEROS_MIB << 20)


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        # The app stores the export inside as it is: a compressed one is refused before any
        # of it is decrypted, whatever its header declares.
        (None, "compressed in a way Between Sessions never locks an export"),
        (1000, "compressed in a way Between Sessions never locks an export"),
        (30 << 20, "compressed in a way Between Sessions never locks an export"),
    ],
)
def test_a_locked_file_that_decrypts_to_too_much_is_refused_while_streaming(
    zeros, tmp_path, declared, said
):
    path = tmp_path / "locked.zip"
    path.write_bytes(locked_member(zeros, compression=pyzipper.ZIP_DEFLATED, declared=declared))
    result = measured_read(path)

    assert result["message"] is not None and said in result["message"], result
    assert "not changed" in result["message"]
    assert result["grew_mb"] < 64, result  # never the 100 MiB it holds
    assert result["seconds"] < 10, result


def test_a_zip_bomb_inside_a_locked_export_is_refused_as_in_a_plain_one(tmp_path):
    inner = bomb(tmp_path / "bomb.zip", "journal.json", 300, declared=1000).read_bytes()
    path = tmp_path / "locked.zip"
    path.write_bytes(lock(inner, PASSWORD))
    result = measured_read(path)

    assert result["message"] is not None and "journal.json" in result["message"], result
    assert result["grew_mb"] < 64, result
    assert result["seconds"] < 10, result


def test_the_decrypted_export_has_the_memory_budget_of_a_plain_one(planted, monkeypatch):
    """No fixed size: a locked export restores whatever a plain one would (issue 20, item 9);
    the export inside is held in memory, so it counts against the same memory budget."""
    from analytics.export import zip_reader

    data = lock(export_journal(planted), PASSWORD)
    assert read_export(data, password=PASSWORD).count("check_ins") > 0
    monkeypatch.setattr(zip_reader, "max_unpacked_bytes", lambda: 1024)
    with pytest.raises(RestoreError) as refused:
        read_export(data, password=PASSWORD)
    assert "more than this computer has the memory to check now" in str(refused.value)


def test_a_stored_bomb_inside_decrypts_no_larger_than_the_file(zeros, tmp_path):
    """Stored (as the app locks), what decrypts is the file's own bytes: 100 MiB of zeros
    makes a 100 MiB file, which holds no export and is refused as not a zip."""
    path = tmp_path / "locked.zip"
    path.write_bytes(locked_member(zeros[: 8 << 20], compression=pyzipper.ZIP_STORED))
    assert path.stat().st_size > 8 << 20
    result = measured_read(path)
    assert result["message"] is not None and "not changed" in result["message"], result


# --- other tools open it --------------------------------------------------------------------


def archive_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    reason = f"no {name} found (Debian's 7zip and libarchive-tools packages; .ci/run installs them)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def test_7zip_opens_it_with_the_password_and_not_without(planted, tmp_path):
    seven = archive_tool("7zz")
    locked = tmp_path / "locked.zip"
    password = "pässwörd mit Ümlaut ☂"  # not only ASCII: both sides must read it as UTF-8
    locked.write_bytes(export_journal(planted, password=password))

    listing = subprocess.run(
        [seven, "l", "-slt", "-p" + "x", str(locked)], capture_output=True, text=True
    ).stdout
    assert "Path = journal.zip" in listing and "AES-256" in listing
    assert "check_ins" not in listing
    wrong = subprocess.run(
        [seven, "x", "-pnot it", f"-o{tmp_path / 'wrong'}", str(locked)], capture_output=True
    )
    assert wrong.returncode != 0
    right = subprocess.run(
        [seven, "x", f"-p{password}", f"-o{tmp_path / 'out'}", str(locked)], capture_output=True
    )
    assert right.returncode == 0, right.stderr
    inner = tmp_path / "out" / LOCKED_MEMBER
    assert read_export(inner).count("reflections") == 1


def test_bsdtar_opens_it_with_the_password(planted, tmp_path):
    bsdtar = archive_tool("bsdtar")
    locked = tmp_path / "locked.zip"
    locked.write_bytes(export_journal(planted, password=PASSWORD))
    (tmp_path / "out").mkdir()

    done = subprocess.run(
        [bsdtar, "-xf", str(locked), "-C", str(tmp_path / "out"), "--passphrase", PASSWORD],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert read_export(tmp_path / "out" / LOCKED_MEMBER).count("triggers") == 1
