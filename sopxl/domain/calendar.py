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
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable

from ..errors import SopxlError

__all__ = [
    "CalendarError",
    "DayHours",
    "Holiday",
    "Schedule",
    "DayOverride",
    "WorkCalendar",
    "DEFAULT_HOURS",
    "RAMADAN_HOURS",
    "ramadan_schedules",
    "indonesian_holidays",
    "default_calendar",
]

_US_PER_MINUTE = 60_000_000
_LAST_ORDINAL = date.max.toordinal()
_US_PER_DAY = 24 * 60 * _US_PER_MINUTE
_WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarError(SopxlError, ValueError):
    """Raised for an invalid working calendar or an impossible calendar query.

    Its message (and fix, where there is one) carries both languages, ``{"id": …, "en": …}``, and a `code`
    (``weekday-twice``, ``hours-order``, ``break-outside``, …); it names no option, command or cell: the
    Kalender reader adds the cell. Still a ValueError, for callers that catch bad values in general.
    """

    def __init__(self, id_text: str, en_text: str, *, code: str, fix: "dict[str, str] | None" = None):
        super().__init__({"id": id_text, "en": en_text}, fix=fix, code=code)


_GIVE_HOURS = {"id": "beri paling sedikit satu hari jam kerja", "en": "give at least one weekday its working hours"}


def _hhmm(t: time) -> str:
    return f"{t:%H:%M}"


def _time_us(t: time | datetime) -> int:
    """Return the microseconds from midnight to the time of day ``t`` (of a time, or a datetime)."""
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
            raise CalendarError(f"hari harus berupa angka 0 (Senin) … 6 (Minggu), bukan {self.weekday!r}",
                                f"weekday must be an integer 0 (Monday) … 6 (Sunday), got {self.weekday!r}",
                                code="weekday-unknown")
        day, day_en = _WEEKDAY_NAMES[self.weekday], _WEEKDAY_NAMES_EN[self.weekday]
        for field in ("start", "end", "break_start", "break_end"):
            value = getattr(self, field)
            if value is not None and not isinstance(value, time):
                raise CalendarError(f"{day}: {field} harus berupa jam, bukan {value!r}",
                                    f"{day_en}: {field} must be a time of day, got {value!r}", code="not-a-time")
        if self.start is None or self.end is None:
            raise CalendarError(f"{day}: jam mulai dan jam selesai wajib diisi",
                                f"{day_en}: a start and an end are required", code="hours-missing")
        if self.start >= self.end:
            raise CalendarError(f"{day}: jam mulai {_hhmm(self.start)} harus sebelum jam selesai {_hhmm(self.end)}",
                                f"{day_en}: the start {_hhmm(self.start)} must be before the end {_hhmm(self.end)}",
                                code="hours-order")
        if (self.break_start is None) != (self.break_end is None):
            raise CalendarError(f"{day}: isi mulai dan selesai istirahat, atau kosongkan keduanya",
                                f"{day_en}: give both the start and the end of the break, or neither",
                                code="break-half")
        if self.break_start is not None:
            if self.break_start >= self.break_end:
                raise CalendarError(f"{day}: istirahat mulai {_hhmm(self.break_start)} harus sebelum "
                                    f"istirahat selesai {_hhmm(self.break_end)}",
                                    f"{day_en}: the break's start {_hhmm(self.break_start)} must be before "
                                    f"its end {_hhmm(self.break_end)}", code="break-order")
            if self.break_start < self.start or self.break_end > self.end:
                raise CalendarError(f"{day}: istirahat {_hhmm(self.break_start)}–{_hhmm(self.break_end)} harus "
                                    f"di dalam jam kerja {_hhmm(self.start)}–{_hhmm(self.end)}",
                                    f"{day_en}: the break {_hhmm(self.break_start)}–{_hhmm(self.break_end)} must "
                                    f"lie inside the working hours {_hhmm(self.start)}–{_hhmm(self.end)}",
                                    code="break-outside")
            if self.break_start == self.start and self.break_end == self.end:
                # A day with no working time would look like a working day that never is.
                raise CalendarError(f"{day}: istirahat memenuhi seluruh jam kerja",
                                    f"{day_en}: the break covers the whole working day", code="break-whole-day")

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


