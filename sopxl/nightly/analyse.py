"""A read workbook turned into database rows: its SOP's identity, events, cases timed against the norms, findings."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass

from .. import layout as L
from .bulkread import SourceRead
from ..domain.cases import CLOSED, OPEN, Case, Event, IllegalEvent, Ledger, Visit
from ..errors import WorkbookError
from ..domain.figures import unit_of
from .replay import CaseState, Replayed
from .store.rows import PackedRows
from .store.times import EPOCH, SECOND, stamp
from ..domain.calendar import CalendarError, calendar_to_json
from ..domain.tracker import CaseTime, Tracker, case_due_at, status_of, worse


@dataclass
class Analysed:
    """A read workbook turned into database rows (plain values: it crosses from a reading process)."""

    path: str
    nomor: str
    nama: str
    identity: str
    sop_values: dict
    event_rows: "list[tuple] | PackedRows"      # packed when replayed so (``replay``)
    case_rows: list[tuple]
    finding_rows: list[tuple]
    notes: list[str]


def fold(text: str) -> str:
    """Text compared as people mean it: one space between words, no case."""
    return " ".join(str(text or "").split()).casefold()



def identity_of(sop, path: str) -> str:
    """The SOP's identity: Instansi, Nomor and Nama folded; a workbook with neither Nomor nor Nama by its path."""
    ident = sop.identity
    if not fold(ident.nomor) and not fold(ident.nama):
        return "path:" + path
    return "sop:" + "|".join(fold(v) for v in (ident.instansi, ident.nomor, ident.nama))


def case_row(figures: CaseTime, as_of: dt.datetime, calendar) -> tuple:
    """A case's database row (``store.CASE_COLUMNS``): what its workbook's Pelacak shows, as of `as_of`.

    An open case also keeps what judging it again at a later moment needs without its Log (``store.Store.
    rejudge_open_cases``): the working clock of `calendar` (its SOP's) where its step began and where it
    opened, and its step's and the SOP's norms unrounded.
    """
    r = figures.row(2)
    shown = figures.shown
    if r.state == OPEN and shown is not None:
        clocks = (calendar.position(shown.visit.started), calendar.position(figures.case.opened), shown.norm,
                  figures.total_norm)
    else:
        clocks = (None, None, None, None)
    return (r.number, r.subject, r.state, stamp(r.opened), r.step, r.kegiatan, r.holder, stamp(r.step_started),
            r.step_used, r.step_norm, r.status, r.total_used, r.total_norm, r.total_status, r.returns,
            stamp(r.ended), stamp(r.due), stamp(as_of), *clocks)


def finding_row(finding) -> tuple:
    """A finding's database row (``store.FINDING_COLUMNS``): where, what, and its message and fix in both languages."""
    return (finding.code, finding.severity, finding.category, finding.sheet, finding.cell, finding.location,
            finding.value, finding.message("id"), finding.fix("id"), finding.message("en"), finding.fix("en"))


def case_figures(tracker: Tracker, case: Case, as_of: dt.datetime) -> CaseTime:
    """The tracker's figures of a case as its row shows them (``CaseTime.row``): only its last step instance
    is timed, and none of a closed case (its row shows no step)."""
    shown = copy.copy(case)
    shown.visits = case.visits[-1:] if case.state != CLOSED else []
    return tracker.case_time(shown, as_of)


_EPOCH_ORDINAL = EPOCH.toordinal()


def _stamp_at(at: tuple[int, int] | None) -> int | None:
    """``stamp`` of a moment given as the ordinal of its day and the microseconds from its midnight."""
    return None if at is None else (at[0] - _EPOCH_ORDINAL) * 86_400 + at[1] // 1_000_000


def closed_case_row(tracker: Tracker, state: CaseState, as_of_s: int) -> tuple:
    """``case_row`` of a closed case replayed on plain values (``replay.CaseState``), restating what
    ``Tracker.case_time`` and ``CaseTime.row`` give a closed case: no step shown, its time from opening to
    closing against the total norm, which is its status too, and when that norm ran out."""
    total_norm = tracker.total_norm
    total_used = tracker.calendar.working_minutes(state.opened, state.ended)
    status = status_of(total_used, total_norm)
    return (state.number, state.subject, CLOSED, state.opened_s, None, None, None, None, None, None, status,
            total_used if total_used.is_integer() else round(total_used, 2),     # (a whole number rounds to itself)
            None if total_norm is None else total_norm if total_norm.is_integer() else round(total_norm, 2),
            status, state.returns,
            state.ended_s, _stamp_at(case_due_at(tracker.calendar, state.opened, total_norm)), as_of_s, None, None, None, None)


