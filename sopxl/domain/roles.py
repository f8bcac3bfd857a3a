"""Recognise Pelaksana roles (jabatan) in free text: abbreviations, long forms, lists, spelling variants.

Activity text names actors loosely — "Kabag MK" for the `Kabag` column, "Sekretaris Jenderal" for
`Sekjen`, "tim Monitoring" for `Tim`, "Kasubbag" for a column spelled `Kasubag`, "Sekertaris" for
`Sekretaris`, "Kasubbag/Kasi" for either of the two. Matching folds case, punctuation and doubled
letters, expands the common long forms, reads a name written with "/" as a list of names, forgives
a space too many or too few and a one-letter slip in a long word, and then prefers the role that
agrees with the most words. Each match says how it was made (``RoleMatch.how``), so an importer can
record why it took a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
_LONG = tuple((tuple(long.split()), short) for long, short in LONG_FORMS)
# the long forms by their first word, in LONG_FORMS' order (a word that begins none is looked at no further)
_LONG_BY_FIRST: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    first: tuple(entry for entry in _LONG if entry[0][0] == first) for first in {long[0] for long, _ in _LONG}}
_TOKEN_RE = re.compile(r"[a-z0-9]+", re.IGNORECASE)
# how a role was recognised, strongest first (the importer words each in layout's texts)
HOW = ("exact", "long_form", "list", "spacing", "spelling")


@dataclass(frozen=True)
class RoleMatch:
    """A role found in text: which role, the words as written, and how they were recognised."""

    role: str
    written: str
    how: str        # one of HOW


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    """A word with doubled letters collapsed: kasubbag -> kasubag, so spelling variants meet."""
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, int, int, bool], ...]:
    """(folded word, start, end, was a long form) of each word of `text`; long forms become one word."""
    raw = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    tokens, index = [], 0
    while index < len(raw):
        for long, short in _LONG_BY_FIRST.get(raw[index][0], ()):
            if tuple(word for word, _, _ in raw[index:index + len(long)]) == long:
                end = index + len(long)
                tokens.append((_fold(short), raw[index][1], raw[end - 1][2], True))
                index = end
                break
        else:
            tokens.append((_fold(raw[index][0]), raw[index][1], raw[index][2], False))
            index += 1
    return tuple(tokens)


def words(text: str) -> tuple[str, ...]:
    """Folded words of `text`, with long forms replaced by their abbreviation (cached: roles recur)."""
    return tuple(token[0] for token in _tokens(text))


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (Damerau): "sekertaris" is one slip from "sekretaris"."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def slipped(mine: str, theirs: str) -> bool:
    """True for the same word with one slip (two in a word of ten letters or more), same first letter."""
    shorter = min(len(mine), len(theirs))
    allowed = 2 if shorter >= 10 else 1
    # the edit distance is at least the difference in length: a longer one is not worked out
    if shorter < 5 or mine[0] != theirs[0] or abs(len(mine) - len(theirs)) > allowed:
        return False
    return _one_edit(mine, theirs) if allowed == 1 else _distance(mine, theirs) <= allowed


def _one_edit(a: str, b: str) -> bool:
    """``_distance(a, b) <= 1`` without the table: the same word, or one letter changed, added, dropped, or two
    neighbours swapped, where the two first differ (the rest must then agree)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    at = 0
    while at < len(a) and at < len(b) and a[at] == b[at]:
        at += 1
    if len(a) > len(b):
        return a[at + 1:] == b[at:]
    if len(a) < len(b):
        return a[at:] == b[at + 1:]
    return a[at + 1:] == b[at + 1:] or (a[at + 1:at + 2] == b[at:at + 1] and a[at:at + 1] == b[at + 1:at + 2]
                                        and a[at + 2:] == b[at + 2:])


OCR_SLIPS = 0.25      # of a word's letters, how many OCR may read wrong for it still to be the word


