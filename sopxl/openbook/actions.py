"""The API's actions on a workbook open in Excel: ``sopxl.api`` with the open book in place of a file.

Each function takes an ``xlbook.OpenBook`` and mirrors the ``sopxl.api`` function of the same name:
same arguments, same logic, same result type. The logic is shared, not copied: cases go through
``casebook_from_grids`` + ``plan_update`` (the halves ``casebook.record`` uses for files), findings
through ``validate_sop`` + ``finding_rows`` (as ``temuan``), the report through ``sopxl.api.report``
itself. Only reading and writing differ: the sheets' values come from the open workbook, and the rows
to write go back into its cells, where Excel keeps them until the user saves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from ..xlsx import casefile
from .. import layout as L
from ..sheets.casebook import CASE_SHEETS, CaseBook, CaseList, CaseResult, SheetUpdate, casebook_from_grids, plan_update
from ..domain.cases import Event, Ledger
from ..sheets.grid import as_int
from ..errors import SopxlError, WorkbookError
from .book import OpenBook


def _label(book: OpenBook) -> Path:
    return book.path or Path(book.name)



def open_casebook(book: OpenBook) -> tuple[CaseBook, int]:
    """The cases of the open workbook, and the last row Pelacak uses now."""
    grids = book.grids(CASE_SHEETS, required=tuple(s for s in CASE_SHEETS if s != L.PELACAK))
    pelacak = grids.get(L.PELACAK)
    return casebook_from_grids(grids, source=book.name), (pelacak.last_row if pelacak else 1)


def write_update(book: OpenBook, update: SheetUpdate, tracker_last_row: int) -> None:
    """Write a planned update into the open workbook: new Log rows, Pelacak rows, both tables resized."""
    if update.log_rows:
        with book.unprotected(L.LOG) as log:
            book.write_rows(log, update.log_first_row, update.log_rows)
            book.resize_table(log, update.log_count)
    with book.unprotected(L.PELACAK) as pelacak:
        if update.tracker_whole:
            rows = [update.tracker_rows[r] for r in sorted(update.tracker_rows)]
            book.write_rows(pelacak, 2, rows)
            book.clear_rows(pelacak, 2 + len(rows), tracker_last_row, len(L.PELACAK_COLUMNS))
        else:
            for row, values in sorted(update.tracker_rows.items()):
                book.write_rows(pelacak, row, [values])
        book.resize_table(pelacak, update.tracker_count)


def _record(book: OpenBook, act: Callable[[Ledger, dt.datetime, str], list[Event]]):
    cases, tracker_last_row = open_casebook(book)
    moment = casefile.now()
    try:
        events = act(cases.ledger, moment, casefile.recorder())
    except SopxlError as error:
        raise error.in_file(book.name) from None
    write_update(book, plan_update(cases, events, moment, cases={e.case for e in events}), tracker_last_row)
    event = events[-1]
    figures = cases.tracker().case_time(cases.ledger.case(event.case), moment)
    return CaseResult(workbook=_label(book), event=event, case=figures)


def start_case(book: OpenBook, subject: str, *, at: dt.datetime | None = None, actor: str | None = None):
    """``sopxl.api.start_case`` on the open workbook."""
    return _record(book, lambda ledger, now, user: [ledger.start(
        subject, at or now, actor=actor, recorded_by=user, recorded_at=now)])


def advance(book: OpenBook, case: int, *, decision: bool | None = None, at: dt.datetime | None = None,
            actor: str | None = None, note: str = ""):
    """``sopxl.api.advance`` on the open workbook."""
    return _record(book, lambda ledger, now, user: [ledger.advance(
        case, at or now, decision=decision, actor=actor, note=note, recorded_by=user, recorded_at=now)])


def refresh(book: OpenBook, *, as_of: dt.datetime | None = None):
    """``sopxl.api.refresh`` on the open workbook: Pelacak rebuilt from the Log, open cases as of `as_of`."""
    cases, tracker_last_row = open_casebook(book)
    moment = as_of or casefile.now()
    update = plan_update(cases, [], moment)
    write_update(book, update, tracker_last_row)
    return CaseList(workbook=_label(book), as_of=moment, total_norm=cases.tracker().total_norm, cases=update.figures)


def case_at_row(book: OpenBook, row: int | None) -> int | None:
    """The case number on a row of Pelacak (None for the header, an empty row, or no row)."""
    if row is None or row < 2:
        return None
    grid = book.grids((L.PELACAK,)).get(L.PELACAK)
    return as_int(grid.get(row, 1)) if grid is not None else None


def validate(book: OpenBook, *, lang: str | None = None):
    """``sopxl.api.validate(…, write=True)`` on the open workbook: findings into its Temuan sheet.

    `lang` defaults to the workbook's own language (its Identitas header).
    """
    from ..sheets.sop import sop_from_grids
    from ..validation.findings import FileResult, Report
    from ..validation.temuan import finding_links, finding_rows
    from ..validation.rules import shape_finding, validate_sop
    from ..sheets.grid import workbook_lang

    try:
        grids = book.grids((L.IDENTITAS, L.AKTIVITAS), required=(L.IDENTITAS, L.AKTIVITAS, L.TEMUAN))
        lang = lang or workbook_lang(grids[L.IDENTITAS])
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        findings = validate_sop(sop, problems, file=book.name)
    except WorkbookError as error:
        if error.sheet == L.TEMUAN and not error.cell:
            raise error.in_file(book.name) from None     # nowhere to write the findings
        findings = [shape_finding(error, book.name)]
        lang = lang or L.DEFAULT_LANG
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
    from ..domain.figures import SopMeta, SopSource
    from ..reporting.monthly import as_month, default_output, make_report

    cases, _ = open_casebook(book)
    chosen = as_month(month, today)
    identity = cases.sop.identity
    meta = SopMeta.of(book.name, identity.instansi, identity.nama, identity.nomor, book.name)
    source = SopSource(meta=meta, sop=cases.sop, calendar=cases.calendar, events=cases.ledger.events)
    target = Path(output) if output else book.folder / default_output(book.name, chosen).name
    return make_report([source], month=chosen, output=target, lang=lang or cases.lang, today=today)
