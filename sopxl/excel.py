"""The Excel door: the handlers the workbook's buttons run through xlwings (``macros/Tombol.bas``).

Each handler gets the workbook that called it (``xw.Book.caller()``, or `book` when given), makes one
call to ``sopxl.openbook.actions`` (the API with the open workbook in place of a file), which writes the result
into the workbook, and says what happened in a message box in the workbook's language. A refusal (an
action the case's state does not allow, a cell that breaks the SOP) is a message naming the sheet, cell
and fix; an unexpected error is a message too, never a traceback window. The case a button acts on
is the one on the selected row of Pelacak.

Only xlwings' open-source part is used: ``Book.caller``, ranges, tables, ``App.alert``.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from . import layout as L
from .errors import SopxlError


class _Door:
    """The calling workbook, its language, and the message box."""

    def __init__(self, book):
        from .openbook.book import OpenBook

        self.book = OpenBook(book)
        try:
            self.lang = self.book.lang()
        except Exception:   # the sheet cannot be read: the action itself says so, in the default language
            self.lang = L.DEFAULT_LANG

    def text(self, key: str, **values) -> str:
        return L.text(key, self.lang).format(**values)

    def hint(self, code: str | None) -> str | None:
        """What the buttons add to a refusal of this kind (the buttons to click instead), if anything."""
        key = f"msg_hint_{code}"
        if key not in L.TEXTS:
            return None
        return self.text(key, **{name: L.text(name, self.lang) for name in ("button_yes", "button_no", "button_finish")})

    def tell(self, key: str, **values) -> None:
        self.book.alert(self.text(key, **values), L.text("msg_title", self.lang))

    def selected_case(self) -> int | None:
        """The case on the selected row of Pelacak; tells the user and returns None when there is none."""
        from .openbook.actions import case_at_row

        number = case_at_row(self.book, self.book.selected_row(L.PELACAK))
        if number is None:
            self.tell("msg_select_case")
        return number


@contextmanager
def _door(book):
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    door = _Door(book)
    title = f"{L.text('msg_title', door.lang)}: {L.text('msg_error', door.lang)}"
    try:
        yield door
    except SopxlError as error:
        door.book.alert(error.render(door.lang, hint=door.hint(error.code)), title, critical=True)
    except Exception as error:   # a bug: one line in the box, the traceback in the console if it is shown
        door.book.alert(door.text("msg_unexpected", kind=type(error).__name__, detail=error), title, critical=True)
        print(f"sopxl: {type(error).__name__}: {error}", file=sys.stderr)


def _moved(door: _Door, result, action: str) -> None:
    figures = result.case
    if figures.current is None:
        door.tell("msg_closed", case=figures.case.number)
    else:
        door.tell("msg_moved", case=figures.case.number, action=action, done=result.event.step,
                  step=figures.current.visit.step, holder=figures.current.holder)


def _typed(text: str) -> str:
    """Text typed in Excel's InputBox as Python received it (\\u escapes of UTF-16 units, pairs joined)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# ---- the buttons ----------------------------------------------------------------------------------

def validasi(book=None) -> None:
    """Validasi (Aktivitas): check the SOP against Permenpan RB 35/2012, findings into Temuan."""
    from .openbook import actions

    with _door(book) as door:
        report = actions.validate(door.book)
        door.tell("msg_validated", summary=report.files[0].summary_line(door.lang))


def gambar_bagan_alir(berkas: str = "", book=None) -> None:
    """Gambar bagan alir (Aktivitas): hand the saved workbook file `berkas` to a background sopxl, which
    draws the flowchart into it once Excel has closed it (the button's Sub closes it next) and opens it
    again (``api.start_flowchart_when_closed``). No message on success: the workbook is about to close."""
    from . import api

    with _door(book) as door:
        api.start_flowchart_when_closed(_typed(berkas), lang=door.lang)


def kasus_baru(perihal: str = "", book=None) -> None:
    """Kasus baru (Pelacak): open a case at the first step, with the subject typed in the InputBox."""
    from .openbook import actions

    from .sheets import casebook

    with _door(book) as door:
        result = actions.record(door.book, casebook.start(_typed(perihal)))
        figures = result.case
        door.tell("msg_started", case=figures.case.number, subject=figures.case.subject,
                  step=figures.current.visit.step, holder=figures.current.holder)


def selesai(book=None) -> None:
    """Selesai (Pelacak): finish the current step of the selected case."""
    _advance(book, None, "button_finish")


def setuju_ya(book=None) -> None:
    """Setuju – Ya (Pelacak): answer the selected case's decision Ya."""
    _advance(book, True, "button_yes")


def kembalikan_tidak(book=None) -> None:
    """Kembalikan – Tidak (Pelacak): answer the selected case's decision Tidak, returning it."""
    _advance(book, False, "button_no")


def _advance(book, decision: bool | None, label: str) -> None:
    from .openbook import actions
    from .sheets import casebook

    with _door(book) as door:
        case = door.selected_case()
        if case is not None:
            _moved(door, actions.record(door.book, casebook.advance(case, decision=decision)), door.text(label))


def perbarui(book=None) -> None:
    """Perbarui (Pelacak): rebuild Pelacak from the Log, open cases judged as of now."""
    from .openbook import actions

    with _door(book) as door:
        counts = actions.refresh(door.book).counts()
        door.tell("msg_refreshed", open=counts["open"], late=counts["open_by_status"]["late"])


def laporan_bulanan(book=None) -> None:
    """Laporan bulanan (Pelacak): last month's monitoring report, written beside the workbook."""
    from .openbook import actions

    with _door(book) as door:
        result = actions.report(door.book)
        opened = door.book.open_file(result.workbook)
        door.tell("msg_report_opened" if opened else "msg_report", month=str(result.month), path=result.workbook)


def periksa_pemasangan(book=None) -> None:
    """Periksa pemasangan (Petunjuk): the Python, sopxl and xlwings this workbook runs with, and `sopxl doctor`."""
    import platform

    import xlwings

    from . import __version__

    with _door(book) as door:
        lines = [door.text("msg_check", python=platform.python_version(), executable=sys.executable,
                           sopxl=__version__, xlwings=xlwings.__version__, book=door.book.name)]
        if door.book.path is not None:      # the saved file: what `sopxl doctor` says about it
            from . import api

            lines += api.doctor(door.book.path, lang=door.lang).lines()
        door.tell("msg_plain", text="\n".join(lines))

