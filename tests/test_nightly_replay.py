"""The consolidation's fast Log replay (``nightly.replay``) gives exactly what the exact path gives.

The exact path is ``log_rows``, then ``Ledger.apply`` over ``Event`` objects, then ``Tracker``. The fast one
turns calamine's Log rows into database rows and case states in one pass, and leaves any Log it is not sure
of to the exact path. Random SOPs (decisions with Jika Ya / Jika Tidak targets, some pointing nowhere,
duplicate step numbers, norms up to past the year 9999) and random Logs (legal runs, illegal events, notes,
cancels, times running backwards, out of hours, odd cells, ids out of order or twice) must give equal
``Analysed`` results (event rows, case rows, refused flags, notes), or the same refusal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.domain.calendar import DayHours, WorkCalendar, default_calendar
from sopxl.domain.cases import (ACTIONS, CANCEL, CANCELLED, CLOSED, FINISH, NO, NOTE, OPEN, START, YES, Event, IllegalEvent,
                                Ledger)
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.errors import SopxlError
from sopxl.nightly.analyse import analyse
from sopxl.nightly.bulkread import Fingerprint, SourceRead, read_file
from sopxl.nightly import replay as replay_module
from sopxl.nightly.replay import Replayed, read_log, replay
from sopxl.nightly.store import PackedRows, pack_events
from sopxl.sheets.grid import Grid
from sopxl.sheets.log import log_rows

EXAMPLES = int(os.environ.get("SOPXL_REPLAY_EXAMPLES", "150"))
HEADER = [L.text(c.key) for c in L.LOG_COLUMNS]
T0 = dt.datetime(2026, 3, 2, 7, 0)        # a Monday before Ramadan 2026 (a schedule of the default calendar)
CALENDARS = [
    default_calendar([2025, 2026, 2027]),
    WorkCalendar([DayHours(5, dt.time(8), dt.time(12))]),     # Saturdays only, no break
]
AS_OFS = [T0 - dt.timedelta(days=3), T0 + dt.timedelta(days=2, hours=3), dt.datetime(2027, 1, 4, 9, 30)]
WAKTU = ["", "30 menit", "2 jam", "1 hari", "3 hari", "2 minggu", "sebentar", "90 menit"]
# notes COPY text must escape, refuses (NUL) or UTF-8 cannot encode (a lone surrogate): the packed replay gives
# them to ``pack_events``; "\\N" is COPY's NULL unescaped
COPY_AWKWARD = ["tab\tdi tengah", "miring\\kiri", "\\N", "cr\r", "nul\x00", "\ud800", "\\"]
PAST_9999 = "100000 bulan"        # a norm that runs out past the year 9999 (a case's due is None, a step's raises)


@st.composite
def sops(draw) -> SOP:
    """An SOP of 1-7 steps: numbers mostly 1..n (sometimes one twice, or one out of what a Log cell holds),
    processes and decisions, Jika Ya / Jika Tidak targets (some to steps that do not exist), norms."""
    count = draw(st.integers(1, 7))
    numbers = list(range(1, count + 1))
    if count > 1 and draw(st.integers(0, 9)) == 0:
        numbers[draw(st.integers(1, count - 1))] = numbers[draw(st.integers(0, count - 2))]
    if draw(st.integers(0, 19)) == 0:
        numbers[draw(st.integers(0, count - 1))] = draw(st.sampled_from([0, -2, 10 ** 12]))
    target = st.one_of(st.none(), st.sampled_from(numbers), st.just(99))
    steps = []
    for index, number in enumerate(numbers):
        decision = draw(st.integers(0, 2)) == 0
        symbol = Symbol.DECISION if decision else draw(st.sampled_from([Symbol.PROCESS, Symbol.TERMINATOR]))
        steps.append(Step(number, f"Kegiatan {index + 1}", marks=draw(st.sampled_from([["Kasubbag"], ["Kabag"], [],
                                                                                       ["Kasubbag", "Kabag"]])),
                          symbol=symbol, waktu=draw(st.sampled_from(WAKTU)) if draw(st.integers(0, 29)) else PAST_9999,
                          ya=draw(target) if decision or draw(st.integers(0, 5)) == 0 else None,
                          tidak=draw(target) if decision else None))
    return SOP(roles=["Kasubbag", "Kabag"], steps=steps)


def _legal_action(ledger: Ledger, number: int) -> tuple[str, int]:
    """The action and step a clerk would record for case `number` now (the case is open)."""
    case = ledger.cases[number]
    step = ledger._steps[case.current_step]
    if step.symbol == Symbol.DECISION:
        return (NO if step.tidak is not None and case.returns < 2 else YES), step.number
    return FINISH, step.number


@st.composite
def logs(draw, sop: SOP) -> tuple[list[list], bool]:
    """Log rows as calamine gives them (header first) and whether they are all in sopxl's shape and legal.

    Mostly what clerks record; then none, one or two troubles: an illegal event (any action, case or step),
    a time before the case's last one, or a cell or row as a person may leave it.
    """
    ledger = Ledger(sop)
    at = T0 + dt.timedelta(minutes=draw(st.integers(0, 600)))
    count = draw(st.integers(0, 40))
    troubles = draw(st.sampled_from([0, 0, 1, 1, 1, 2, 2]))
    odd = sorted(draw(st.lists(st.integers(0, max(count - 1, 0)), min_size=troubles, max_size=troubles)))
    events: list[Event] = []
    clean = True
    cells_trouble = 0
    for index in range(count):
        trouble = index in odd and draw(st.sampled_from([0, 0, 1, 2]))    # 0: a cell (below); 1: the time; 2: the event
        at += dt.timedelta(minutes=draw(st.sampled_from([0, 1, 7, 45, 300, 1500, 4000])),
                           seconds=draw(st.sampled_from([0, 0, 0, 1, 59])))
        cells_trouble += index in odd and not trouble
        open_cases = [c.number for c in ledger.cases.values() if c.state == OPEN]
        choice = draw(st.integers(0, 19))
        note = draw(st.sampled_from(["", "", "", "lampiran kurang", "  spasi di tepi  ", "baris\nkedua", *COPY_AWKWARD]))
        if trouble == 2:                              # anything: mostly illegal
            number = draw(st.integers(1, max(ledger.cases, default=0) + 1))
            action = draw(st.sampled_from(ACTIONS))
            step = draw(st.sampled_from([s.number for s in sop.steps] + [42]))
        elif choice < 4 or not ledger.cases:          # a new case
            number, action, step = ledger.next_case_number(), START, sop.steps[0].number
            note = note or "Perihal"
        elif choice < 16 and open_cases:              # the case's next step, as a clerk records it
            number = draw(st.sampled_from(open_cases))
            action, step = _legal_action(ledger, number)
        elif choice < 18 or not open_cases:           # a note on any case
            number = draw(st.sampled_from(sorted(ledger.cases)))
            action, step = NOTE, ledger.cases[number].last_step
            note = note or "catatan"
        else:
            number = draw(st.sampled_from(open_cases))
            action, step = CANCEL, ledger.cases[number].current_step
        moment = at
        if trouble == 1 and number in ledger.cases:   # just before the case's last move (a note: its opening)
            case = ledger.cases[number]
            moment = (case.opened if action == NOTE else case.last_at) - dt.timedelta(
                seconds=draw(st.sampled_from([1, 60, 86_400])))
        recorded_at = draw(st.sampled_from([moment, moment, moment, None, moment + dt.timedelta(minutes=3)]))
        event = Event(index + 1, number, step, action, moment, draw(st.sampled_from(["Ani", " Budi ", "", "Ani", "Ani\\Budi"])),
                      draw(st.sampled_from(["ani", "", "budi"])), recorded_at, note.strip())
        try:
            ledger.apply(event)
        except IllegalEvent:
            clean = False
        events.append(event)
    rows = [[float(e.id), float(e.case), float(e.step), e.action, e.at, e.actor, e.recorded_by,
             "" if e.recorded_at is None else e.recorded_at, e.note] for e in events]
    rows = [[v if i != 8 or not v else draw(st.sampled_from([v, f" {v} "])) for i, v in enumerate(row)]
            for row in rows]
    for _ in range(cells_trouble):                    # a cell or row as a person may leave it
        clean = False
        kind = draw(st.integers(0, 14))
        action = draw(st.sampled_from(ACTIONS))      # a row of this action, the last row, or any
        rows_of = [i for i, cells in enumerate(rows) if len(cells) == 9 and cells[3] == action]
        row = draw(st.sampled_from([len(rows) - 1, *rows_of[-1:], *rows_of[:1], draw(st.integers(0, len(rows) - 1))]))
        cells = rows[row]
        if len(cells) != 9 or type(cells[0]) is not float or type(cells[4]) is not dt.datetime:
            continue                                 # a row changed already
        if kind == 0:
            cells[0] = float(draw(st.integers(1, len(rows))))                  # an id twice, or out of order
        elif kind == 1:
            cells[0] = str(int(cells[0]))                                      # numbers typed as text
        elif kind == 2:
            cells[3] = L.ACTION_LABELS_EN.get(cells[3], cells[3])              # an English action
        elif kind == 3:
            cells[3] = cells[3].upper()
        elif kind == 4:
            cells[4] = cells[4].replace(microsecond=draw(st.sampled_from([1, 500_000])))   # read rounded
        elif kind == 5:
            cells[4] = cells[4].isoformat(sep=" ", timespec="minutes")        # a date typed as text
        elif kind == 6:
            cells[7] = cells[4].replace(microsecond=draw(st.sampled_from([1, 500_000])))
        elif kind == 7:
            cells[1] = draw(st.sampled_from([cells[1] + 0.5, True, 0.0, -1.0, 1e12, float("nan")]))
        elif kind == 8:
            cells[2] = draw(st.sampled_from([cells[2] + 0.5, 0.0, 1e12, "2", True]))
        elif kind == 9:
            cells[5] = draw(st.sampled_from([12.0, True, dt.datetime(2026, 1, 1)]))
        elif kind == 10:
            rows.insert(row, [""] * 9 if draw(st.booleans()) else [])        # an empty row between
        elif kind == 11:
            cells[draw(st.sampled_from([4, 7]))] = dt.datetime(3000, 1, 1, 8) if draw(st.booleans()) \
                else cells[4].date()
        elif kind == 12:
            cells[0] = cells[0] + 0.5 if draw(st.booleans()) else 1e12 + int(cells[0])
        elif kind == 13:
            rows[row] = cells + [""]                                           # a cell right of the Log
        else:
            cells[4] = cells[4].replace(tzinfo=dt.timezone.utc)
    return [HEADER] + rows, clean


def _both(sop: SOP, rows: list[list], calendar: WorkCalendar, as_of: dt.datetime):
    """(fast outcome, exact outcome): an ``Analysed``, or the refusal's (type, message, cell)."""
    def outcome(read):
        events = None
        try:
            events = read(Grid(L.LOG, [list(r) for r in rows]))
            source = SourceRead(path=Path("x.xlsx"), fingerprint=Fingerprint(1, 1, "0"), sop=sop, problems=[],
                                calendar=calendar, lang="id", events=events)
            return analyse(source, as_of), events
        except SopxlError as error:
            return (type(error).__name__, error.message, error.sheet, error.cell), events

    (fast, fast_events), (exact, _) = outcome(lambda grid: read_log(grid, sop)), outcome(log_rows)
    for engine in ("sqlite", "postgresql"):       # packed as replayed: as ``pack_events`` packs the tuples
        packed, packed_events = outcome(lambda grid: read_log(grid, sop, engine))
        assert isinstance(packed_events, Replayed) == isinstance(fast_events, Replayed)
        if isinstance(fast, tuple) or not isinstance(fast_events, Replayed):
            assert packed == fast
        else:
            assert packed == dataclasses.replace(fast, event_rows=pack_events(engine, fast.event_rows)), engine
            assert not isinstance(packed_events, Replayed) or isinstance(packed.event_rows, PackedRows) \
                or pack_events(engine, fast.event_rows) == fast.event_rows     # (a text COPY cannot carry)
    return fast, exact, fast_events


