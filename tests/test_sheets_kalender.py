"""The Kalender sheet with Ramadan hours and one-day changes, and that one calendar counts time everywhere.

One case runs across the start of Ramadan 2026 and a half-day override; its minutes are worked out by hand
once and then checked in the tracker (file door), the monthly report's figures, the consolidation database
and the simulation.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from helpers.ooxml import assert_valid
from sopxl import api
from sopxl import layout as L
from sopxl.domain.calendar import DayHours, DayOverride, calendar_from_json, default_calendar
from sopxl.domain.figures import Month
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.errors import WorkbookError
from sopxl.reporting.sources import FileSource
from sopxl.sheets.sop import calendar_from_grid
from sopxl.xlsx.read import read_grids
from sopxl.xlsx.workbook import create, load_calendar, template_calendar

DATA = Path(__file__).resolve().parent / "data" / "calendar"
DECREE = "SE Sekretaris Jenderal Nomor 5 Tahun 2026"
HALF_DAY = DayOverride(dt.date(2026, 2, 26), DayHours(3, dt.time(8), dt.time(11)), "setengah hari", DECREE)
CALENDAR = default_calendar([2026, 2027]).with_overrides([HALF_DAY])


def review_sop() -> SOP:
    return SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep nota dinas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 hari"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="3 hari", ya=3, tidak=1),
        Step(3, "Menandatangani nota dinas", marks=["Karo"], symbol=Symbol.TERMINATOR, waktu="30 menit"),
    ])


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "kantor").mkdir()
    return create(tmp_path / "kantor" / "nota.xlsx", review_sop(), calendar=CALENDAR)


def test_template_holds_the_ramadan_hours_of_its_years(tmp_path: Path):
    calendar = template_calendar(dt.date(2026, 11, 20))
    assert [(s.name, s.first, s.last) for s in calendar.schedules] == [
        ("Ramadan 2026", dt.date(2026, 2, 19), dt.date(2026, 3, 20)),
        ("Ramadan 2027", dt.date(2027, 2, 8), dt.date(2027, 3, 9))]
    path = api.new(tmp_path / "blank.xlsx", today=dt.date(2026, 11, 20))
    assert load_calendar(path) == calendar


@pytest.mark.parametrize("lang", L.LANGS)
def test_schedules_and_overrides_round_trip_through_the_sheet(tmp_path: Path, lang: str):
    day_off = DayOverride(dt.date(2026, 3, 25), None, "libur tambahan", DECREE)
    calendar = CALENDAR.with_overrides([day_off])
    path = create(tmp_path / f"{lang}.xlsx", review_sop(), calendar=calendar, lang=lang)
    assert load_calendar(path) == calendar
    grid = read_grids(path, (L.KALENDER,))[L.KALENDER]
    row, column = L.KALENDER_OVERRIDES_ORIGIN
    assert [grid.text(row, column + i) for i in range(len(L.OVERRIDE_COLUMNS))] == [
        L.text(c.key, lang) for c in L.OVERRIDE_COLUMNS]
    assert grid.text(row + 1, column + 6) == DECREE and grid.get(row + 2, column + 1) is None
    assert_valid(path)


def test_a_kalender_written_before_schedules_existed_still_reads():
    # written by sopxl before this change (workbooks/examples at commit 477cf59): hours and holidays only
    old = DATA / "kalender_before_schedules.xlsx"
    grid = read_grids(old, (L.KALENDER,))[L.KALENDER]
    assert grid.get(*L.KALENDER_SCHEDULES_ORIGIN) is None
    calendar = load_calendar(old)
    assert (calendar.schedules, calendar.overrides) == ((), ())
    assert len(calendar.holidays) == 51 and calendar.day_minutes() == 450
    # a Ramadan day of 2026 counts the usual hours there: that workbook has no Ramadan schedule
    assert calendar.working_minutes(dt.datetime(2026, 2, 19), dt.datetime(2026, 2, 20)) == 450


def _kalender_grid(path: Path):
    return read_grids(path, (L.KALENDER,))[L.KALENDER]


def test_a_bad_schedule_or_override_row_names_its_cell(book: Path):
    grid = _kalender_grid(book)
    s_row, s_col = L.KALENDER_SCHEDULES_ORIGIN
    valid_to = s_col + 1                                 # 0-based index of the Berlaku Sampai column
    grid.rows[s_row][valid_to] = "2026-02-01"            # Ramadan 2026's Senin row now ends before it starts
    with pytest.raises(WorkbookError) as error:
        calendar_from_grid(grid)
    assert error.value.cell == L.cell_ref(s_row + 1, s_col) and "before it starts" in error.value.message

    grid = _kalender_grid(book)
    grid.rows[s_row][valid_to] = "2026-03-30"            # the Senin row a schedule of its own, overlapping the rest
    with pytest.raises(WorkbookError) as error:
        calendar_from_grid(grid)
    assert error.value.cell == L.cell_ref(s_row + 2, s_col) and "overlap" in error.value.message

    grid = _kalender_grid(book)
    o_row, o_col = L.KALENDER_OVERRIDES_ORIGIN
    grid.rows[o_row][o_col + 1] = None                   # the half day (row 3) keeps its start, loses its end
    with pytest.raises(WorkbookError) as error:
        calendar_from_grid(grid)
    assert error.value.cell == L.cell_ref(o_row + 1, o_col + 2) and "both a start and an end" in error.value.message


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


# By hand, on the workbook's calendar (Ramadan 2026 from Thu 19 Feb: 08.00–15.00, break 12.00–12.30, Friday
# 08.00–15.30, break 11.30–12.30; Thu 26 Feb a half day 08.00–11.00 by decree):
#   step 1  Wed 18 Feb 14.00 → Fri 20 Feb 10.00: Wed 14–16 = 120, Thu 390, Fri 08–10 = 120      = 630
#   step 2  Fri 20 Feb 10.00 → Thu 26 Feb 10.00: Fri 10–11.30 + 12.30–15.30 = 270,
#           Mon–Wed 3 × 390 = 1170, Thu 08–10 = 120                                              = 1560
#   step 3  Thu 26 Feb 10.00 → 10.30                                                              = 30
#   case    630 + 1560 + 30                                                                       = 2220
MOMENTS = [at(2, 18, 14), at(2, 20, 10), at(2, 26, 10), at(2, 26, 10, 30)]
STEP_MINUTES = [630, 1560, 30]
CASE_MINUTES = 2220


def run_the_case(book: Path) -> None:
    api.start_case(book, "Nota dinas Ramadan", at=MOMENTS[0])
    api.advance(book, 1, at=MOMENTS[1])
    api.advance(book, 1, decision=True, at=MOMENTS[2])
    api.advance(book, 1, at=MOMENTS[3])


def test_the_tracker_counts_on_the_workbooks_calendar(book: Path):
    run_the_case(book)
    case = api.show_case(book, 1, as_of=at(3, 2, 8))
    assert [s.used for s in case.steps] == STEP_MINUTES
    assert case.total_used == CASE_MINUTES
    # the norms stay in the office's usual day: 1 hari = 450 even in Ramadan
    assert [s.norm for s in case.steps] == [450, 3 * 450, 30]


def test_the_report_counts_on_the_workbooks_calendar(book: Path):
    run_the_case(book)
    from sopxl.domain.figures import report_figures

    figures = report_figures(FileSource(book), Month(2026, 2))
    [sop] = figures.sops
    assert sop.used == [CASE_MINUTES]
    assert sorted(u for s in sop.steps for u in s.used) == sorted(STEP_MINUTES)


def test_consolidation_keeps_the_calendar_and_counts_on_it(book: Path, tmp_path: Path):
    run_the_case(book)
    api.consolidate([book.parent], master=tmp_path / "master.xlsx", as_of=at(3, 2, 8), report=False)
    with sqlite3.connect(tmp_path / "sopxl.db") as db:
        [(total_used,)] = db.execute("SELECT total_used FROM cases").fetchall()
        [(calendar_json,)] = db.execute("SELECT calendar_json FROM sops").fetchall()
    assert total_used == CASE_MINUTES
    assert calendar_from_json(calendar_json) == CALENDAR


def test_simulated_events_fall_in_ramadan_working_hours(book: Path):
    api.simulate_cases(book, cases=12, start=at(2, 19, 8), end=at(3, 17, 15), seed=3)
    assert len(api.list_cases(book, as_of=at(3, 17, 15)).cases) == 12
    from sopxl.xlsx.casefile import open_casebook

    ledger = open_casebook(book).ledger
    for event in ledger.events:
        periods = CALENDAR.day_hours(event.at.date())
        assert CALENDAR.schedule_on(event.at.date()) is not None          # Ramadan, by the simulation's window
        assert any(a <= event.at.time() <= b for a, b in periods), event
        assert event.at.time() >= dt.time(8)                              # Ramadan starts at 08.00, not 07.30
