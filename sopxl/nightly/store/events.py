"""An event row as the store keeps it, and the packed forms in which a reading process sends many of them.

``EVENT_COLUMNS`` are an event's values in a source (``EVENT_KINDS`` says what each holds). A reading
process packs a new SOP's rows for its engine's bulk load (``pack_events``): SQLite's one flat list of
values, or PostgreSQL's COPY text (``copy_text``), which the run writes as it is; each gives the rows
back exactly (``PackedEvents.rows``) for an SOP already stored, whose events are compared one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import chain

from .times import stamp, unstamp

# as a source holds an event; `refused`: 1 when the case state machine refused it on replay
EVENT_COLUMNS = ("event_id", "case_no", "step", "action", "at", "actor", "recorded_by", "recorded_at", "note",
                 "refused")
AT = EVENT_COLUMNS.index("at")
# what each of EVENT_COLUMNS holds: a whole number, a text, or a whole number or nothing (NULL)
EVENT_KINDS = ("int", "int", "int", "text", "int", "text", "text", "int?", "text", "int")

# PostgreSQL's COPY text format: a row per line, its values parted by tabs, \N for NULL; in a text, a
# backslash, tab, newline and carriage return are written \\, \t, \n and \r (the server reads them back).
# A reading process writes a new SOP's events so, and the run only adds the SOP and run ids to each line.
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
_COPY_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_COPY_ESCAPE = re.compile(r"\\(.)")
_NONE = type(None)


def _copy_escaped(text: str) -> str:
    for plain, escaped in _COPY_ESCAPES:
        text = text.replace(plain, escaped)
    return text


def _copy_unescaped(text: str) -> str:
    return _COPY_ESCAPE.sub(_copy_unescape, text) if "\\" in text else text


def _copy_unescape(match) -> str:
    return _COPY_UNESCAPES[match.group(1)]


def copy_text(rows: list[tuple], kinds: tuple[str, ...] = EVENT_KINDS) -> bytes | None:
    """`rows` as COPY text (UTF-8), one column at a time; None when a value is not exactly of its column's
    kind (``EVENT_KINDS``: an int, a str, or an int or None), or is a text PostgreSQL cannot hold (NUL)
    or UTF-8 cannot encode: such rows go the general way (``Copy.write_row``), which refuses what it must."""
    if not rows:
        return b""
    if set(map(len, rows)) != {len(kinds)}:
        return None
    columns = list(zip(*rows))
    texts = []
    for kind, column in zip(kinds, columns):
        types = set(map(type, column))
        if kind == "text":
            if types != {str}:
                return None
            joined = "".join(column)
            if "\0" in joined:
                return None
            if any(plain in joined for plain, _ in _COPY_ESCAPES):
                column = [_copy_escaped(text) for text in column]
            texts.append(column)
        elif types == {int}:
            texts.append(map(str, column))
        elif kind == "int?" and types <= {int, _NONE}:
            texts.append(["\\N" if value is None else str(value) for value in column])
        else:
            return None
    try:
        return ("\n".join(map("\t".join, zip(*texts))) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return None


def rows_of_copy(data: bytes, kinds: tuple[str, ...] = EVENT_KINDS) -> list[tuple]:
    """The rows ``copy_text`` made `data` of, exactly."""
    rows = []
    for line in data.decode("utf-8").split("\n")[:-1]:
        rows.append(tuple(_copy_unescaped(value) if kind == "text" else
                          None if value == "\\N" and kind == "int?" else int(value)
                          for kind, value in zip(kinds, line.split("\t"))))
    return rows


def event_years(ats) -> set[int]:
    """The years of the event times `ats` (stamps), as the master's parts count them: the year of the first
    and of the last, and any year between that holds one of them."""
    ats = list(ats)
    if not ats:
        return set()
    first, last = unstamp(min(ats)).year, unstamp(max(ats)).year
    years = {first, last}
    for year in range(first + 1, last):
        start, end = stamp(dt.datetime(year, 1, 1)), stamp(dt.datetime(year + 1, 1, 1))
        if any(start <= at < end for at in ats):
            years.add(year)
    return years


@dataclass
class PackedEvents:
    """A source's event rows (EVENT_COLUMNS order) packed by its reading process for its engine's bulk load
    (``pack_events``): cheaper to send between processes than thousands of small tuples, and loaded by
    the run without a Python step per row. ``rows()`` gives the tuples back, for an SOP already stored
    (whose events are compared one by one).

    `form` "values": every row's values one after another in one list (SQLite binds them as they are);
    "copy": the rows as PostgreSQL's COPY text, UTF-8 (``copy_text``).
    """

    form: str
    data: list | bytes
    count: int
    years: set[int]           # ``event_years`` of the rows

    def __len__(self) -> int:
        return self.count

    def rows(self) -> list[tuple]:
        if self.form == "copy":
            return rows_of_copy(self.data)
        values = iter(self.data)
        return list(zip(*[values] * len(EVENT_COLUMNS)))


def pack_events(engine: str, rows: list[tuple]) -> "PackedEvents | list[tuple]":
    """`rows` packed for `engine`'s bulk load (``PackedEvents``); the rows themselves when they hold a value
    the packed form does not carry exactly (then they go the general way, as they are)."""
    if rows and set(map(len, rows)) != {len(EVENT_COLUMNS)}:
        return rows
    if engine == "postgresql":
        data = copy_text(rows)
        if data is None:
            return rows
    else:
        data = list(chain.from_iterable(rows))
    return PackedEvents("copy" if engine == "postgresql" else "values", data, len(rows),
                        event_years(row[AT] for row in rows))
