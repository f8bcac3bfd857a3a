"""Cases in an SOP workbook as sheet values: read the SOP, calendar and Log, plan what an action writes.

``casebook_from_grids`` + ``plan_update`` work on sheet values only: the cells of the Identitas, Aktivitas,
Pelacak, Log and Kalender sheets in, the rows to append to the Log and the Pelacak rows to write out
(``SheetUpdate``). Both doors use them: ``xlsx.casefile`` for a file on disk, ``openbook.actions`` for the
workbook open in Excel. Any refusal (an illegal action, a Log row that makes no sense, a malformed
Kalender) happens before anything is written.

The actions themselves are defined here once (``start``, ``advance``, ``cancel``, ``note``: what each records
in the ledger), and so are their plans (``plan_action``, ``plan_refresh``): a door only reads the sheets,
hands them to the plan and writes the ``SheetUpdate`` back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .. import layout as L
from ..domain.calendar import WorkCalendar
from .log import event_cell, event_row, events_from_grid, tracker_height, tracker_row
from ..domain.cases import OPEN, START, STATES, Event, IllegalEvent, Ledger
from .grid import Grid, expect_headers, workbook_lang
from .sop import calendar_from_grid, sop_from_grids
from .views import Timeline, timeline, workload_height, workload_rows
from ..errors import SheetMissing, SopxlError, WorkbookError
from ..domain.model import SOP
from ..domain.tracker import STATUSES, CaseTime, Tracker, by_urgency

CASE_SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.PELACAK, L.LOG, L.KALENDER)


@dataclass
class CaseBook:
    """What a workbook holds about its cases: the SOP, the calendar, and the ledger replayed from the Log."""

    path: Path | None                               # the file, or None for a workbook open in Excel
    sop: SOP
    calendar: WorkCalendar
    lang: str
    ledger: Ledger
    signature: tuple[int, int] | None = None       # the file's mtime and size when it was read
    log_rows: int = 0                               # Log rows below the header that hold something
    pelacak_outdated: bool = False                  # Pelacak has the layout of an older sopxl (to upgrade)

    def as_of(self, moment: dt.datetime) -> "CaseBook":
        """The cases as they stood at `moment`: events that happened later are left out (the Log is not changed)."""
        if all(event.at <= moment for event in self.ledger.events):
            return self
        ledger = Ledger.replay(self.sop, [event for event in self.ledger.events if event.at <= moment])
        return replace(self, ledger=ledger)

    def tracker(self) -> Tracker:
        try:
            return Tracker(self.sop, self.calendar)
        except ValueError as exc:   # a Kalender with no working weekday
            row, column = L.KALENDER_HOURS_ORIGIN
            raise WorkbookError(getattr(exc, "texts", None) or str(exc), file=str(self.path) if self.path else None,
                                sheet=L.KALENDER, cell=L.cell_ref(row + 1, column + 1),
                                fix=getattr(exc, "fix_texts", None) or L.texts("kal_fix_hours"),
                                code=getattr(exc, "code", None)) from exc


def casebook_from_grids(grids: dict[str, Grid], *, source: Path | str | None = None) -> CaseBook:
    """The cases held by the sheets' values (Identitas, Aktivitas, Pelacak, Log, Kalender).

    A cell that breaks them raises WorkbookError naming the sheet and cell (and `source`, the file).
    """
    label = str(source) if source is not None else None
    missing = [name for name in CASE_SHEETS if name != L.PELACAK and name not in grids]
    if missing:
        raise SheetMissing(L.texts("err_sheet_missing", sheet=missing[0]), file=label, sheet=missing[0],
                           fix=L.texts("err_sheet_missing_fix"))
    try:
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        check_step_numbers(problems)
        calendar = calendar_from_grid(grids[L.KALENDER])
        events = events_from_grid(grids[L.LOG])
        outdated = L.PELACAK in grids and pelacak_outdated(grids[L.PELACAK])
        if L.PELACAK in grids and not outdated:
            expect_headers(grids[L.PELACAK], L.PELACAK_HEADER_ROW,
                           [(i, c.key) for i, c in enumerate(L.PELACAK_COLUMNS, start=1)],
                           fix=L.texts("err_pelacak_header_fix"))
    except SopxlError as error:
        raise (error.in_file(label) if label else error) from None
    ledger = Ledger(sop)
    for event in sorted(events, key=lambda e: e.id):
        try:
            ledger.apply(event)
        except IllegalEvent as error:
            log_fix = L.texts("err_log_fix")
            fix = ({lang: L.text("err_replay_or", lang).format(fix=error.fix_in(lang), log_fix=log_fix[lang])
                    for lang in L.LANGS} if error.column == "action" and error.fix else log_fix)
            raise WorkbookError({lang: L.text("err_replay", lang).format(id=event.id, why=error.message_in(lang))
                                 for lang in L.LANGS}, file=label, sheet=L.LOG, cell=event_cell(event, error.column),
                                fix=fix) from None
    log = grids[L.LOG]
    return CaseBook(path=Path(source) if source is not None else None, sop=sop, calendar=calendar,
                    lang=workbook_lang(grids[L.IDENTITAS]), ledger=ledger,
                    log_rows=max(log.last_row - 1, 0) if events else 0, pelacak_outdated=outdated)


def pelacak_outdated(grid: Grid) -> bool:
    """True when Pelacak has the layout of sopxl before issue 16 (its whole header, in either language, on row 1)."""
    found = [L.normalise_label(grid.text(1, column)) for column in range(1, len(L.OLD_PELACAK_HEADER) + 1)]
    return any(found == [L.normalise_label(labels[index]) for labels in L.OLD_PELACAK_HEADER]
               for index in range(len(L.LANGS)))


def check_step_numbers(problems) -> None:
    """Raise WorkbookError for a step row without a usable number: cases cannot be replayed around it.

    Validation reports such a row as a finding; a case action refuses, since a stray cell far below the
    steps would otherwise become a last step and reopen every closed case.
    """
    for problem in problems:
        if problem.code == "step-number-invalid":
            found = ({"id": f"{problem.value!r} bukan nomor langkah", "en": f"{problem.value!r} is not a step number"}
                     if problem.value else {"id": "baris tanpa nomor langkah", "en": "a row with no step number"})
            message = {lang: L.text("err_step_number", lang).format(found=found[lang]) for lang in L.LANGS}
            raise WorkbookError(message, sheet=problem.sheet, cell=problem.cell, fix=L.texts("err_step_number_fix"))


def check_log_room(last_row: int, *, file=None) -> None:
    """Raise WorkbookError when the Log would need rows past Excel's last row (1,048,576)."""
    if last_row > L.EXCEL_MAX_ROWS:
        raise WorkbookError(L.texts("err_log_full", rows=f"{L.EXCEL_MAX_ROWS:,}", needed=f"{last_row:,}"),
                            file=str(file) if file else None, sheet=L.LOG, cell=L.cell_ref(L.EXCEL_MAX_ROWS, 1),
                            fix=L.texts("err_log_full_fix"))


