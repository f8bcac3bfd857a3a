"""The workbook open in Excel, through xlwings: its sheets read into ``Grid``s, rows written back.

The Excel door's counterpart of ``xlsxread`` + ``xlsxpatch``: the buttons' handlers read the sheets they
need as plain values, hand them to the same code the file path uses (``casebook_from_grids`` and
``plan_update`` for cases, ``validate_sop`` and ``finding_rows`` for validation), and write the rows that
code returns into the open workbook, which Excel then saves as the user chooses. Nothing here knows a
file format; it works with any xlwings engine (Excel on Windows or macOS, and xlwings' remote engine,
which the tests use).

Text is written with a leading apostrophe, Excel's mark for "text as typed": a value that starts with
``=`` stays text (input is data, never code) and a subject like ``1/2`` is not turned into a date.
"""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import contextmanager
from pathlib import Path

from .. import layout as L
from ..sheets.grid import Grid
from ..errors import SheetMissing, WorkbookError


def plain(value):
    """A cell value as the engine delivers it (``raw_value``), as the codec expects it: numbers as float
    (Excel holds every number as a double; the remote engine hands over whole ones as int), dates as
    naive datetimes (pywin32 gives them a time zone, the remote engine ISO text), empty cells as None."""
    kind = type(value)
    if kind is float or value is None:
        return value
    if kind is str:
        if not value:
            return None
        if len(value) == 24 and value[4] == "-" and value[10] == "T" and value[19] == "." and value[-1] == "Z":
            try:
                return dt.datetime.fromisoformat(value[:19])
            except ValueError:
                return value
        return value
    if kind is int:
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def cell_value(value):
    """A value as it is written into a cell, the same on every engine: text behind Excel's text mark,
    dates and times as Excel's serial numbers (the column's date format shows them), numbers as they are."""
    if isinstance(value, str):
        return "'" + value if value else None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        from ..sheets.grid import excel_serial

        return excel_serial(value)
    return value


