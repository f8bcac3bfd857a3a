"""Working calendar of an Indonesian government office.

Time spent on an SOP step is counted in *working time*: only the office
hours of working days count.  The common schedule (Perpres 21/2023 and
common practice) is Monday–Thursday 07.30–16.00 with a break 12.00–13.00
and Friday 07.30–16.30 with a break 11.30–13.00, i.e. 450 working minutes
every working day.  Weekends, national holidays (libur nasional), cuti
bersama and local holidays are days off.

This module is pure domain logic: no file access and no spreadsheet code.

Implementation note: every moment is mapped to a *position*, the number of
working microseconds elapsed since the proleptic day 0001-01-01.  Positions
come from whole-week arithmetic minus a prefix sum over the holidays (found
by bisection), so ``working_minutes`` is O(log h) whatever the span, and
integer microseconds keep the arithmetic exact (spans are additive).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable

__all__ = [
    "CalendarError",
    "DayHours",
    "Holiday",
    "WorkCalendar",
    "DEFAULT_HOURS",
    "indonesian_holidays",
    "default_calendar",
]

_US_PER_MINUTE = 60_000_000
_US_PER_DAY = 24 * 60 * _US_PER_MINUTE
_WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


class CalendarError(ValueError):
    """Raised for an invalid working calendar or an impossible calendar query."""


def _time_us(t: time) -> int:
    """Return the microseconds from midnight to the time of day ``t``."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


@dataclass(frozen=True)
class DayHours:
    """Working hours of one weekday, optionally with a single break."""

    weekday: int  # 0 = Monday … 6 = Sunday
    start: time
    end: time
    break_start: time | None = None
    break_end: time | None = None

    def __post_init__(self) -> None:
        if (
            not isinstance(self.weekday, int)
            or isinstance(self.weekday, bool)
            or not 0 <= self.weekday <= 6
        ):
            raise CalendarError(
                f"weekday must be an integer 0 (Monday) … 6 (Sunday), got {self.weekday!r}"
            )
        day = _WEEKDAY_NAMES[self.weekday]
        for field in ("start", "end", "break_start", "break_end"):
            value = getattr(self, field)
            if value is not None and not isinstance(value, time):
                raise CalendarError(f"{day}: {field} must be a datetime.time, got {value!r}")
        if self.start is None or self.end is None:
            raise CalendarError(f"{day}: start and end are required")
        if self.start >= self.end:
            raise CalendarError(
                f"{day}: start {self.start:%H:%M} must be before end {self.end:%H:%M}"
            )
        if (self.break_start is None) != (self.break_end is None):
            raise CalendarError(f"{day}: give both break_start and break_end, or neither")
        if self.break_start is not None:
            if self.break_start >= self.break_end:
                raise CalendarError(
                    f"{day}: break_start {self.break_start:%H:%M} must be before "
                    f"break_end {self.break_end:%H:%M}"
                )
            if self.break_start < self.start or self.break_end > self.end:
                raise CalendarError(
                    f"{day}: break {self.break_start:%H:%M}–{self.break_end:%H:%M} must lie "
                    f"inside the working hours {self.start:%H:%M}–{self.end:%H:%M}"
                )
            if self.break_start == self.start and self.break_end == self.end:
                # A day with no working time would look like a working day that never is.
                raise CalendarError(f"{day}: the break covers the whole working day")

    def periods(self) -> tuple[tuple[time, time], ...]:
        """Return the working periods of the day as (start, end) pairs, break excluded."""
        if self.break_start is None:
            return ((self.start, self.end),)
        # A break touching the start or end leaves an empty period, which is dropped.
        return tuple(
            (a, b)
            for a, b in ((self.start, self.break_start), (self.break_end, self.end))
            if a < b
        )

    def minutes(self) -> float:
        """Return the working minutes of the day (the break excluded)."""
        return sum(_time_us(b) - _time_us(a) for a, b in self.periods()) / _US_PER_MINUTE


@dataclass(frozen=True)
class Holiday:
    """A day off on the calendar: national holiday, cuti bersama or local holiday."""

    day: date
    name: str
    source: str  # "nasional" | "cuti bersama" | "lokal"


def _holiday_key(h: Holiday) -> tuple:
    """Return the sort key of a holiday: by date, then source, then name."""
    return (h.day, h.source, h.name)


