"""The Log and Pelacak sheets as plain values: Log rows to and from events, tracker rows from case figures.

Pure, like ``codec``: it sees a ``Grid``, never a file. A Log cell that holds something an event
cannot (a case that is not a number, text where a date and time belongs, an unknown action) raises
WorkbookError naming the sheet and cell, since the cases cannot be replayed around it.
"""

from __future__ import annotations

import datetime as dt

from .. import layout as L
from ..domain.cases import ACTIONS, OPEN, Event
from .grid import LAST_YEAR, MAX_NUMBER, Grid, as_int, cell_moment, cell_text, expect_headers
from ..errors import WorkbookError
from ..domain.tracker import CaseTime

# English action names read back as the stored codes
_ACTION_OF = {**{a: a for a in ACTIONS}, **{en: code for code, en in L.ACTION_LABELS_EN.items()}}
_STORED_ACTIONS = frozenset(ACTIONS)
_LOG_FIX = L.texts("err_log_fix")


def log_columns() -> dict[str, int]:
    """1-based column of each Log column key."""
    return {c.key: i for i, c in enumerate(L.LOG_COLUMNS, start=1)}


def _positive_int(value) -> int | None:
    number = as_int(value)
    return number if number is not None and number > 0 else None


def _text(value) -> str:
    return value.strip() if type(value) is str else cell_text(value)


def _bad_cell(grid: Grid, row: int, values: list, key: str, expected: str, **values_of) -> WorkbookError:
    """The refusal of a Log cell that holds no `expected` (a text key, filled with `values_of`)."""
    column = log_columns()[key]
    found = cell_text(values[column - 1])
    message = {lang: L.text("err_log_cell" if found else "err_log_cell_empty", lang).format(
        found=found, expected=L.text(expected, lang).format(**values_of)) for lang in L.LANGS}
    return WorkbookError(message, sheet=grid.sheet, cell=grid.ref(row, column), fix=_LOG_FIX)


# (event id, case, step, action, at, actor, recorded by, recorded at, note, sheet row): an Event's fields
EventRow = tuple


def log_rows(grid: Grid) -> list[EventRow]:
    """The events of the Log sheet as rows (an ``Event``'s fields); a cell no event can hold raises naming it.

    The one Log parser, written for speed (a Log holds tens of thousands of rows, a consolidation reads
    thousands of Logs): one pass over the raw rows, where a row in the shape sopxl writes it (whole
    numbers as calamine's floats, a stored action code, local date-times, text) is taken as it is, and
    any other row is read as a person could have typed it (``_typed_row``).
    """
    expect_headers(grid, 1, [(i, c.key) for i, c in enumerate(L.LOG_COLUMNS, start=1)])
    width = len(L.LOG_COLUMNS)
    datetime, actions, last_year = dt.datetime, _STORED_ACTIONS, LAST_YEAR
    # one text object per distinct action and name: the rows pickle (to the consolidation) and keep smaller
    shared: dict[str, str] = dict(_ACTION_OF)
    share = shared.setdefault
    out: list[EventRow] = []
    append = out.append
    seen: dict[int, int] = {}
    lead = [None] * max(grid.first_column - 1, 0)     # columns calamine dropped on the left
    row = grid.first_row - 1
    for cells in grid.rows:
        row += 1
        if row < 2 or not cells:           # the header, or a row the reader found empty
            continue
        values = lead + cells if lead else cells
        if len(values) != width:
            values = values[:width] if len(values) > width else [*values, *([None] * (width - len(values)))]
        event_id, case, step, action, at, actor, recorded_by, recorded_at, note = values
        if type(event_id) is float and type(case) is float and type(step) is float \
                and event_id.is_integer() and case.is_integer() and step.is_integer() \
                and 0 < event_id <= MAX_NUMBER and 0 < case <= MAX_NUMBER and 0 < step <= MAX_NUMBER \
                and action in actions \
                and type(at) is datetime and at.tzinfo is None and not at.microsecond and at.year <= last_year \
                and type(actor) is str and type(recorded_by) is str and type(note) is str \
                and (recorded_at == "" or type(recorded_at) is datetime and recorded_at.tzinfo is None
                     and not recorded_at.microsecond and recorded_at.year <= last_year):
            actor, recorded_by = actor.strip(), recorded_by.strip()
            event = (int(event_id), int(case), int(step), shared[action], at, share(actor, actor),
                     share(recorded_by, recorded_by), recorded_at or None, note.strip(), row)
        else:
            event = _typed_row(grid, row, values)
            if event is None:
                continue
        if event[0] in seen:
            raise WorkbookError(L.texts("err_log_twice", id=event[0], row=seen[event[0]]),
                                sheet=grid.sheet, cell=grid.ref(row, log_columns()["event_id"]), fix=_LOG_FIX)
        seen[event[0]] = row
        append(event)
    return out


