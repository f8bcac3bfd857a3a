"""Macro-enabled SOP workbooks (.xlsm): the VBA project, the form buttons and xlwings' settings sheet.

The VBA project holds the document modules Excel expects (``ThisWorkbook`` and one per sheet, code
names ``Sheet1``…``SheetN`` in sheet order, as ``xlsxwrite`` sets them), the button Subs of
``macros/*.bas``, and xlwings' own VBA module (plus its ``Dictionary`` class, which that module uses on
macOS) taken from the installed xlwings package when the workbook is built. So a user needs Python
with sopxl and xlwings, but not the xlwings add-in, and the DLL the module names matches the
xlwings version the workbook was built with (``XLWINGS_VERSION`` in the module; ``sopxl doctor``
compares it with the installed one).
"""

from __future__ import annotations

import re
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

from .. import layout as L
from ..errors import SopxlError
from .ovba import VbaModule, build_vba_project

XLWINGS_MODULE = "xlwings"
XLWINGS_CLASS = "Dictionary"
# a module of xlwings' package, as shipped: xlwings.bas and addin/Dictionary.cls
_XLWINGS_FILES = {XLWINGS_MODULE: ("xlwings.bas", "standard"), XLWINGS_CLASS: ("addin/Dictionary.cls", "class")}
_VERSION_RE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.M)
# the header of an exported module (.bas/.cls): what the VBE writes around the code, not code itself
_HEADER_LINE = re.compile(r"^(VERSION \d|BEGIN\b|END\b|\s+MultiUse\b|Attribute VB_\w+ = )")


def macro_dir() -> Path:
    """The folder of the VBA sources: ``macros/`` of a source checkout, or where a wheel installed it."""
    candidates = [Path(__file__).resolve().parents[2] / "macros"]
    for prefix in dict.fromkeys([sysconfig.get_paths()["data"], sys.prefix]):
        candidates.append(Path(prefix) / "share" / "sopxl" / "macros")
    for candidate in candidates:
        if (candidate / f"{L.BUTTON_MODULE}.bas").is_file():
            return candidate
    raise SopxlError(f"the VBA sources of sopxl ({L.BUTTON_MODULE}.bas) are missing; looked in "
                     + ", ".join(str(c) for c in candidates), fix="reinstall sopxl (pip install --force-reinstall sopxl)")


def exported_code(text: str) -> str:
    """The code of an exported VBA module: its text without the export header (VERSION, BEGIN…END,
    module-level ``Attribute VB_…`` lines), with LF line ends. Procedure attributes stay: they are code."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    in_begin = False
    for index, line in enumerate(lines):
        if line.startswith("BEGIN"):
            in_begin = True
        if in_begin or _HEADER_LINE.match(line):
            start = index + 1
            if line.startswith("END"):
                in_begin = False
            continue
        break
    return "\n".join(lines[start:])


def macro_modules() -> list[VbaModule]:
    """The standard modules of ``macros/``, one per ``.bas`` file, named after it."""
    return [VbaModule(path.stem, exported_code(path.read_text(encoding="cp1252")))
            for path in sorted(macro_dir().glob("*.bas"))]


def document_code(name: str) -> str:
    """The code behind a document module (``ThisWorkbook``): ``macros/NAME.cls``, or none."""
    path = macro_dir() / f"{name}.cls"
    return exported_code(path.read_text(encoding="cp1252")) if path.is_file() else ""


def xlwings_package_dir() -> Path:
    """Where the installed xlwings package lives (its VBA sources ship inside it)."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise SopxlError("xlwings is not installed; a macro-enabled workbook carries xlwings' VBA",
                         fix="pip install xlwings")
    return Path(list(spec.submodule_search_locations)[0])


def xlwings_modules() -> list[VbaModule]:
    """xlwings' standalone VBA: the ``xlwings`` module (RunPython) and its ``Dictionary`` class."""
    root = xlwings_package_dir()
    modules = []
    for name, (relative, kind) in _XLWINGS_FILES.items():
        path = root / relative
        if not path.is_file():
            raise SopxlError(f"xlwings ships no {relative} in {root}; this xlwings version is not supported",
                             fix="pip install 'xlwings>=0.30'")
        modules.append(VbaModule(name, exported_code(path.read_text(encoding="cp1252")), kind))
    return modules


