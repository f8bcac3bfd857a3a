"""Safe file handling: refuse workbooks open in Excel or LibreOffice, replace files atomically."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import layout as L
from ..errors import WorkbookError


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def workbooks_under(folder: Path) -> list[Path]:
    """Workbooks under `folder`, sub-folders included, sorted; lock files and hidden temporary files left out."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()
                  and not is_lock_file(p) and not p.name.startswith("."))


def lock_files(path: Path) -> list[Path]:
    """Lock files that Excel (``~$name``) or LibreOffice (``.~lock.name#``) keep beside an open workbook."""
    candidates = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    if len(path.name) > 2:
        # Excel shortens long names: the lock replaces the first two characters
        candidates.append(path.with_name("~$" + path.name[2:]))
    return [c for c in candidates if c.exists()]


def is_lock_file(path: Path) -> bool:
    """True for a lock file left by Excel or LibreOffice."""
    return lock_target(path.name) is not None


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
        raise WorkbookError(f"the workbook is open in Excel or LibreOffice (lock file {locks[0].name})",
                            file=str(path), fix="close it there and try again; nothing was written")


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


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` in one step.

    On any failure the temporary file is removed and `path` is left as it was.
    """
    path = Path(path)
    check_writable(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise WorkbookError("the folder does not exist", file=str(path), fix="create the folder first")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=directory)
    except OSError as exc:
        raise WorkbookError(f"cannot write in this folder ({exc.strerror or exc})", file=str(path),
                            fix="choose a folder you may write to") from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        raise WorkbookError(f"could not be written ({exc.strerror or exc}); the previous file is unchanged",
                            file=str(path), fix="check free disk space and write access, then try again") from exc
    finally:
        if temp.exists():
            temp.unlink()