@dataclass(frozen=True)
class Schedule:
    """Working hours per weekday that hold from ``first`` to ``last`` (both included), e.g. Ramadan.

    A weekday without hours in ``hours`` is a day off while the schedule holds.
    """

    name: str
    first: date
    last: date
    hours: tuple[DayHours, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.first, date) or not isinstance(self.last, date):
            raise CalendarError(f"{self.name}: tanggal mulai dan tanggal akhir harus berupa tanggal",
                                f"{self.name}: its first and last day must be dates", code="not-a-date")
        if self.last < self.first:
            raise CalendarError(f"{self.name}: berakhir ({self.last}) sebelum dimulai ({self.first})",
                                f"{self.name}: it ends ({self.last}) before it starts ({self.first})",
                                code="schedule-order")
        object.__setattr__(self, "hours", tuple(sorted(self.hours, key=lambda h: h.weekday)))
        _check_weekdays(self.hours, f"{self.name}: ")


@dataclass(frozen=True)
class DayOverride:
    """One day whose hours an office set by decree: a half day, an extra day off (``hours`` None), a make-up day.

    An override wins over the weekday's hours, a schedule and a holiday on that date.
    """

    day: date
    hours: DayHours | None = None
    note: str = ""
    decree: str = ""  # the decree (surat edaran, SK) that set it

    def __post_init__(self) -> None:
        if not isinstance(self.day, date):
            raise CalendarError(f"perubahan satu hari perlu tanggal, bukan {self.day!r}",
                                f"a one-day change needs a date, got {self.day!r}", code="not-a-date")
        if self.hours is not None and self.hours.weekday != self.day.weekday():
            raise CalendarError(f"{self.day}: jam kerjanya untuk hari {_WEEKDAY_NAMES[self.hours.weekday]}, "
                                f"tanggalnya hari {_WEEKDAY_NAMES[self.day.weekday()]}",
                                f"{self.day}: its hours are for a {_WEEKDAY_NAMES_EN[self.hours.weekday]}, "
                                f"the date is a {_WEEKDAY_NAMES_EN[self.day.weekday()]}", code="override-weekday")


def _check_weekdays(hours: tuple[DayHours, ...], where: str = "") -> None:
    """Raise CalendarError unless ``hours`` are DayHours with each weekday at most once."""
    seen: set[int] = set()
    for h in hours:
        if not isinstance(h, DayHours):
            raise CalendarError(f"{where}jam kerja harus berupa DayHours, bukan {h!r}",
                                f"{where}hours must contain DayHours, got {h!r}", code="not-hours")
        if h.weekday in seen:
            raise CalendarError(f"{where}hari {_WEEKDAY_NAMES[h.weekday]} punya jam kerja dua kali",
                                f"{where}{_WEEKDAY_NAMES_EN[h.weekday]} ({_WEEKDAY_NAMES[h.weekday]}) has working "
                                f"hours twice", code="weekday-twice",
                                fix={"id": "beri setiap hari satu baris jam kerja",
                                     "en": "give each weekday one row of working hours"})
        seen.add(h.weekday)


class _Week:
    """One weekly pattern of working periods in microseconds, with prefix sums for whole-week arithmetic."""

    def __init__(self, hours: Iterable[DayHours]) -> None:
        self.periods: list[tuple[tuple[int, int], ...]] = [()] * 7
        for h in hours:
            self.periods[h.weekday] = tuple((_time_us(a), _time_us(b)) for a, b in h.periods())
        self.day_us = [sum(b - a for a, b in p) for p in self.periods]
        self.week_us = sum(self.day_us)
        # prefix[r]: working microseconds of the first r days of a Monday-started week.
        self.prefix = [0] * 8
        for wd in range(7):
            self.prefix[wd + 1] = self.prefix[wd] + self.day_us[wd]

    def before(self, ordinal: int) -> int:
        """Return the working microseconds of days 1 … ordinal-1 were this pattern to hold for all of them."""
        weeks, rest = divmod(ordinal - 1, 7)  # ordinal 1 (0001-01-01) is a Monday
        return weeks * self.week_us + self.prefix[rest]


