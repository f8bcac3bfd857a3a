"""Time norms (Mutu Baku › Waktu) as written in SOP documents: parse, format, convert.

A norm keeps the value and unit it was written with. Converting it to working minutes needs the
office's working day length (from its calendar): ``hari`` and ``hari kerja`` are one working day,
``minggu`` is five working days, ``bulan`` is twenty working days (four weeks), and
``hari kalender`` is 5/7 of a working day per calendar day. A bare unit (``menit``) or an empty
cell is *no norm* — reported, never zero.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..errors import NormError

# canonical unit -> spellings seen in documents (Indonesian and English)
UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "menit": ("menit", "mnt", "minute", "minutes", "min", "mins"),
    "jam": ("jam", "hour", "hours", "hr", "hrs"),
    "hari": ("hari", "hr kerja", "hari kerja", "hk", "day", "days", "working day", "working days",
             "business day", "business days"),
    "hari kalender": ("hari kalender", "calendar day", "calendar days"),
    "minggu": ("minggu", "pekan", "week", "weeks"),
    "bulan": ("bulan", "bln", "month", "months"),
}
_UNIT_OF = {spelling: unit for unit, spellings in UNIT_SPELLINGS.items() for spelling in spellings}
# longest spellings first so "hari kerja" wins over "hari"
_UNIT_RE = "|".join(sorted((re.escape(s) for s in _UNIT_OF), key=len, reverse=True))
_NUMBER_RE = r"\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?"
# words that may stand before a norm without changing it
_PREFIX_RE = r"(?:maks(?:imal|imum)?\.?|paling\s+lama|selama|±|\+/-|kurang\s+lebih|max(?:imum)?\.?|within|up\s+to)?"
_NORM_RE = re.compile(rf"^{_PREFIX_RE}\s*(?P<number>{_NUMBER_RE})\s*(?P<unit>{_UNIT_RE})\.?$")
_BARE_RE = re.compile(rf"^(?P<unit>{_UNIT_RE})\.?$")
_TAG_RE = re.compile(r"<[^>]*>")

# working days per unit; None means "minutes, not days"
_MINUTES_PER_UNIT = {"menit": 1, "jam": 60}
_DAYS_PER_UNIT = {"hari": Fraction(1), "hari kalender": Fraction(5, 7), "minggu": Fraction(5),
                  "bulan": Fraction(20)}


@dataclass(frozen=True)
class Norm:
    """A time norm: a positive value and a canonical unit (menit, jam, hari, hari kalender, minggu, bulan)."""

    value: float
    unit: str

    def __post_init__(self):
        if self.unit not in UNIT_SPELLINGS:
            raise NormError(f"unknown unit {self.unit!r}", fix="use one of " + ", ".join(UNIT_SPELLINGS))
        if not self.value > 0:
            raise NormError(f"a norm must be more than zero, not {self.value!r}")

    def minutes(self, day_minutes: float) -> float:
        """Working minutes of this norm for an office whose working day has `day_minutes`."""
        if self.unit in _MINUTES_PER_UNIT:
            return self.value * _MINUTES_PER_UNIT[self.unit]
        return float(self.value * day_minutes * _DAYS_PER_UNIT[self.unit])

    def __str__(self) -> str:
        return format_norm(self)

    def to_dict(self) -> dict:
        return {"value": self.value, "unit": self.unit}


def clean_text(text: object) -> str:
    """Cell text without HTML tags or entities, with white space folded to single spaces."""
    if text is None:
        return ""
    plain = html.unescape(_TAG_RE.sub(" ", str(text)))
    return " ".join(plain.split())


def _number(text: str) -> float:
    if "/" in text:
        top, bottom = (part.strip() for part in text.split("/"))
        if int(bottom) == 0:
            raise NormError(f"{text!r} divides by zero")
        return int(top) / int(bottom)
    return float(text.replace(",", "."))


def is_blank_or_bare_unit(text: object) -> bool:
    """True for text that says no norm: empty, or a unit with no number (a template placeholder)."""
    plain = clean_text(text).lower()
    return not plain or bool(_BARE_RE.match(plain))


def is_bare_unit(text: object) -> bool:
    """True for a unit written without a number, such as ``menit``."""
    return bool(_BARE_RE.match(clean_text(text).lower()))


def parse_norm(text: object) -> Norm | None:
    """Parse a Waktu cell; None when it holds no norm (empty or bare unit).

    Raises NormError for text that is not a norm, naming what was expected.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        raise NormError(f"{text!r} has no unit", fix=f'write the unit too, e.g. "{text:g} menit"')
    plain = clean_text(text).lower()
    if is_blank_or_bare_unit(plain):
        return None
    match = _NORM_RE.match(plain)
    if not match:
        raise NormError(f"{clean_text(text)!r} is not a time norm",
                        fix='write a number and a unit, e.g. "30 menit", "2 jam", "1 hari"')
    try:
        value = _number(match["number"])
    except (ValueError, ZeroDivisionError) as exc:
        raise NormError(f"{clean_text(text)!r} has an unreadable number") from exc
    if value <= 0:
        raise NormError(f"{clean_text(text)!r} is zero", fix="write the time the step may take, e.g. \"30 menit\"")
    return Norm(value, _UNIT_OF[match["unit"]])


def format_norm(norm: Norm) -> str:
    """The norm as a document writes it, with a decimal comma: ``1,5 jam``."""
    value = norm.value
    number = str(int(value)) if float(value).is_integer() else format(Decimal(repr(float(value))), "f").replace(".", ",")
    return f"{number} {norm.unit}"