def replayed_case_row(tracker: Tracker, state: CaseState, as_of: dt.datetime, as_of_s: int) -> tuple:
    """``case_row`` of a case replayed on plain values (``replay.CaseState``): a closed one by ``closed_case_row``;
    an open or cancelled one with its last step instance timed by ``Tracker.step_time``, restating what
    ``Tracker.case_time`` and ``CaseTime.row`` make of it: time from opening (to the cancellation, or as of
    `as_of`) against the total norm; an open case's status the worse of that and its step's, a cancelled one
    none; the working clocks of an open case (``case_row``)."""
    if state.state == CLOSED:
        return closed_case_row(tracker, state, as_of_s)
    calendar, total_norm, opened = tracker.calendar, tracker.total_norm, state.opened
    shown = tracker.step_time(Visit(state.step, state.started, state.ended), as_of)
    shown.due               # worked out as CaseTime.row does: past the year 9999 it raises (the exact path says so)
    total_used = calendar.working_minutes(opened, state.ended or max(as_of, opened))
    if state.state == OPEN:
        total_status = status_of(total_used, total_norm)
        status = worse(total_status, shown.status)
        clocks = (calendar.position(state.started), calendar.position(opened), shown.norm, total_norm)
    else:
        total_status = status = None
        clocks = (None, None, None, None)
    return (state.number, state.subject, state.state, state.opened_s, state.step, shown.kegiatan or None,
            shown.holder or None, stamp(state.started), round(shown.used, 2),
            None if shown.norm is None else round(shown.norm, 2), status, round(total_used, 2),
            None if total_norm is None else round(total_norm, 2), total_status, state.returns, state.ended_s,
            _stamp_at(case_due_at(calendar, opened, total_norm)), as_of_s, *clocks)


def _tracker(source_path: str, sop, calendar) -> Tracker:
    try:
        return Tracker(sop, calendar)
    except CalendarError as exc:   # a Kalender with no working weekday
        raise WorkbookError(exc.texts, file=source_path, sheet=L.KALENDER, fix=exc.fix_texts, code=exc.code) from exc


def analyse(source: SourceRead, as_of: dt.datetime) -> Analysed:
    """Replay the Log into cases, time them against the norms, validate the SOP: rows for the database."""
    from ..validation.rules import validate_sop

    path = str(source.path)
    sop = source.sop
    tracker = _tracker(path, sop, source.calendar)
    events = source.events
    cases = None
    if isinstance(events, Replayed):       # replayed as read (``replay``): the cases' rows from their states
        try:
            as_of_s = stamp(as_of)
            cases = [replayed_case_row(tracker, events.cases[number], as_of, as_of_s) for number in sorted(events.cases)]
        except Exception:   # noqa: BLE001 - whatever timing them meets (a due past the year 9999): the exact path
            events = events.rows()
        else:
            event_rows, notes = events.event_rows, []
    if cases is None:
        event_rows, cases, notes = _replay_exactly(events, tracker, sop, as_of)
    findings = validate_sop(sop, source.problems, file=path)
    finding_rows = [finding_row(f) for f in findings]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    ident = sop.identity
    sop_values = {
        "identity": identity_of(sop, path), "instansi": ident.instansi, "unit": unit_of(ident.instansi)[1],
        "nomor": ident.nomor, "nama": ident.nama, "path": path, "present": 1, "lang": source.lang,
        "steps": len(sop.steps), "total_norm": tracker.total_norm, "errors": counts["error"],
        "warnings": counts["warning"], "infos": counts["info"],
        "sop_json": json.dumps(sop.to_dict(), ensure_ascii=False, separators=(",", ":")),
        "calendar_json": calendar_to_json(source.calendar),
    }
    return Analysed(path=path, nomor=ident.nomor, nama=ident.nama, identity=sop_values["identity"],
                    sop_values=sop_values, event_rows=event_rows, case_rows=cases, finding_rows=finding_rows,
                    notes=notes)


def _replay_exactly(events: list, tracker: Tracker, sop, as_of: dt.datetime) -> tuple[list, list, list]:
    """The event rows, case rows and notes of Log rows (``log_rows``) replayed by the Ledger and timed by the
    Tracker: the exact path, for every Log the fast one (``replay``) leaves to it."""
    ledger = Ledger(sop)
    refused: list[tuple[Event, IllegalEvent]] = []
    for row in sorted(events):
        event = Event(*row)
        try:
            ledger.apply(event)
        except IllegalEvent as error:
            refused.append((event, error))
    notes = []
    if refused:
        event, error = refused[0]
        notes.append(f"Log events that cannot be replayed: {len(refused)} (left out of the cases, kept in the "
                     f"database); the first: Log row {event.row}: {error.message}")
    refused_ids = {event.id for event, _ in refused}
    cases = [case_row(case_figures(tracker, case, as_of), as_of, tracker.calendar)
             for case in sorted(ledger.cases.values(), key=lambda c: c.number)]
    event_rows = []
    append = event_rows.append
    epoch, second = EPOCH, SECOND
    for number, case, step, action, at, actor, recorded_by, recorded_at, note, _ in events:
        at_seconds = (at - epoch) // second
        if recorded_at == at:           # mostly recorded as it happened
            recorded = at_seconds
        else:
            recorded = None if recorded_at is None else (recorded_at - epoch) // second
        append((number, case, step, action, at_seconds, actor, recorded_by, recorded, note,
                1 if number in refused_ids else 0))
    return event_rows, cases, notes
