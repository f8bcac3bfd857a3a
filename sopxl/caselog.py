"""The Log and Pelacak sheets as plain values: Log rows to and from events, tracker rows from case figures.

Pure, like ``codec``: it sees a ``Grid``, never a file. A Log cell that holds something an event
cannot (a case that is not a number, text where a date and time belongs, an unknown action) raises
WorkbookError naming the sheet and cell, since the cases cannot be replayed around it.
"""

from __future__ import annotations

import datetime as dt
import re

from . import layout as L
from .cases import ACTIONS, CANCELLED, CLOSED, OPEN, Event
from .codec import Grid, cell_text
from .errors import WorkbookError
from .tracker import CaseTime

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# English action names read back as the stored codes
_ACTION_OF = {**{a: a for a in ACTIONS}, **{en: code for code, en in L.ACTION_LABELS_EN.items()}}
_LOG_FIX = ("the Log is written by sopxl only: restore the cell as it was (undo, or a backup), "
            "or delete the row if it was typed by hand")
_STATE_KEYS = {OPEN: "state_open", CLOSED: "state_closed", CANCELLED: "state_cancelled"}
_STATUS_KEYS = {"on_time": "status_on_time", "near": "status_near", "late": "status_late",
                "no_norm": "status_no_norm"}
_DATETIME_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?")


def log_columns() -> dict[str, int]:
    """1-based column of each Log column key."""
    return {c.key: i for i, c in enumerate(L.LOG_COLUMNS, start=1)}


def _check_header(grid: Grid, columns) -> None:
    for column, spec in enumerate(columns, start=1):
        found = grid.text(1, column)
        if L.key_for_label(found, (spec.key,)) is None:
            shown = repr(found) if found else "nothing"
            raise WorkbookError(f"expected the header {L.text(spec.key)!r} (or {L.text(spec.key, 'en')!r}), "
                                f"found {shown}", sheet=grid.sheet, cell=grid.ref(1, column),
                                fix="restore the header as sopxl wrote it")


def second_precision(moment: dt.datetime) -> dt.datetime:
    """`moment` rounded to the second (a date serial read back carries float noise)."""
    rounded = moment.replace(microsecond=0)
    return rounded + dt.timedelta(seconds=1) if moment.microsecond >= 500_000 else rounded


def moment_of(value) -> dt.datetime | None:
    """A cell value as a local date and time, or None when it is not one."""
    if isinstance(value, dt.datetime):
        return second_precision(value.replace(tzinfo=None))
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return second_precision(_EXCEL_EPOCH + dt.timedelta(days=value))
    match = _DATETIME_RE.fullmatch(cell_text(value))
    if match:
        try:
            return dt.datetime(*(int(part) for part in match.groups(default="0")))
        except ValueError:
            return None
    return None


def events_from_grid(grid: Grid) -> list[Event]:
    """The events of the Log sheet; a cell no event can hold raises WorkbookError naming it."""
    _check_header(grid, L.LOG_COLUMNS)
    col = log_columns()
    events: list[Event] = []
    seen: dict[int, int] = {}
    for row in range(2, grid.last_row + 1):
        values = [grid.get(row, c) for c in range(1, len(L.LOG_COLUMNS) + 1)]
        if all(v is None or cell_text(v) == "" for v in values):
            continue

        def bad(key: str, expected: str) -> WorkbookError:
            found = grid.text(row, col[key])
            return WorkbookError(f"{found!r} is not {expected}" if found else f"empty, expected {expected}",
                                 sheet=grid.sheet, cell=grid.ref(row, col[key]), fix=_LOG_FIX)

        def number(key: str, expected: str) -> int:
            value = grid.get(row, col[key])
            if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
                    and value > 0:
                return int(value)
            text = cell_text(value)
            if text.isdigit() and int(text) > 0:
                return int(text)
            raise bad(key, expected)

        event_id = number("event_id", "an event number")
        if event_id in seen:
            raise WorkbookError(f"event {event_id} appears twice (also on row {seen[event_id]})",
                                sheet=grid.sheet, cell=grid.ref(row, col["event_id"]), fix=_LOG_FIX)
        seen[event_id] = row
        case = number("case", "a case number")
        step = number("step", "a step number")
        action = _ACTION_OF.get(grid.text(row, col["action"]).lower())
        if action is None:
            raise bad("action", "an action (" + ", ".join(ACTIONS) + ")")
        at = moment_of(grid.get(row, col["at"]))
        if at is None:
            raise bad("at", "a date and time like 2026-11-20 15:00")
        recorded_raw = grid.get(row, col["recorded_at"])
        recorded_at = moment_of(recorded_raw)
        if recorded_raw is not None and recorded_at is None:
            raise bad("recorded_at", "a date and time like 2026-11-20 15:00")
        events.append(Event(id=event_id, case=case, step=step, action=action, at=at,
                            actor=grid.text(row, col["actor"]), recorded_by=grid.text(row, col["recorded_by"]),
                            recorded_at=recorded_at, note=grid.text(row, col["note"]), row=row))
    return events


def event_row(event: Event) -> list:
    """The Log row of an event, in LOG_COLUMNS order."""
    return [event.id, event.case, event.step, event.action, event.at, event.actor or None,
            event.recorded_by or None, event.recorded_at, event.note or None]


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def tracker_row(figures: CaseTime, lang: str) -> list:
    """The Pelacak row of a case, in PELACAK_COLUMNS order, labels in `lang`."""
    case = figures.case
    shown = figures.steps[-1] if case.state != CLOSED and figures.steps else None
    return [case.number, case.subject, L.text(_STATE_KEYS[case.state], lang), case.opened,
            shown.visit.step if shown else None, (shown.holder or None) if shown else None,
            shown.visit.started if shown else None, _minutes(shown.used) if shown else None,
            _minutes(shown.norm) if shown else None,
            L.text(_STATUS_KEYS[figures.status], lang) if figures.status else None,
            _minutes(figures.total_used), _minutes(figures.total_norm), case.returns, case.ended]


def event_cell(event: Event, key: str = "event_id") -> str | None:
    """The Log cell of an event read from the sheet (None for a new event)."""
    if event.row is None:
        return None
    return L.cell_ref(event.row, log_columns()[key])