def _typed_row(grid: Grid, row: int, values: list) -> EventRow | None:
    """A Log row as a person could have typed it (None when it is empty); a cell no event can hold raises."""
    if (values[0] == "" or values[0] is None) and all(_text(v) == "" for v in values):
        return None

    def bad(key: str, expected: str, **values_of) -> WorkbookError:
        return _bad_cell(grid, row, values, key, expected, **values_of)

    event_id, case, step = _positive_int(values[0]), _positive_int(values[1]), _positive_int(values[2])
    if event_id is None:
        raise bad("event_id", "err_log_event_id", max=f"{MAX_NUMBER:,}")
    if case is None:
        raise bad("case", "err_log_case", max=f"{MAX_NUMBER:,}")
    if step is None:
        raise bad("step", "err_log_step", max=f"{MAX_NUMBER:,}")
    action = values[3]
    if action not in _ACTION_OF:
        action = _text(action).lower()
    action = _ACTION_OF.get(action)
    if action is None:
        raise bad("action", "err_log_action", actions=", ".join(ACTIONS))
    at = values[4]
    if type(at) is not dt.datetime or at.microsecond or at.tzinfo is not None or at.year > LAST_YEAR:
        at = cell_moment(at)            # a date cell past LAST_YEAR too: named here, by its own cell
        if at is None:
            raise bad("at", "err_log_moment", year=LAST_YEAR)
    recorded_at = values[7]
    if recorded_at == "":
        recorded_at = None
    elif recorded_at is not None and (type(recorded_at) is not dt.datetime or recorded_at.microsecond
                                      or recorded_at.tzinfo is not None or recorded_at.year > LAST_YEAR):
        recorded_at = cell_moment(recorded_at)
        if recorded_at is None:
            raise bad("recorded_at", "err_log_moment", year=LAST_YEAR)
    return (event_id, case, step, action, at, _text(values[5]), _text(values[6]), recorded_at, _text(values[8]), row)


def events_from_grid(grid: Grid) -> list[Event]:
    """The events of the Log sheet (``log_rows`` as ``Event``s); a cell no event can hold raises naming it."""
    return [Event(*row) for row in log_rows(grid)]


def event_row(event: Event) -> list:
    """The Log row of an event, in LOG_COLUMNS order."""
    return [event.id, event.case, event.step, event.action, event.at, event.actor or None,
            event.recorded_by or None, event.recorded_at, event.note or None]


def tracker_row(figures: CaseTime, lang: str, day_minutes: float) -> list:
    """The Pelacak row of a case, in PELACAK_COLUMNS order, labels and durations in `lang`.

    Durations are working time in words (``1 hari 2 jam``; ``lewat 2 jam`` past a norm), a working
    day being `day_minutes`. A closed or cancelled case shows no current step and no time left.
    """
    open_ = figures.case.state == OPEN
    r = figures.row(1, dues=open_)

    def words(minutes):
        return None if minutes is None else L.duration(minutes, day_minutes, lang, units=2)

    return [r.number, r.subject, L.text(f"state_{r.state}", lang),
            L.text(f"status_{r.status}", lang) if r.status else None,
            r.step if open_ else None, r.holder if open_ else None, r.step_due if open_ else None,
            words(r.step_left) if open_ else None, r.due if open_ else None, words(r.total_used),
            words(r.total_left) if open_ else None, r.last_note, r.opened, r.ended, r.returns or None]


def tracker_height(row: list) -> float:
    """Height of a Pelacak row that shows its wrapped cells (subject, note, durations) in full."""
    return L.wrapped_height([(value, c.width) for value, c in zip(row, L.PELACAK_COLUMNS) if c.kind == "wrap"])


def event_cell(event: Event, key: str = "event_id") -> str | None:
    """The Log cell of an event read from the sheet (None for a new event)."""
    if event.row is None:
        return None
    return L.cell_ref(event.row, log_columns()[key])
