"""Safe file handling: one lock per workbook, refuse workbooks open in Excel or LibreOffice, replace atomically.

A read-modify-write of a workbook holds ``workbook_lock`` from before the read to after the replace.
The lock is an operating-system lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on a small lock
file of sopxl's own beside the real workbook, ``.~sopxl.<name>.lock``: the system drops it when the
process ends, however it ends, so a killed action never leaves a stale lock behind. Symbolic links are
followed: the lock, the lock files of Excel and LibreOffice and the temporary file all sit beside the
real file, and the new content replaces the real file (the link stays a link).
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import layout as L
from ..errors import WorkbookError


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LOCK_WAIT = 15.0            # seconds a second action waits for the first one before refusing
_LOCK_PREFIX = ".~sopxl."
_TEMP_PREFIX = ".~sopxl."
_held = threading.local()   # the workbook locks this thread holds: real path -> [file descriptor, depth]


def workbooks_under(folder: Path) -> list[Path]:
    """Workbooks under `folder`, sub-folders included, sorted; lock files and hidden temporary files left out."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()
                  and not is_lock_file(p) and not p.name.startswith("."))


def real_path(path: Path) -> Path:
    """The file a path names after following symbolic links (the path itself when it does not exist yet)."""
    path = Path(path)
    try:
        return path.resolve(strict=False) if path.is_symlink() or path.exists() else path
    except (OSError, RuntimeError) as exc:     # a loop of links
        raise WorkbookError(f"the path cannot be followed ({exc})", file=str(path),
                            fix="point the link at the real workbook") from exc


def lock_files(path: Path) -> list[Path]:
    """Lock files that Excel (``~$name``) or LibreOffice (``.~lock.name#``) keep beside an open workbook.

    Looked for beside the path as given and beside the real file a symbolic link points to.
    """
    found = []
    for place in dict.fromkeys([Path(path), real_path(path)]):
        candidates = [place.with_name("~$" + place.name), place.with_name(f".~lock.{place.name}#")]
        if len(place.name) > 2:
            # Excel shortens long names: the lock replaces the first two characters
            candidates.append(place.with_name("~$" + place.name[2:]))
        found += [c for c in candidates if c.exists() and c not in found]
    return found


def is_lock_file(path: Path) -> bool:
    """True for a lock file left by Excel or LibreOffice, or sopxl's own."""
    return lock_target(path.name) is not None or (path.name.startswith(_LOCK_PREFIX) and path.name.endswith(".lock"))


def lock_target(name: str) -> str | None:
    """The file name a lock file (``~$name``, ``.~lock.name#``) stands for; None when `name` is no lock file."""
    if name.startswith("~$"):
        return name[2:]
    if name.startswith(".~lock.") and name.endswith("#"):
        return name[len(".~lock."):-1]
    return None


def check_writable(path: Path) -> None:
    """Raise WorkbookError when `path` is open in a spreadsheet program (a lock file is beside it)."""
    locks = lock_files(path)
    if locks:
        raise WorkbookError(L.texts("err_open_elsewhere", lock=locks[0].name), file=str(path),
                            fix=L.texts("err_open_elsewhere_fix"))


def held_by(path: Path) -> str | None:
    """What still holds `path` open, as one phrase, or None when a writer may take it now.

    Held means a lock file beside it (Excel, LibreOffice; Excel for Mac too) or a file the system will
    not open for writing: Excel on Windows keeps a workbook open with others denied writing, also where
    no lock file could be made (a read-only share). Opening for writing changes nothing in the file.
    """
    locks = lock_files(path)
    if locks:
        return locks[0].name
    try:
        with open(path, "r+b"):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def wait_until_released(path: Path, timeout: float, *, lang: str = L.DEFAULT_LANG, poll: float = 0.25) -> float:
    """Wait until no program holds `path` (``held_by``); the seconds waited.

    Raises WorkbookError naming what still held it when `timeout` seconds pass; the file is not touched.
    """
    path = Path(path)
    start = time.monotonic()
    while True:
        if not path.is_file():
            raise WorkbookError("the workbook is not there any more", file=str(path),
                                fix="save it again from Excel and try again")
        holder = held_by(path)
        if holder is None:
            return time.monotonic() - start
        if time.monotonic() - start >= timeout:
            locked = bool(lock_files(path))
            message = L.text("flow_still_open" if locked else "flow_still_held", lang)
            raise WorkbookError(message.format(seconds=f"{timeout:g}", lock=holder, detail=holder), file=str(path),
                                fix=L.text("flow_fix_close", lang))
        time.sleep(poll)


