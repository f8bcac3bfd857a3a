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
from .memo import kept

# what to write instead, for most refusals of a Waktu text
_WRITE_NORM = {"id": 'tulis angka dan satuan, mis. "30 menit", "2 jam", "1 hari"',
               "en": 'write a number and a unit, e.g. "30 menit", "2 jam", "1 hari"'}

# canonical unit -> spellings seen in documents (Indonesian and English). "hr" is hari: Indonesian
# documents abbreviate hari so ("3 hr"), and jam as "jm"; hk is hari kerja, mgg minggu, bln bulan.
UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "menit": ("menit", "mnt", "mnit", "minute", "minutes", "min", "mins"),
    "jam": ("jam", "jm", "hour", "hours", "hrs"),
    "hari": ("hari", "hr", "hr kerja", "hari kerja", "hk", "day", "days", "working day", "working days",
             "business day", "business days"),
    "hari kalender": ("hari kalender", "calendar day", "calendar days"),
    "minggu": ("minggu", "mgg", "minggu kerja", "pekan", "week", "weeks"),
    "bulan": ("bulan", "bln", "month", "months"),
}
_UNIT_OF = {spelling: unit for unit, spellings in UNIT_SPELLINGS.items() for spelling in spellings}
# longest spellings first so "hari kerja" wins over "hari"
_UNIT_RE = "|".join(sorted((re.escape(s) for s in _UNIT_OF), key=len, reverse=True))
_DIGITS_RE = r"\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?"
# Indonesian number words, as written out in norms ("1 (satu) hari", "sepuluh menit", "setengah jam")
_ONES = {"nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
         "delapan": 8, "sembilan": 9}
_WORD_NUMBER_RE = (r"(?:setengah|seperempat|sepuluh|sebelas|seratus"
                   r"|(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
                   r"(?:\s+(?:belas|puluh(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|ratus))?)")
_AMOUNT_RE = rf"(?:{_DIGITS_RE}|{_WORD_NUMBER_RE})"
# "1 (satu)": a number followed by the same number written out in brackets
_SPELLED_RE = rf"(?:\s*\(\s*{_WORD_NUMBER_RE}\s*\))?"
# a range "10 - 15", "1 s.d. 5", "2 sampai 3", "antara 1 dan 2"
_TO_RE = r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga|to|dan)"
# words that may stand before a norm without changing it
_PREFIX_RE = (r"(?:maks(?:imal|imum)?\.?|paling\s+lama|selama|±|\+/-|kurang\s+lebih|max(?:imum)?\.?|within"
              r"|up\s+to|antara|between)?")
_NORM_RE = re.compile(
    rf"^{_PREFIX_RE}\s*(?:(?P<low>{_AMOUNT_RE}){_SPELLED_RE}\s*(?P<low_unit>{_UNIT_RE})?\.?\s*{_TO_RE}\s*)?"
    rf"(?:(?P<times>{_AMOUNT_RE}){_SPELLED_RE}\s*[x×]\s*)?"
    rf"(?P<number>{_AMOUNT_RE})(?P<spelled>{_SPELLED_RE})\s*(?P<unit>{_UNIT_RE})\.?$")
# "sehari", "sejam", "seminggu", "sebulan": one unit in a single word
_ONE_UNIT_RE = re.compile(r"^(?:maks(?:imal)?\.?\s*|paling\s+lama\s+|selama\s+)?se(?P<unit>hari|jam|minggu|bulan)\.?$")
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
    low: float | None = None     # the lower bound of a range ("10 - 15 menit"); the norm is the upper one

    def __post_init__(self):
        if self.unit not in UNIT_SPELLINGS:
            units = ", ".join(UNIT_SPELLINGS)
            raise NormError({"id": f"satuan {self.unit!r} tidak dikenal", "en": f"unknown unit {self.unit!r}"},
                            fix={"id": f"pakai salah satu: {units}", "en": f"use one of {units}"}, code="unit-unknown")
        if not self.value > 0:
            raise NormError({"id": f"norma harus lebih dari nol, bukan {self.value!r}",
                             "en": f"a norm must be more than zero, not {self.value!r}"}, fix=_WRITE_NORM,
                            code="norm-zero")

    def minutes(self, day_minutes: float) -> float:
        """Working minutes of this norm for an office whose working day has `day_minutes`."""
        if self.unit in _MINUTES_PER_UNIT:
            return self.value * _MINUTES_PER_UNIT[self.unit]
        return float(self.value * day_minutes * _DAYS_PER_UNIT[self.unit])

    def __str__(self) -> str:
        return format_norm(self)

    def to_dict(self) -> dict:
        data = {"value": self.value, "unit": self.unit}
        if self.low is not None:
            data["low"] = self.low
        return data


@kept(4096)
def clean_text(text: object) -> str:
    """Cell text without HTML tags or entities, with white space folded to single spaces (kept for the last
    texts: the readers and the rules look at each text several times, and an office's SOPs share most of them)."""
    if text is None:
        return ""
    plain = html.unescape(_TAG_RE.sub(" ", str(text)))
    return " ".join(plain.split())