class OpenBook:
    """An xlwings ``Book`` seen as sheets of values: read into Grids, rows written back in one call each."""

    def __init__(self, book):
        self.book = book
        self._engine = book.app.engine.name if book.app is not None else ""
        self._read: dict[str, Grid] = {}     # sheets read so far, until sopxl writes into them

    def lang(self) -> str:
        """The workbook's language, judged by its Identitas header (the default language without the sheet)."""
        from ..sheets.grid import workbook_lang

        identitas = self.grids((L.IDENTITAS,)).get(L.IDENTITAS)
        return workbook_lang(identitas) if identitas is not None else L.DEFAULT_LANG

    @property
    def name(self) -> str:
        return self.book.name

    @property
    def path(self) -> Path | None:
        """The workbook's file, when it has been saved to a local folder."""
        fullname = Path(self.book.fullname)
        return fullname if fullname.is_absolute() and fullname.exists() else None

    @property
    def folder(self) -> Path:
        """Where files made from the workbook (a report) go: its folder, or the current one."""
        return self.path.parent if self.path else Path.cwd()

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def _sheet(self, name: str):
        if name not in self.sheet_names():
            raise SheetMissing("the sheet is missing", file=self.name, sheet=name,
                                fix="restore the sheet, or rebuild the workbook with `sopxl new --macros`")
        return self.book.sheets[name]

    # ---- reading ------------------------------------------------------------------------------------
    def grids(self, names: tuple[str, ...] | list[str], *, required: tuple[str, ...] = ()) -> dict[str, Grid]:
        """Grids of the named sheets present, each from A1 to the end of its used range.

        A sheet is read from the workbook once (one call); asked again, until sopxl writes into it, its
        grid is the one already read, so a click reads each sheet it needs once.
        """
        present = set(self.sheet_names())
        for name in required:
            if name not in present:
                self._sheet(name)
        grids = {}
        for name in names:
            if name not in present:
                continue
            if name not in self._read:
                self._read[name] = self._read_sheet(name)
            grids[name] = self._read[name]
        return grids

    def _read_sheet(self, name: str) -> Grid:
        """One sheet's values from A1 to the end of its used range, in one call to the engine."""
        sheet = self.book.sheets[name]
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (last.row, last.column)).raw_value
        if not isinstance(values, (list, tuple)):
            values = [[values]]
        elif values and not isinstance(values[0], (list, tuple)):
            values = [values]
        # plain() for each value, with the values that need no change (floats, ordinary text) kept
        # inline: a Log of 10,000 rows is 90,000 values and a button must answer at once
        rows = [[v if (kind := v.__class__) is float or v is None or (
                    kind is str and v and (len(v) != 24 or v[-1] != "Z"))
                 else plain(v) for v in row] for row in values]
        # Excel's used range counts formatted empty cells; a grid ends at the last value, like calamine's
        while rows and all(v is None or v == "" for v in rows[-1]):
            rows.pop()
        return Grid(name, rows)

    def selected_row(self, sheet: str) -> int | None:
        """The row of the selected cell when the selection is on `sheet`, else None."""
        selection = self.book.selection
        try:
            on, row = selection.sheet.name, selection.row
        except (AttributeError, TypeError):     # nothing, or a shape rather than cells, is selected
            return None
        return row if on == sheet else None

    # ---- writing ------------------------------------------------------------------------------------
    @contextmanager
    def unprotected(self, name: str):
        """Let sopxl write into a protected sheet (Pelacak, Log, Temuan), protecting it again afterwards.

        The template protects them without a password against typing; sorting, filtering and column
        widths stay allowed, as they are restored here. Excel's object model through pywin32 on Windows,
        its AppleScript dictionary through appscript on macOS; other engines have no protection.
        """
        sheet = self._sheet(name)
        self._read.pop(name, None)          # what was read of it is out of date once sopxl writes
        protection = _Protection(sheet, sys.platform.startswith("win")) if self._engine == "excel" else None
        protected = protection is not None and protection.remove()
        try:
            yield sheet
        finally:
            if protected:
                protection.restore()

    def write_rows(self, sheet, first_row: int, rows: list[list], first_column: int = 1) -> None:
        """Write `rows` (lists of values) with their top-left cell at (first_row, first_column), in one call."""
        if rows:
            width = max(len(row) for row in rows)
            block = [[cell_value(v) for v in row] + [None] * (width - len(row)) for row in rows]
            # the range sized to the block and its raw value set: values are already in the engine's terms,
            # and no engine has to look at the rest of the sheet (xlwings' remote engine would, per write)
            cells = sheet.range((first_row, first_column), (first_row + len(block) - 1, first_column + width - 1))
            cells.raw_value = block

    def clear_rows(self, sheet, first_row: int, last_row: int, width: int) -> None:
        """Empty the cells of rows `first_row`..`last_row` (formats stay)."""
        if last_row >= first_row:
            cells = sheet.range((first_row, 1), (last_row, width))
            cells.clear_contents()
            if self._engine == "excel" and sys.platform.startswith("win"):
                cells.api.Hyperlinks.Delete()       # ClearContents leaves a cell's hyperlink behind

    def resize_table(self, sheet, data_rows: int, header_row: int = 1) -> None:
        """Make the sheet's Excel table (``layout.TABLE_NAMES``) cover `data_rows` rows below its header."""
        table = sheet.tables[L.TABLE_NAMES[sheet.name]]
        width = len(table.header_row_range.columns) if table.header_row_range is not None else 1
        last = header_row + max(data_rows, 1)
        table.resize(sheet.range((header_row, 1), (last, width)))

    def add_links(self, sheet, links: list[tuple[str, str, str]]) -> None:
        """Internal hyperlinks: (cell, target like 'Aktivitas'!J7, text shown)."""
        for ref, location, display in links:
            sheet.range(ref).add_hyperlink(f"#{location}", display, location)

    def alert(self, text: str, title: str, critical: bool = False) -> None:
        self.book.app.alert(text, title=title, buttons="ok", mode="critical" if critical else "info")

    def open_file(self, path: Path) -> bool:
        """Open a workbook sopxl wrote (a report) in the same Excel; False where the engine cannot."""
        if self._engine != "excel":
            return False
        self.book.app.books.open(str(path))
        return True


class _Protection:
    """A sheet's protection in desktop Excel, removed and restored around sopxl's writes."""

    def __init__(self, sheet, windows: bool):
        self.sheet = sheet
        self.api = sheet.api
        self.windows = windows

    def remove(self) -> bool:
        """Unprotect the sheet; False when it was not protected."""
        try:
            if self.windows:
                if not self.api.ProtectContents:
                    return False
                self.api.Unprotect("")
            else:
                if not self.api.protect_contents.get():
                    return False
                self.api.unprotect()
        except Exception as exc:  # an Excel whose object model refuses: say what to do by hand
            raise WorkbookError(f"the sheet is protected and sopxl could not unprotect it ({exc})",
                                sheet=self.sheet.name,
                                fix="unprotect it (Review > Unprotect Sheet) and click the button again") from exc
        return True

    def restore(self) -> None:
        if self.windows:
            self.api.Protect(Password="", DrawingObjects=True, Contents=True, Scenarios=True,
                             AllowFormattingColumns=True, AllowSorting=True, AllowFiltering=True)
        else:
            self.api.protect_worksheet(password="", drawing_objects=True, contents=True, scenarios=True,
                                       allow_formatting_columns=True, allow_sorting=True, allow_filtering=True)
