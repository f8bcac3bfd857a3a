"""Schedules for date ranges (Ramadan) and one-day overrides on the working calendar, by hand and by oracle."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.calendar import works
from sopxl.domain.calendar import (DEFAULT_HOURS, RAMADAN_HOURS, CalendarError, DayHours, DayOverride, Schedule,
                                   WorkCalendar, default_calendar, ramadan_schedules)
from tests.test_domain_calendar import brute_force_minutes, periods_on

CAL = default_calendar([2026, 2027])
DECREE = "SE Sekretaris Jenderal Nomor 5 Tahun 2026"   # a decree reference as offices write it
HALF_DAY = DayOverride(date(2026, 2, 26), DayHours(3, time(8), time(11)), "setengah hari", DECREE)
DAY_OFF = DayOverride(date(2026, 3, 25), None, "libur tambahan", DECREE)
WORKED_CUTI = DayOverride(date(2026, 3, 24), DayHours(1, time(7, 30), time(16), time(12), time(13)), "masuk", DECREE)
WITH_OVERRIDES = CAL.with_overrides([HALF_DAY, DAY_OFF, WORKED_CUTI])


def test_ramadan_hours_are_32_and_a_half_hours_a_week_from_eight():
    # Mon–Thu 08.00–15.00 less 30 minutes = 390; Fri 08.00–15.30 less 60 = 390; 5 × 390 = 1950 = 32.5 h.
    assert [h.minutes() for h in RAMADAN_HOURS] == [390.0] * 5
    assert sum(h.minutes() for h in RAMADAN_HOURS) == 32.5 * 60
    assert {h.start for h in RAMADAN_HOURS} == {time(8)}
    assert sum(h.minutes() for h in DEFAULT_HOURS) == 37.5 * 60


def test_ramadan_dates_come_from_the_holidays_data_and_end_the_day_before_idul_fitri():
    by_day = {h.day: h for h in CAL.holidays}
    for schedule in ramadan_schedules([2026, 2027]):
        idul_fitri = schedule.last + timedelta(days=1)
        assert "Idul Fitri" in by_day[idul_fitri].name and by_day[idul_fitri].source == "nasional"
        assert 29 <= (schedule.last - schedule.first).days + 1 <= 30
    assert [(s.name, s.first, s.last) for s in CAL.schedules] == [
        ("Ramadan 2026", date(2026, 2, 19), date(2026, 3, 20)),
        ("Ramadan 2027", date(2027, 2, 8), date(2027, 3, 9))]
    assert default_calendar([2026], ramadan=False).schedules == ()


def test_across_the_start_of_ramadan_2026():
    # Wed 18 Feb: usual hours, 14.00–16.00 = 120. Thu 19 Feb (1 Ramadan): 08.00–12.00 + 12.30–15.00 = 390.
    # Fri 20 Feb (Ramadan): 08.00–10.00 = 120.
    assert CAL.day_hours(date(2026, 2, 18)) == ((time(7, 30), time(12)), (time(13), time(16)))
    assert CAL.day_hours(date(2026, 2, 19)) == ((time(8), time(12)), (time(12, 30), time(15)))
    assert CAL.working_minutes(datetime(2026, 2, 18, 14), datetime(2026, 2, 20, 10)) == 120 + 390 + 120
    # 07.30–08.00 on the first Ramadan day is no longer working time; 12.30–13.00 is.
    assert CAL.working_minutes(datetime(2026, 2, 19, 7, 30), datetime(2026, 2, 19, 8)) == 0
    assert CAL.working_minutes(datetime(2026, 2, 19, 12, 30), datetime(2026, 2, 19, 13)) == 30
    # A one-day norm (450) from Wed 18 Feb 14.00: 120 that day, 330 left; Thu 19 Feb gives 390,
    # so it ends Thu: 08.00–12.00 = 240, 90 left from 12.30 → 14.00.
    assert CAL.add_working_minutes(datetime(2026, 2, 18, 14), 450) == datetime(2026, 2, 19, 14)


def test_across_the_end_of_ramadan_2026():
    # Mon 16 Mar (Ramadan) 14.00–15.00 = 60; Tue 17 Mar (Ramadan) 390; Wed 18 – Tue 24 Mar holidays and a
    # weekend; Wed 25 Mar usual hours 07.30–09.00 = 90.
    assert CAL.working_minutes(datetime(2026, 3, 16, 14), datetime(2026, 3, 25, 9)) == 60 + 390 + 90
    # Friday 20 Mar would be a Ramadan Friday, but it is cuti bersama: the holiday wins.
    assert not works(CAL, date(2026, 3, 20))
    # From Tue 17 Mar 14.00 add 100: 60 left of Ramadan's Tuesday, 40 more on Wed 25 from 07.30 → 08.10.
    assert CAL.add_working_minutes(datetime(2026, 3, 17, 14), 100) == datetime(2026, 3, 25, 8, 10)


def test_a_half_day_override_inside_ramadan():
    # Thu 26 Feb 2026 declared 08.00–11.00 = 180 (instead of Ramadan's 390).
    # Wed 25 Feb 14.00–15.00 = 60; Thu 180; Fri 27 Feb 08.00–09.00 = 60.
    assert WITH_OVERRIDES.working_minutes(datetime(2026, 2, 25, 14), datetime(2026, 2, 27, 9)) == 60 + 180 + 60
    assert CAL.working_minutes(datetime(2026, 2, 25, 14), datetime(2026, 2, 27, 9)) == 60 + 390 + 60
    # Thu 10.00 + 120: 60 until 11.00, then Fri from 08.00 + 60 → 09.00.
    assert WITH_OVERRIDES.add_working_minutes(datetime(2026, 2, 26, 10), 120) == datetime(2026, 2, 27, 9)
    # Afternoon of the half day counts nothing.
    assert WITH_OVERRIDES.working_minutes(datetime(2026, 2, 26, 11), datetime(2026, 2, 26, 15)) == 0


def test_an_extra_day_off_and_a_worked_cuti_bersama():
    # Tue 24 Mar (cuti bersama) worked 07.30–16.00 less the break = 450; Wed 25 Mar a day off by decree;
    # Thu 26 Mar 07.30–09.00 = 90.  From Tue 17 Mar 14.00: 60 (Ramadan) + 450 + 0 + 90.
    assert works(WITH_OVERRIDES, date(2026, 3, 24)) and not works(WITH_OVERRIDES, date(2026, 3, 25))
    assert WITH_OVERRIDES.working_minutes(datetime(2026, 3, 17, 14), datetime(2026, 3, 26, 9)) == 60 + 450 + 90
    assert WITH_OVERRIDES.overrides == (HALF_DAY, WORKED_CUTI, DAY_OFF)


def test_the_whole_year_with_overrides():
    # 2026 on the default calendar is 240 × 450 − 19 × 60 (see test_calendar); the half day loses 390 − 180,
    # the worked cuti bersama adds 450, the extra day off loses 450.
    assert WITH_OVERRIDES.working_minutes(datetime(2026, 1, 1), datetime(2027, 1, 1)) == (
        240 * 450 - 19 * 60 - (390 - 180) + 450 - 450)


def test_bad_schedules_and_overrides_are_refused():
    with pytest.raises(CalendarError, match="overlap"):
        WorkCalendar(DEFAULT_HOURS, schedules=[Schedule("a", date(2026, 1, 1), date(2026, 1, 31), RAMADAN_HOURS),
                                               Schedule("b", date(2026, 1, 31), date(2026, 2, 5), RAMADAN_HOURS)])
    with pytest.raises(CalendarError, match="before it starts"):
        Schedule("x", date(2026, 2, 1), date(2026, 1, 1), RAMADAN_HOURS)
    with pytest.raises(CalendarError, match="its hours are for a Monday, the date is a Thursday") as error:
        DayOverride(date(2026, 2, 26), DayHours(0, time(8), time(11)))
    assert error.value.code == "override-weekday"
    with pytest.raises(CalendarError, match="two different"):
        WorkCalendar(DEFAULT_HOURS, overrides=[DAY_OFF, DayOverride(DAY_OFF.day, None, "lain")])


def test_a_calendar_working_only_on_override_days_still_finds_a_due_moment():
    weekend_only = WorkCalendar([], overrides=[DayOverride(date(2026, 6, 6), DayHours(5, time(8), time(12)))])
    assert weekend_only.add_working_minutes(datetime(2026, 1, 1), 60) == datetime(2026, 6, 6, 9)
    with pytest.raises(CalendarError, match="beyond"):
        weekend_only.add_working_minutes(datetime(2026, 1, 1), 600)


# -- properties: random schedules and overrides against the day-by-day oracle --------------------------

moments = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2026, 5, 31))
clock = st.integers(min_value=6 * 4, max_value=18 * 4).map(lambda q: time(q // 4, q % 4 * 15))


@st.composite
def day_hours(draw, weekday: int):
    a, b = sorted(draw(st.lists(clock, min_size=2, max_size=2, unique=True)))
    return DayHours(weekday, a, b)


@st.composite
def calendars(draw):
    first = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
    length = draw(st.integers(1, 40))
    weekdays = draw(st.sets(st.integers(0, 6), max_size=7))
    schedule = Schedule("s", first, first + timedelta(days=length - 1),
                        tuple(draw(day_hours(w)) for w in sorted(weekdays)))
    overrides = []
    for offset in draw(st.sets(st.integers(0, 150), max_size=6)):
        day = date(2025, 12, 15) + timedelta(days=offset)
        hours = draw(st.one_of(st.none(), day_hours(day.weekday())))
        overrides.append(DayOverride(day, hours))
    return CAL.with_schedules([schedule]).with_overrides(overrides)


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, moments)
def test_schedules_and_overrides_match_the_oracle(cal, a, b):
    a, b = sorted((a, b))
    assert cal.working_minutes(a, b) == pytest.approx(brute_force_minutes(cal, a, b), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(calendars(), moments, st.floats(min_value=1e-3, max_value=450 * 20))
def test_due_moment_is_where_the_minutes_run_out(cal, start, minutes):
    due = cal.add_working_minutes(start, minutes)
    assert cal.working_minutes(start, due) == pytest.approx(minutes, abs=1e-4)
    assert any(a < due.time() <= b for a, b in periods_on(cal, due.date()))


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, st.floats(min_value=1e-3, max_value=450 * 80))
def test_the_due_day_guessed_from_the_weekly_hours_is_the_day_a_search_finds(cal, start, minutes):
    target = cal.position(start) + round(minutes * 60_000_000)
    first = start.toordinal()
    assert cal._day_reaching(first, target) == cal._day_reaching(first, target, guess=False)