def _word_number(text: str) -> float:
    """The value of an Indonesian number word: "dua puluh lima" is 25, "setengah" 0.5."""
    text = " ".join(text.split())
    fixed = {"setengah": 0.5, "seperempat": 0.25, "sepuluh": 10, "sebelas": 11, "seratus": 100}
    if text in fixed:
        return fixed[text]
    words = text.split()
    value = _ONES[words[0]]
    if len(words) == 1:
        return value
    if words[1] == "belas":
        return 10 + value
    if words[1] == "ratus":
        return value * 100
    return value * 10 + (_ONES[words[2]] if len(words) > 2 else 0)


def _number(text: str) -> float:
    if text[:1].isalpha():
        return _word_number(text)
    if "/" in text:
        top, bottom = (part.strip() for part in text.split("/"))
        if int(bottom) == 0:
            raise NormError({"id": f"{text!r} membagi dengan nol", "en": f"{text!r} divides by zero"},
                            fix=_WRITE_NORM, code="number-unreadable")
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

    Reads what documents write: "30 menit", "1,5 jam", "1 (satu) hari", "sepuluh menit", "1 x 24 jam"
    (24 jam), "3 hr" (3 hari), "sehari". A range ("10 - 15 menit", "1 - 5 hari kerja") is a norm whose
    value is its upper bound — the time the step may take at most — with the lower bound kept in
    ``Norm.low``. Raises NormError for text that is not a norm, naming what was expected.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        raise NormError({"id": f"{text!r} tanpa satuan", "en": f"{text!r} has no unit"},
                        fix={"id": f'tulis satuannya juga, mis. "{text:g} menit"',
                             "en": f'write the unit too, e.g. "{text:g} menit"'}, code="no-unit")
    plain = clean_text(text).lower()
    if is_blank_or_bare_unit(plain):
        return None
    if one := _ONE_UNIT_RE.match(plain):
        return Norm(1, one["unit"])
    match = _NORM_RE.match(plain)
    shown = repr(_shorten(clean_text(text)))
    if not match:
        raise NormError({"id": f"{shown} bukan norma waktu", "en": f"{shown} is not a time norm"},
                        fix=_WRITE_NORM, code="not-a-norm")
    unit = _UNIT_OF[match["unit"]]
    try:
        value = _number(match["number"])
        if match["spelled"] and _word_number(match["spelled"].strip(" ()")) != value:
            raise NormError({"id": f"{shown} memuat dua angka yang berbeda", "en": f"{shown} gives two different numbers"},
                            fix={"id": "tulis angkanya sekali, atau samakan kata dalam kurung dengan angkanya",
                                 "en": "write the number once, or make the words in brackets agree with it"},
                            code="two-numbers")
        if match["times"]:
            value *= _number(match["times"])
        low = _number(match["low"]) if match["low"] else None
    except NormError:
        raise
    except (ValueError, ZeroDivisionError, KeyError, IndexError) as exc:
        raise NormError({"id": f"angka dalam {shown} tidak terbaca", "en": f"{shown} has an unreadable number"},
                        fix=_WRITE_NORM, code="number-unreadable") from exc
    if low is not None and match["low_unit"] and _UNIT_OF[match["low_unit"]] != unit:
        raise NormError({"id": f"{shown} adalah rentang dengan dua satuan", "en": f"{shown} is a range with two units"},
                        fix={"id": 'tulis kedua batas dalam satu satuan, mis. "1 - 2 jam"',
                             "en": 'write both bounds in one unit, e.g. "1 - 2 jam"'}, code="range-two-units")
    if value <= 0:
        raise NormError({"id": f"{shown} bernilai nol", "en": f"{shown} is zero"},
                        fix={"id": 'tulis waktu yang boleh dipakai langkah ini, mis. "30 menit"',
                             "en": 'write the time the step may take, e.g. "30 menit"'}, code="norm-zero")
    if low is not None and not 0 <= low < value:
        raise NormError({"id": f"{shown} adalah rentang yang batas pertamanya tidak lebih kecil",
                         "en": f"{shown} is a range whose first bound is not the smaller"},
                        fix={"id": 'tulis rentangnya dari waktu terpendek ke terpanjang, mis. "10 - 15 menit"',
                             "en": 'write the range from the shorter time to the longer, e.g. "10 - 15 menit"'},
                        code="range-order")
    if not value <= MAX_NORM_NUMBER:         # also false for inf and nan (400 nines are inf)
        most_id = f"{MAX_NORM_NUMBER:,}".replace(",", ".")
        raise NormError({"id": f"{shown} memuat angka di atas {most_id}, yang tidak diperlukan norma waktu mana pun",
                         "en": f"{shown} has a number above {MAX_NORM_NUMBER:,}, which no time norm needs"},
                        fix={"id": 'tulis waktu yang boleh dipakai langkah ini, mis. "30 menit", "2 jam", "1 hari"',
                             "en": 'write the time the step may take, e.g. "30 menit", "2 jam", "1 hari"'},
                        code="number-too-large")
    return Norm(value, unit, low)


# The largest number a norm may have: far above any real norm (100,000 menit is 208 working days), and
# small enough that every sum and conversion of norms stays a finite number.
MAX_NORM_NUMBER = 100_000


def _shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 11] + "…" + text[-10:]


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else format(Decimal(repr(float(value))), "f").replace(".", ",")


def format_norm(norm: Norm) -> str:
    """The norm as a document writes it, with a decimal comma: ``1,5 jam``, ``10 - 15 menit``."""
    low = f"{_format_number(norm.low)} - " if norm.low is not None else ""
    return f"{low}{_format_number(norm.value)} {norm.unit}"
