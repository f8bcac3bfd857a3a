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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import layout as L
from .calendar import WorkCalendar
from .caselog import _LOG_FIX, event_cell, event_row, events_from_grid, tracker_row
from .cases import Event, IllegalEvent, Ledger
from .codec import Grid, calendar_from_grid, sop_from_grids
from .errors import SopxlError, WorkbookError
from .files import check_writable
from .model import SOP
from .tracker import CaseTime, Tracker
from .workbook import workbook_lang
from .xlsxread import read_grids

CASE_SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.PELACAK, L.LOG, L.KALENDER)


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
    log_rows: int = 0                               # Log rows below the header that hold something
    tracker_rows: dict[int, int] | None = None      # Pelacak sheet row of each case; None if it is not one per case

    def tracker(self) -> Tracker:
        try:
            return Tracker(self.sop, self.calendar)
        except ValueError as exc:   # a Kalender with no working weekday
            row, column = L.KALENDER_HOURS_ORIGIN
            raise WorkbookError(str(exc), file=str(self.path), sheet=L.KALENDER,
                                cell=L.cell_ref(row + 1, column + 1),
                                fix="give at least one weekday its working hours") from exc

    def figures(self, as_of: dt.datetime) -> list[CaseTime]:
        """Every case's time against the norms, open cases judged as of `as_of`."""
        return self.tracker().track(self.ledger.cases.values(), as_of)


def _tracker_rows(grid: Grid | None) -> dict[int, int] | None:
    """The sheet row of each case in Pelacak; None when the sheet is not exactly one row per case number."""
    if grid is None:
        return None
    found: dict[int, int] = {}
    for row in range(2, grid.last_row + 1):
        value = grid.get(row, 1)
        if value is None and not any(grid.get(row, c) is not None for c in range(2, len(L.PELACAK_COLUMNS) + 1)):
            continue
        number = int(value) if isinstance(value, float) and value.is_integer() else None
        if number is None or number in found:
            return None
        found[number] = row
    return found


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
    log = grids[L.LOG]
    return CaseBook(path=path, sop=sop, calendar=calendar, lang=workbook_lang(grids[L.IDENTITAS]),
                    ledger=ledger, signature=signature, log_rows=max(log.last_row - 1, 0) if events else 0,
                    tracker_rows=_tracker_rows(grids.get(L.PELACAK)))


_COL_RE = re.compile(rb"<col\b[^>]*>")
_ATTRS_RE = re.compile(rb'(\w+)="([^"]*)"')
_ROW_NUMBER_RE = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_DIMENSION_RE = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*/>')


def append_log_rows(package, rows: list[list]) -> int:
    """Append rows to the Log sheet working on its bytes; returns the number of the first new row.

    Does what ``Package.append_rows`` does (cells styled like their column, the dimension updated)
    without decoding the whole sheet: a Log of tens of thousands of rows would be copied several times
    as text, and an action must stay quick.
    """
    from .xlsxpatch import cell_xml

    path = package.sheet_path(L.LOG)
    data = package.part(path)
    data_start = data.find(b"<sheetData")
    close = data.rfind(b"</sheetData>")
    if data_start < 0 or close < 0:     # an empty <sheetData/>: let the general writer handle it
        return package.append_rows(L.LOG, rows)
    head = data[:data_start]
    styles: dict[int, int] = {}
    for col in _COL_RE.findall(head):
        attrs = dict(_ATTRS_RE.findall(col))
        if b"style" in attrs:
            for column in range(int(attrs[b"min"]), min(int(attrs[b"max"]), 16384) + 1):
                styles[column] = int(attrs[b"style"])
    last_open = data.rfind(b"<row ", data_start, close)
    match = _ROW_NUMBER_RE.match(data, last_open) if last_open >= 0 else None
    last_row = int(match.group(1)) if match else 0
    cells = []
    for offset, values in enumerate(rows, start=1):
        number = last_row + offset
        cells.append(f'<row r="{number}">' + "".join(
            cell_xml(f"{L.column_letter(i)}{number}", value, styles.get(i)) for i, value in enumerate(values, 1))
            + "</row>")
    new_last = last_row + len(rows)
    dimension = _DIMENSION_RE.search(head)
    if dimension:
        last_col = dimension.group(3) or dimension.group(1)
        ref = b'<dimension ref="%s%s:%s%d"/>' % (dimension.group(1), dimension.group(2), last_col,
                                                  max(new_last, int(dimension.group(2))))
        head = head[:dimension.start()] + ref + head[dimension.end():]
    package.set_part(path, head + data[data_start:close] + "".join(cells).encode("utf-8") + data[close:])
    return last_row + 1


def write(book: CaseBook, new_events: list[Event], as_of: dt.datetime, *, cases: set[int] | None = None) -> None:
    """Append `new_events` to the Log and update Pelacak as of `as_of`, atomically.

    With `cases`, only the rows of those cases are rewritten (what one action changes; the other open
    cases keep the figures of their last refresh), provided Pelacak holds one row per case; otherwise,
    and without `cases`, the whole sheet is rebuilt.
    """
    from .xlsxpatch import Package

    check_writable(book.path)
    package = Package(book.path)
    if _signature(book.path) != book.signature:
        raise WorkbookError("the workbook changed on disk while this action was being prepared; nothing was written",
                            file=str(book.path), fix="run the action again")
    if new_events:
        log_rows = [event_row(event) for event in new_events]
        if book.log_rows == 0:
            package.set_rows(L.LOG, 2, log_rows)
            last = 1 + len(log_rows)
        else:
            last = append_log_rows(package, log_rows) + len(log_rows) - 1
        package.resize_tables(L.LOG, last - 1)
    tracker = book.tracker()
    placed = dict(book.tracker_rows or {})
    new_cases = {e.case for e in new_events if e.action == "mulai"}
    patchable = (cases is not None and book.tracker_rows is not None
                 and set(placed) == set(book.ledger.cases) - new_cases
                 and package.last_row(L.PELACAK) == max(placed.values(), default=1))
    if patchable:
        for number in sorted(cases):
            row = tracker_row(tracker.case_time(book.ledger.cases[number], as_of), book.lang)
            if number in placed:
                package.set_rows(L.PELACAK, placed[number], [row], keep_below=True)
            else:
                placed[number] = package.append_rows(L.PELACAK, [row])
        package.resize_tables(L.PELACAK, len(placed))
    else:
        rows = [tracker_row(figures, book.lang) for figures in tracker.track(book.ledger.cases.values(), as_of)]
        package.set_rows(L.PELACAK, 2, rows)
        package.resize_tables(L.PELACAK, len(rows))
    package.save()


def record(path: Path, action: Callable[[Ledger, dt.datetime, str], list[Event]],
           *, when: dt.datetime | None = None) -> tuple[CaseBook, list[Event]]:
    """Load the workbook, let `action(ledger, now, user)` record events, then write them.

    The action raises CaseError for anything illegal; then nothing is written. Pelacak gets the rows
    of the cases the events touched.
    """
    book = open_casebook(Path(path))
    check_writable(book.path)
    moment = when or now()
    try:
        events = action(book.ledger, moment, recorder())
    except SopxlError as error:
        raise _with_file(error, book.path) from None
    write(book, events, moment, cases={event.case for event in events})
    return book, events
