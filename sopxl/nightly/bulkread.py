"""Bulk reading for the consolidation: one SOP workbook's bytes to its SOP, calendar and Log rows, fast.

A file is read into memory once, so its content hash and its parse see the same bytes even when it
changes on disk meanwhile. python-calamine parses the sheets (it releases the GIL while parsing, so
several files are read at once on threads). The Log is turned into event rows by a fast path for rows
in the shape sopxl writes them; a sheet with any other row goes through ``caselog.events_from_grid``,
which accepts what a person could have typed and names the cell at fault. Nothing is ever written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .. import layout as L
from ..domain.calendar import CalendarError, WorkCalendar
from ..sheets.log import events_from_grid
from ..domain.cases import ACTIONS
from ..sheets.grid import LAST_YEAR, Grid, second_precision, workbook_lang
from ..sheets.sop import ReadProblem, calendar_from_grid, sop_from_grids
from ..errors import SopxlError, WorkbookError
from ..domain.model import SOP
from ..xlsx.read import grids_of, open_workbook

# sheets the consolidation reads; Pelacak (derived) and Temuan (rebuilt by validation) are not needed
READ_SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.KALENDER, L.LOG)
_LOG_WIDTH = len(L.LOG_COLUMNS)
_ACTIONS = frozenset(ACTIONS)
_DATETIME = dt.datetime

# (event id, case, step, action, at, actor, recorded by, recorded at, note, sheet row)
EventRow = tuple


@dataclass(frozen=True)
class Fingerprint:
    """What says whether a file changed: size and modification time, and the content hash once read."""

    size: int
    mtime_ns: int
    sha256: str | None = None


@dataclass
class SourceRead:
    """What one SOP workbook holds for the consolidation."""

    path: Path
    fingerprint: Fingerprint
    sop: SOP
    problems: list[ReadProblem]
    calendar: WorkCalendar
    lang: str
    events: list[EventRow]


def read_bytes(path: Path) -> tuple[bytes, Fingerprint]:
    """The whole file with its fingerprint (size, mtime and hash of exactly these bytes)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError as exc:
        raise WorkbookError("the file disappeared during the run (deleted, moved or renamed)", file=str(path),
                            fix="nothing to do if it was moved on purpose; the next run finds it where it is") from exc
    except PermissionError as exc:
        raise WorkbookError("the file cannot be opened: it is locked by another program or this account may not "
                            "read it", file=str(path),
                            fix="close it where it is open, or give the account running sopxl read access") from exc
    except IsADirectoryError as exc:
        raise WorkbookError("is a folder, not a workbook", file=str(path)) from exc
    except OSError as exc:
        raise WorkbookError(f"the file cannot be read ({exc.strerror or exc})", file=str(path),
                            fix="check the disk or network share") from exc
    return data, Fingerprint(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _grids(path: Path, data: bytes) -> dict[str, Grid]:
    return grids_of(open_workbook(path, data), path, READ_SHEETS, required=L.REQUIRED_SHEETS)


def _fast_log_rows(grid: Grid) -> list[EventRow] | None:
    """The Log rows when every row is in the shape sopxl writes; None when any row is not.

    The shape: whole positive numbers (calamine gives floats), a stored action code, local date-times
    and text. The result is what ``events_from_grid`` gives for such rows, in a fraction of the time.
    """
    if grid.first_row != 1 or grid.first_column != 1:
        return None
    out: list[EventRow] = []
    append = out.append
    datetime, actions, width = _DATETIME, _ACTIONS, _LOG_WIDTH
    rows = grid.rows
    number = 1
    for row in islice(rows, 1, None):
        number += 1
        if len(row) != width:
            row = row[:width] if len(row) > width else [*row, *([""] * (width - len(row)))]
        event_id, case, step, action, at, actor, recorded_by, recorded_at, note = row
        if type(event_id) is not float or type(case) is not float or type(step) is not float:
            if event_id == "" and case == "" and step == "" and action == "" and at == "" and actor == "" \
                    and recorded_by == "" and recorded_at == "" and note == "":
                continue
            return None
        if not (event_id.is_integer() and case.is_integer() and step.is_integer()) \
                or event_id <= 0 or case <= 0 or step <= 0:
            return None
        if action not in actions or type(actor) is not str or type(recorded_by) is not str \
                or type(note) is not str or type(at) is not datetime or at.tzinfo is not None \
                or at.year > LAST_YEAR:
            return None
        if at.microsecond:
            at = second_precision(at)
        if recorded_at == "":
            recorded_at = None
        elif type(recorded_at) is not datetime or recorded_at.tzinfo is not None:
            return None
        elif recorded_at.microsecond:
            recorded_at = second_precision(recorded_at)
        append((int(event_id), int(case), int(step), action, at, actor.strip(), recorded_by.strip(), recorded_at,
                note.strip(), number))
    if len({row[0] for row in out}) != len(out):
        return None          # an event id twice: the slow path names both rows
    return out


def log_rows(grid: Grid) -> list[EventRow]:
    """The events of a Log grid as rows; a cell no event can hold raises WorkbookError naming it."""
    header = Grid(grid.sheet, grid.rows[:1], grid.first_row, grid.first_column)
    events_from_grid(header)     # checks the header row (raises naming the cell)
    fast = _fast_log_rows(grid)
    if fast is not None:
        return fast
    return [(e.id, e.case, e.step, e.action, e.at, e.actor, e.recorded_by, e.recorded_at, e.note, e.row)
            for e in events_from_grid(grid)]


def read_source(path: Path, data: bytes, fingerprint: Fingerprint) -> SourceRead:
    """Parse the bytes of an SOP workbook; WorkbookError (NotSopWorkbook for other workbooks) says why not."""
    path = Path(path)
    grids = _grids(path, data)
    try:
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        calendar = calendar_from_grid(grids[L.KALENDER])
        events = log_rows(grids[L.LOG])
    except CalendarError as exc:    # e.g. a weekday given working hours twice
        raise WorkbookError(str(exc), file=str(path), sheet=L.KALENDER,
                            fix="give each weekday one row of working hours") from exc
    except SopxlError as error:
        raise error.in_file(path)
    return SourceRead(path=path, fingerprint=fingerprint, sop=sop, problems=problems, calendar=calendar,
                      lang=workbook_lang(grids[L.IDENTITAS]), events=events)


def read_file(path: Path) -> SourceRead:
    """Read and parse one SOP workbook as the consolidation does (WorkbookError says why it cannot)."""
    data, fingerprint = read_bytes(Path(path))
    return read_source(Path(path), data, fingerprint)


def events_in(path: Path) -> int:
    """How many Log events a workbook holds, read as the consolidation reads it (for measurements)."""
    return len(read_file(path).events)