@dataclass
class SheetUpdate:
    """What recording events changes in a workbook, as plain values in sheet rows (1-based)."""

    log_first_row: int                  # where the new Log rows go: the row below the last one in use
    log_rows: list[list]                # new Log rows, in LOG_COLUMNS order
    tracker_rows: list[list]            # all of Pelacak from PELACAK_FIRST_ROW, in PELACAK_COLUMNS order
    tracker_heights: list[float]        # the height of each of those rows (wrapped subjects and notes)
    tracker_title: str                  # Pelacak!A1: the moment the figures were computed
    figures: list[CaseTime]             # every case's figures, in the tracker's order (timed once)
    workload_title: str = ""            # Beban Kerja!A1
    workload_rows: list[list] = field(default_factory=list)      # from WORKLOAD_FIRST_ROW, WORKLOAD_COLUMNS order
    workload_heights: list[float] = field(default_factory=list)
    timeline: Timeline = field(default_factory=lambda: Timeline(title=""))   # Lini Waktu from TIMELINE_FIRST_ROW

    @property
    def log_count(self) -> int:
        """Data rows of the Log table afterwards."""
        return self.log_first_row - 2 + len(self.log_rows)

    @property
    def tracker_count(self) -> int:
        """Data rows of the Pelacak table afterwards."""
        return len(self.tracker_rows)


def plan_update(book: CaseBook, new_events: list[Event], as_of: dt.datetime) -> SheetUpdate:
    """The Log rows of `new_events` (already applied to `book.ledger`) and the whole of Pelacak, Beban Kerja
    and Lini Waktu.

    Every case is judged as of `as_of` and Pelacak is rewritten in the tracker's order (open cases
    first, the most urgent on top; then closed and cancelled ones), so an action also brings the
    figures of the other open cases up to date; the two views are made from the same figures.
    """
    tracker = book.tracker()
    figures = by_urgency(tracker.track(book.ledger.cases.values(), as_of))
    rows = [tracker_row(f, book.lang, tracker.day_minutes) for f in figures]
    title = L.text("tracker_as_of", book.lang).format(moment=f"{as_of:%d/%m/%Y %H:%M}")
    check_log_room(book.log_rows + 1 + len(new_events), file=book.path)
    workload_title, workloads = workload_rows(book.sop, figures, as_of, book.lang, tracker.day_minutes)
    return SheetUpdate(log_first_row=book.log_rows + 2, log_rows=[event_row(event) for event in new_events],
                       tracker_rows=rows, tracker_heights=[tracker_height(row) for row in rows],
                       tracker_title=title, figures=figures, workload_title=workload_title,
                       workload_rows=workloads, workload_heights=[workload_height(row) for row in workloads],
                       timeline=timeline(figures, as_of, book.lang, tracker.day_minutes))


