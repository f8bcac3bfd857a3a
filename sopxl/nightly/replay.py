"""The Log replayed fast for the consolidation: calamine's Log rows to database event rows and case states in one pass.

A consolidation reads thousands of Logs of thousands of events, nearly all written by sopxl and legal. For
those, one pass over the sheet's raw rows (``replay``) turns each row into its database event row
(``store.EVENT_COLUMNS``, times in whole seconds as ``store.times.stamp`` keeps them) and moves its case on
plain values: per case only what its database row shows (state, current step, when it last moved, where its
last step instance began, returns). ``analyse`` times the cases from these states.

The rules are the Ledger's (``domain.cases``): the moves of finishing and answering a step come from
``Ledger.moves``, and the checks restated here (named at each place, with the Ledger method they restate)
are only those a legal Log passes. Whatever the pass is not sure of gives up the workbook to the exact path
(``log_rows``, then ``Ledger.apply`` over ``Event`` objects, then ``Tracker``): a row not in the shape sopxl
writes, an event the Ledger would refuse, ids not rising row by row (a duplicate among them), a step number
outside what a Log cell may hold. So both paths give the same rows; ``tests/test_nightly_replay.py`` compares
them on random SOPs and Logs.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice

from .. import layout as L
from ..domain.cases import CANCEL, CANCELLED, CLOSED, FINISH, NO, NOTE, OPEN, START, YES, Ledger
from ..domain.model import SOP
from ..sheets.grid import LAST_YEAR, MAX_NUMBER, Grid, expect_headers
from ..sheets.log import EventRow, log_rows
from .store.rows import EVENT_KINDS, PackedRows, pack_events
from .store.times import EPOCH, stamp

# the last moment a Log cell may hold (``sheets.log``: a later year is a typing mistake), in stored seconds
_LAST_SECOND = stamp(dt.datetime(LAST_YEAR, 12, 31, 23, 59, 59))
_DAY = 86_400          # seconds
_EPOCH_ORDINAL = EPOCH.toordinal()


class CaseState:
    """A case as the replay leaves it: what its database row needs (``analyse.replayed_case_row``)."""

    __slots__ = ("number", "subject", "opened", "opened_s", "step", "moved_s", "started", "state", "ended",
                 "ended_s", "returns", "copy_text")

    def __init__(self, number: int, subject: str, opened: dt.datetime, opened_s: int, step: int):
        self.number = number
        self.copy_text = f"\t{number}\t"       # its number in an event's COPY line, between the tabs around it
        self.subject = subject
        self.opened, self.opened_s = opened, opened_s
        self.step = step                # the step of its last step instance (where it stands, or stopped)
        self.moved_s = opened_s         # when it last moved (Case.last_at: notes do not count)
        self.started = opened           # when its last step instance began (Visit.started)
        self.state = OPEN
        self.ended: dt.datetime | None = None
        self.ended_s: int | None = None
        self.returns = 0


class Replayed:
    """A Log replayed by ``replay``: its event rows (sheet order, none refused) and its cases by number.

    `event_rows`: tuples (``store.EVENT_COLUMNS``), or packed for an engine's bulk load as ``store.pack_events``
    packs those tuples (``replay``'s `pack`)."""

    __slots__ = ("event_rows", "cases", "grid")

    def __init__(self, event_rows: "list[tuple] | PackedRows", cases: dict[int, CaseState], grid: Grid):
        self.event_rows = event_rows
        self.cases = cases
        self.grid = grid                # for the exact path, should timing the cases meet something odd

    def __len__(self) -> int:
        return len(self.event_rows)

    def __iter__(self):
        """The events as ``log_rows`` gives them, as a list of them would (read again from the sheet)."""
        return iter(self.rows())

    def rows(self) -> list[EventRow]:
        """The events as ``log_rows`` gives them (the exact path's input)."""
        return log_rows(self.grid)


class _Unsure(Exception):
    """The fast pass meets something it leaves to the exact path."""


def read_log(grid: Grid, sop: SOP, pack: str = "") -> "Replayed | list[EventRow]":
    """The Log for the consolidation: ``Replayed`` when the fast pass is sure of every row, else ``log_rows``
    (which raises naming the cell no event can hold, or the id recorded twice). `pack`: the engine whose bulk
    load the replayed events are packed for (``replay``), or empty for tuples."""
    replayed = replay(grid, sop, pack)
    return replayed if replayed is not None else log_rows(grid)


def replay(grid: Grid, sop: SOP, pack: str = "") -> Replayed | None:
    """One pass over the Log's raw rows: event rows and case states; None when it leaves the Log to the exact path.

    With `pack` ("sqlite", "postgresql") the event rows come packed as ``store.pack_events(pack, rows)`` packs
    the tuples, made in the same pass (the values written where each one's type is known): for SQLite the
    values one after another, for PostgreSQL the lines of COPY text. Texts that COPY must escape (a
    backslash, tab, newline or carriage return in a name or note), a NUL, or one UTF-8 cannot encode: the
    tuples, packed by ``pack_events``."""
    numbers = [step.number for step in sop.steps]
    if not numbers or grid.first_row != 1 or grid.first_column != 1 or not grid.rows \
            or not all(type(n) is int and 0 < n <= MAX_NUMBER for n in numbers):
        return None
    try:
        expect_headers(grid, 1, [(i, c.key) for i, c in enumerate(L.LOG_COLUMNS, start=1)])
        if pack == "postgresql":
            try:
                return _replay(grid, sop, numbers, _COPY)
            except _Escaped:
                pass
        replayed = _replay(grid, sop, numbers, _VALUES if pack == "sqlite" else _TUPLES)
    except Exception:      # noqa: BLE001 - anything unexpected (a header, a cell of another type): the exact path
        return None
    if pack == "postgresql":
        replayed.event_rows = pack_events(pack, replayed.event_rows)
    return replayed


_TUPLES, _VALUES, _COPY = range(3)       # what ``_replay`` makes of each event: a tuple, flat values, a COPY line


class _Escaped(Exception):
    """A text of the Log that COPY text must escape (a backslash, tab, newline, carriage return), or may not
    hold as it is: ``copy_text`` writes it (or refuses it), from the tuples."""


def _plain(text: str) -> None:
    """_Escaped unless a COPY line holds `text` as it is: no backslash, tab, newline, carriage return or NUL
    (only a text that is not all printable is searched for the four)."""
    if "\\" in text or not text.isprintable() and ("\t" in text or "\n" in text or "\r" in text or "\0" in text):
        raise _Escaped


def _replay(grid: Grid, sop: SOP, numbers: list[int], form: int) -> Replayed:
    moves = Ledger(sop).moves()
    no = moves[NO]
    first = numbers[0]
    steps = {number: number for number in numbers}      # a float step finds its int (a fraction finds none)
    datetime, epoch, last_second, max_number, day = dt.datetime, EPOCH, _LAST_SECOND, MAX_NUMBER, _DAY
    is_whole = float.is_integer
    # an action code as stored (one text object each: the rows pickle smaller), with where it moves a case
    # and, by the step an event of it names, their values in a COPY line ("2\tselesai\t")
    kinds = {code: (code, moved, {number: f"{number}\t{code}\t" for number in numbers} if form == _COPY else None)
             for code, moved in ((FINISH, moves[FINISH]), (YES, moves[YES]), (NO, no), (NOTE, None), (START, None),
                                 (CANCEL, None))}
    names: dict[str, str] = {}          # a name as the Log cell holds it: stripped, one text object per name
    cases: dict[int, CaseState] = {}
    out: list = []
    append = out.append if form != _VALUES else out.extend
    copy = form == _COPY
    null = "\\N" if copy else None      # a recorded time left blank, as COPY text or as a value
    years: set[int] = set()             # the years of the events' times (``store.years_of``), known so far
    year_from = year_to = 0             # stamps: the start of the last year met, and of the one after it
    last_id, following = 0, 1.0
    for cells in islice(grid.rows, 1, None):
        if not cells:                   # a row the reader found empty (``log_rows`` skips it too)
            continue
        event_id, case, step, action, at, actor, recorded_by, recorded_at, note = cells   # 9 cells, else unsure
        # ---- the shape sopxl writes (``log_rows``' fast branch): whole numbers as floats (a case and a step
        # are found by their float below, a fraction finds none), a stored action code, local date-times to
        # the second up to LAST_YEAR, text. An aware date-time does not subtract from the naive epoch.
        if not is_whole(event_id) or type(case) is not float or type(step) is not float \
                or type(at) is not datetime or at.microsecond:
            raise _Unsure
        if event_id == following:       # the id after the last one (mostly)
            event_id = last_id = last_id + 1
            following += 1.0
        else:
            event_id = int(event_id)
            if event_id <= last_id:     # ids rise row by row: no id twice, and the sheet's order is the replay's
                raise _Unsure
            last_id = event_id
            following = event_id + 1.0  # (inexact past 2**53 ids, which are past MAX_NUMBER: unsure below)
        delta = at - epoch
        at_s = delta.days * day + delta.seconds              # store.times.stamp (no microseconds here)
        if not year_from <= at_s < year_to:
            if at_s > last_second:
                raise _Unsure
            years.add(at.year)
            year_from, year_to = _year_stamps(at.year)
        if recorded_at == at:           # mostly recorded as it happened
            recorded_s = at_s
        elif recorded_at == "":
            recorded_s = null
        elif type(recorded_at) is datetime and not recorded_at.microsecond:
            delta = recorded_at - epoch
            recorded_s = delta.days * day + delta.seconds
            if recorded_s > last_second:
                raise _Unsure
        else:
            raise _Unsure
        name = names.get(actor)
        if name is None:
            name = names[actor] = names.setdefault(actor.strip(), actor.strip())     # text, else unsure
            if copy:
                _plain(name)
        actor = name
        name = names.get(recorded_by)
        if name is None:
            name = names[recorded_by] = names.setdefault(recorded_by.strip(), recorded_by.strip())
            if copy:
                _plain(name)
        recorded_by = name
        if type(note) is not str:      # a number or a blank the sheet gave for a Catatan: ``log_rows`` reads it
            raise _Unsure
        if note:
            note = note.strip()
            if copy:
                _plain(note)
        code, moved, texts = kinds[action]     # an English label, a typed action, no action: unsure
        # ---- the Ledger's rules (Ledger.apply), on plain values
        if moved is not None:
            # Ledger._advance: the case exists, the event is not before its last move, the case is open and
            # at this step; Ledger._move (via Ledger.moves): where the step's selesai / ya / tidak leads
            state = cases[case]
            step = state.step
            if at_s < state.moved_s or state.state is not OPEN or step != cells[2]:
                raise _Unsure
            target = moved[step]
            state.moved_s = at_s
            if target is None:          # past the last step: the case closes
                state.state, state.ended, state.ended_s = CLOSED, at, at_s
            else:
                state.step, state.started = target, at
                if moved is no:
                    state.returns += 1
        elif code is NOTE:
            # Ledger._advance (a note): the case exists, the note is not before it opened, its step is a step
            state = cases[case]
            step = steps[step]
            if at_s < state.opened_s:
                raise _Unsure
        elif code is START:
            # Ledger._open: a new case (its number as a Log cell holds it), at the SOP's first step
            if not is_whole(case) or not 0 < case <= max_number or case in cases or step != first:
                raise _Unsure
            step = first
            state = cases[case] = CaseState(int(case), note, at, at_s, first)
        else:
            # Ledger._advance (batal): as a move, but the case is cancelled where it stands
            state = cases[case]
            step = state.step
            if at_s < state.moved_s or state.state is not OPEN or step != cells[2]:
                raise _Unsure
            state.moved_s = at_s
            state.state, state.ended, state.ended_s = CANCELLED, at, at_s
        if copy:                        # the values as ``store.rows.copy_text`` writes them, texts unescaped
            at_text = str(at_s)
            append(f"{event_id}{state.copy_text}{texts[step]}{at_text}\t{actor}\t{recorded_by}\t"
                   f"{at_text if recorded_s is at_s else recorded_s}\t{note}\t0")
        else:
            append((event_id, state.number, step, code, at_s, actor, recorded_by, recorded_s, note, 0))
    if last_id > max_number:            # ids rise, so the last is the largest
        raise _Unsure
    count = len(out) if form != _VALUES else len(out) // len(EVENT_KINDS)
    if form == _TUPLES:
        return Replayed(out, cases, grid)
    if form == _VALUES:
        return Replayed(PackedRows("values", [((False,) * len(EVENT_KINDS), count, out)], count, EVENT_KINDS, years),
                        cases, grid)
    try:
        out.append("")                  # (the last line's end)
        data = "\n".join(out).encode("utf-8")
    except UnicodeEncodeError:          # a lone surrogate: ``copy_text`` refuses it
        raise _Escaped from None
    return Replayed(PackedRows("copy", data, count, EVENT_KINDS, years), cases, grid)


def _year_stamps(year: int) -> tuple[int, int]:
    """The stamps (``store.times.stamp``) of the start of `year` and of the year after it."""
    return ((dt.date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * _DAY,
            (dt.date(year + 1, 1, 1).toordinal() - _EPOCH_ORDINAL) * _DAY)     # year <= LAST_YEAR < 9999
