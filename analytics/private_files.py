"""Owner-only files: written whole or not at all, read and tightened without following a symlink.

The one place that puts a file in place for the app: the pairing secret, certificate and paired
devices (`phone`), every file the CLI writes (`export.files`, which adds its `--out` checks and
words), and the backups (`storage.backup_files`, whose copies DuckDB writes under a hidden name
first). Imports nothing of ours, so storage can use it without an import circle.

Why each step: the bytes go to a hidden temporary file beside the target (same folder, so the
rename cannot cross file systems), owner-only (0600) from its creation; it is flushed to disk
(fsync) before the atomic rename, so a full disk, a killed process or an exception leaves no
partial file and an existing one untouched; then the folder is fsynced so the rename itself
lasts. No chmod ever goes through a symlink: Linux has no lchmod, so a file is opened with
O_NOFOLLOW and changed by its descriptor (a link swapped in meanwhile is not followed either).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_BITS = 0o077
"""Group and other permission bits: what an owner-only file or folder has none of."""
PARTIAL_SUFFIX = ".partial"
"""The end of a temporary file's name while it is written (`.NAME.RANDOM.partial`)."""
_NO_FOLLOW = (
    os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_NOFOLLOW", 0)
)  # O_NONBLOCK: opening a FIFO put in a file's place does not hang


class Exists(FileExistsError):
    """`write_whole_file(..., replace=False)` found a file at the path; nothing was written."""


def write_whole_file(
    path: Path, data: bytes, *, replace: bool = True, folder_mode: int = 0o777
) -> Path:
    """Write `data` to `path` owner-only (0600), whole or not at all; return `path`.

    Missing folders are made with `folder_mode` (masked by the umask). With `replace=False` an
    existing file is never replaced (`Exists`). Raises `OSError` when the folder or disk
    refuses; then no temporary file is left and an existing file at `path` is untouched.
    """
    path.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX)
    temporary = Path(name)
    try:
        os.fchmod(handle, 0o600)  # mkstemp makes 0600 already; said here so it is never missed
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        put_in_place(temporary, path, replace=replace)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def put_in_place(temporary: Path, path: Path, *, replace: bool = True) -> None:
    """Move a complete file from `temporary` to `path`: owner-only, on disk, then one rename.

    With `replace=False` an existing `path` is never replaced (`Exists`; `temporary` is left
    for the caller to remove). Raises `OSError` if the file cannot be made private or moved.
    """
    descriptor = os.open(temporary, _NO_FOLLOW)
    try:
        mode = stat.S_IMODE(os.fstat(descriptor).st_mode)
        if mode & PRIVATE_BITS:
            os.fchmod(descriptor, mode & ~PRIVATE_BITS)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if replace:
        os.replace(temporary, path)
    else:
        _link_without_replacing(temporary, path)
    fsync_folder(path.parent)


def _link_without_replacing(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if `path` exists: no window in which it could be replaced
    except FileExistsError:
        raise Exists(errno.EEXIST, "already exists", str(path)) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links (e.g. FAT): check, then rename.
        if path.exists():
            raise Exists(errno.EEXIST, "already exists", str(path)) from None
        os.replace(temporary, path)
        return
    temporary.unlink()


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def tighten(path: Path) -> bool:
    """Remove group and other permission bits from `path` (file or folder); True if it changed.

    Never through a symlink, only a regular file or a folder, and only one owned by this user.
    Best effort: a missing file, a file of another user, or a read-only disk is left as it is.
    """
    try:
        if os.path.islink(path):
            return False
        descriptor = os.open(path, _NO_FOLLOW)
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            return False
        if info.st_uid != os.geteuid() or not info.st_mode & PRIVATE_BITS:
            return False
        os.fchmod(descriptor, stat.S_IMODE(info.st_mode) & ~PRIVATE_BITS)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return True


def read_private(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, made owner-only (0600) first if it was not.

    None when there is no such file, and also when `path` is a symlink or not a regular file:
    such a file is treated as absent (the caller writes a new one, which replaces the link
    itself), never read or chmodded through the link. Raises `OSError` if a loose file cannot
    be made private (one of another user's, say): its contents are not trusted then.
    """
    try:
        descriptor = os.open(path, _NO_FOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:  # a symlink (O_NOFOLLOW)
            return None
        raise
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_mode & PRIVATE_BITS:
            os.fchmod(descriptor, 0o600)
        return file.read()