# ---- sopxl's own lock ---------------------------------------------------------------------------

def lock_path(path: Path) -> Path:
    """sopxl's lock file of a workbook: beside the real file, hidden."""
    real = real_path(path)
    return real.with_name(f"{_LOCK_PREFIX}{real.name}.lock")


if os.name == "nt":                                         # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    """True when `path` still names the file open as `fd` (the previous holder may have removed it)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _acquire(lock: Path, workbook: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    delay = 0.01
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise WorkbookError(f"cannot write in this folder ({exc.strerror or exc})", file=str(workbook),
                                fix="choose a folder you may write to") from exc
        if _try_lock(fd):
            if os.name == "nt" or _same_file(fd, lock):
                return fd
            _unlock(fd)                 # locked a file the previous holder had just removed: take the new one
        os.close(fd)
        if time.monotonic() >= deadline:
            raise WorkbookError(L.texts("err_lock_busy", seconds=f"{wait:g}"), file=str(workbook),
                                fix=L.texts("err_lock_busy_fix"))
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


@contextmanager
def workbook_lock(path: Path, *, wait: float | None = None) -> Iterator[Path]:
    """Hold sopxl's exclusive lock on the workbook at `path`; yields the real file's path.

    Another process (or thread) asking for the same workbook waits up to `wait` seconds (default
    ``LOCK_WAIT``), then gets WorkbookError. The same thread may take the lock again inside (the inner
    one is a no-op).
    """
    wait = LOCK_WAIT if wait is None else wait
    real = real_path(path)
    held = getattr(_held, "locks", None)
    if held is None:
        held = _held.locks = {}
    if real in held:
        held[real][1] += 1
        try:
            yield real
        finally:
            held[real][1] -= 1
        return
    directory = real.parent if str(real.parent) else Path(".")
    if not directory.is_dir():
        raise WorkbookError("the folder does not exist", file=str(path), fix="create the folder first")
    lock = lock_path(real)
    fd = _acquire(lock, Path(path), wait)
    held[real] = [fd, 1]
    try:
        yield real
    finally:
        del held[real]
        try:
            if os.name != "nt":
                lock.unlink(missing_ok=True)     # a waiter that opened it sees it gone and takes a new one
            _unlock(fd)
        finally:
            os.close(fd)
        if os.name == "nt":
            try:
                lock.unlink()                    # refused while another process has it open: it stays
            except OSError:
                pass


# ---- writing ------------------------------------------------------------------------------------

def _temp_pattern(real: Path) -> re.Pattern:
    """Names of sopxl's temporary files for `real`: today's and those of earlier versions."""
    random_part = r"[a-z0-9_]{8}"
    return re.compile(rf"(?:{re.escape(_TEMP_PREFIX + real.name)}\.{random_part}\.tmp"
                      rf"|\.{re.escape(real.stem)}\.{random_part}{re.escape(real.suffix)}\.tmp)")


def remove_stale_temps(real: Path) -> list[Path]:
    """Remove temporary files that an earlier, killed write of `real` left; call it holding the lock.

    Every sopxl write of a workbook makes its temporary file under that workbook's lock, so one found
    while holding the lock belongs to no running write.
    """
    pattern = _temp_pattern(real)
    removed = []
    try:
        entries = list(os.scandir(real.parent if str(real.parent) else "."))
    except OSError:
        return removed
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` in one step.

    Holds the workbook's lock (taken here unless the caller holds it already, from before its read).
    When `path` is a symbolic link, the real file it points to is replaced and the link stays. On any
    failure the temporary file is removed and `path` is left as it was; temporary files that a killed
    earlier write left are removed.
    """
    path = Path(path)
    check_writable(path)
    with workbook_lock(path) as real:
        remove_stale_temps(real)
        directory = real.parent if str(real.parent) else Path(".")
        try:
            handle, temp_name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{real.name}.", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise WorkbookError(f"cannot write in this folder ({exc.strerror or exc})", file=str(path),
                                fix="choose a folder you may write to") from exc
        os.close(handle)
        temp = Path(temp_name)
        try:
            yield temp
            with open(temp, "rb") as written:
                os.fsync(written.fileno())
            if real.exists():
                os.chmod(temp, real.stat().st_mode & 0o777)
            else:
                os.chmod(temp, 0o644)
            check_writable(path)
            os.replace(temp, real)
        except OSError as exc:
            raise WorkbookError(f"could not be written ({exc.strerror or exc}); the previous file is unchanged",
                                file=str(path), fix="check free disk space and write access, then try again") from exc
        finally:
            if temp.exists():
                temp.unlink()