class WorkCalendar:
    """Working hours per weekday plus a list of holidays, answering working-time queries."""

    def __init__(self, hours: Iterable[DayHours], holidays: Iterable[Holiday] = ()) -> None:
        hours = tuple(hours)
        holidays = tuple(holidays)
        for h in hours:
            if not isinstance(h, DayHours):
                raise CalendarError(f"hours must contain DayHours, got {h!r}")
        for h in holidays:
            if not isinstance(h, Holiday):
                raise CalendarError(f"holidays must contain Holiday, got {h!r}")
        seen: dict[int, DayHours] = {}
        for h in hours:
            if h.weekday in seen:
                raise CalendarError(
                    f"weekday {h.weekday} ({_WEEKDAY_NAMES[h.weekday]}) has working hours twice"
                )
            seen[h.weekday] = h
        self._hours = tuple(sorted(hours, key=lambda h: h.weekday))
        self._holidays = tuple(sorted(set(holidays), key=_holiday_key))

        # Per weekday: working periods in microseconds from midnight, and their total.
        self._periods_us: list[tuple[tuple[int, int], ...]] = [()] * 7
        for h in self._hours:
            self._periods_us[h.weekday] = tuple(
                (_time_us(a), _time_us(b)) for a, b in h.periods()
            )
        self._day_us = [sum(b - a for a, b in p) for p in self._periods_us]
        self._week_us = sum(self._day_us)
        # _week_prefix[r]: working microseconds of the first r days of a Monday-started week.
        self._week_prefix = [0] * 8
        for wd in range(7):
            self._week_prefix[wd + 1] = self._week_prefix[wd] + self._day_us[wd]

        # Only holidays on working weekdays remove time; several entries on one
        # date (a local holiday repeating a national one) must count once.
        self._holiday_ordinals = frozenset(h.day.toordinal() for h in self._holidays)
        self._off_ordinals = sorted(
            o for o in self._holiday_ordinals if self._day_us[(o - 1) % 7] > 0
        )
        self._off_prefix = [0]
        for o in self._off_ordinals:
            self._off_prefix.append(self._off_prefix[-1] + self._day_us[(o - 1) % 7])

    @property
    def hours(self) -> tuple[DayHours, ...]:
        """Return the working hours, sorted by weekday."""
        return self._hours

    @property
    def holidays(self) -> tuple[Holiday, ...]:
        """Return the holidays, sorted by date, source and name."""
        return self._holidays

    def __repr__(self) -> str:
        days = ",".join(_WEEKDAY_NAMES[h.weekday] for h in self._hours)
        return f"WorkCalendar(days={days}, holidays={len(self._holidays)})"

    def is_working_day(self, day: date) -> bool:
        """Return True when ``day`` has working hours and is not a holiday."""
        ordinal = day.toordinal()  # also accepts a datetime, whose time is ignored
        return self._day_us[(ordinal - 1) % 7] > 0 and ordinal not in self._holiday_ordinals

    def day_minutes(self) -> int:
        """Return the minutes of "one working day": the most common daily working minutes.

        Ties go to the largest value.  Raises CalendarError when no weekday has
        working hours, since a norm cannot be expressed in days then.
        """
        minutes = [round(us / _US_PER_MINUTE) for us in self._day_us if us > 0]
        if not minutes:
            raise CalendarError("the calendar has no working weekday")
        counts = Counter(minutes)
        return max(counts, key=lambda m: (counts[m], m))

    def working_minutes(self, start: datetime, end: datetime) -> float:
        """Return the working minutes between two naive local datetimes (0.0 if end <= start)."""
        if end <= start:
            return 0.0
        return (self._position(end) - self._position(start)) / _US_PER_MINUTE

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """Return the moment at which ``minutes`` of working time after ``start`` have elapsed.

        A start outside working hours begins at the next working moment;
        ``minutes == 0`` returns ``start`` unchanged; a result falling exactly
        at the end of a working period is that end, not the next period's start.
        """
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
            raise CalendarError(f"minutes must be a number, got {minutes!r}")
        if math.isnan(minutes) or math.isinf(minutes) or minutes < 0:
            raise CalendarError(f"minutes must be a finite number >= 0, got {minutes!r}")
        delta = round(minutes * _US_PER_MINUTE)
        if delta == 0:
            self._check_naive(start)
            return start
        if self._week_us == 0:
            raise CalendarError(
                "the calendar has no working weekday, so working time never elapses"
            )
        target = self._position(start) + delta
        day = self._day_reaching(start.toordinal(), target)
        # target > position at the start of `day` (see _day_reaching), so the loop
        # ends inside or exactly at the end of a working period of that day.
        remaining = target - self._before(day)
        for a, b in self._periods_us[(day - 1) % 7]:
            if remaining <= b - a:
                return datetime.combine(date.fromordinal(day), time()) + timedelta(
                    microseconds=a + remaining
                )
            remaining -= b - a
        raise AssertionError("unreachable: target lies beyond the day found for it")

    def with_holidays(self, extra: Iterable[Holiday]) -> WorkCalendar:
        """Return a new calendar with the same hours and ``extra`` holidays added."""
        return WorkCalendar(self._hours, self._holidays + tuple(extra))

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _check_naive(moment: datetime) -> None:
        """Raise CalendarError unless ``moment`` is a naive datetime."""
        if not isinstance(moment, datetime):
            raise CalendarError(f"expected a datetime, got {moment!r}")
        if moment.tzinfo is not None:
            raise CalendarError(f"expected a naive local datetime, got {moment!r}")

    def _before(self, ordinal: int) -> int:
        """Return the working microseconds of all days before the day ``ordinal``."""
        weeks, rest = divmod(ordinal - 1, 7)  # ordinal 1 (0001-01-01) is a Monday
        base = weeks * self._week_us + self._week_prefix[rest]
        return base - self._off_prefix[bisect_left(self._off_ordinals, ordinal)]

    def _position(self, moment: datetime) -> int:
        """Return the working microseconds elapsed from 0001-01-01 to ``moment``."""
        self._check_naive(moment)
        ordinal = moment.toordinal()
        position = self._before(ordinal)
        if ordinal in self._holiday_ordinals:
            return position
        clock = (
            (moment.hour * 60 + moment.minute) * 60 + moment.second
        ) * 1_000_000 + moment.microsecond
        for a, b in self._periods_us[(ordinal - 1) % 7]:
            if clock <= a:
                break
            position += min(clock, b) - a
        return position

    def _day_reaching(self, first: int, target: int) -> int:
        """Return the first day (ordinal, >= ``first``) by whose end ``target`` is reached.

        The caller guarantees target > position at the start of ``first``; then
        the day returned also has target > position at its own start.
        """
        last_ordinal = date.max.toordinal()

        def reached(day: int) -> bool:
            return self._before(day + 1) >= target

        if reached(first):
            return first
        # Gallop: jump ahead by roughly the weeks still needed (holidays make
        # this an underestimate), doubling until the target is passed.
        lo = first
        step = 7 * ((target - self._before(first + 1)) // self._week_us + 1)
        hi = min(lo + step, last_ordinal)
        while not reached(hi):
            if hi == last_ordinal:
                raise CalendarError("the due moment lies beyond the year 9999")
            lo, step = hi, step * 2
            hi = min(lo + step, last_ordinal)
        # Invariant: not reached(lo), reached(hi).
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if reached(mid):
                hi = mid
            else:
                lo = mid
        return hi


DEFAULT_HOURS: tuple[DayHours, ...] = tuple(
    DayHours(wd, time(7, 30), time(16, 0), time(12, 0), time(13, 0)) for wd in range(4)
) + (DayHours(4, time(7, 30), time(16, 30), time(11, 30), time(13, 0)),)


def indonesian_holidays(years: Iterable[int]) -> list[Holiday]:
    """Return Indonesia's national holidays and cuti bersama for ``years``, sorted by date.

    Data come from the ``holidays`` package with Indonesian names; the
    national ones have source "nasional" and the cuti bersama (the package's
    "government" category) "cuti bersama".  A date present in both keeps
    only the national holiday.
    """
    years = sorted(set(years))
    if not years:
        return []
    # Imported here so the rest of the module works without the package.
    import holidays as holidays_pkg

    national = holidays_pkg.country_holidays(
        "ID", years=years, categories=("public",), language="id"
    )
    cuti = holidays_pkg.country_holidays(
        "ID", years=years, categories=("government",), language="id"
    )
    result = {day: Holiday(day, name, "nasional") for day, name in national.items()}
    for day, name in cuti.items():
        result.setdefault(day, Holiday(day, name, "cuti bersama"))
    return [result[day] for day in sorted(result)]


def default_calendar(years: Iterable[int]) -> WorkCalendar:
    """Return the common schedule with Indonesia's holidays and cuti bersama of ``years``.

    Only the given years carry holidays; other years have weekends off only.
    """
    return WorkCalendar(DEFAULT_HOURS, indonesian_holidays(years))


# ---- the working calendar as JSON ------------------------------------------------------------------

def calendar_to_json(calendar: WorkCalendar) -> str:
    """The calendar as compact JSON (how the nightly store keeps each SOP's calendar)."""
    def hhmm(value: time | None) -> str | None:
        return None if value is None else value.isoformat(timespec="minutes")

    return json.dumps({
        "hours": [[h.weekday, hhmm(h.start), hhmm(h.end), hhmm(h.break_start), hhmm(h.break_end)]
                  for h in calendar.hours],
        "holidays": [[h.day.isoformat(), h.name, h.source] for h in calendar.holidays],
    }, ensure_ascii=False, separators=(",", ":"))


def calendar_from_json(text: str) -> WorkCalendar:
    """The calendar ``calendar_to_json`` wrote."""
    data = json.loads(text)

    def time_of(value: str | None) -> time | None:
        return None if value is None else time.fromisoformat(value)

    return WorkCalendar([DayHours(w, *(time_of(v) for v in times)) for w, *times in data["hours"]],
                        [Holiday(date.fromisoformat(day), name, source) for day, name, source in data["holidays"]])
