"""SOP workbooks on disk: create one, read the SOP and calendar from one, write the SOP back into one."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .. import layout as L
from ..domain.calendar import WorkCalendar, default_calendar
from ..sheets.sop import (ReadProblem, aktivitas_header_rows, calendar_from_grid, identitas_rows, sop_from_grids,
                    aktivitas_row)
from ..sheets.grid import workbook_lang
from ..errors import SopxlError, WorkbookError
from .files import atomic_output, check_writable, workbook_lock
from ..domain.model import SOP
from .read import read_grids

MACRO_SUFFIXES = (".xlsm",)


def template_calendar(today: dt.date | None = None) -> WorkCalendar:
    """The calendar a new workbook starts with: Perpres 21/2023 hours, holidays of this year and next."""
    year = (today or dt.date.today()).year
    return default_calendar([year, year + 1])


def create(path: Path, sop: SOP, *, lang: str = L.DEFAULT_LANG, calendar: WorkCalendar | None = None,
           vba_project: bytes | None = None, before_close=(), overwrite: bool = False,
           created: dt.datetime | None = None) -> Path:
    """Write a new SOP workbook at `path` (atomically); refuses to replace a file unless `overwrite`.

    `created` fixes the file's creation stamp, so the same input gives the same bytes (templates, examples).
    """
    from .create import WorkbookContent, write_workbook

    path = Path(path)
    L.check_lang(lang)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookError(L.texts("err_workbook_suffix"), file=str(path))
    if (path.suffix.lower() == ".xlsm") != (vba_project is not None):
        raise WorkbookError(L.texts("err_macro_suffix"), file=str(path), fix=L.texts("err_macro_suffix_fix"))
    content = WorkbookContent(calendar=calendar or template_calendar(), lang=lang,
                              vba_project=io.BytesIO(vba_project) if vba_project is not None else None,
                              before_close=list(before_close), created=created)
    with workbook_lock(path):
        if path.exists() and not overwrite:
            raise WorkbookError(L.texts("err_exists"), file=str(path), fix=L.texts("err_exists_fix"))
        with atomic_output(path) as temp:
            write_workbook(str(temp), sop, content)
    return path



def load(path: Path) -> tuple[SOP, list[ReadProblem]]:
    """The SOP of a workbook, with the value problems the reader found (for validation)."""
    sop, problems, _ = read_sop(path)
    return sop, problems


def read_sop(path: Path, *, sheets: tuple[str, ...] = L.REQUIRED_SHEETS) -> tuple[SOP, list[ReadProblem], str]:
    """The SOP of a workbook, the value problems found, and the language the workbook is written in.

    `sheets` must all be present (by default every sheet an SOP workbook needs).
    """
    path = Path(path)
    grids = read_grids(path, (L.IDENTITAS, L.AKTIVITAS), required=sheets)
    try:
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
    except SopxlError as error:
        raise error.in_file(path) from None
    return sop, problems, workbook_lang(grids[L.IDENTITAS])


def load_calendar(path: Path) -> WorkCalendar:
    """The working calendar of a workbook's Kalender sheet."""
    path = Path(path)
    grids = read_grids(path, (L.KALENDER,), required=(L.KALENDER,))
    try:
        return calendar_from_grid(grids[L.KALENDER])
    except SopxlError as error:
        raise error.in_file(path) from None


def patch_sop(sop: SOP, path: Path, *, lang: str | None = None):
    """The workbook at `path` with its Identitas and Aktivitas cells replaced by `sop`, not yet saved.

    Returns the ``Package``: the caller may change more parts (the flowchart) and saves it once. Every
    other part (Log, Kalender, macros, buttons, shapes, styles) is kept byte for byte. The Pelaksana
    columns must stay the same in number; a different number needs a new workbook.
    """
    from .patch import Package

    path = Path(path)
    check_writable(path)
    current, _, written_in = read_sop(path)
    lang = lang or written_in
    if len(current.roles) != len(sop.roles):
        raise WorkbookError(
            f"the workbook has {len(current.roles)} Pelaksana columns and the SOP has {len(sop.roles)}",
            file=str(path), sheet=L.AKTIVITAS, cell="C2",
            fix="add or delete the Pelaksana columns in Excel first, or write a new workbook "
                "(`sopxl import … -o new.xlsx`)")
    package = Package(path)
    label_style = package.cell_style(L.IDENTITAS, "A2")
    value_style = package.cell_style(L.IDENTITAS, "B2")
    id_rows = identitas_rows(sop.identity, lang)
    package.set_rows(L.IDENTITAS, 2, id_rows, styles={1: label_style, 2: value_style},
                     row_heights={2 + i: L.identity_row_height(r) for i, r in enumerate(id_rows)})
    header_style = package.cell_style(L.AKTIVITAS, "A1")
    first, second = aktivitas_header_rows(sop.roles, lang)
    width = len(first)
    package.set_rows(L.AKTIVITAS, 1, [first, second], styles={c: header_style for c in range(1, width + 1)},
                     keep_below=True)
    rows = [aktivitas_row(step, sop.roles, lang) for step in sop.steps]
    heights = {L.AKTIVITAS_FIRST_ROW + i: L.step_row_height(r, len(sop.roles)) for i, r in enumerate(rows)}
    package.set_rows(L.AKTIVITAS, L.AKTIVITAS_FIRST_ROW, rows, row_heights=heights)
    printed = L.printed_columns(len(sop.roles))
    # the printed range and the filter follow the steps
    last_row = L.AKTIVITAS_FIRST_ROW - 1 + max(len(rows), 1)
    package.set_defined_name("_xlnm.Print_Area", L.AKTIVITAS, L.column_range(1, printed))
    package.set_defined_name("_xlnm._FilterDatabase", L.AKTIVITAS, L.absolute_range(2, 1, last_row, width))
    package.set_element(L.AKTIVITAS, "autoFilter", f'<autoFilter ref="A2:{L.column_letter(width)}{last_row}"/>')
    return package
