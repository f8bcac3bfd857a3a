"""Time against the norms, computed by hand on the common Perpres 21/2023 calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from sopxl.domain.calendar import default_calendar
from sopxl.domain.cases import Ledger
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.domain.tracker import LATE, NEAR, NO_NORM, ON_TIME, Tracker, status_of, total_norm_minutes, worse

CAL = default_calendar([2026])


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


def sop() -> SOP:
    return SOP(roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menyusun", marks=["Kasubbag"], waktu="2 jam"),                      # 120
        Step(2, "Memeriksa", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=4, tidak=1),
        Step(3, "Memperbaiki (jalur Tidak lama)", marks=["Kasubbag"], waktu="1 hari"),  # off the main path
        Step(4, "Mengarsipkan", marks=["Kasubbag"], waktu="menit"),                  # no norm
    ])


@pytest.mark.parametrize("used, norm, status", [
    (0, 100, ON_TIME), (79.9, 100, ON_TIME), (80, 100, NEAR), (100, 100, NEAR), (100.01, 100, LATE),
    (5, None, NO_NORM), (0, None, NO_NORM),
])
def test_status_thresholds(used, norm, status):
    assert status_of(used, norm) == status


def test_worse_orders_statuses():
    assert worse(ON_TIME, LATE, NEAR) == LATE
    assert worse(NO_NORM, ON_TIME) == ON_TIME
    assert worse(NO_NORM) == NO_NORM


def test_total_norm_follows_the_main_path():
    # 1 (120) → 2 (30) → Ya to 4 (no norm); step 3 lies only on a Tidak detour: 150
    assert total_norm_minutes(sop(), 450) == 150
    assert total_norm_minutes(SOP(steps=[Step(1, "x", waktu="")]), 450) is None
    # a working day is the office's day: 1 hari on a 420-minute calendar is 420
    assert total_norm_minutes(SOP(steps=[Step(1, "x", waktu="1 hari"), Step(2, "y", waktu="1 jam")]), 420) == 480


def test_a_closed_case_by_hand():
    ledger = Ledger(sop())
    ledger.start("Konsep SK", at(20, 15))             # Friday 15:00
    ledger.advance(1, at(23, 8, 30))                 # Monday 08:30: 90 + 60 = 150 against 120: late
    ledger.advance(1, at(23, 8, 50), decision=False)  # 20 of 30: on time, back to step 1
    ledger.advance(1, at(23, 11, 30))                # 160 (rework) against 120: late
    ledger.advance(1, at(23, 13, 20), decision=True)  # 11:30–12:00 + 13:00–13:20 = 50 of 30: late
    ledger.advance(1, at(23, 14, 0))                 # step 4, 40 minutes, no norm
    figures = Tracker(ledger.sop, CAL).case_time(ledger.cases[1], as_of=at(30, 9))
    assert [(s.visit.step, s.used, s.norm, s.status) for s in figures.steps] == [
        (1, 150, 120, LATE), (2, 20, 30, ON_TIME), (1, 160, 120, LATE), (2, 50, 30, LATE), (4, 40, None, NO_NORM)]
    # Friday 15:00–16:30 = 90, Monday 07:30–14:00 less the break = 330: 420 against 150
    assert (figures.total_used, figures.total_norm, figures.status) == (420, 150, LATE)
    assert figures.case.returns == 1 and figures.current is None
    assert figures.to_dict()["total_ratio"] == 2.8
    assert figures.due == at(23, 8, 30)              # 150 working minutes after Friday 15:00: 90 + 60


def test_an_open_case_so_far_takes_the_worse_of_step_and_total():
    ledger = Ledger(sop())
    ledger.start("Konsep SK", at(23, 8))
    ledger.advance(1, at(23, 9))                     # 60 of 120, now at the 30-minute check
    tracker = Tracker(ledger.sop, CAL)
    early = tracker.case_time(ledger.cases[1], as_of=at(23, 9, 20))
    assert (early.current.used, early.current.status, early.total_used, early.total_status, early.status) == \
        (20, ON_TIME, 80, ON_TIME, ON_TIME)
    held = tracker.case_time(ledger.cases[1], as_of=at(23, 9, 45))   # the check has taken 45 of 30
    assert (held.current.status, held.total_used, held.total_status, held.status) == (LATE, 105, ON_TIME, LATE)
    near = tracker.case_time(ledger.cases[1], as_of=at(23, 9, 25))    # 25 of 30 = 83 %
    assert near.status == NEAR
    before = tracker.case_time(ledger.cases[1], as_of=at(20, 9))      # a moment before the case: zero so far
    assert (before.total_used, before.current.used) == (0, 0)
    assert held.to_dict()["as_of"] == "2026-11-23T09:45:00"


def test_a_cancelled_case_has_no_status():
    ledger = Ledger(sop())
    ledger.start("x", at(23, 8))
    ledger.cancel(1, at(23, 10), note="ditarik")
    figures = Tracker(ledger.sop, CAL).case_time(ledger.cases[1], as_of=at(30, 8))
    assert (figures.status, figures.total_used, figures.steps[0].used) == (None, 120, 120)


def test_holidays_count_nothing_through_a_case():
    # Idul Fitri 2026: Wed 18 (cuti bersama) … Tue 24 March (cuti bersama) are all days off
    ledger = Ledger(sop())
    ledger.start("x", at(17, 13, month=3))
    ledger.advance(1, at(25, 9, month=3))
    step = Tracker(ledger.sop, CAL).case_time(ledger.cases[1], as_of=at(25, 9, month=3)).steps[0]
    # Tue 17 March is still Ramadan (08.00–15.00): 13:00–15:00; Wed 25 has the usual hours: 07:30–09:00
    assert step.used == 120 + 90