class WorkCalendar:
    """Working hours per weekday, schedules for date ranges, holidays and one-day overrides.

    Which hours a date has, most specific first: a one-day override; a holiday (no hours); the schedule
    whose range holds the date (Ramadan hours); the weekday's hours.
    """

    def __init__(self, hours: Iterable[DayHours], holidays: Iterable[Holiday] = (),
                 schedules: Iterable[Schedule] = (), overrides: Iterable[DayOverride] = ()) -> None:
        hours = tuple(hours)
        holidays = tuple(holidays)
        schedules = tuple(schedules)
        overrides = tuple(overrides)
        _check_weekdays(hours)
        for h in holidays:
            if not isinstance(h, Holiday):
                raise CalendarError(f"hari libur harus berupa Holiday, bukan {h!r}",
                                    f"holidays must contain Holiday, got {h!r}", code="not-a-holiday")
        for s in schedules:
            if not isinstance(s, Schedule):
                raise CalendarError(f"jadwal harus berupa Schedule, bukan {s!r}",
                                    f"schedules must contain Schedule, got {s!r}", code="not-a-schedule")
        by_day: dict[date, DayOverride] = {}
        for o in overrides:
            if not isinstance(o, DayOverride):
                raise CalendarError(f"perubahan satu hari harus berupa DayOverride, bukan {o!r}",
                                    f"overrides must contain DayOverride, got {o!r}", code="not-an-override")
            if o.day in by_day and by_day[o.day] != o:
                raise CalendarError(f"{o.day} punya dua perubahan satu hari yang berbeda",
                                    f"{o.day} has two different one-day changes", code="override-twice",
                                    fix={"id": "sisakan satu baris per tanggal", "en": "keep one row per date"})
            by_day[o.day] = o
        self._hours = tuple(sorted(hours, key=lambda h: h.weekday))
        self._holidays = tuple(sorted(set(holidays), key=_holiday_key))
        self._schedules = tuple(sorted(set(schedules), key=lambda s: (s.first, s.last, s.name)))
        for a, b in zip(self._schedules, self._schedules[1:]):
            if b.first <= a.last:
                raise CalendarError(f"jadwal {a.name!r} ({a.first} – {a.last}) dan {b.name!r} "
                                    f"({b.first} – {b.last}) bertumpang tindih",
                                    f"the schedules {a.name!r} ({a.first} – {a.last}) and {b.name!r} "
                                    f"({b.first} – {b.last}) overlap", code="schedules-overlap")
        self._overrides = tuple(by_day[d] for d in sorted(by_day))

        # Pattern 0 is the weekly hours; pattern i+1 holds on the days of schedule i.
        self._weeks = [_Week(self._hours)] + [_Week(s.hours) for s in self._schedules]
        self._sched_starts = [s.first.toordinal() for s in self._schedules]
        self._sched_stops = [s.last.toordinal() + 1 for s in self._schedules]
        base = self._weeks[0]
        # _sched_prefix[k]: how much schedules 0 … k-1 add to the weekly hours over their whole range.
        self._sched_prefix = [0]
        for i, (a, b) in enumerate(zip(self._sched_starts, self._sched_stops)):
            week = self._weeks[i + 1]
            gain = (week.before(b) - week.before(a)) - (base.before(b) - base.before(a))
            self._sched_prefix.append(self._sched_prefix[-1] + gain)

        # Days whose hours differ from their pattern: holidays (none) and overrides (their own).
        # Several holidays on one date (a local one repeating a national one) count once.
        self._day_periods: dict[int, tuple[tuple[int, int], ...]] = {
            h.day.toordinal(): () for h in self._holidays}
        for o in self._overrides:
            self._day_periods[o.day.toordinal()] = (
                () if o.hours is None else tuple((_time_us(a), _time_us(b)) for a, b in o.hours.periods()))
        self._odd_ordinals = sorted(self._day_periods)
        self._odd_prefix = [0]
        for o in self._odd_ordinals:
            lost = self._pattern_of(o).day_us[(o - 1) % 7] - sum(b - a for a, b in self._day_periods[o])
            self._odd_prefix.append(self._odd_prefix[-1] + lost)
        self._max_week_us = max(w.week_us for w in self._weeks)
        self._any_time = self._max_week_us > 0 or any(self._day_periods.values())
        self._before_of: dict[int, int] = {}     # _before by day: a tracker asks for the same days many times
        # (_before, _periods_of) by day, for _position; and the last moment it was asked for with its position
        # (a case's opening is asked for twice running: its time used, then its due moment)
        self._days: dict[int, tuple[int, tuple[tuple[int, int], ...]]] = {}
        self._last: tuple[datetime | None, int] = (None, 0)
        self._json: str | None = None       # calendar_to_json's text, made once (the calendar does not change)

    @property
    def hours(self) -> tuple[DayHours, ...]:
        """Return the weekly working hours (outside every schedule), sorted by weekday."""
        return self._hours

    @property
    def holidays(self) -> tuple[Holiday, ...]:
        """Return the holidays, sorted by date, source and name."""
        return self._holidays

    @property
    def schedules(self) -> tuple[Schedule, ...]:
        """Return the schedules for date ranges, sorted by their first day."""
        return self._schedules

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        """Return the one-day overrides, sorted by date."""
        return self._overrides

    def __repr__(self) -> str:
        days = ",".join(_WEEKDAY_NAMES[h.weekday] for h in self._hours)
        return (f"WorkCalendar(days={days}, holidays={len(self._holidays)}, schedules={len(self._schedules)}, "
                f"overrides={len(self._overrides)})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return (self._hours, self._holidays, self._schedules, self._overrides) == (
            other._hours, other._holidays, other._schedules, other._overrides)

    __hash__ = None  # type: ignore[assignment]

    def day_hours(self, day: date) -> tuple[tuple[time, time], ...]:
        """Return the working periods of ``day`` as (start, end) pairs, after schedules, holidays and overrides."""
        midnight = datetime.combine(date.min, time())
        return tuple(((midnight + timedelta(microseconds=a)).time(), (midnight + timedelta(microseconds=b)).time())
                     for a, b in self._periods_of(day.toordinal()))

    def schedule_on(self, day: date) -> Schedule | None:
        """Return the schedule holding on ``day``, or None when the weekly hours hold."""
        i = bisect_right(self._sched_starts, day.toordinal()) - 1
        return self._schedules[i] if i >= 0 and day.toordinal() < self._sched_stops[i] else None

    def day_minutes(self) -> int:
        """Return the minutes of "one working day": the most common daily working minutes of the weekly hours.

        Schedules and overrides do not change it: a norm of "1 hari" is the office's usual day all year.
        Ties go to the largest value.  Raises CalendarError when no weekday has working hours, since a
        norm cannot be expressed in days then.
        """
        minutes = [round(us / _US_PER_MINUTE) for us in self._weeks[0].day_us if us > 0]
        if not minutes:
            raise CalendarError("kalender tidak punya satu hari kerja pun", "the calendar has no working weekday",
                                code="no-working-day", fix=_GIVE_HOURS)
        counts = Counter(minutes)
        return max(counts, key=lambda m: (counts[m], m))

    def working_minutes(self, start: datetime, end: datetime) -> float:
        """Return the working minutes between two naive local datetimes (0.0 if end <= start)."""
        if end <= start:
            return 0.0
        return (self._position(end) - self._position(start)) / _US_PER_MINUTE

    def position(self, moment: datetime) -> int:
        """Return the working microseconds from 0001-01-01 to ``moment``: an integer clock of working time.

        ``working_minutes(a, b)`` is ``(position(b) - position(a)) / 60_000_000`` for ``a < b``, exactly, so
        the working time from a stored position to any later moment needs only that moment's position.
        """
        return self._position(moment)

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """Return the moment at which ``minutes`` of working time after ``start`` have elapsed.

        A start outside working hours begins at the next working moment;
        ``minutes == 0`` returns ``start`` unchanged; a result falling exactly
        at the end of a working period is that end, not the next period's start.
        """
        reached = self._reach(start, minutes)
        if reached is None:
            return start
        day, clock = reached
        return datetime.fromordinal(day) + timedelta(microseconds=clock)

    def add_working_minutes_at(self, start: datetime, minutes: float) -> tuple[int, int]:
        """Return ``add_working_minutes(start, minutes)`` as the ordinal of its day and the microseconds from
        that day's midnight (24:00 being 86,400,000,000), without making the moment (past the year 9999 it
        does not exist: ``add_working_minutes`` raises OverflowError there)."""
        reached = self._reach(start, minutes)
        if reached is None:
            return start.toordinal(), _time_us(start)      # (a datetime's time of day)
        return reached

    def _reach(self, start: datetime, minutes: float) -> tuple[int, int] | None:
        """``add_working_minutes_at``; None for no working time to add (``start`` itself)."""
        if type(minutes) is float and 0 <= minutes < math.inf:
            pass                        # (mostly: a norm) a finite float, zero or more
        elif isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
            raise CalendarError(f"jumlah menit harus berupa angka, bukan {minutes!r}",
                                f"minutes must be a number, got {minutes!r}", code="minutes-invalid")
        elif math.isnan(minutes) or math.isinf(minutes) or minutes < 0:
            raise CalendarError(f"jumlah menit harus angka terhingga, nol atau lebih, bukan {minutes!r}",
                                f"minutes must be a finite number >= 0, got {minutes!r}", code="minutes-invalid")
        delta = round(minutes * _US_PER_MINUTE)
        if delta == 0:
            self._check_naive(start)
            return None
        if not self._any_time:
            raise CalendarError("kalender tidak punya satu hari kerja pun, jadi waktu kerja tidak pernah berjalan",
                                "the calendar has no working weekday, so working time never elapses",
                                code="no-working-day", fix=_GIVE_HOURS)
        target = self._position(start) + delta
        day = self._day_reaching(start.toordinal(), target)
        # target > position at the start of `day` (see _day_reaching), so the loop
        # ends inside or exactly at the end of a working period of that day.
        before, periods = self._day(day)
        remaining = target - before
        for a, b in periods:
            if remaining <= b - a:
                return day, a + remaining
            remaining -= b - a
        raise AssertionError("unreachable: target lies beyond the day found for it")

    def working_day_of(self, moment: datetime) -> date:
        """Return the working day in progress at ``moment``, or the next one when ``moment`` lies after that
        day's working hours (or on a day off): the day "today" means for work still to be done."""
        if not self._any_time:
            raise CalendarError("kalender tidak punya satu hari kerja pun", "the calendar has no working weekday",
                                code="no-working-day", fix=_GIVE_HOURS)
        return date.fromordinal(self._day_reaching(moment.toordinal(), self._position(moment) + 1))

    def with_holidays(self, extra: Iterable[Holiday]) -> WorkCalendar:
        """Return a new calendar with the same hours, schedules and overrides and ``extra`` holidays added."""
        return WorkCalendar(self._hours, self._holidays + tuple(extra), self._schedules, self._overrides)

    def with_schedules(self, schedules: Iterable[Schedule]) -> WorkCalendar:
        """Return a new calendar with ``schedules`` in place of this one's schedules."""
        return WorkCalendar(self._hours, self._holidays, schedules, self._overrides)

    def with_overrides(self, extra: Iterable[DayOverride]) -> WorkCalendar:
        """Return a new calendar with ``extra`` one-day overrides added."""
        return WorkCalendar(self._hours, self._holidays, self._schedules, self._overrides + tuple(extra))

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _check_naive(moment: datetime) -> None:
        """Raise CalendarError unless ``moment`` is a naive datetime."""
        if not isinstance(moment, datetime):
            raise CalendarError(f"perlu tanggal dan jam, bukan {moment!r}",
                                f"expected a datetime, got {moment!r}", code="not-a-moment")
        if moment.tzinfo is not None:
            raise CalendarError(f"perlu tanggal dan jam setempat tanpa zona waktu, bukan {moment!r}",
                                f"expected a naive local datetime, got {moment!r}", code="not-a-moment")

    def _pattern_of(self, ordinal: int) -> _Week:
        """Return the weekly pattern that holds on the day ``ordinal`` (before holidays and overrides)."""
        i = bisect_right(self._sched_starts, ordinal) - 1
        if i >= 0 and ordinal < self._sched_stops[i]:
            return self._weeks[i + 1]
        return self._weeks[0]

    def _periods_of(self, ordinal: int) -> tuple[tuple[int, int], ...]:
        """Return the working periods (microseconds from midnight) of the day ``ordinal``."""
        periods = self._day_periods.get(ordinal)
        if periods is not None:
            return periods
        return self._pattern_of(ordinal).periods[(ordinal - 1) % 7]

    def _before(self, ordinal: int) -> int:
        """Return the working microseconds of all days before the day ``ordinal``."""
        known = self._before_of.get(ordinal)
        if known is not None:
            return known
        base = self._weeks[0]
        position = base.before(ordinal)
        # Schedules wholly before the day, then the one the day lies in (if any).
        k = bisect_right(self._sched_stops, ordinal)
        position += self._sched_prefix[k]
        if k < len(self._schedules) and self._sched_starts[k] < ordinal:
            first, week = self._sched_starts[k], self._weeks[k + 1]
            position += (week.before(ordinal) - week.before(first)) - (base.before(ordinal) - base.before(first))
        position -= self._odd_prefix[bisect_left(self._odd_ordinals, ordinal)]
        self._before_of[ordinal] = position
        return position

    def _day(self, ordinal: int) -> tuple[int, tuple[tuple[int, int], ...]]:
        """Return (``_before``, ``_periods_of``) of the day ``ordinal``, kept per day."""
        day = self._days.get(ordinal)
        if day is None:
            day = self._days[ordinal] = (self._before(ordinal), self._periods_of(ordinal))
        return day

    def _position(self, moment: datetime) -> int:
        """Return the working microseconds elapsed from 0001-01-01 to ``moment``."""
        last = self._last
        if last[0] is moment:
            return last[1]
        if type(moment) is not datetime or moment.tzinfo is not None:
            self._check_naive(moment)
        ordinal = moment.toordinal()
        day = self._days.get(ordinal) or self._day(ordinal)
        position = day[0]
        clock = (
            (moment.hour * 60 + moment.minute) * 60 + moment.second
        ) * 1_000_000 + moment.microsecond
        for a, b in day[1]:
            if clock <= a:
                break
            position += (clock if clock < b else b) - a
        self._last = (moment, position)
        return position

    def _day_guessed(self, first: int, target: int, walk: int = 12) -> int | None:
        """``_day_reaching`` for a `first` not reaching `target`, found from where the weekly hours alone would
        reach it (a few days off it at most, as holidays, schedules and overrides move it): the days from there
        are checked one by one, up to `walk` of them; None when that does not settle it."""
        base = self._weeks[0]
        week_us, prefix = base.week_us, base.prefix
        if not week_us:
            return None
        before = self._before
        weeks, rest = divmod(first - 1, 7)
        need = target - before(first) + weeks * week_us + prefix[rest]     # as if the weekly hours held throughout
        weeks, rest = divmod(need, week_us)
        if rest == 0:
            weeks, rest = weeks - 1, week_us
        day = 7 * weeks + bisect_left(prefix, rest)         # the day by whose end the weekly hours reach `need`
        if day <= first:
            day = first + 1
        elif day >= _LAST_ORDINAL - walk:       # near the year 9999: _day_reaching says when it lies past it
            return None
        if before(day + 1) >= target:
            for _ in range(walk):                   # back to the first day reaching it (`first` does not)
                if before(day) < target:
                    return day
                day -= 1
            return None
        for _ in range(walk):                       # on to the first day reaching it
            day += 1
            if before(day + 1) >= target:
                return day
        return None

    def _day_reaching(self, first: int, target: int, guess: bool = True) -> int:
        """Return the first day (ordinal, >= ``first``) by whose end ``target`` is reached.

        The caller guarantees target > position at the start of ``first``; then
        the day returned also has target > position at its own start. Without
        `guess`, only by searching (what ``_day_guessed`` must agree with).
        """
        if self._before(first + 1) >= target:
            return first
        found = self._day_guessed(first, target) if guess else None
        if found is not None:
            return found
        last_ordinal = _LAST_ORDINAL

        def reached(day: int) -> bool:
            return self._before(day + 1) >= target

        # Gallop: jump ahead by roughly the weeks still needed (holidays make
        # this an underestimate), doubling until the target is passed.
        lo = first
        step = 7 * ((target - self._before(first + 1)) // (self._max_week_us or _US_PER_DAY) + 1)
        hi = min(lo + step, last_ordinal)
        while not reached(hi):
            if hi == last_ordinal:
                raise CalendarError("batas waktunya jatuh sesudah tahun 9999",
                                    "the due moment lies beyond the year 9999", code="beyond-9999")
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


# Ramadan: 32.5 hours a week starting 08.00 (Perpres 21/2023 art. 6); the hours below are those of the
# Menteri PANRB circulars on Ramadan working hours (e.g. SE MenPANRB 1/2025): Mon–Thu 08.00–15.00 with a
# break 12.00–12.30 (390 minutes), Fri 08.00–15.30 with a break 11.30–12.30 (390 minutes).
RAMADAN_HOURS: tuple[DayHours, ...] = tuple(
    DayHours(wd, time(8), time(15), time(12), time(12, 30)) for wd in range(4)
) + (DayHours(4, time(8), time(15, 30), time(11, 30), time(12, 30)),)
RAMADAN_NAME = "Ramadan"


def ramadan_schedules(years: Iterable[int], hours: Iterable[DayHours] = RAMADAN_HOURS) -> list[Schedule]:
    """Return a Ramadan schedule per Ramadan beginning in ``years``: 1 Ramadan to the day before Idul Fitri.

    The dates are the Hijri dates the ``holidays`` package holds for Indonesia (the government's
    MABIMS-based calendar, confirmed years as announced), so they match the Idul Fitri holidays.
    """
    years = sorted(set(years))
    if not years:
        return []
    from holidays.countries.indonesia import IndonesiaIslamicHolidays

    islamic = IndonesiaIslamicHolidays()
    fitr = sorted(d for y in range(years[0], years[-1] + 2) for d, _ in islamic.eid_al_fitr_dates(y))
    hours = tuple(hours)
    result = []
    for year in years:
        for first, _estimated in islamic.ramadan_beginning_dates(year):
            if first.year != year:   # the package also yields the neighbouring years' dates
                continue
            last = next(d for d in fitr if d > first) - timedelta(days=1)
            result.append(Schedule(f"{RAMADAN_NAME} {year}", first, last, hours))
    return sorted(result, key=lambda s: s.first)


def default_calendar(years: Iterable[int], *, ramadan: bool = True) -> WorkCalendar:
    """Return the common schedule with Indonesia's holidays, cuti bersama and Ramadan hours of ``years``.

    Only the given years carry holidays and Ramadan hours; other years have weekends off only.
    """
    years = tuple(years)
    return WorkCalendar(DEFAULT_HOURS, indonesian_holidays(years), ramadan_schedules(years) if ramadan else ())


# ---- the working calendar as JSON ------------------------------------------------------------------

def calendar_to_json(calendar: WorkCalendar) -> str:
    """The calendar as compact JSON (how the nightly store keeps each SOP's calendar); made once per calendar
    (a consolidation's reading process builds one per distinct Kalender sheet and stores it with each SOP)."""
    if calendar._json is None:
        calendar._json = _calendar_json(calendar)
    return calendar._json


def _calendar_json(calendar: WorkCalendar) -> str:
    def hhmm(value: time | None) -> str | None:
        return None if value is None else value.isoformat(timespec="minutes")

    def times(h: DayHours) -> list:
        return [hhmm(h.start), hhmm(h.end), hhmm(h.break_start), hhmm(h.break_end)]

    return json.dumps({
        "hours": [[h.weekday, *times(h)] for h in calendar.hours],
        "holidays": [[h.day.isoformat(), h.name, h.source] for h in calendar.holidays],
        "schedules": [[s.name, s.first.isoformat(), s.last.isoformat(), [[h.weekday, *times(h)] for h in s.hours]]
                      for s in calendar.schedules],
        "overrides": [[o.day.isoformat(), None if o.hours is None else times(o.hours), o.note, o.decree]
                      for o in calendar.overrides],
    }, ensure_ascii=False, separators=(",", ":"))


def calendar_from_json(text: str) -> WorkCalendar:
    """The calendar ``calendar_to_json`` wrote; JSON stored before schedules and overrides existed has none."""
    data = json.loads(text)

    def time_of(value: str | None) -> time | None:
        return None if value is None else time.fromisoformat(value)

    def hours(weekday: int, values: list) -> DayHours:
        return DayHours(weekday, *(time_of(v) for v in values))

    overrides = []
    for day_text, times, note, decree in data.get("overrides", ()):
        day = date.fromisoformat(day_text)
        overrides.append(DayOverride(day, None if times is None else hours(day.weekday(), times), note, decree))
    return WorkCalendar(
        [hours(w, times) for w, *times in data["hours"]],
        [Holiday(date.fromisoformat(day), name, source) for day, name, source in data["holidays"]],
        [Schedule(name, date.fromisoformat(first), date.fromisoformat(last),
                  tuple(hours(w, times) for w, *times in days))
         for name, first, last, days in data.get("schedules", ())],
        overrides)
