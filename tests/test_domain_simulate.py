"""Simulated cases: seeded, legal, at working moments, and a realistic mix."""

from __future__ import annotations

import collections
import datetime as dt
import random
from pathlib import Path

import pytest

from helpers.ooxml import assert_valid
from helpers.calendar import works
from sopxl import api
from sopxl.domain.calendar import default_calendar
from sopxl.domain.cases import Ledger
from sopxl.errors import CaseError
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.domain.simulate import login_of, simulate
from sopxl.domain.tracker import Tracker
from sopxl.xlsx.workbook import create, template_calendar

CAL = default_calendar([2026])
START, END = dt.datetime(2026, 3, 2, 7, 30), dt.datetime(2026, 6, 30, 16, 0)


def sop() -> SOP:
    return SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 hari"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="2 jam", ya=3, tidak=1),
        Step(3, "Menyetujui", marks=["Karo"], symbol=Symbol.DECISION, waktu="1 jam", ya=4, tidak=2),
        Step(4, "Menggandakan dan mengirim", marks=["Kasubbag"], waktu="menit"),
        Step(5, "Mengarsipkan", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="30 menit"),
    ])


def run(seed: int, cases: int = 80) -> Ledger:
    ledger = Ledger(sop())
    simulate(ledger, CAL, random.Random(seed), start=START, end=END, cases=cases)
    return ledger


def is_working_moment(moment: dt.datetime) -> bool:
    """Inside a working period, or at its very start or end."""
    minute = dt.timedelta(minutes=1)
    return CAL.working_minutes(moment - minute, moment) > 0 or CAL.working_minutes(moment, moment + minute) > 0


def test_the_same_seed_gives_the_same_events():
    assert run(11).events == run(11).events
    assert run(11).events != run(12).events


def test_events_are_legal_in_time_order_and_at_working_moments():
    ledger = run(3)
    events = ledger.events
    assert len({e.case for e in events}) == 80
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    assert [e.at for e in events] == sorted(e.at for e in events)           # ids grow with time
    assert all(START <= e.at <= END for e in events)
    assert all(is_working_moment(e.at) for e in events)
    assert all(works(CAL, e.at) for e in events)
    assert all(e.recorded_at == e.at and e.recorded_by == login_of(e.actor) for e in events)
    assert Ledger.replay(ledger.sop, reversed(events)).cases == ledger.cases
    # case numbers follow the order in which cases were opened
    opened = [ledger.cases[n].opened for n in sorted(ledger.cases)]
    assert opened == sorted(opened)


def test_a_realistic_mix():
    ledger = run(5)
    figures = Tracker(ledger.sop, CAL).track(ledger.cases.values(), END)
    kinds = collections.Counter((f.case.state, f.status) for f in figures)
    for kind in [("closed", "on_time"), ("closed", "near"), ("closed", "late"), ("cancelled", None)]:
        assert kinds[kind] > 0, kinds
    assert sum(n for (state, _), n in kinds.items() if state == "open") > 0, kinds
    assert kinds[("closed", "near")] + kinds[("closed", "late")] >= 10
    returned = [f for f in figures if f.case.returns]
    assert 10 <= len(returned) <= 60 and max(f.case.returns for f in figures) <= 2
    assert sum(1 for f in figures if f.case.notes) >= 5
    assert all(any(v.rework for v in f.case.visits) for f in returned)


def test_nothing_to_simulate():
    assert simulate(Ledger(SOP()), CAL, random.Random(1), start=START, end=END, cases=5) == []
    assert simulate(Ledger(sop()), CAL, random.Random(1), start=END, end=START, cases=5) == []
    # a window with no working time (a weekend) opens no case
    saturday = dt.datetime(2026, 3, 7, 8)
    assert simulate(Ledger(sop()), CAL, random.Random(1), start=saturday, end=saturday + dt.timedelta(hours=30),
                    cases=5) == []


def test_simulated_cases_in_a_workbook(tmp_path: Path):
    path = create(tmp_path / "sim.xlsx", sop(), calendar=template_calendar(dt.date(2026, 11, 20)))
    result = api.simulate_cases(path, cases=25, start=START, end=END, seed=9)
    assert len(result.cases) == 25 and result.as_of == END
    again = api.list_cases(path, as_of=END)
    assert again.to_dict() == result.to_dict()
    assert len(api.show_case(path, 25).steps) >= 1
    # more real work goes on after the simulation
    api.start_case(path, "Kasus nyata", at=dt.datetime(2026, 7, 1, 8))
    assert max(f.case.number for f in api.list_cases(path, as_of=END).cases) == 25     # as of END it had not begun
    assert max(f.case.number for f in api.list_cases(path, as_of="2026-07-01 09:00").cases) == 26
    assert_valid(path)
    with pytest.raises(CaseError, match="cannot end in the future"):
        api.simulate_cases(path, cases=1, start=START, end=dt.datetime(2099, 1, 1))
