"""Errors sopxl raises for bad input: each names where the problem is and what to do."""

from __future__ import annotations


class SopxlError(Exception):
    """A handled failure with a message meant for people (no traceback needed).

    `message` and `fix` are text, or both languages as ``{"id": …, "en": …}`` (what the domain raises, so
    a door can show them in its user's language: ``render(lang)``); ``message`` and ``fix`` are then the
    English. `code` names the kind of refusal (``decision-needed``), for a door to add its own words to
    the fix: the CLI an option, a button its name. The domain never names either.
    """

    def __init__(self, message: "str | dict[str, str]", *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None, fix: "str | dict[str, str] | None" = None, code: str | None = None):
        self.texts = dict(message) if isinstance(message, dict) else None
        self.fix_texts = dict(fix) if isinstance(fix, dict) else None
        self.message = self.texts["en"] if self.texts else message
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.fix = self.fix_texts["en"] if self.fix_texts else fix
        self.code = code
        super().__init__(self.render())

    def message_in(self, lang: str) -> str:
        """The message in `lang` when the error carries it, else as raised."""
        return (self.texts or {}).get(lang, self.message)

    def fix_in(self, lang: str) -> str | None:
        """The fix in `lang` when the error carries it, else as raised."""
        return (self.fix_texts or {}).get(lang, self.fix)

    def where(self) -> str:
        """Location as `file: Sheet!A1`, as far as it is known."""
        place = ""
        if self.sheet:
            place = self.sheet + (f"!{self.cell}" if self.cell else "")
        if self.file and place:
            return f"{self.file}: {place}"
        return self.file or place

    def render(self, lang: str = "en", *, hint: str | None = None) -> str:
        """`file: Sheet!A1: message — fix` in `lang` (as far as the error carries it); a door's `hint` follows the fix."""
        where = self.where()
        message, fix = self.message_in(lang), self.fix_in(lang)
        text = f"{where}: {message}" if where else message
        if fix and hint:
            fix = f"{fix} ({hint})"
        if fix or hint:
            text += f" — {fix or hint}"
        return text

    def in_file(self, file) -> "SopxlError":
        """This error, naming `file` when it does not name one yet (readers of sheets know no file)."""
        if self.file is None:
            self.file = str(file)
            self.args = (self.render(),)
        return self

    def __reduce__(self):
        """Pickled with its file, sheet, cell and fix (the nightly job's reading processes send errors back)."""
        return (_rebuild, (type(self), self.texts or self.message, self.file, self.sheet, self.cell,
                           self.fix_texts or self.fix, self.code))

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": self.message, "file": self.file,
                "sheet": self.sheet, "cell": self.cell, "fix": self.fix}


def _rebuild(kind, message, file, sheet, cell, fix, code=None) -> SopxlError:
    error = kind.__new__(kind)
    SopxlError.__init__(error, message, file=file, sheet=sheet, cell=cell, fix=fix, code=code)
    return error


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
