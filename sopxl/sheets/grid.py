"""A sheet's cell values as plain Python, and the cell conventions every reader and writer shares."""

from __future__ import annotations

import datetime as dt

from .. import layout as L

EXCEL_EPOCH = dt.datetime(1899, 12, 30)     # serial 0 of Excel's 1900 date system (as Excel counts it)


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
        return self.first_column + max((len(r) for r in self.rows), default=0) - 1

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
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def as_int(value) -> int | None:
    """A whole number typed in a cell (calamine gives floats; text of ASCII digits counts), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
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