def misread(mine: str, theirs: str) -> bool:
    """True for `theirs` as OCR may read it (rule: edit distance within OCR_SLIPS of the word's length).

    OCR's slips are letters for letters that look alike ('Kelenqkapan', 'Waklu', 'Keteranqan'), a letter
    lost or doubled, and the first letter as likely as any ('Aklivitas'): unlike a person's spelling slip
    (``slipped``) the first letter may differ. Words under four letters must be read exactly (one slip
    in 'No' or 'Ket' makes another word).
    """
    if len(theirs) < 4 or abs(len(mine) - len(theirs)) > max(1, len(theirs) // 4):
        return mine == theirs
    return _distance(mine, theirs) <= max(1, int(OCR_SLIPS * len(theirs)))


def _names(role: str) -> list[tuple[tuple[str, ...], bool]]:
    """The word sequences a role answers to: the whole name, and each name of a "/" list in it."""
    names = [(words(role), False)]
    if "/" in role:
        names += [(words(part), True) for part in role.split("/") if words(part)]
    return names


def _agreement(name: tuple[str, ...], said: tuple[str, ...]) -> tuple[int, int, str]:
    """(words agreeing, words taken from `said`, how) of a role name against the text's first words."""
    if not name or not said:
        return 0, 0, ""
    joined = "".join(name)
    for taken in range(1, min(len(said), len(name) + 2) + 1):
        # a space too many or too few: "Kasub bag" for Kasubbag, "Subbagian TU" for "Sub bagian TU"
        if _fold("".join(said[:taken])) == _fold(joined) and taken != len(name):
            return len(name), taken, "spacing"
    if said[0] == name[0]:
        how = "exact"
    elif slipped(said[0], name[0]):
        how = "spelling"
    else:
        return 0, 0, ""
    score = 1
    for mine, theirs in zip(name[1:], said[1:]):
        if mine == theirs:
            score += 1
        elif slipped(theirs, mine):
            score, how = score + 1, "spelling"
        else:
            break
    return score, score, how


def _spelled_as(written: str, role: str) -> bool:
    """True when `written` is the role's name (or one of its "/" names) letter for letter, case aside."""
    said = _TOKEN_RE.findall(written.lower())
    return any(_TOKEN_RE.findall(name.lower())[:len(said)] == said for name in [role, *role.split("/")])


def find_role(text: str, roles: list[str]) -> RoleMatch | None:
    """The role that `text` begins with, and how it was recognised; None when it begins with none.

    The first word must agree with the role's first word (or one name of a "/" list); among several
    such roles the one that agrees with the most following words wins ("Kabag Umum …" picks
    `Kabag Umum` over `Kabag Ortala`), and an exact agreement beats a forgiven slip.
    """
    tokens = _tokens(text)
    said = tuple(token[0] for token in tokens)
    if not said:
        return None
    best: tuple[int, int] = (0, 0)
    found: RoleMatch | None = None
    for role in roles:
        for name, from_list in _names(role):
            score, taken, how = _agreement(name, said)
            if not score:
                continue
            rank = (score, -HOW.index(how))
            if rank > best:
                written = text[tokens[0][1]:tokens[taken - 1][2]]
                if how == "exact" and any(token[3] for token in tokens[:taken]) and not _spelled_as(written, role):
                    how = "long_form"
                listed = text[tokens[taken - 1][2]:].lstrip().startswith("/") or ("/" in written and "/" not in role)
                if how == "exact" and (from_list or listed):
                    how = "list"
                best = rank
                found = RoleMatch(role, written, how)
    return found


def match_role(text: str, roles: list[str]) -> str | None:
    """The role that `text` begins with, or None (see ``find_role``)."""
    found = find_role(text, roles)
    return found.role if found else None


def role_at_start(kegiatan: str, roles: list[str]) -> str | None:
    """The role an activity text starts with ("Kabag memerintahkan …"), or None.

    Permenpan 35/2012 separates the actor from the activity, so a match here is both an inference for
    the importer and a finding for validation.
    """
    found = find_role_at_start(kegiatan, roles)
    return found.role if found else None


def find_role_at_start(kegiatan: str, roles: list[str]) -> RoleMatch | None:
    """``role_at_start`` with how the role was recognised."""
    return find_role(kegiatan.lstrip(" -•*\t"), roles)


@lru_cache(maxsize=1024)
def _name_starts(role: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """For ``RolesAtStart``: every start of each name of `role` folded without its spaces, and the first words of
    its names of five letters or more (kept for the last roles: an office's SOPs name the same jabatan)."""
    names = [name for name, _ in _names(role) if name]
    starts = frozenset(joined[:end] for joined in {_fold("".join(name)) for name in names}
                       for end in range(1, len(joined) + 1))
    return starts, tuple(name[0] for name in names if len(name[0]) >= 5)


class RolesAtStart:
    """``role_at_start(kegiatan, roles)`` for the activity texts of one SOP: the roles' names are worked out once,
    and a text whose first word cannot agree with the first word of any name (``_agreement``: the same word, a
    slip of it, or the start of the name written without its spaces) is answered at once, without ``find_role``.
    """

    def __init__(self, roles: list[str]):
        self.roles = list(roles)
        # every start of every name folded without its spaces (which its first word is one of), and the first
        # words a slip may be of (``slipped``: five letters or more), by their first letter
        self._starts: set[str] = set()
        self._slips: dict[str, list[str]] = {}
        for role in self.roles:
            starts, slips = _name_starts(role)
            self._starts.update(starts)
            for first in slips:
                self._slips.setdefault(first[0], []).append(first)

    def __call__(self, kegiatan: str) -> str | None:
        text = kegiatan.lstrip(" -•*\t")
        first = _TOKEN_RE.search(text)
        if first is None:
            return None
        word = first.group().lower()
        said = _tokens(text)[0][0] if word in _LONG_BY_FIRST else _fold(word)     # ``_tokens``' first word
        if said not in self._starts and not any(slipped(said, name) for name in self._slips.get(said[0], ())):
            return None
        found = find_role(text, self.roles)
        return found.role if found else None


# words after which the next role named is the one who receives the work
_HANDOVER_RE = re.compile(
    r"\b(?:kepada|ke|menugaskan|memerintahkan|mendisposisikan(?:\s+kepada)?|c\.?\s?q\.?)\s+", re.IGNORECASE)


def recipients(text: str, roles: list[str]) -> list[tuple[int, RoleMatch]]:
    """(position, match) of every role named right after a handover word (kepada, menugaskan, c.q. …)."""
    found = []
    for match in _HANDOVER_RE.finditer(text):
        role = find_role(text[match.end():match.end() + 60], roles)
        if role:
            found.append((match.start(), role))
    return found


def last_recipient(text: str, roles: list[str]) -> RoleMatch | None:
    """The role the text finally hands over to; "kepada Karo PO c.q. Kabag Ortala" gives Kabag Ortala."""
    found = recipients(text, roles)
    return found[-1][1] if found else None
