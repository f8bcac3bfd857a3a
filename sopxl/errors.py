"""Errors sopxl raises for bad input: each names where the problem is and what to do."""

from __future__ import annotations


class SopxlError(Exception):
    """A handled failure with a message meant for people (no traceback needed)."""

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None, fix: str | None = None):
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.fix = fix
        super().__init__(self.render())

    def where(self) -> str:
        """Location as `file: Sheet!A1`, as far as it is known."""
        place = ""
        if self.sheet:
            place = self.sheet + (f"!{self.cell}" if self.cell else "")
        if self.file and place:
            return f"{self.file}: {place}"
        return self.file or place

    def render(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f" — {self.fix}"
        return text

    def in_file(self, file) -> "SopxlError":
        """This error, naming `file` when it does not name one yet (readers of sheets know no file)."""
        if self.file is None:
            self.file = str(file)
            self.args = (self.render(),)
        return self

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": self.message, "file": self.file,
                "sheet": self.sheet, "cell": self.cell, "fix": self.fix}


class WorkbookError(SopxlError):
    """A workbook cannot be read or written: missing, corrupt, not sopxl's, locked."""


class SheetMissing(WorkbookError):
    """A workbook without a sheet sopxl needs (the `sheet` attribute names it)."""


class NotSopWorkbook(WorkbookError):
    """A readable workbook that is not an SOP workbook (consolidation skips it rather than failing)."""


class DocumentError(SopxlError):
    """An SOP document cannot be imported: unknown layout, empty, unreadable."""


class NormError(SopxlError):
    """A time norm text that cannot be parsed."""


class CaseError(SopxlError):
    """An action that the case's state does not allow."""
