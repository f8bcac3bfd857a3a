"""Times as the consolidation database keeps them: events and cases in whole seconds, runs as ISO text.

Event and case times are whole seconds since 1970-01-01 00:00 of the workbooks' own local clock (they
hold no time zone); run times are ISO text. Both engines store the same integers and texts.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.datetime(1970, 1, 1)
SECOND = dt.timedelta(seconds=1)


def iso(moment: dt.datetime | None) -> str | None:
    """A local date-time as text: ``2026-11-20 15:00:00``."""
    return None if moment is None else moment.isoformat(sep=" ", timespec="seconds")


def moment(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def stamp(moment: dt.datetime | None) -> int | None:
    """A local date-time as stored for events and cases: whole seconds since 1970-01-01 00:00."""
    return None if moment is None else (moment - EPOCH) // SECOND


def unstamp(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else EPOCH + dt.timedelta(seconds=seconds)
