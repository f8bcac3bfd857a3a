"""Bulk reading for the consolidation: one SOP workbook's bytes to its SOP, calendar and Log rows, fast.

A file is read into memory once, so its content hash and its parse see the same bytes even when it
changes on disk meanwhile. python-calamine parses the sheets (it releases the GIL while parsing, so
several files are read at once on threads). The Log is turned into event rows by ``sheets.log.log_rows``,
the one Log parser (fast for rows in the shape sopxl writes them). Nothing is ever written.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import layout as L
from ..domain.calendar import WorkCalendar
from ..sheets.casebook import check_step_numbers
from ..sheets.log import EventRow, log_rows
from ..sheets.grid import Grid, workbook_lang
from ..sheets.sop import ReadProblem, calendar_from_grid, sop_from_grids
from ..errors import SopxlError, WorkbookError
from ..domain.model import SOP
from .replay import Replayed, read_log
from ..xlsx.read import check_zip_sizes, read_grids_once

# sheets the consolidation reads; Pelacak (derived) and Temuan (rebuilt by validation) are not needed
READ_SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.KALENDER, L.LOG)


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
    events: "list[EventRow] | Replayed"


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
    return read_grids_once(path, data, READ_SHEETS, required=L.REQUIRED_SHEETS)


# The calendars of the Kalender sheets a reading process has read, by the sheet's cells: an office's workbooks
# mostly carry the same Kalender, and a WorkCalendar is read-only, so it is built once (and shared)
_CALENDARS: dict[str, WorkCalendar] = {}
_CALENDARS_KEPT = 16
_CALENDARS_LOCK = threading.Lock()


def _calendar(grid: Grid) -> WorkCalendar:
    """``calendar_from_grid`` of the Kalender `grid`, built once per distinct sheet (a refusal is not kept)."""
    key = f"{grid.first_row},{grid.first_column}:{grid.rows!r}"      # repr: 1, 1.0 and True stay apart
    calendar = _CALENDARS.get(key)
    if calendar is None:
        calendar = calendar_from_grid(grid)
        with _CALENDARS_LOCK:           # few files are read on threads of the caller's process
            while len(_CALENDARS) >= _CALENDARS_KEPT:
                _CALENDARS.pop(next(iter(_CALENDARS)))
            _CALENDARS[key] = calendar
    return calendar


def read_source(path: Path, data: bytes, fingerprint: Fingerprint, pack: str = "") -> SourceRead:
    """Parse the bytes of an SOP workbook; WorkbookError (NotSopWorkbook for other workbooks) says why not.
    `pack`: the engine whose bulk load the Log's events are packed for as they are replayed (``replay``)."""
    path = Path(path)
    grids = _grids(path, data)
    try:
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        check_step_numbers(problems)     # as a case action: cases are not replayed around a step without number
        calendar = _calendar(grids[L.KALENDER])
        events = read_log(grids[L.LOG], sop, pack)     # replayed as read when sure (``replay``), else ``log_rows``
    except SopxlError as error:     # a Kalender the calendar refuses names its cell (sheets.sop)
        check_zip_sizes(path, data)     # the grids came from a container not inflated first: one that lies says so
        raise error.in_file(path)
    return SourceRead(path=path, fingerprint=fingerprint, sop=sop, problems=problems, calendar=calendar,
                      lang=workbook_lang(grids[L.IDENTITAS]), events=events)


def read_file(path: Path) -> SourceRead:
    """Read and parse one SOP workbook as the consolidation does (WorkbookError says why it cannot)."""
    data, fingerprint = read_bytes(Path(path))
    return read_source(Path(path), data, fingerprint)


def events_in(path: Path) -> int:
    """How many Log events a workbook holds, read as the consolidation reads it (run on the pool by its tests and bench)."""
    return len(read_file(path).events)
