"""An export locked with a password: the whole export zip, inside a zip encrypted with AES-256.

The locked file is a WinZip AES zip (AE-2: AES-256 in counter mode, the key drawn from the
password by PBKDF2-HMAC-SHA1 with the 1,000 rounds the format fixes, and an HMAC-SHA1 over the
encrypted bytes that is checked before anything inside is used), written by `pyzipper`. 7-Zip,
Keka, The Unarchiver, WinZip and bsdtar (libarchive) open it with the password.

It holds one file, `journal.zip`, stored as it is: the plain export (`journal_zip`), unchanged.
A zip encrypts what its files hold but never their names (the directory at its end is plain
text), so an export zip encrypted file by file would show `reflections.csv`, `manifest.json`
and every other name to anyone. Inside one inner zip, the only name in the clear is
`journal.zip`; the names of the tables, the manifest and every row are among the encrypted
bytes. Opened with the password, `journal.zip` is the ordinary export: its CSV files open in
any spreadsheet, and it restores as it is.

Unlocking (`analytics.export.zip_reader`) decrypts into memory only: the journal's text is never
written to disk in the clear, here or on the way back.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyzipper

from analytics import clock
from analytics.export.problems import Problem, RestoreError
from analytics.words import locked as words

LOCKED_MEMBER = "journal.zip"
"""The one file inside a locked export: a neutral name, the only one a stranger can read."""
ENCRYPTED_FLAG = 0x1
"""Bit 0 of a zip entry's general purpose flags: its contents are encrypted."""
NOT_AUTHENTIC = pyzipper.BadZipFile
"""What pyzipper raises when the HMAC over the encrypted bytes does not match (its own class,
not the standard library's `zipfile.BadZipFile`)."""


class PasswordNeeded(RestoreError):
    """The file is a locked export and no password was given; ask for one. Nothing was read."""

    def __init__(self, name: str):
        super().__init__(
            [Problem(name, "is locked with a password; give its password to restore it")]
        )


class WrongPassword(RestoreError):
    """The password does not open the locked export. Nothing was read or written."""

    def __init__(self, name: str):
        super().__init__(
            [
                Problem(
                    name,
                    "does not open with this password. Check it (capital letters and spaces "
                    "count) and try again",
                )
            ]
        )


def lock(plain_zip: bytes, password: str) -> bytes:
    """`plain_zip` (an export) as the bytes of a locked export that opens only with `password`.

    Raises `ValueError` for an empty password; the password is read as `password_bytes` says.
    """
    if not password:
        raise ValueError("an export's password cannot be empty")
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer,
        "w",
        compression=pyzipper.ZIP_STORED,  # the inner zip is deflated already
        encryption=pyzipper.WZ_AES,
        encryption_kwargs={"nbits": 256},
    ) as archive:
        archive.setpassword(password_bytes(password))
        info = archive.zipinfo_cls(LOCKED_MEMBER, date_time=clock.now().timetuple()[:6])
        info.external_attr = 0o600 << 16  # unpacked, it is readable by its owner alone
        archive.writestr(info, plain_zip)
    return buffer.getvalue()


def password_bytes(password: str) -> bytes:
    """The password as the zip's key derivation reads it: UTF-8, as 7-Zip and WinZip encode
    the passwords of AES zips; bytes a terminal passed through undecoded (surrogate escapes)
    go back as they were typed."""
    return password.encode("utf-8", "surrogateescape")


def is_locked(archive: zipfile.ZipFile) -> bool:
    """True when any file in `archive` is encrypted."""
    return any(info.flag_bits & ENCRYPTED_FLAG for info in archive.infolist())


def locked_member(archive: zipfile.ZipFile, name: str) -> str:
    """The name of the one encrypted file in a locked export; `RestoreError` for another kind
    of encrypted zip (several files, or some of them not encrypted)."""
    files = [info for info in archive.infolist() if not info.is_dir()]
    if len(files) != 1 or not files[0].flag_bits & ENCRYPTED_FLAG:
        raise RestoreError(
            [
                Problem(
                    name,
                    "is locked with a password, but not the way Between Sessions locks an "
                    "export. Open it with your archive tool (7-Zip, for example), then restore "
                    "the export zip that was inside it",
                )
            ]
        )
    return files[0].filename


@contextmanager
def unlocked_reader(archive: zipfile.ZipFile, password: str) -> Iterator[pyzipper.AESZipFile]:
    """`archive`'s file opened again by pyzipper, which decrypts as it reads (the standard
    library knows only the old ZipCrypto). It shares `archive`'s file and leaves it open."""
    reader = pyzipper.AESZipFile(archive.fp)
    try:
        reader.setpassword(password_bytes(password))
        yield reader
    finally:
        reader.close()


SHORT_PASSWORD = 12
"""A password shorter than this gets a word of advice (not a refusal): the format's key
derivation is quick, so a short password can be found by a computer trying many."""


@dataclass(frozen=True)
class PasswordChoice:
    """What the export page's password choice says: the password to lock with (None: no lock),
    whether the download must wait (`blocked`), and a sentence to show (`warn`: as a warning)."""

    password: str | None
    blocked: bool
    message: str | None
    warn: bool = False


def password_choice(wanted: bool, password: str, again: str, what: str = "zip") -> PasswordChoice:
    """A page's choice of a password for `what` it writes ("zip", "brief"), read: no lock
    unless `wanted`; when wanted, the download waits until a password was typed the same
    twice, so a file meant to be locked never leaves plain (not even from a click that lands
    before the password reached the server)."""
    if not wanted:
        return PasswordChoice(None, False, None)
    if not password and not again:
        return PasswordChoice(None, True, words.TYPE_TWICE)
    if not again:
        return PasswordChoice(None, True, words.TYPE_AGAIN)
    if password != again:
        return PasswordChoice(None, True, words.PASSWORDS_DIFFER, warn=True)
    message = words.will_be_locked(what, short=len(password) < SHORT_PASSWORD)
    return PasswordChoice(password, False, message)