def _types(analysed) -> list:
    return [[type(v) for v in row] for row in (*analysed.event_rows, *analysed.case_rows)]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_replay_gives_what_the_ledger_and_tracker_give(data):
    sop = data.draw(sops())
    rows, clean = data.draw(logs(sop))
    calendar = data.draw(st.sampled_from(CALENDARS))
    as_of = data.draw(st.one_of(st.sampled_from(AS_OFS), st.integers(0, 60 * 24 * 60).map(
        lambda minutes: T0 + dt.timedelta(minutes=minutes))))
    fast, exact, fast_events = _both(sop, rows, calendar, as_of)
    assert fast == exact
    if not isinstance(exact, tuple):
        assert _types(fast) == _types(exact)          # integers stay integers (1 == 1.0 would hide it)
    if clean and all(0 < step.number <= 999_999_999 for step in sop.steps):
        assert isinstance(fast_events, Replayed)      # a legal Log in sopxl's shape is replayed fast


def test_the_logs_sopxl_writes_are_replayed_fast_and_an_illegal_event_takes_the_exact_path(tmp_path: Path):
    """A workbook sopxl wrote reads as ``Replayed``; with one event made illegal, as the Ledger's rows (the
    event refused and flagged, the note naming it), equal to what the exact path gives."""
    import random

    from sopxl.domain.simulate import simulate
    from sopxl.sheets.log import event_row
    from sopxl.xlsx.create import WorkbookContent, write_workbook
    from sopxl.xlsx.workbook import template_calendar

    sop = SOP(roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menerima berkas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 jam"),
        Step(2, "Memeriksa berkas", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1),
        Step(3, "Mengirim jawaban", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam")])
    calendar = template_calendar(dt.date(2026, 11, 20))
    events = simulate(Ledger(sop), calendar, random.Random(3), start=dt.datetime(2026, 8, 3, 8),
                      end=dt.datetime(2026, 11, 19, 16), cases=30)
    path = tmp_path / "sop.xlsx"
    write_workbook(str(path), sop, WorkbookContent(calendar=calendar, log_rows=[event_row(e) for e in events]))
    read = read_file(path)
    assert isinstance(read.events, Replayed) and len(read.events) == len(read.events.rows()) > 20
    as_of = dt.datetime(2026, 11, 20, 9)
    exact = analyse(SourceRead(**{**read.__dict__, "events": read.events.rows()}), as_of)
    assert analyse(read, as_of) == exact and not exact.notes
    assert {row[2] for row in exact.case_rows} == {OPEN, CLOSED, CANCELLED}
    rows = [list(r) for r in read.events.grid.rows]
    moves = [r for r in rows[1:] if r and r[3] in (FINISH, YES, NO)]
    moves[-1][2] = 42.0                                # not the step its case stands at
    grid = Grid(L.LOG, rows)
    assert replay(grid, read.sop) is None
    fast, exact, _ = _both(read.sop, rows, read.calendar, as_of)
    assert fast == exact and sum(row[-1] for row in fast.event_rows) == 1
    assert "langkah" in fast.notes[0] or "step" in fast.notes[0]


def _odd_cells(cells: list, previous: list | None) -> list[tuple[str, list | None]]:
    """Every single change of a Log row a person (or a second clock) may make: (what, the row, None: removed)."""
    event_id, case, step, action, at, actor, recorded_by, recorded_at, note = cells
    changes = {
        "id": [event_id + 0.5, 1e12, 0.0, -1.0, str(int(event_id)), True, event_id - 0.5,
               previous[0] if previous else 0.0],
        "case": [case + 0.5, case + 1, True, 0.0, -1.0, 1e12, float("nan"), str(int(case))],
        "step": [step + 0.5, step + 1, 0.0, 1e12, 42.0, str(int(step)), True],
        "action": [L.ACTION_LABELS_EN[action], action.upper(), "", *(a for a in ACTIONS if a != action)],
        "at": [at.replace(microsecond=1), at.replace(microsecond=500_000), at.replace(tzinfo=dt.timezone.utc),
               at.date(), at.isoformat(sep=" "), at.replace(year=3000), at - dt.timedelta(seconds=1),
               at - dt.timedelta(days=1), at + dt.timedelta(days=1)],
        "actor": [12.0, True, at, f"  {actor} x "],
        "recorded_by": [12.0, True, f" {recorded_by} "],
        "recorded_at": [at.replace(microsecond=500_000), at.replace(year=3000), "", None, at.date(), "x",
                        at + dt.timedelta(minutes=3)],
        "note": [12.0, f"  {note} x  ", "", 0.0, None, False],
    }
    out = []
    for column, values in changes.items():
        index = [c.key for c in L.LOG_COLUMNS].index(column if column != "id" else "event_id")
        out += [(f"{column}={value!r}", cells[:index] + [value] + cells[index + 1:]) for value in values]
    return out + [("empty", []), ("blank", [""] * 9), ("wider", cells + ["x"]), ("removed", None)]


def _legal_log(t: dt.datetime) -> tuple[SOP, list[list]]:
    """An SOP and the rows of a legal Log of it (in sopxl's shape) whose events begin at `t`, 3 hours apart."""
    sop = SOP(roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menerima", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 jam"),
        Step(2, "Memeriksa", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=4, tidak=1),
        Step(3, "Dilewati", marks=["Kabag"], waktu="1 hari"),
        Step(4, "Menjawab", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam")])
    log = [(START, 1, 1, "Perihal satu"), (FINISH, 1, 1, ""), (START, 2, 1, "Perihal dua"), (NO, 1, 2, "kurang"),
           (NOTE, 2, 1, "menunggu"), (FINISH, 1, 1, ""), (YES, 1, 2, ""), (CANCEL, 2, 1, "batal"),
           (FINISH, 1, 4, ""), (NOTE, 1, 4, "arsip"), (START, 3, 1, "Perihal tiga"), (FINISH, 3, 1, ""),
           (START, 4, 1, "Perihal empat")]
    return sop, [[float(i), float(case), float(step), action, t + dt.timedelta(hours=3 * i), "Ani", "ani",
                  t + dt.timedelta(hours=3 * i), note] for i, (action, case, step, note) in enumerate(log, start=1)]


def test_every_single_odd_cell_of_a_legal_log_gives_what_the_exact_path_gives():
    """Each row of legal Logs changed in each way a person may change it, one change at a time: the fast
    pass is where it may wrongly take a Log, so every change is tried (random ones above)."""
    sop, rows = _legal_log(dt.datetime(2026, 3, 2, 9, 0, 30))
    fast, exact, events = _both(sop, [HEADER, *rows], CALENDARS[0], AS_OFS[1])
    assert isinstance(events, Replayed) and fast == exact
    assert [row[2] for row in fast.case_rows] == [CLOSED, CANCELLED, OPEN, OPEN]
    tried = taken = 0
    for index, cells in enumerate(rows):
        for what, changed in _odd_cells(cells, rows[index - 1] if index else None):
            changed_rows = rows[:index] + ([] if changed is None else [changed]) + rows[index + 1:]
            fast, exact, events = _both(sop, [HEADER, *changed_rows], CALENDARS[0], AS_OFS[1])
            assert fast == exact, (index + 2, what)
            if not isinstance(exact, tuple):
                assert _types(fast) == _types(exact), (index + 2, what)
            tried, taken = tried + 1, taken + isinstance(events, Replayed)
    assert tried > 500 and taken > 50        # the fast pass still takes the changes that stay legal


@pytest.mark.parametrize("note", ["", "biasa", "— Direktorat Jenderal ✓", "\x0b\x0c", "é\u2028ü", "tanpa\u00a0putus",
                                  *COPY_AWKWARD])
def test_the_events_packed_as_replayed_are_those_pack_events_packs(note):
    """Packed in the replay's own pass (SQLite's values, PostgreSQL's COPY lines): exactly what ``pack_events``
    makes of the replay's tuples, also over the turn of a year and back, with a recorded time left blank and a
    note COPY must escape (or cannot carry: then the tuples, as ``pack_events`` leaves them)."""
    sop, rows = _legal_log(dt.datetime(2025, 12, 31, 17, 0, 59))       # 2026 from the third event on
    rows[2][8] = rows[2][8] + note            # a case's subject
    rows[4][8] = note                         # a note's
    rows[5][7] = ""                           # recorded when? (blank: NULL)
    rows[10][4] = rows[10][7] = dt.datetime(2025, 3, 1, 8)      # a case opened a year back (legal)
    plain = replay(Grid(L.LOG, [HEADER, *rows]), sop)
    assert isinstance(plain, Replayed) and isinstance(plain.event_rows, list)
    # a note as stored (stripped) written as it is in the pass itself, unless COPY must escape it or cannot hold it
    escaped = any(c in note.strip() for c in "\\\t\n\r\x00\ud800")
    if escaped:
        with pytest.raises(replay_module._Escaped):
            replay_module._replay(Grid(L.LOG, [HEADER, *rows]), sop, [1, 2, 3, 4], replay_module._COPY)
    else:
        assert isinstance(replay_module._replay(Grid(L.LOG, [HEADER, *rows]), sop, [1, 2, 3, 4], replay_module._COPY),
                          Replayed)
    assert [row[7] for row in plain.event_rows].count(None) == 1
    for engine in ("sqlite", "postgresql"):
        packed = replay(Grid(L.LOG, [HEADER, *rows]), sop, engine)
        assert isinstance(packed, Replayed) and packed.event_rows == pack_events(engine, plain.event_rows)
        assert len(packed) == len(rows)
        if engine == "postgresql" and ("\x00" in note or "\ud800" in note):
            assert packed.event_rows == plain.event_rows      # the general way (which refuses what it must)
        else:
            assert isinstance(packed.event_rows, PackedRows) and packed.event_rows.marks == {2025, 2026}
            assert packed.event_rows.rows() == plain.event_rows