# an action: given the ledger, the moment it is recorded and who records it, the events it records
Action = Callable[[Ledger, dt.datetime, str], list[Event]]


def start(subject: str, *, at: dt.datetime | None = None, actor: str | None = None) -> Action:
    """Open a new case at the SOP's first step (``sopxl.start_case``)."""
    return lambda ledger, now, user: [ledger.start(subject, at or now, actor=actor, recorded_by=user,
                                                   recorded_at=now)]


def advance(case: int, *, decision: bool | None = None, at: dt.datetime | None = None, actor: str | None = None,
            note: str = "") -> Action:
    """Finish the case's current step or answer its decision (``sopxl.advance``)."""
    return lambda ledger, now, user: [ledger.advance(case, at or now, decision=decision, actor=actor, note=note,
                                                     recorded_by=user, recorded_at=now)]


def cancel(case: int, *, at: dt.datetime | None = None, actor: str | None = None, note: str = "") -> Action:
    """Cancel an open case where it stands (``sopxl.cancel_case``)."""
    return lambda ledger, now, user: [ledger.cancel(case, at or now, actor=actor, note=note, recorded_by=user,
                                                    recorded_at=now)]


def note(case: int, text: str, *, at: dt.datetime | None = None, actor: str | None = None) -> Action:
    """Add a note to a case (``sopxl.add_note``)."""
    return lambda ledger, now, user: [ledger.note(case, text, at or now, actor=actor, recorded_by=user,
                                                  recorded_at=now)]


def plan_action(book: CaseBook, action: Action, moment: dt.datetime, user: str, *,
                label: Path | str) -> tuple[SheetUpdate, "CaseResult"]:
    """Record `action` in `book.ledger` as of `moment`: the rows to write and the result to hand back.

    A refusal raises CaseError naming `label` (the workbook); then nothing is to be written.
    """
    try:
        events = action(book.ledger, moment, user)
    except SopxlError as error:
        raise error.in_file(label) from None
    update = plan_update(book, events, moment)
    event = events[-1]
    figures = book.tracker().case_time(book.ledger.case(event.case), moment)
    return update, CaseResult(workbook=Path(label), event=event, case=figures)


def plan_refresh(book: CaseBook, as_of: dt.datetime, *, label: Path | str,
                 new_events: list[Event] = ()) -> tuple[SheetUpdate, "CaseList"]:
    """Every Pelacak row rebuilt from the Log as it stood at `as_of`, open cases judged then; the rows and the list.

    `new_events`, already applied to `book.ledger` (simulated ones), are appended to the Log.
    """
    book = book.as_of(as_of)          # events recorded after `as_of` do not count yet
    update = plan_update(book, list(new_events), as_of)
    return update, CaseList(workbook=Path(label), as_of=as_of, total_norm=book.tracker().total_norm,
                            cases=update.figures)


def report_source(book: CaseBook, key: str, name: str) -> SopSource:
    """The workbook's cases as a report source item (`key` tells SOPs apart, `name` is shown to people)."""
    from ..domain.figures import SopMeta, SopSource       # the report's types: not loaded by a case action

    identity = book.sop.identity
    meta = SopMeta.of(key, identity.instansi, identity.nama, identity.nomor, name)
    return SopSource(meta=meta, sop=book.sop, calendar=book.calendar, events=book.ledger.events)


@dataclass
class CaseResult:
    """What a case action did: the event it appended to the Log and the case's figures after it."""

    workbook: Path
    event: Event
    case: CaseTime
    upgraded: bool = False          # the action also gave Pelacak today's layout (it had an older sopxl's)

    def to_dict(self) -> dict:
        return {"workbook": str(self.workbook), "event": self.event.to_dict(), "case": self.case.to_dict(),
                **({"upgraded": True} if self.upgraded else {})}


@dataclass
class CaseList:
    """Every case of a workbook with its time against the norms, open cases judged as of `as_of`."""

    workbook: Path
    as_of: dt.datetime
    total_norm: float | None
    cases: list[CaseTime]
    upgraded: bool = False          # the refresh also gave Pelacak today's layout (it had an older sopxl's)

    def counts(self) -> dict:
        """Cases per state, and open cases per status."""
        states = dict.fromkeys(STATES, 0)
        statuses = dict.fromkeys(STATUSES, 0)
        for figures in self.cases:
            states[figures.case.state] += 1
            if figures.case.state == OPEN:
                statuses[figures.status] += 1
        return {**states, "open_by_status": statuses}

    def to_dict(self) -> dict:
        return {"workbook": str(self.workbook), "as_of": self.as_of.isoformat(timespec="seconds"),
                "total_norm_minutes": self.total_norm, "counts": self.counts(),
                "cases": [figures.to_dict(steps=False) for figures in self.cases],
                **({"upgraded": True} if self.upgraded else {})}
