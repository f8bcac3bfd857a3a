"""The rows the store keeps of a source (its events and cases), and the packed forms a reading process sends them in.

``EVENT_COLUMNS`` and ``CASE_COLUMNS`` are the values of an event and of a case as a source holds them
(``EVENT_KINDS``, ``CASE_KINDS``: what each column holds). A reading process packs a new SOP's rows for
its engine's bulk load (``pack_events``, ``pack_cases``): for SQLite their values one after another in
flat lists (rows with the same missing values together, those written as NULL in the statement rather
than bound: binding a None costs sqlite3 a failed adaptation each time); for PostgreSQL COPY text
(``copy_text``), which the run writes as it is. Each gives its rows back (``PackedRows.rows``) for an
SOP already stored, whose rows are compared one by one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import operator
import re
from dataclasses import dataclass
from itertools import chain, compress

from .times import stamp, unstamp

# as a source holds an event; `refused`: 1 when the case state machine refused it on replay
EVENT_COLUMNS = ("event_id", "case_no", "step", "action", "at", "actor", "recorded_by", "recorded_at", "note",
                 "refused")
AT = EVENT_COLUMNS.index("at")
CASE_COLUMNS = ("case_no", "subject", "state", "opened", "step", "kegiatan", "holder", "step_started", "step_used",
                "step_norm",
                "status", "total_used", "total_norm", "total_status", "returns", "closed", "due", "as_of",
                "step_clock", "open_clock", "step_norm_exact", "total_norm_exact")
OPENED = CASE_COLUMNS.index("opened")
# what each column holds: a whole number, a text or a fraction; "?" where it may be missing (NULL)
EVENT_KINDS = ("int", "int", "int", "text", "int", "text", "text", "int?", "text", "int")
CASE_KINDS = ("int", "text", "text", "int", "int?", "text?", "text?", "int?", "float?", "float?", "text?", "float",
              "float?", "text?", "int", "int?", "int?", "int", "int?", "int?", "float?", "float?")

# PostgreSQL's COPY text format: a row per line, its values parted by tabs, \N for NULL; in a text, a
# backslash, tab, newline and carriage return are written \\, \t, \n and \r (the server reads them back).
# A reading process writes a new SOP's rows so, and the run only adds the SOP and run ids to each line.
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
_COPY_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_COPY_ESCAPE = re.compile(r"\\(.)")
_NONE = type(None)
_TYPES = {"int": int, "text": str, "float": float}


def _copy_escaped(text: str) -> str:
    for plain, escaped in _COPY_ESCAPES:
        text = text.replace(plain, escaped)
    return text


def _copy_unescaped(text: str) -> str:
    return _COPY_ESCAPE.sub(_copy_unescape, text) if "\\" in text else text


def _copy_unescape(match) -> str:
    return _COPY_UNESCAPES[match.group(1)]


def _copy_column(kind: str, column: tuple) -> list | None:
    """One column's values as COPY text; None when one is not exactly of `kind` or not carried exactly."""
    wanted = _TYPES[kind.rstrip("?")]
    types = set(map(type, column))
    missing = _NONE in types
    if types - {wanted, _NONE} or (missing and not kind.endswith("?")):
        return None
    present = [value for value in column if value is not None] if missing else column
    if wanted is str:
        joined = "".join(present)
        if "\0" in joined:                      # PostgreSQL's texts cannot hold it: the general way refuses it
            return None
        if any(plain in joined for plain, _ in _COPY_ESCAPES):
            present = [_copy_escaped(text) for text in present]
    elif wanted is float and not all(map(math.isfinite, present)):
        return None
    else:
        present = list(map(repr if wanted is float else str, present))
    if not missing:
        return present
    texts = iter(present)
    return ["\\N" if value is None else next(texts) for value in column]


