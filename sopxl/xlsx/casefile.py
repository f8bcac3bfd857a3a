"""Cases in an SOP workbook file: read it, record actions, write the Log and Pelacak back, atomically.

``open_casebook`` reads a file with python-calamine (fast for a long Log) into the door-neutral
``sheets.casebook.CaseBook``; ``write`` / ``write_update`` put a planned ``SheetUpdate`` into the file through
``xlsx.patch.Package``: the Log rows appended, the Pelacak rows rewritten, the two tables resized, every
other part copied unchanged. Any refusal happens before anything is written. This module is what an
Excel button's Python imports (through the CLI door): it loads no pandas and no openpyxl.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

from .. import layout as L
from ..domain.cases import Event
from ..errors import WorkbookError
from ..sheets.casebook import (CASE_SHEETS, Action, CaseBook, CaseList, CaseResult, SheetUpdate, casebook_from_grids,
                               plan_action, plan_refresh, plan_update)
from .files import check_writable
from .read import read_grids


def now() -> dt.datetime:
    """The local time to the second: what "recorded at" and a default "happened at" are."""
    return dt.datetime.now().replace(microsecond=0)


def recorder() -> str:
    """Who records an action: the user logged in to this computer ("" when the system cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def open_casebook(path: Path) -> CaseBook:
    """Read a workbook file's SOP, Kalender, Log and Pelacak; a cell that breaks them raises naming it."""
    path = Path(path)
    grids = read_grids(path, CASE_SHEETS, required=L.REQUIRED_SHEETS)
    signature = _signature(path)
    book = casebook_from_grids(grids, source=path)
    book.signature = signature
    return book


def write(book: CaseBook, new_events: list[Event], as_of: dt.datetime) -> None:
    """Append `new_events` to the Log of the workbook file and rebuild Pelacak as of `as_of`, atomically."""
    write_update(book, plan_update(book, new_events, as_of))


def write_update(book: CaseBook, update: SheetUpdate) -> None:
    """Write a planned update into the workbook file `book` was read from, keeping every other part."""
    from ..xlsx.patch import Package

    check_writable(book.path)
    package = Package(book.path)
    if book.signature is not None and _signature(book.path) != book.signature:
        raise WorkbookError("the workbook changed on disk while this action was being prepared; nothing was written",
                            file=str(book.path), fix="run the action again")
    if update.log_rows:
        if book.log_rows == 0:
            package.set_rows(L.LOG, 2, update.log_rows)
            last = 1 + len(update.log_rows)
        else:
            last = package.append_rows(L.LOG, update.log_rows) + len(update.log_rows) - 1
        package.resize_tables(L.LOG, last - 1)
    package.set_rows(L.PELACAK, 1, [[update.tracker_title]], styles={1: package.cell_style(L.PELACAK, "A1")},
                     keep_below=True)
    first = L.PELACAK_FIRST_ROW
    package.set_rows(L.PELACAK, first, update.tracker_rows,
                     row_heights={first + i: height for i, height in enumerate(update.tracker_heights)})
    package.resize_tables(L.PELACAK, update.tracker_count, header_row=L.PELACAK_HEADER_ROW)
    package.save()


def record(path: Path, action: Action, *, when: dt.datetime | None = None) -> CaseResult:
    """Read the workbook file, record `action` (``sheets.casebook.start``, ``advance``, …), write it back.

    The action raises CaseError for anything illegal; then nothing is written. Pelacak is rebuilt,
    every open case judged as of now.
    """
    book = open_casebook(Path(path))
    check_writable(book.path)
    update, result = plan_action(book, action, when or now(), recorder(), label=book.path)
    write_update(book, update)
    return result


def refresh(path: Path, as_of: dt.datetime | None = None) -> CaseList:
    """Rebuild the Pelacak sheet of the workbook file from its Log, open cases judged as of `as_of`."""
    book = open_casebook(Path(path))
    update, result = plan_refresh(book, as_of or now(), label=book.path)
    write_update(book, update)
    return result
