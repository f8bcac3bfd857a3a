"""A sheet's cell values as plain Python, and the cell conventions every reader and writer shares."""

from __future__ import annotations

import datetime as dt

from .. import layout as L
from ..domain.memo import kept
from ..domain.dates import MomentError, read_date, read_moment
from ..errors import WorkbookError

EXCEL_EPOCH = dt.datetime(1899, 12, 30)     # serial 0 of Excel's 1900 date system (as Excel counts it)
# The largest event id, case or step number read from a cell; a larger one is a typing mistake (and would
# not fit the database's 64-bit integers, or Excel's exact whole numbers, far beyond it).
MAX_NUMBER = 999_999_999


class Grid:
    """The cell values of one sheet, addressed by 1-based row and column."""

    def __init__(self, sheet: str, rows: list[list], first_row: int = 1, first_column: int = 1):
        self.sheet = sheet
        self.rows = rows
        self.first_row = first_row
        self.first_column = first_column

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1

    @property
    def last_column(self) -> int:
        return self.first_column + max(map(len, self.rows), default=0) - 1

    def filled_rows(self, first: int = 1):
        """Numbers of the rows from `first` on that hold something, in order.

        A stray cell at the bottom of a sheet makes it a million rows long; the reader keeps the empty
        ones as empty lists, which this skips at once.
        """
        rows = self.rows
        for index in range(max(first - self.first_row, 0), len(rows)):
            cells = rows[index]
            if cells and any(value is not None and value != "" for value in cells):
                yield self.first_row + index

    def get(self, row: int, column: int):
        """The value at (row, column), None for an empty or absent cell."""
        r, c = row - self.first_row, column - self.first_column
        if r < 0 or c < 0 or r >= len(self.rows) or c >= len(self.rows[r]):
            return None
        value = self.rows[r][c]
        return None if value == "" else value

    def text(self, row: int, column: int) -> str:
        """The value at (row, column) as stripped text ("" when empty)."""
        return cell_text(self.get(row, column))

    def ref(self, row: int, column: int) -> str:
        return L.cell_ref(row, column)


def cell_text(value) -> str:
    """A cell value as the text a person typed: integers without ``.0``, dates as ISO, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return f"{value:G}"             # as Excel shows a huge number: 1E+300
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def as_int(value) -> int | None:
    """A whole number typed in a cell, up to MAX_NUMBER (calamine gives floats; ASCII digits count), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and -MAX_NUMBER <= value <= MAX_NUMBER and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 9:
        return int(value.strip())
    return None


def excel_serial(value: dt.datetime | dt.date | dt.time) -> float:
    """The Excel serial number of a date, datetime or time of day."""
    if isinstance(value, dt.datetime):
        return (value - EXCEL_EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EXCEL_EPOCH.date()).days)
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def workbook_lang(grid: Grid) -> str:
    """The language a workbook was written in, judged by its Identitas header."""
    return "en" if L.normalise_label(grid.get(1, 1)) == L.normalise_label(L.text("field", "en")) else "id"


@kept(1024)
def label_key(label, keys: tuple[str, ...]) -> str | None:
    """``L.key_for_label(label, keys)``, kept for the last labels (every workbook has the same headers and labels)."""
    return L.key_for_label(label, keys)


def expect_headers(grid: Grid, row: int, expected: list[tuple[int, str]],
                   labels: list[tuple[int, str]] | None = None, *,
                   fix: "str | dict[str, str] | None" = None) -> None:
    """Raise WorkbookError naming the cell where a header of `expected` ((column, text key)) is not on `row`.

    `labels` ((column, label)) are the header labels when the caller has read them already.
    """
    found = dict(labels) if labels is not None else {c: grid.text(row, c) for c, _ in expected}
    for column, key in expected:
        label = found.get(column, "")
        if label_key(label, (key,)) is None:
            message = {lang: L.text("err_header", lang).format(
                label=L.text(key), label_en=L.text(key, "en"),
                found=repr(label) if label else L.text("err_header_nothing", lang)) for lang in L.LANGS}
            raise WorkbookError(message, sheet=grid.sheet, cell=grid.ref(row, column),
                                fix=fix or L.texts("err_header_fix"))


# ---- dates and times in cells ---------------------------------------------------------------------

LAST_YEAR = 2999      # a later year is a typing mistake; due moments must still fit in datetime


def second_precision(moment: dt.datetime) -> dt.datetime:
    """`moment` rounded to the second (a date serial read back carries float noise)."""
    rounded = moment.replace(microsecond=0)
    return rounded + dt.timedelta(seconds=1) if moment.microsecond >= 500_000 else rounded


def cell_moment(value) -> dt.datetime | None:
    """A cell value as a local date and time (a date, a date serial, ``2026-11-20 15:00``, ``20/11/2026 15.00``), else None.

    A moment past LAST_YEAR is None too.
    """
    moment = _moment(value)
    return moment if moment is None or moment.year <= LAST_YEAR else None


def _moment(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return second_precision(value.replace(tzinfo=None))
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return second_precision(EXCEL_EPOCH + dt.timedelta(days=value))
    text = cell_text(value)
    try:
        return read_moment(text)            # typed text: the API's and the CLI's one moment reader
    except MomentError:
        pass
    written = read_date(text)               # a date alone, typed in a date-time cell, is its midnight
    return dt.datetime.combine(written.date, dt.time()) if written else None


def cell_date(value) -> dt.date | None:
    """A cell value as a date: a date or date-time cell, or text as documents write dates
    (``2026-12-25``, ``25/12/2026``, ``25 Desember 2026``); None when it is none of them."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = read_date(cell_text(value))
    return written.date if written else None
