"""When an SOP is due for review: from its Tanggal Revisi, or its Tanggal Efektif plus a review cycle.

Permenpan RB 35/2012 asks for an evaluation of every SOP at least once a year, and the identity block's
Tanggal Revisi holds "the date it was revised or is planned to be reviewed". The review date is:

- Tanggal Revisi, when it lies after Tanggal Efektif (or there is no Tanggal Efektif): a planned review;
- otherwise Tanggal Efektif (the version in force; a revision that came into force moved it) plus the
  review cycle: the SOP's own ``Siklus Tinjauan (bulan)`` or the office's default, 12 months.

A review is *due* from 30 days before that date and *past* after it. Pure domain: no files.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .dates import read_date
from .model import Identity

DEFAULT_CYCLE_MONTHS = 12       # Permenpan RB 35/2012: evaluated at least once a year
DUE_WINDOW_DAYS = 30            # a review is "due" this many days before its date
DUE, PAST = "due", "past"


@dataclass(frozen=True)
class Review:
    """An SOP's review date and what it was taken from."""

    date: dt.date
    basis: str          # the identity field it comes from: tanggal_revisi or tanggal_efektif
    months: int | None  # the cycle added to Tanggal Efektif; None for a planned Tanggal Revisi

    def state(self, today: dt.date) -> str | None:
        """``past`` after the review date, ``due`` within 30 days before it, None before that."""
        if today > self.date:
            return PAST
        if (self.date - today).days <= DUE_WINDOW_DAYS:
            return DUE
        return None

    def days_from(self, today: dt.date) -> int:
        """Days from `today` to the review date (negative once it is past)."""
        return (self.date - today).days

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "basis": self.basis, "months": self.months}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has fewer days (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cycle_months(identity: Identity, default: int = DEFAULT_CYCLE_MONTHS) -> int | None:
    """The SOP's review cycle in months: its Siklus Tinjauan when that is a whole number from 1 on, else
    `default`; None when Siklus Tinjauan holds something else (validation reports it)."""
    text = identity.siklus_tinjauan.strip()
    if not text:
        return default
    number = text.split()[0].replace(",", ".")
    try:
        value = float(number)
    except ValueError:
        return None
    return int(value) if value >= 1 and value == int(value) else None


def _date(text: str) -> dt.date | None:
    written = read_date(text)
    return written.date if written else None


def review_of(identity: Identity, default_months: int = DEFAULT_CYCLE_MONTHS) -> Review | None:
    """The SOP's review date, or None when it has neither a readable Tanggal Efektif nor Tanggal Revisi."""
    effective, revised = _date(identity.tanggal_efektif), _date(identity.tanggal_revisi)
    if revised is not None and (effective is None or revised > effective):
        return Review(revised, "tanggal_revisi", None)
    months = cycle_months(identity, default_months)
    if effective is None or months is None:
        return None
    return Review(add_months(effective, months), "tanggal_efektif", months)
