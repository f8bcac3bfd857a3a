"""Tests of the working calendar, against the real data of the ``holidays`` package."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.calendar import works
from sopxl.domain.calendar import (

    DEFAULT_HOURS,
    CalendarError,
    DayHours,
    Holiday,
    WorkCalendar,
    default_calendar,
    indonesian_holidays,
)

YEARS = (2025, 2026, 2027)
CAL = default_calendar(YEARS)
BY_DAY = {h.day: h for h in CAL.holidays}


def dt(*args: int) -> datetime:
    return datetime(*args)


def assert_holiday(day: date, source: str) -> None:
    """Check that the package really has ``day`` as a holiday of ``source``."""
    assert day in BY_DAY, f"{day} is not a holiday in the holidays package"
    assert BY_DAY[day].source == source, BY_DAY[day]


# -- hand-computed spans ------------------------------------------------------


def test_default_hours_give_450_minutes_every_weekday():
    # Mon–Thu 07.30–16.00 = 510 − 60 break = 450; Fri 07.30–16.30 = 540 − 90 = 450.
    assert [h.weekday for h in DEFAULT_HOURS] == [0, 1, 2, 3, 4]
    assert [h.minutes() for h in DEFAULT_HOURS] == [450.0] * 5
    assert CAL.day_minutes() == 450


def test_friday_afternoon_to_monday_morning():
    # Fri 20 Nov 2026 15.00–16.30 = 90; weekend = 0; Mon 23 Nov 07.30–08.30 = 60.
    assert works(CAL, date(2026, 11, 20)) and works(CAL, date(2026, 11, 23))
    assert CAL.working_minutes(dt(2026, 11, 20, 15), dt(2026, 11, 23, 8, 30)) == 90 + 60


def test_inside_a_break_counts_nothing():
    # Mon–Thu break 12.00–13.00, Fri break 11.30–13.00.
    assert CAL.working_minutes(dt(2026, 11, 23, 12, 10), dt(2026, 11, 23, 12, 50)) == 0
    assert CAL.working_minutes(dt(2026, 11, 27, 11, 35), dt(2026, 11, 27, 12, 55)) == 0
    # Mon 11.00–13.30 across the break: 11.00–12.00 = 60 + 13.00–13.30 = 30.
    assert CAL.working_minutes(dt(2026, 11, 23, 11), dt(2026, 11, 23, 13, 30)) == 60 + 30
    # Fri 11.00–13.30: 11.00–11.30 = 30 + 13.00–13.30 = 30.
    assert CAL.working_minutes(dt(2026, 11, 27, 11), dt(2026, 11, 27, 13, 30)) == 30 + 30


def test_before_opening_and_after_closing():
    # Tue 24 Nov 2026 06.00 → 18.00 covers the whole day: 450.
    assert CAL.working_minutes(dt(2026, 11, 24, 6), dt(2026, 11, 24, 18)) == 450
    # 05.00 → 09.00: only 07.30–09.00 = 90.
    assert CAL.working_minutes(dt(2026, 11, 24, 5), dt(2026, 11, 24, 9)) == 90
    # 15.00 → 17.00 on a Tuesday: only 15.00–16.00 = 60; on a Friday 15.00–16.30 = 90.
    assert CAL.working_minutes(dt(2026, 11, 24, 15), dt(2026, 11, 24, 17)) == 60
    assert CAL.working_minutes(dt(2026, 11, 27, 15), dt(2026, 11, 27, 17)) == 90
    # Evening to next morning: Tue 17.00 → Wed 08.00 = 07.30–08.00 = 30.
    assert CAL.working_minutes(dt(2026, 11, 24, 17), dt(2026, 11, 25, 8)) == 30


def test_seconds_count_as_fractions():
    # 30 seconds = 0.5 minute; 1.5 seconds = 0.025 minute.
    assert CAL.working_minutes(dt(2026, 11, 24, 9), dt(2026, 11, 24, 9, 0, 30)) == 0.5
    assert CAL.working_minutes(
        dt(2026, 11, 24, 9), datetime(2026, 11, 24, 9, 0, 1, 500_000)
    ) == pytest.approx(0.025)


def test_end_not_after_start_is_zero():
    assert CAL.working_minutes(dt(2026, 11, 24, 10), dt(2026, 11, 24, 10)) == 0.0
    assert CAL.working_minutes(dt(2026, 11, 24, 10), dt(2026, 11, 23, 10)) == 0.0


def test_span_across_cuti_bersama_christmas_2026():
    # Thu 24 Dec 2026 is cuti bersama Natal, Fri 25 Dec 2026 is Natal (national).
    assert_holiday(date(2026, 12, 24), "cuti bersama")
    assert "Cuti Bersama" in BY_DAY[date(2026, 12, 24)].name
    assert_holiday(date(2026, 12, 25), "nasional")
    assert not works(CAL, date(2026, 12, 24))
    start, end = dt(2026, 12, 23, 15), dt(2026, 12, 28, 8)
    # Wed 23 Dec 15.00–16.00 = 60; Thu 24 (cuti) + Fri 25 (Natal) + weekend = 0;
    # Mon 28 Dec 07.30–08.00 = 30.  Total 90.
    assert CAL.working_minutes(start, end) == 60 + 30
    # Without cuti bersama, Thu 24 would be a full day: 60 + 450 + 30 = 540.
    national_only = WorkCalendar(
        DEFAULT_HOURS, [h for h in CAL.holidays if h.source == "nasional"]
    )
    assert national_only.working_minutes(start, end) == 60 + 450 + 30


def test_span_across_idul_fitri_2026():
    # The package has, around Idul Fitri 1447 H (20–21 March 2026):
    #   Wed 18 Mar cuti bersama Nyepi, Thu 19 Mar Nyepi (national),
    #   Fri 20 Mar cuti bersama Idul Fitri, Sat 21 + Sun 22 Mar Idul Fitri (national),
    #   Mon 23 + Tue 24 Mar cuti bersama Idul Fitri.
    assert_holiday(date(2026, 3, 18), "cuti bersama")
    assert_holiday(date(2026, 3, 19), "nasional")
    assert_holiday(date(2026, 3, 20), "cuti bersama")
    assert_holiday(date(2026, 3, 21), "nasional")
    assert_holiday(date(2026, 3, 22), "nasional")
    assert_holiday(date(2026, 3, 23), "cuti bersama")
    assert_holiday(date(2026, 3, 24), "cuti bersama")
    assert "Idul Fitri" in BY_DAY[date(2026, 3, 21)].name
    assert "Idul Fitri" in BY_DAY[date(2026, 3, 20)].name
    assert works(CAL, date(2026, 3, 17)) and works(CAL, date(2026, 3, 25))
    for d in range(18, 25):
        assert not works(CAL, date(2026, 3, d))
    # Tue 17 Mar is still Ramadan (08.00–15.00): 14.00–15.00 = 60; 18–24 Mar = 0;
    # Wed 25 Mar has the usual hours again: 07.30–10.00 = 150.
    assert CAL.working_minutes(dt(2026, 3, 17, 14), dt(2026, 3, 25, 10)) == 60 + 150
    # A one-day norm (450) started Tue 17 Mar 14.00: 60 on Tue, 390 left on Wed 25;
    # 07.30–12.00 = 270, 120 left after the break: 13.00 + 120 = 15.00.
    assert CAL.add_working_minutes(dt(2026, 3, 17, 14), 450) == dt(2026, 3, 25, 15)


def test_span_across_year_end_2026_2027():
    # Thu 31 Dec 2026 is a working day; Fri 1 Jan 2027 is Tahun Baru (national).
    assert works(CAL, date(2026, 12, 31))
    assert_holiday(date(2027, 1, 1), "nasional")
    # Thu 31 Dec 15.00–16.00 = 60; Fri 1 Jan + weekend = 0; Mon 4 Jan 07.30–08.00 = 30.
    assert CAL.working_minutes(dt(2026, 12, 31, 15), dt(2027, 1, 4, 8)) == 60 + 30
    # 60 minutes from Thu 15.00 end exactly at closing time: the end itself.
    assert CAL.add_working_minutes(dt(2026, 12, 31, 15), 60) == dt(2026, 12, 31, 16)
    # One more minute spills past the holiday and the weekend to Mon 07.31.
    assert CAL.add_working_minutes(dt(2026, 12, 31, 15), 61) == dt(2027, 1, 4, 7, 31)


def test_whole_year_2026():
    # 2026 starts on a Thursday and has 365 days = 52 weeks + 1 Thursday:
    # 52 × 5 + 1 = 261 weekdays.  Holidays on weekdays:
    #   national (13): 1 Jan, 16 Jan, 17 Feb, 19 Mar, 3 Apr, 1 May, 14 May, 27 May,
    #                  1 Jun, 16 Jun, 17 Aug, 25 Aug, 25 Dec
    #   cuti bersama (8): 16 Feb, 18 Mar, 20 Mar, 23 Mar, 24 Mar, 15 May, 28 May, 24 Dec
    # 261 − 21 = 240 working days.  Ramadan 1447 runs Thu 19 Feb – Fri 20 Mar 2026 (Idul Fitri
    # Sat 21 Mar): 22 weekdays, of which 18, 19, 20 Mar are holidays, so 19 days have Ramadan
    # hours, 390 minutes instead of 450: 240 × 450 − 19 × 60 = 106,860 minutes.
    weekday_holidays = [
        h for h in CAL.holidays if h.day.year == 2026 and h.day.weekday() < 5
    ]
    assert len(weekday_holidays) == 21
    ramadan = CAL.schedule_on(date(2026, 3, 1))
    assert (ramadan.first, ramadan.last) == (date(2026, 2, 19), date(2026, 3, 20))
    assert CAL.working_minutes(dt(2026, 1, 1), dt(2027, 1, 1)) == 240 * 450 - 19 * 60
    # Same from a brute-force day count.
    days = [date(2026, 1, 1) + timedelta(n) for n in range(365)]
    assert sum(works(CAL, d) for d in days) == 240


def test_due_moment_rules():
    # minutes == 0 returns the start unchanged, even outside working hours.
    assert CAL.add_working_minutes(dt(2026, 11, 21, 10), 0) == dt(2026, 11, 21, 10)
    # A start on Saturday begins Monday 07.30: 90 minutes → 09.00.
    assert CAL.add_working_minutes(dt(2026, 11, 21, 10), 90) == dt(2026, 11, 23, 9)
    # A start in the break begins at 13.00.
    assert CAL.add_working_minutes(dt(2026, 11, 23, 12, 30), 30) == dt(2026, 11, 23, 13, 30)
    # Reaching exactly the start of the break returns 12.00, not 13.00.
    assert CAL.add_working_minutes(dt(2026, 11, 23, 11), 60) == dt(2026, 11, 23, 12)
    # Fractions: 0.5 minute = 30 seconds.
    assert CAL.add_working_minutes(dt(2026, 11, 23, 9), 0.5) == dt(2026, 11, 23, 9, 0, 30)
    with pytest.raises(CalendarError):
        CAL.add_working_minutes(dt(2026, 11, 23, 9), -1)
    with pytest.raises(CalendarError):
        CAL.add_working_minutes(dt(2026, 11, 23, 9), float("nan"))


@pytest.mark.parametrize("minutes", [0, 0.0, 0.5, 1, 30.0, 90, 450.0, 451.25, 1865.0, 10_000.0, 2.5e6])
@pytest.mark.parametrize("start", [dt(2026, 11, 21, 10), dt(2026, 11, 23, 12, 30), dt(2026, 11, 23, 16, 0, 1),
                                   dt(2026, 12, 31, 23, 59, 59, 999_999), dt(2026, 11, 23, 7, 30)])
def test_add_working_minutes_at_is_the_moment_add_working_minutes_gives(start, minutes):
    day, clock = CAL.add_working_minutes_at(start, minutes)
    assert 0 <= clock <= 86_400_000_000
    assert datetime.fromordinal(day) + timedelta(microseconds=clock) == CAL.add_working_minutes(start, minutes)


@pytest.mark.parametrize("minutes", [-1, -1.0, -0.001, float("nan"), float("inf"), -float("inf"), True, "5", None])
def test_minutes_no_working_time_can_be_added_are_refused_alike(minutes):
    for add in (CAL.add_working_minutes, CAL.add_working_minutes_at):
        with pytest.raises(CalendarError) as refused:
            add(dt(2026, 11, 23, 9), minutes)
        assert refused.value.code == "minutes-invalid"


# -- holidays data and calendar construction ----------------------------------


def test_indonesian_holidays_sources_and_names():
    hols = indonesian_holidays([2026])
    assert hols == sorted(hols, key=lambda h: h.day)
    assert {h.source for h in hols} == {"nasional", "cuti bersama"}
    assert len({h.day for h in hols}) == len(hols)
    by_day = {h.day: h for h in hols}
    assert by_day[date(2026, 8, 17)].source == "nasional"
    assert "Kemerdekaan" in by_day[date(2026, 8, 17)].name  # Indonesian names
    assert indonesian_holidays([]) == []


def test_holiday_in_both_categories_keeps_national():
    # The package data (2000–2030) has no date in both categories, so the rule
    # is checked as: a date is "nasional" exactly when it is a national holiday.
    hols = indonesian_holidays(YEARS)
    import holidays as holidays_pkg

    national = holidays_pkg.country_holidays(
        "ID", years=YEARS, categories=("public",), language="id"
    )
    for h in hols:
        assert (h.source == "nasional") == (h.day in national)


def test_local_holiday_and_weekend_holiday():
    start, end = dt(2026, 11, 23, 7), dt(2026, 11, 28, 7)  # Mon → Sat
    base = CAL.working_minutes(start, end)
    assert base == 5 * 450
    # A local holiday on Wednesday removes one day.
    local = CAL.with_holidays([Holiday(date(2026, 11, 25), "Hari Jadi Kota", "lokal")])
    assert local.working_minutes(start, end) == 4 * 450
    assert not works(local, date(2026, 11, 25))
    assert works(CAL, date(2026, 11, 25))  # the original is unchanged
    # A holiday on a weekend changes nothing.
    weekend = CAL.with_holidays([Holiday(date(2026, 11, 28), "Hari Jadi Kota", "lokal")])
    assert weekend.working_minutes(start, dt(2026, 11, 30, 8)) == 5 * 450 + 30
    # A local holiday repeating a national one is counted once.
    twice = CAL.with_holidays([Holiday(date(2026, 12, 25), "Natal", "lokal")])
    assert twice.working_minutes(dt(2026, 12, 21), dt(2026, 12, 28)) == 3 * 450


def test_hours_and_holidays_are_sorted_read_only_views():
    cal = WorkCalendar(
        reversed(DEFAULT_HOURS),
        [Holiday(date(2026, 5, 2), "b", "lokal"), Holiday(date(2026, 5, 1), "a", "lokal")],
    )
    assert [h.weekday for h in cal.hours] == [0, 1, 2, 3, 4]
    assert [h.day for h in cal.holidays] == [date(2026, 5, 1), date(2026, 5, 2)]
    assert isinstance(cal.hours, tuple) and isinstance(cal.holidays, tuple)
    with pytest.raises(AttributeError):
        cal.hours = ()  # type: ignore[misc]


def test_duplicate_weekday_is_rejected():
    with pytest.raises(CalendarError, match="twice"):
        WorkCalendar(DEFAULT_HOURS + (DayHours(0, time(8), time(12)),))


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(weekday=0, start=time(16), end=time(8)),  # start after end
        dict(weekday=0, start=time(8), end=time(8)),  # start == end
        dict(weekday=7, start=time(8), end=time(16)),  # no such weekday
        dict(weekday=0, start=time(8), end=time(16), break_start=time(7), break_end=time(9)),
        dict(weekday=0, start=time(8), end=time(16), break_start=time(15), break_end=time(17)),
        dict(weekday=0, start=time(8), end=time(16), break_start=time(13), break_end=time(12)),
        dict(weekday=0, start=time(8), end=time(16), break_start=time(12), break_end=time(12)),
        dict(weekday=0, start=time(8), end=time(16), break_start=time(12)),  # half a break
        dict(weekday=1.0, start=time(8), end=time(16)),  # not an integer
        dict(weekday=0, start=time(8), end=time(16), break_start=time(8), break_end=time(16)),
    ],
)
def test_day_hours_validation(kwargs):
    with pytest.raises(CalendarError):
        DayHours(**kwargs)
    assert issubclass(CalendarError, ValueError)


def test_break_touching_the_edges_is_allowed():
    h = DayHours(0, time(8), time(16), time(8), time(9))
    assert h.minutes() == 420
    assert h.periods() == ((time(9), time(16)),)


def test_day_minutes_most_common_ties_largest():
    five_hours = [DayHours(wd, time(8), time(13)) for wd in (0, 1, 2)]  # 300 × 3
    assert WorkCalendar(five_hours + [DayHours(3, time(8), time(16))]).day_minutes() == 300
    tie = [DayHours(0, time(8), time(13)), DayHours(1, time(8), time(16))]  # 300 vs 480
    assert WorkCalendar(tie).day_minutes() == 480


def test_calendar_without_working_days():
    empty = WorkCalendar([])
    assert empty.working_minutes(dt(2026, 1, 1), dt(2027, 1, 1)) == 0.0
    assert not works(empty, date(2026, 11, 23))
    assert empty.add_working_minutes(dt(2026, 1, 1), 0) == dt(2026, 1, 1)
    with pytest.raises(CalendarError, match="no working weekday"):
        empty.add_working_minutes(dt(2026, 1, 1), 1)
    with pytest.raises(CalendarError, match="no working weekday"):
        empty.day_minutes()


def test_due_beyond_year_9999_is_an_error():
    with pytest.raises(CalendarError, match="9999"):
        CAL.add_working_minutes(dt(9999, 12, 1), 450 * 100)


def test_aware_datetimes_are_rejected():
    from datetime import timezone

    aware = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
    with pytest.raises(CalendarError, match="naive"):
        CAL.working_minutes(aware, aware + timedelta(hours=1))


# -- properties ---------------------------------------------------------------

moments = st.datetimes(min_value=dt(2025, 12, 1), max_value=dt(2027, 2, 28))


def periods_on(cal: WorkCalendar, day: date) -> tuple:
    """The working periods of one day from the calendar's public data, rule by rule (the oracle's day)."""
    for o in cal.overrides:
        if o.day == day:
            return () if o.hours is None else o.hours.periods()
    if any(h.day == day for h in cal.holidays):
        return ()
    hours = cal.hours
    for s in cal.schedules:
        if s.first <= day <= s.last:
            hours = s.hours
    by_weekday = {h.weekday: h for h in hours}
    return by_weekday[day.weekday()].periods() if day.weekday() in by_weekday else ()


def brute_force_minutes(cal: WorkCalendar, start: datetime, end: datetime) -> float:
    """Working minutes by walking day by day and intersecting each period (the oracle)."""
    total = timedelta()
    day = start.date()
    while day <= end.date():
        for a, b in periods_on(cal, day):
            lo = max(start, datetime.combine(day, a))
            hi = min(end, datetime.combine(day, b))
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total / timedelta(minutes=1)


@given(moments, moments)
def test_matches_day_by_day_oracle(a, b):
    a, b = sorted((a, b))
    assert CAL.working_minutes(a, b) == pytest.approx(brute_force_minutes(CAL, a, b), abs=1e-6)


@given(moments, moments, moments)
def test_additive(a, b, c):
    a, b, c = sorted((a, b, c))
    assert CAL.working_minutes(a, b) + CAL.working_minutes(b, c) == pytest.approx(
        CAL.working_minutes(a, c), abs=1e-6
    )


@given(moments, moments)
def test_never_negative(a, b):
    assert CAL.working_minutes(a, b) >= 0


def _off_runs() -> list[tuple[date, date]]:
    """Return maximal runs of consecutive days off (weekends, holidays) as (first, last)."""
    runs, day, last = [], date(2025, 12, 1), date(2027, 2, 28)
    while day <= last:
        if not works(CAL, day):
            first = day
            while day + timedelta(1) <= last and not works(CAL, day + timedelta(1)):
                day += timedelta(1)
            runs.append((first, day))
        day += timedelta(1)
    return runs


OFF_RUNS = _off_runs()


@given(st.sampled_from(OFF_RUNS), st.floats(0, 1), st.floats(0, 1))
def test_zero_within_holidays_and_weekends(run, f1, f2):
    first, last = run
    lo = datetime.combine(first, time())
    length = datetime.combine(last + timedelta(1), time()) - lo
    a, b = sorted((lo + length * f1, lo + length * f2))
    assert CAL.working_minutes(a, b) == 0


@given(moments, st.floats(min_value=0, max_value=450 * 200, allow_nan=False))
def test_add_is_inverse_of_working_minutes(start, minutes):
    due = CAL.add_working_minutes(start, minutes)
    assert due >= start
    assert CAL.working_minutes(start, due) == pytest.approx(minutes, abs=1e-6)


@given(moments, st.floats(0, 450 * 100), st.floats(0, 450 * 100))
def test_due_is_monotone(start, m1, m2):
    m1, m2 = sorted((m1, m2))
    assert CAL.add_working_minutes(start, m1) <= CAL.add_working_minutes(start, m2)


@settings(max_examples=50)
@given(moments, st.floats(min_value=1e-3, max_value=450 * 30))
def test_due_is_inside_working_hours(start, minutes):
    # A positive due lies within a working period of a working day (an end counts).
    due = CAL.add_working_minutes(start, minutes)
    assert works(CAL, due.date())
    assert any(a < due.time() <= b for a, b in periods_on(CAL, due.date()))
