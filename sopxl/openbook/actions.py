"""The API's actions on a workbook open in Excel: read its sheets once, plan with the file door's plan, write.

The actions and their plans are defined once, in ``sheets.casebook`` (``start``, ``advance``, …,
``plan_action``, ``plan_refresh``, ``report_source``); the file door (``xlsx.casefile``) and this door
differ only in how they read the sheets and write the rows: here the values come from the open
workbook (``book.OpenBook``) and the rows go back into its cells, where Excel keeps them until the user
saves. The findings go the same way (``validate_sop`` + ``finding_rows``, as ``validation.temuan``), and
the report is ``reporting.monthly.make_report`` on the workbook's ``SopSource``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..xlsx import casefile
from .. import layout as L
from ..sheets.casebook import (CASE_SHEETS, Action, CaseBook, CaseList, CaseResult, SheetUpdate, casebook_from_grids,
                               plan_action, plan_refresh, report_source)
from ..sheets.grid import as_int
from ..errors import WorkbookError
from .book import OpenBook


def _label(book: OpenBook) -> Path:
    return book.path or Path(book.name)


def read_cases(book: OpenBook) -> tuple[CaseBook, int]:
    """The cases of the open workbook (its sheets read once), and the last row Pelacak uses now."""
    grids = book.grids(CASE_SHEETS, required=tuple(s for s in CASE_SHEETS if s != L.PELACAK))
    pelacak = grids.get(L.PELACAK)
    cases = casebook_from_grids(grids, source=book.name)
    if cases.pelacak_outdated:        # upgraded in the file (sopxl/xlsx/upgrade), never in a workbook Excel holds
        raise WorkbookError(L.texts("err_pelacak_old_open"), file=book.name, sheet=L.PELACAK, cell="A1",
                            fix=L.texts("err_pelacak_old_open_fix"))
    return cases, (pelacak.last_row if pelacak else L.PELACAK_HEADER_ROW)


def write_cases(book: OpenBook, update: SheetUpdate, tracker_last_row: int) -> None:
    """Write a planned update into the open workbook: new Log rows, Pelacak rows, both tables resized, the
    Beban Kerja and Lini Waktu rows (values only: their look is the sheets' own formatting; row heights and
    Lini Waktu's page breaks are the file door's, set again by `sopxl refresh`)."""
    if update.log_rows:
        with book.unprotected(L.LOG) as log:
            book.write_rows(log, update.log_first_row, update.log_rows)
            book.resize_table(log, update.log_count)
    with book.unprotected(L.PELACAK) as pelacak:
        first = L.PELACAK_FIRST_ROW
        book.write_rows(pelacak, 1, [[update.tracker_title]])
        book.write_rows(pelacak, first, update.tracker_rows)
        book.clear_rows(pelacak, first + len(update.tracker_rows), tracker_last_row, len(L.PELACAK_COLUMNS))
        book.resize_table(pelacak, update.tracker_count, header_row=L.PELACAK_HEADER_ROW)
    present = book.sheet_names()
    for name, title, first, rows, width in (
            (L.BEBAN_KERJA, update.workload_title, L.WORKLOAD_FIRST_ROW, update.workload_rows,
             len(L.WORKLOAD_COLUMNS)),
            (L.LINI_WAKTU, update.timeline.title, L.TIMELINE_FIRST_ROW, update.timeline.rows, L.timeline_width())):
        if name not in present:     # a workbook made before the views: the file door adds them (sopxl refresh)
            continue
        with book.unprotected(name) as sheet:
            last = sheet.used_range.last_cell.row
            book.write_rows(sheet, 1, [[title]])
            book.write_rows(sheet, first, [row or [None] * width for row in rows])
            book.clear_rows(sheet, first + len(rows), last, width)


def record(book: OpenBook, action: Action) -> CaseResult:
    """Record `action` (``sheets.casebook.start``, ``advance``, …) in the open workbook: ``sopxl.api``'s case actions."""
    cases, tracker_last_row = read_cases(book)
    update, result = plan_action(cases, action, casefile.now(), casefile.recorder(), label=_label(book))
    write_cases(book, update, tracker_last_row)
    return result


def refresh(book: OpenBook, *, as_of: dt.datetime | None = None) -> CaseList:
    """``sopxl.api.refresh`` on the open workbook: Pelacak rebuilt from the Log, open cases as of `as_of`."""
    cases, tracker_last_row = read_cases(book)
    update, result = plan_refresh(cases, as_of or casefile.now(), label=_label(book))
    write_cases(book, update, tracker_last_row)
    return result


def case_at_row(book: OpenBook, row: int | None) -> int | None:
    """The case number on a row of Pelacak (None for the header, an empty row, or no row)."""
    if row is None or row < L.PELACAK_FIRST_ROW:
        return None
    grid = book.grids((L.PELACAK,)).get(L.PELACAK)
    return as_int(grid.get(row, 1)) if grid is not None else None


def validate(book: OpenBook, *, lang: str | None = None):
    """``sopxl.api.validate(…, write=True)`` on the open workbook: findings into its Temuan sheet.

    `lang` defaults to the workbook's own language (its Identitas header).
    """
    from ..validation.findings import FileResult, Report
    from ..validation.temuan import finding_links, finding_rows, findings_of
    from ..validation.rules import shape_finding

    try:
        grids = book.grids((L.IDENTITAS, L.AKTIVITAS), required=(L.IDENTITAS, L.AKTIVITAS, L.TEMUAN))
    except WorkbookError as error:
        if error.sheet == L.TEMUAN and not error.cell:
            raise error.in_file(book.name) from None     # nowhere to write the findings
        findings = [shape_finding(error, book.name)]
    else:
        findings = findings_of(grids, book.name)          # the file door's plan (validation.temuan)
    lang = lang or book.lang()
    rows = finding_rows(findings, lang)
    links = finding_links(findings)
    old = book.grids((L.TEMUAN,))[L.TEMUAN]
    with book.unprotected(L.TEMUAN) as temuan:
        book.clear_rows(temuan, 2, max(old.last_row, 2), len(L.TEMUAN_COLUMNS))
        book.write_rows(temuan, 2, rows)
        book.resize_table(temuan, len(rows))
        book.add_links(temuan, links)
    return Report(files=[FileResult(book.name, findings, written=True)], lang=lang)


def report(book: OpenBook, *, month=None, output: str | Path | None = None, lang: str | None = None,
           today: dt.date | None = None):
    """``sopxl.api.report`` of the open workbook; the report goes beside it (or into the current folder)."""
    from ..reporting.monthly import as_month, default_output, make_report

    cases, _ = read_cases(book)
    chosen = as_month(month, today)
    source = report_source(cases, book.name, book.name)
    target = Path(output) if output else book.folder / default_output(book.name, chosen).name
    return make_report([source], month=chosen, output=target, lang=lang or cases.lang, today=today)
