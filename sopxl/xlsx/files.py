"""Safe file handling: refuse workbooks open in Excel or LibreOffice, replace files atomically."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

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
    return path.name.startswith("~$") or (path.name.startswith(".~lock.") and path.name.endswith("#"))


def check_writable(path: Path) -> None:
    """Raise WorkbookError when `path` is open in a spreadsheet program (a lock file is beside it)."""
    locks = lock_files(path)
    if locks:
        raise WorkbookError(f"the workbook is open in Excel or LibreOffice (lock file {locks[0].name})",
                            file=str(path), fix="close it there and try again; nothing was written")


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
