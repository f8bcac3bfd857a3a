"""Questions tests ask a working calendar, asked the way the tracker asks them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def works(calendar, day: date) -> bool:
    """Whether `day` (a date, or the date of a datetime) has working time: working minutes from its midnight to the next."""
    start = datetime.combine(day if type(day) is date else day.date(), time())
    return calendar.working_minutes(start, start + timedelta(days=1)) > 0

