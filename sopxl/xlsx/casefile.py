"""Cases in an SOP workbook file: read it, record actions, write the Log and Pelacak back, atomically.

``open_casebook`` reads a file with python-calamine (fast for a long Log) into the door-neutral
``sheets.casebook.CaseBook``; ``write`` / ``write_update`` put a planned ``SheetUpdate`` into the file through
``xlsx.patch.Package``: the Log rows appended, the Pelacak rows rewritten, the two tables resized, every
other part copied unchanged. Any refusal happens before anything is written. ``record``, ``refresh`` and
``rewrite`` hold the workbook's lock (``files.workbook_lock``) from before the read to after the replace,
so two actions on one workbook at once run one after the other and neither loses the other's events.
This module is what an Excel button's Python imports (through the CLI door): it loads no pandas and no
openpyxl.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Callable

from .. import layout as L
from ..domain.cases import Event
from ..errors import WorkbookError
from ..sheets.casebook import (CASE_SHEETS, Action, CaseBook, CaseList, CaseResult, SheetUpdate, casebook_from_grids,
                               check_log_room, plan_action, plan_refresh, plan_update)
from .files import check_writable, workbook_lock
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
    try:
        signature = _signature(path)       # before the read: a change during it is seen at the write
    except OSError:
        signature = None                   # read_grids says why the file cannot be read
    grids = read_grids(path, CASE_SHEETS, required=L.REQUIRED_SHEETS)
    book = casebook_from_grids(grids, source=path)
    book.signature = signature
    return book


def write(book: CaseBook, new_events: list[Event], as_of: dt.datetime) -> None:
    """Append `new_events` to the Log of the workbook file and rebuild Pelacak as of `as_of`, atomically."""
    write_update(book, plan_update(book, new_events, as_of))


def write_update(book: CaseBook, update: SheetUpdate) -> None:
    """Write a planned update into the workbook file `book` was read from, keeping every other part."""
    from ..xlsx.patch import Package

    with workbook_lock(book.path):
        check_writable(book.path)
        if book.signature is not None and _signature(book.path) != book.signature:
            raise WorkbookError(L.texts("err_changed_on_disk"), file=str(book.path), fix=L.texts("err_run_again_fix"))
        package = Package(book.path)
        if book.pelacak_outdated:          # an older sopxl's Pelacak: today's layout first, then the rows
            from .upgrade import upgrade_pelacak

            upgrade_pelacak(package, book.lang)
        _save_update(package, book, update)


def _save_update(package, book: CaseBook, update: SheetUpdate) -> None:
    if update.log_rows:
        if book.log_rows == 0:
            package.set_rows(L.LOG, 2, update.log_rows)
            last = 1 + len(update.log_rows)
        else:
            check_log_room(package.last_row_number(L.LOG) + len(update.log_rows), file=book.path)
            last = package.append_rows(L.LOG, update.log_rows) + len(update.log_rows) - 1
        package.resize_tables(L.LOG, last - 1)
    package.set_rows(L.PELACAK, 1, [[update.tracker_title]], styles={1: package.cell_style(L.PELACAK, "A1")},
                     keep_below=True)
    first = L.PELACAK_FIRST_ROW
    package.set_rows(L.PELACAK, first, update.tracker_rows,
                     row_heights={first + i: height for i, height in enumerate(update.tracker_heights)})
    package.resize_tables(L.PELACAK, update.tracker_count, header_row=L.PELACAK_HEADER_ROW)
    write_views(package, update, book.lang)
    package.save()


def write_views(package, update: SheetUpdate, lang: str) -> None:
    """Rewrite Beban Kerja and Lini Waktu from the planned update; a workbook made before them gets them first."""
    missing = [name for name in L.VIEW_SHEETS if not package.has_sheet(name)]
    if missing:
        from .upgrade import add_views

        add_views(package, lang, missing)
    for sheet, title, first, rows, heights in (
            (L.BEBAN_KERJA, update.workload_title, L.WORKLOAD_FIRST_ROW, update.workload_rows,
             update.workload_heights),
            (L.LINI_WAKTU, update.timeline.title, L.TIMELINE_FIRST_ROW, update.timeline.rows,
             update.timeline.heights)):
        package.replace_rows_from(sheet, first, rows, heights, title=title)
    package.set_row_breaks(L.LINI_WAKTU, update.timeline.breaks)


def record(path: Path, action: Action, *, when: dt.datetime | None = None) -> CaseResult:
    """Read the workbook file, record `action` (``sheets.casebook.start``, ``advance``, …), write it back.

    The action raises CaseError for anything illegal; then nothing is written. Pelacak is rebuilt,
    every open case judged as of now. The workbook's lock is held from before the read to after
    the replace: a second action on the same workbook waits for this one and then sees its events.
    """
    return rewrite(path, lambda book: plan_action(book, action, when or now(), recorder(), label=book.path))


def refresh(path: Path, as_of: dt.datetime | None = None) -> CaseList:
    """Rebuild the Pelacak sheet of the workbook file from its Log, open cases judged as of `as_of`."""
    return rewrite(path, lambda book: plan_refresh(book, as_of or now(), label=book.path))


def rewrite(path: Path, plan: Callable[[CaseBook], tuple[SheetUpdate, object]]):
    """Read the workbook file, let `plan(book)` give the update and the result, write the update; the result.

    Holds the workbook's lock from before the read to after the replace (``record`` and ``refresh``
    are two such plans; simulated cases are a third).
    """
    with workbook_lock(Path(path)):
        check_writable(Path(path))
        book = open_casebook(Path(path))
        update, result = plan(book)
        write_update(book, update)
    if book.pelacak_outdated:
        result.upgraded = True
    return result
