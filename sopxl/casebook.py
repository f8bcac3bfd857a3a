"""Cases in an SOP workbook on disk: read the SOP, calendar and Log, record actions, rebuild Pelacak.

Reading goes through python-calamine (fast for a long Log); writing goes through ``xlsxpatch.Package``,
which appends the new Log rows, rewrites the Pelacak rows, resizes the two Excel tables and copies
every other part of the file unchanged, atomically. Any refusal (an illegal action, a Log row that
makes no sense, a malformed Kalender, a workbook open in Excel) happens before anything is written.
This module is what an Excel button's Python imports: it loads no pandas and no openpyxl.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import layout as L
from .calendar import WorkCalendar
from .caselog import _LOG_FIX, event_cell, event_row, events_from_grid, tracker_row
from .cases import Event, IllegalEvent, Ledger
from .codec import calendar_from_grid, sop_from_grids
from .errors import SopxlError, WorkbookError
from .files import check_writable
from .model import SOP
from .tracker import CaseTime, Tracker
from .workbook import workbook_lang
from .xlsxread import read_grids

CASE_SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.LOG, L.KALENDER)


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


def _with_file(error: SopxlError, path: Path) -> SopxlError:
    if error.file is None:
        error.file = str(path)
        error.args = (error.render(),)
    return error


@dataclass
class CaseBook:
    """What a workbook holds about its cases: the SOP, the calendar, and the ledger replayed from the Log."""

    path: Path
    sop: SOP
    calendar: WorkCalendar
    lang: str
    ledger: Ledger
    signature: tuple[int, int]

    def tracker(self) -> Tracker:
        try:
            return Tracker(self.sop, self.calendar)
        except ValueError as exc:   # a Kalender with no working weekday
            row, column = L.KALENDER_HOURS_ORIGIN
            raise WorkbookError(str(exc), file=str(self.path), sheet=L.KALENDER, cell=L.cell_ref(row + 1, column + 1),
                                fix="give at least one weekday its working hours") from exc

    def figures(self, as_of: dt.datetime) -> list[CaseTime]:
        """Every case's time against the norms, open cases judged as of `as_of`."""
        return self.tracker().track(self.ledger.cases.values(), as_of)


def open_casebook(path: Path) -> CaseBook:
    """Read a workbook's SOP, Kalender and Log; a cell that breaks them raises WorkbookError naming it."""
    path = Path(path)
    grids = read_grids(path, CASE_SHEETS, required=L.REQUIRED_SHEETS)
    signature = _signature(path)
    try:
        sop, _ = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        calendar = calendar_from_grid(grids[L.KALENDER])
        events = events_from_grid(grids[L.LOG])
    except SopxlError as error:
        raise _with_file(error, path) from None
    ledger = Ledger(sop)
    for event in sorted(events, key=lambda e: e.id):
        try:
            ledger.apply(event)
        except IllegalEvent as error:
            fix = f"{error.fix}; or {_LOG_FIX}" if error.column == "action" and error.fix else _LOG_FIX
            raise WorkbookError(f"event {event.id} cannot be replayed: {error.message}", file=str(path),
                                sheet=L.LOG, cell=event_cell(event, error.column), fix=fix) from None
    return CaseBook(path=path, sop=sop, calendar=calendar, lang=workbook_lang(grids[L.IDENTITAS]),
                    ledger=ledger, signature=signature)


def write(book: CaseBook, new_events: list[Event], as_of: dt.datetime) -> None:
    """Append `new_events` to the Log and rebuild Pelacak as of `as_of`, atomically."""
    from .xlsxpatch import Package

    rows = [tracker_row(figures, book.lang) for figures in book.figures(as_of)]
    check_writable(book.path)
    package = Package(book.path)
    if _signature(book.path) != book.signature:
        raise WorkbookError("the workbook changed on disk while this action was being prepared; nothing was written",
                            file=str(book.path), fix="run the action again")
    if new_events:
        log_rows = [event_row(event) for event in new_events]
        if package.last_row(L.LOG) <= 1:
            package.set_rows(L.LOG, 2, log_rows)
        else:
            package.append_rows(L.LOG, log_rows)
    package.resize_tables(L.LOG, max(package.last_row(L.LOG) - 1, 0))
    package.set_rows(L.PELACAK, 2, rows)
    package.resize_tables(L.PELACAK, len(rows))
    package.save()


def record(path: Path, action: Callable[[Ledger, dt.datetime, str], list[Event]],
           *, when: dt.datetime | None = None) -> tuple[CaseBook, list[Event]]:
    """Load the workbook, let `action(ledger, now, user)` record events, then write them.

    The action raises CaseError for anything illegal; then nothing is written.
    """
    book = open_casebook(Path(path))
    check_writable(book.path)
    moment = when or now()
    try:
        events = action(book.ledger, moment, recorder())
    except SopxlError as error:
        raise _with_file(error, book.path) from None
    write(book, events, moment)
    return book, events