def copy_text(rows: list[tuple], kinds: tuple[str, ...] = EVENT_KINDS) -> bytes | None:
    """`rows` as COPY text (UTF-8), one column at a time; None when a value is not exactly of its column's
    kind (``EVENT_KINDS``: an int, a str or a finite float, None only where "?"), or is a text PostgreSQL
    cannot hold (NUL) or UTF-8 cannot encode: such rows go the general way (``Copy.write_row``), which
    refuses what it must."""
    if not rows:
        return b""
    if set(map(len, rows)) != {len(kinds)}:
        return None
    texts = []
    for kind, column in zip(kinds, zip(*rows)):
        text = _copy_column(kind, column)
        if text is None:
            return None
        texts.append(text)
    try:
        return ("\n".join(map("\t".join, zip(*texts))) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return None


def _copy_value(kind: str, value: str):
    if value == "\\N" and kind.endswith("?"):
        return None
    wanted = _TYPES[kind.rstrip("?")]
    return _copy_unescaped(value) if wanted is str else wanted(value)


def rows_of_copy(data: bytes, kinds: tuple[str, ...] = EVENT_KINDS) -> list[tuple]:
    """The rows ``copy_text`` made `data` of, exactly."""
    return [tuple(map(_copy_value, kinds, line.split("\t"))) for line in data.decode("utf-8").split("\n")[:-1]]


def years_of(ats) -> set[int]:
    """The years of the times `ats` (stamps: of events, cases' openings), as the master's parts count them:
    the year of the first and of the last, and any year between that holds one of them."""
    ats = sorted(ats)
    if not ats:
        return set()
    first, last = unstamp(ats[0]).year, unstamp(ats[-1]).year
    years = {first, last}
    for year in range(first + 1, last):
        start, end = stamp(dt.datetime(year, 1, 1)), stamp(dt.datetime(year + 1, 1, 1))
        index = bisect.bisect_left(ats, start)          # the first time at or after the year's start
        if index < len(ats) and ats[index] < end:
            years.add(year)
    return years


@dataclass
class PackedRows:
    """A source's event or case rows packed by its reading process for its engine's bulk load: cheaper to
    send between processes than thousands of small tuples, and loaded by the run without a Python step
    per row. ``rows()`` gives them back (an SOP already stored has its rows compared one by one).

    `form` "values": `data` is groups of rows (which columns they miss, how many rows, the other values of
    every row one after another); "copy": the rows as COPY text, UTF-8 (``copy_text``).
    `marks`: what the run needs of them without reading them — the years of events' times
    (``years_of``), the opening times of cases.
    """

    form: str
    data: list | bytes
    count: int
    kinds: tuple[str, ...]
    marks: set[int]

    def __len__(self) -> int:
        return self.count

    def rows(self) -> list[tuple]:
        """The rows; in "values" form those missing the same columns together, in their order."""
        if self.form == "copy":
            return rows_of_copy(self.data, self.kinds)
        rows = []
        for nulls, count, values in self.data:
            width = nulls.count(False)
            for first in range(0, count * width, width):
                present = iter(values[first:first + width])
                rows.append(tuple(None if null else next(present) for null in nulls))
        return rows


def _pack(engine: str, rows: list[tuple], kinds: tuple[str, ...], marks, grouped: bool):
    if rows and set(map(len, rows)) != {len(kinds)}:
        return rows
    if engine == "postgresql":
        data = copy_text(rows, kinds)
        if data is None:
            return rows
        return PackedRows("copy", data, len(rows), kinds, marks(rows))
    if not grouped:
        data = [((False,) * len(kinds), len(rows), list(chain.from_iterable(rows)))]
    else:
        groups: dict[tuple, list] = {}
        nones = (None,) * len(kinds)
        for row in rows:
            nulls = tuple(map(operator.is_, row, nones))
            group = groups.get(nulls)
            if group is None:
                group = groups[nulls] = [0, []]
            group[0] += 1
            group[1].extend(compress(row, map(operator.is_not, row, nones)))
        data = [(nulls, count, values) for nulls, (count, values) in groups.items()]
    return PackedRows("values", data, len(rows), kinds, marks(rows))


def pack_events(engine: str, rows: list[tuple]) -> "PackedRows | list[tuple]":
    """Event rows packed for `engine`'s bulk load; the rows themselves when they hold a value the packed
    form does not carry exactly (then they go the general way, as they are). Their missing values are few
    (a recorded time): they are bound, and the rows keep their order. Rows packed already (as the Log was
    replayed: ``nightly.replay``) are given as they are."""
    if isinstance(rows, PackedRows):
        return rows if rows.form == ("copy" if engine == "postgresql" else "values") else pack_events(engine, rows.rows())
    return _pack(engine, rows, EVENT_KINDS, lambda rows: years_of(row[AT] for row in rows), grouped=False)


def pack_cases(engine: str, rows: list[tuple]) -> "PackedRows | list[tuple]":
    """Case rows packed for `engine`'s bulk load, as ``pack_events``; a closed case misses a third of its
    values, so rows missing the same ones go together."""
    return _pack(engine, rows, CASE_KINDS, lambda rows: {row[OPENED] for row in rows}, grouped=True)


@functools.lru_cache(maxsize=256)
def values_terms(fixed: int, nulls: tuple[bool, ...], rows: int) -> str:
    """The VALUES of an INSERT of `rows` rows: each starts with the `fixed` first parameters (?1, ?2…, the
    ids all rows share), then numbers the next parameter for each value, NULL for each missing one."""
    terms = []
    number = fixed
    shared = [f"?{n}" for n in range(1, fixed + 1)]
    for _ in range(rows):
        row = list(shared)
        for null in nulls:
            if null:
                row.append("NULL")
            else:
                number += 1
                row.append(f"?{number}")
        terms.append("(" + ", ".join(row) + ")")
    return ", ".join(terms)