def vba_version(code: str) -> str | None:
    """The xlwings version an xlwings VBA module was made for (the DLL it loads), or None."""
    match = _VERSION_RE.search(code)
    return match.group(1) if match else None


def document_names(sheet_count: int) -> list[str]:
    """Code names of the workbook and its sheets, as xlsxwrite sets them with ``set_vba_name``."""
    return ["ThisWorkbook", *(f"Sheet{i}" for i in range(1, sheet_count + 1))]


def sheet_names() -> tuple[str, ...]:
    """Every sheet of a macro-enabled workbook, in order: the layout's sheets, then xlwings.conf."""
    return (*L.SHEETS, L.XLWINGS_CONF)


def vba_modules() -> list[VbaModule]:
    """Every module of the project: documents (the workbook's startup macro; sheets empty), the button
    Subs, xlwings' module and class."""
    documents = [VbaModule(name, document_code(name), "document") for name in document_names(len(sheet_names()))]
    return [*documents, *macro_modules(), *xlwings_modules()]


@lru_cache(maxsize=1)
def vba_project() -> bytes:
    """The ``vbaProject.bin`` of a macro-enabled SOP workbook."""
    return build_vba_project(vba_modules())


# ---- buttons and the settings sheet (run by xlsxwrite just before the workbook is closed) ----------

def workbook_hooks(role_count: int, lang: str) -> list:
    """The ``before_close`` hooks that turn a new workbook into a macro-enabled one."""

    def hook(workbook, sheets) -> None:
        _buttons(workbook, sheets, role_count, lang)
        _petunjuk_help(workbook, sheets[L.PETUNJUK], lang)
        _settings_sheet(workbook)

    return [hook]


def _buttons(workbook, sheets, role_count: int, lang: str) -> None:
    by_sheet: dict[str, list[L.Button]] = {}
    for button in L.BUTTONS:
        by_sheet.setdefault(button.sheet, []).append(button)
    # the top row of Pelacak (above its table) and of Aktivitas (its group headers) grows to hold a button;
    # on Aktivitas the labels No and Kegiatan, merged over both header rows, move to the foot of their cells
    # so the buttons above them leave them in view; Petunjuk stacks its buttons beside the guide
    sheets[L.PELACAK].set_row(0, L.BUTTON_ROW_HEIGHT)
    sheets[L.AKTIVITAS].set_row(0, L.BUTTON_ROW_HEIGHT)
    foot = workbook.add_format({**L.STYLES["header"], "valign": "bottom"})
    for key in L.AKTIVITAS_BUTTON_HEADERS:
        sheets[L.AKTIVITAS].write_string(0, L.aktivitas_column(key, role_count) - 1, L.text(key, lang), foot)
    for name, buttons in by_sheet.items():
        for button, (row, column, x, y) in zip(buttons, L.button_places(name, len(buttons), role_count)):
            caption = L.text(button.key, lang)
            sheets[name].insert_button(row, column, {"macro": button.macro, "caption": caption, "description": caption,
                                                     "width": L.BUTTON_WIDTH, "height": L.BUTTON_HEIGHT,
                                                     "x_offset": x, "y_offset": y})


def _petunjuk_help(workbook, sheet, lang: str) -> None:
    title = workbook.add_format(L.STYLES["title"])
    wrapped = workbook.add_format({**L.FONT, "text_wrap": True, "valign": "top"})
    row = len(L.GUIDE) + 3
    sheet.write_string(row, 1, L.text("buttons_title", lang), title)
    for offset, key in enumerate(("buttons_help", "buttons_setup"), start=1):
        text = L.text(key, lang)
        sheet.set_row(row + offset, L.wrapped_height([(text, 110)]))
        sheet.write_string(row + offset, 1, text, wrapped)


def _settings_sheet(workbook) -> None:
    sheet = workbook.add_worksheet(L.XLWINGS_CONF)
    sheet.set_vba_name(document_names(len(sheet_names()))[-1])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    for row, (key, value) in enumerate(L.XLWINGS_SETTINGS):
        sheet.write_string(row, 0, key)
        if isinstance(value, bool):
            sheet.write_boolean(row, 1, value)
        elif value:
            sheet.write_string(row, 1, str(value))
    sheet.hide()
