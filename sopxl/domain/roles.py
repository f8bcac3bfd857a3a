"""Recognise Pelaksana roles (jabatan) in free text: abbreviations, long forms, spelling variants.

Activity text names actors loosely — "Kabag MK" for the `Kabag` column, "Sekretaris Jenderal" for
`Sekjen`, "tim Monitoring" for `Tim`, "Kasubbag" for a column spelled `Kasubag`. Matching folds case,
punctuation and doubled letters, expands the common long forms, and then prefers the role that agrees
with the most words.
"""

from __future__ import annotations

import re
from functools import lru_cache

# long forms written in activity text -> the abbreviation used as a column name
LONG_FORMS = (
    ("sekretaris kementerian koordinator", "sesmenko"),
    ("sekretaris jenderal", "sekjen"),
    ("sekretaris utama", "sestama"),
    ("sekretaris menteri", "sesmen"),
    ("kepala biro", "karo"),
    ("kepala bagian", "kabag"),
    ("kepala sub bagian", "kasubbag"),
    ("kepala subbagian", "kasubbag"),
    ("kepala seksi", "kasi"),
    ("kepala bidang", "kabid"),
    ("kepala pusat", "kapus"),
    ("direktur jenderal", "dirjen"),
    ("pejabat fungsional", "fungsional"),
    ("staf", "fungsional"),
    ("pelaksana", "fungsional"),
)
_WORD_RE = re.compile(r"[a-z0-9]+")


def _fold(word: str) -> str:
    """A word with doubled letters collapsed: kasubbag -> kasubag, so spelling variants meet."""
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Folded words of `text`, with long forms replaced by their abbreviation (cached: roles recur)."""
    lowered = " ".join(_WORD_RE.findall(text.lower()))
    for long, short in LONG_FORMS:
        lowered = re.sub(rf"\b{long}\b", short, lowered)
    return tuple(_fold(w) for w in lowered.split())


def match_role(text: str, roles: list[str]) -> str | None:
    """The role that `text` begins with, or None.

    The first word must agree with the role's first word; among several such roles the one that
    agrees with the most following words wins ("Kabag Umum …" picks `Kabag Umum` over `Kabag Ortala`).
    """
    said = words(text)
    if not said:
        return None
    best, best_score = None, 0
    for role in roles:
        role_words = words(role)
        if not role_words or role_words[0] != said[0]:
            continue
        score = 1
        for mine, theirs in zip(role_words[1:], said[1:]):
            if mine != theirs:
                break
            score += 1
        # a role whose extra words are all absent still matches, but an exact longer match wins
        if score > best_score:
            best, best_score = role, score
    return best


def role_at_start(kegiatan: str, roles: list[str]) -> str | None:
    """The role an activity text starts with ("Kabag memerintahkan …"), or None.

    Permenpan 35/2012 separates the actor from the activity, so a match here is both an inference for
    the importer and a finding for validation.
    """
    match = re.match(r"\s*([A-Za-z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\s+(?=[a-z])", kegiatan)
    if not match:
        return None
    return match_role(match.group(1), roles)


# words after which the next role named is the one who receives the work
_HANDOVER_RE = re.compile(
    r"\b(?:kepada|ke|menugaskan|memerintahkan|mendisposisikan(?:\s+kepada)?|c\.?\s?q\.?)\s+", re.IGNORECASE)


def recipients(text: str, roles: list[str]) -> list[tuple[int, str]]:
    """(position, role) of every role named right after a handover word (kepada, menugaskan, c.q. …)."""
    found = []
    for match in _HANDOVER_RE.finditer(text):
        role = match_role(text[match.end():match.end() + 60], roles)
        if role:
            found.append((match.start(), role))
    return found


def last_recipient(text: str, roles: list[str]) -> str | None:
    """The role the text finally hands over to; "kepada Karo PO c.q. Kabag Ortala" gives Kabag Ortala."""
    found = recipients(text, roles)
    return found[-1][1] if found else None
