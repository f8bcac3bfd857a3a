"""Dates as SOP documents write them: ``Kamis, 14 Desember 2017``, ``02 Mei 2018``, ``2018-05-02``, ``02/05/2018``.

Pure: text in, ``datetime.date`` out. Indonesian and English month names and their usual
abbreviations are read; numeric dates are day first (the Indonesian order) unless they are ISO
(year first). A weekday written before the date is kept, so validation can check that it agrees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import SopxlError
from .norms import clean_text

# month number -> spellings (Indonesian, old spellings, English, abbreviations)
MONTHS: dict[int, tuple[str, ...]] = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "agt", "ags", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
# weekday (Monday = 0) -> spellings
WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("senin", "monday", "mon"),
    1: ("selasa", "tuesday", "tue", "tues"),
    2: ("rabu", "wednesday", "wed"),
    3: ("kamis", "thursday", "thu", "thur", "thurs"),
    4: ("jumat", "jum'at", "jum’at", "friday", "fri"),
    5: ("sabtu", "saturday", "sat"),
    6: ("minggu", "ahad", "sunday", "sun"),
}
_MONTH_OF = {name: number for number, names in MONTHS.items() for name in names}
_WEEKDAY_OF = {name: number for number, names in WEEKDAYS.items() for name in names}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_OF), key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(map(re.escape, _WEEKDAY_OF), key=len, reverse=True))

_WEEKDAY_PREFIX = rf"(?:(?P<weekday>{_WEEKDAY_RE})\s*,?\s+)?"
_WORDS_RE = re.compile(rf"^{_WEEKDAY_PREFIX}(?:tanggal\s+|tgl\.?\s+)?(?P<day>\d{{1,2}})\s*"
                       rf"(?P<month>{_MONTH_RE})\.?\s*(?P<year>\d{{4}})$")
_ISO_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC_RE = re.compile(rf"^{_WEEKDAY_PREFIX}(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})$")


@dataclass(frozen=True)
class WrittenDate:
    """A date read from text, with the weekday the text named (Monday = 0), if it named one."""

    date: dt.date
    weekday: int | None = None

    @property
    def weekday_agrees(self) -> bool:
        """False when the text names a weekday that is not the date's."""
        return self.weekday is None or self.weekday == self.date.weekday()


def read_date(text: object) -> WrittenDate | None:
    """The date written in `text`, or None when it is not a date (blank text is not a date either)."""
    if isinstance(text, dt.datetime):
        return WrittenDate(text.date())
    if isinstance(text, dt.date):
        return WrittenDate(text)
    plain = clean_text(text).lower().replace("\u00a0", " ")
    plain = " ".join(plain.split()).strip(" .")
    for pattern in (_WORDS_RE, _ISO_RE, _NUMERIC_RE):
        match = pattern.match(plain)
        if not match:
            continue
        month = match["month"]
        number = _MONTH_OF[month] if month in _MONTH_OF else int(month)
        try:
            day = dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
        weekday = match.groupdict().get("weekday")
        return WrittenDate(day, _WEEKDAY_OF[weekday] if weekday else None)
    return None


def format_date(day: dt.date) -> str:
    """A date the way Indonesian documents write it: ``Kamis, 14 Desember 2017``."""
    weekday = WEEKDAYS[day.weekday()][0].capitalize()
    month = MONTHS[day.month][0].capitalize()
    return f"{weekday}, {day.day:02d} {month} {day.year}"


# ---- moments: a date with a time of day, as people type them for --at, --as-of and the API --------

MOMENT_FORMATS = ("YYYY-MM-DD HH:MM", "DD/MM/YYYY HH:MM", "DD-MM-YYYY HH:MM")
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
_MOMENT_RES = (
    re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:[ t]+{_TIME})?$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?P<sep>[/-])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})(?:\s+{_TIME})?$"),
)


# why a text is not a moment, by code: (Indonesian, English)
_MOMENT_REASONS = {
    "moment-empty": ("kosong", "empty"),
    "moment-without-time": ("tanggal tanpa jam", "a date without a time of day"),
    "moment-impossible": ("tanggal atau jam itu tidak ada", "no such date or time"),
    "moment-unreadable": ("bukan tanggal dan jam", "not a date and time"),
}
_FORMS = ", ".join(f'"{form}"' for form in MOMENT_FORMATS)


class MomentError(SopxlError):
    """Text that is not a date with a time of day; `code` says why (both languages), `fix` what to write."""

    def __init__(self, text: str, code: str):
        self.text = text
        reason = dict(zip(("id", "en"), _MOMENT_REASONS[code]))
        self.reason = reason["en"]
        super().__init__({lang: f"{text!r}: {why}" for lang, why in reason.items()}, code=code,
                         fix={"id": f'tulis sebagai {_FORMS}, mis. "2026-12-01 15:00"',
                              "en": f'write it as {_FORMS}, e.g. "2026-12-01 15:00"'})


def read_moment(value: object) -> dt.datetime:
    """A local date and time from a datetime or from text written as one of MOMENT_FORMATS.

    Day-first numeric dates are the Indonesian order; the time may use ``:`` or ``.`` (``15.00``).
    A date without a time of day is refused (it would silently mean 00:00), as is a plain date
    object; MomentError carries the reason.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    if isinstance(value, dt.date):
        raise MomentError(value.isoformat(), "moment-without-time")
    text = " ".join(str(value or "").split()).lower()
    if not text:
        raise MomentError(text, "moment-empty")
    for pattern in _MOMENT_RES:
        match = pattern.match(text)
        if not match:
            continue
        if match["hour"] is None:
            raise MomentError(text, "moment-without-time")
        try:
            return dt.datetime(int(match["year"]), int(match["month"]), int(match["day"]),
                               int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        except ValueError:
            raise MomentError(text, "moment-impossible") from None
    raise MomentError(text, "moment-unreadable")
