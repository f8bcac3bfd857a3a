"""Infer what a document lost — who acts, which symbol, where a decision goes — and say why.

Pure. Each guess is stored on the step as an ``Inference`` with its reason (texts in the layout, in
the run's language), so the author can review it (the workbook's Inferensi column; validation warns
until the step is marked Ditinjau).

Rules, strongest first, for the Pelaksana of a step with no mark — the step's own text and the
decision structure come before any assumption:
1. ``start``: the activity starts with a role's name ("Kabag memerintahkan …", "Sekertaris …");
2. ``by``: the activity names its actor with "oleh" ("… ditandatangani oleh Kepala Biro");
3. ``handover``: the previous step hands over to a role ("… menyampaikannya kepada Kabag Ortala"; for
   a decision, the hand-over in its Ya clause only; "kepada Karo PO c.q. Kabag Ortala" is Kabag Ortala);
4. ``returned``: the next step is a decision that returns the work to a role ("dikembalikan kepada
   Kasubbag"): the one who submitted it is that role;
5. ``output``: for the first step, a role named in its Output or Kelengkapan ("Disposisi/arahan Karo");
6. ``back_to_submitter``: the step files, sends or records (mengarsipkan, mengirimkan, mengagendakan …)
   what the previous step signed (menandatangani, menetapkan, mengesahkan) without handing it over:
   the paperwork goes back to the role that handed it to the signer, not on with the signer;
7. ``same``: otherwise the previous step's Pelaksana keeps the work (the first step: the first column).
Role names are matched tolerantly (``domain.roles.find_role``); a match not written exactly says how.

Symbols: the first and last steps are terminators; a step is a decision when its text carries both a
positive and a negative condition, in any order and wording ("jika setuju … jika tidak", "apabila
disetujui … apabila ditolak", "bila sudah benar … bila belum benar", "bila lengkap … bila tidak
lengkap"), or when Ya and Tidak labels are written in its Pelaksana cells. A decision's Ya goes to
the next step, its Tidak to the latest earlier step of the role it returns to.
"""

from __future__ import annotations

import re

from .. import layout as L
from ..domain.model import SOP, Inference, Step, Symbol
from ..domain.roles import RoleMatch, find_role, find_role_at_start, last_recipient

_CONDITION_RE = re.compile(r"\b(?:jika|apabila|bila|bilamana|kalau|jikalau|manakala)\b", re.IGNORECASE)
# the words right after a condition that make it the negative branch
_NEGATIVE_RE = re.compile(
    r"^\W*(?:\w+\s+){0,2}?(?:tidak|tdk|belum|ditolak|tolak|menolak|kurang|salah|keliru|gagal"
    r"|ada\s+(?:perbaikan|koreksi|revisi|kekurangan)|perlu\s+(?:perbaikan|diperbaiki))\b", re.IGNORECASE)
_BY_RE = re.compile(r"\boleh\s+", re.IGNORECASE)
# verbs of the clerical work that follows a signature: filing, sending, numbering, recording
_CLERICAL_RE = re.compile(r"\b(?:mengarsip\w*|diarsipkan|mengirim\w*|dikirim\w*|mendistribusikan|didistribusikan"
                          r"|mengagendakan|diagendakan|menomori|memberi\s+nomor|mencatat|dicatat|menyimpan"
                          r"|disimpan|menggandakan|mengadministrasikan|mendokumentasikan|mengunggah)\b", re.IGNORECASE)
_SIGNED_RE = re.compile(r"\b(?:menandatangan\w*|ditandatangan\w*|tanda\s+tangan|mengesahkan|disahkan"
                        r"|menetapkan|ditetapkan)\b", re.IGNORECASE)


def _reason(key: str, lang: str, found: RoleMatch | None = None, **values) -> str:
    """The reason text of rule `key`, with how the role was recognised when it was not written exactly."""
    text = L.text(f"inf_{key}", lang).format(**values)
    if found is not None and found.how != "exact":
        text += f" ({L.text('role_how_' + found.how, lang).format(written=found.written)})"
    return text


def clauses(text: str) -> list[tuple[bool, str]]:
    """(negative, clause) for each condition in a step's text, in the order written."""
    starts = [m.start() for m in _CONDITION_RE.finditer(text)]
    found = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        clause = text[start:end]
        after = clause[_CONDITION_RE.match(clause).end():]
        found.append((bool(_NEGATIVE_RE.match(after)), clause))
    return found


def yes_clause(text: str) -> str:
    """The part of a decision's text that says what happens on Ya (the text when it has no condition)."""
    positive = [clause for negative, clause in clauses(text) if not negative]
    if positive:
        return " ".join(positive)
    first = _CONDITION_RE.search(text)
    return text[:first.start()] if first else text


def no_clause(text: str) -> str:
    """The part of a decision's text that says what happens on Tidak ("" when there is none)."""
    return " ".join(clause for negative, clause in clauses(text) if negative)


def is_decision_text(text: str) -> bool:
    """True when the text holds both a positive and a negative condition."""
    kinds = {negative for negative, _ in clauses(text)}
    return kinds == {True, False}


# words that stand between a condition and what it tests ("bila sudah benar", "jika tidak disetujui")
_CONDITION_FILLERS = {"tidak", "tdk", "belum", "sudah", "telah", "ada", "perlu", "dalam", "hal", "dinyatakan"}


def _choice_words(text: str) -> tuple[str, str]:
    """The Ya and Tidak conditions as written ("apabila disetujui", "apabila ditolak", "bila sudah benar")."""
    def opening(negative_wanted: bool) -> str:
        clause = next(c for negative, c in clauses(text) if negative is negative_wanted)
        words = clause.split()
        taken = 1
        while taken < len(words) and words[taken].lower().strip(",.;:") in _CONDITION_FILLERS:
            taken += 1
        return " ".join(words[:taken + 1]).rstrip(",.;:")
    return opening(False), opening(True)


def branch_label(condition: str) -> str:
    """A branch's name from its condition as written: "bila sudah benar" -> "Sudah Benar"; "" when it
    is the plain Ya or Tidak ("jika tidak, …", "jika ya")."""
    words = re.split(r"[,;:.]", condition, maxsplit=1)[0].split()[1:]
    if not words or all(w.lower() in ("ya", "tidak", "tdk") for w in words):
        return ""
    return " ".join(w[:1].upper() + w[1:] for w in words)


def branch_labels(yes: str, no: str) -> tuple[str, str]:
    """The branch names of a decision written as conditions: kept when the branches say more than Ya and
    Tidak ("bila sudah benar … bila belum benar", "apabila disetujui … apabila ditolak"); ("", "") when
    the Tidak condition is a plain denial ("jika setuju … jika tidak setuju", "bila tidak lengkap", "jika
    tidak dikembalikan": the word after "tidak" may be the action, not a condition)."""
    ya, tidak = branch_label(yes), branch_label(no)
    if not tidak or tidak.split()[0].lower() in ("tidak", "tdk"):
        return "", ""
    return ya, tidak


def handover(step: Step, roles: list[str]) -> RoleMatch | None:
    """The role a step hands its work to, as its text says."""
    text = yes_clause(step.kegiatan) if step.symbol is Symbol.DECISION else step.kegiatan
    return last_recipient(text, roles)


def returned_to(step: Step, roles: list[str]) -> RoleMatch | None:
    """The role a decision's Tidak clause returns the work to."""
    return last_recipient(no_clause(step.kegiatan), roles)


def _named_in(text: str, roles: list[str]) -> RoleMatch | None:
    words = text.replace("/", " ").split()
    for index in range(len(words)):
        if found := find_role(" ".join(words[index:index + 4]), roles):
            return found
    return None


def _named_by(step: Step, roles: list[str]) -> RoleMatch | None:
    """The role named after "oleh" in the step's own text (outside a Tidak clause)."""
    text = step.kegiatan.replace(no_clause(step.kegiatan), " ") if no_clause(step.kegiatan) else step.kegiatan
    for match in _BY_RE.finditer(text):
        if found := find_role(text[match.end():match.end() + 60], roles):
            return found
    return None


def infer(sop: SOP, lang: str = L.DEFAULT_LANG, arrows: dict[int, list[str]] | None = None,
          known: frozenset[int] | set[int] = frozenset()) -> SOP:
    """Fill in symbols, Pelaksana and decision routing the document left out, recording each guess.

    `arrows` holds the Ya/Tidak labels a document wrote in the Pelaksana cells of a step (or the row
    under it), by step number. Steps numbered in `known` had their symbol read from the document (a
    PDF's shapes): it stays as read.
    """
    steps, roles, arrows = sop.steps, sop.roles, arrows or {}
    for index, step in enumerate(steps):
        if step.number in known:
            continue
        if is_decision_text(step.kegiatan):
            step.symbol = Symbol.DECISION
            yes, no = _choice_words(step.kegiatan)
            if not (step.ya_label or step.tidak_label):
                step.ya_label, step.tidak_label = branch_labels(yes, no)
            step.inferences.append(Inference("symbol", Symbol.DECISION.value, _reason("decision", lang, yes=yes, no=no)))
        elif {"ya", "tidak"} <= set(arrows.get(step.number, ())) and 0 < index < len(steps) - 1:
            step.symbol = Symbol.DECISION
            step.inferences.append(Inference("symbol", Symbol.DECISION.value,
                                             _reason("decision_labels", lang, step=step.number)))
        elif index in (0, len(steps) - 1):
            step.symbol = Symbol.TERMINATOR
            key = "terminator_first" if index == 0 else "terminator_last"
            step.inferences.append(Inference("symbol", Symbol.TERMINATOR.value, _reason(key, lang)))
    for index, step in enumerate(steps):
        if step.marks or not roles:
            continue
        role, reason = _infer_actor(steps, index, roles, lang)
        step.marks = [role]
        step.inferences.append(Inference("pelaksana", role, reason))
    for index, step in enumerate(steps):
        if step.symbol is not Symbol.DECISION:
            continue
        if step.ya is None and index + 1 < len(steps):
            step.ya = steps[index + 1].number
            step.inferences.append(Inference("ya", str(step.ya), _reason("ya_next", lang)))
        if step.tidak is None and index > 0:
            step.tidak, reason = _infer_return(steps, index, roles, lang)
            step.inferences.append(Inference("tidak", str(step.tidak), reason))
    return sop


def _infer_actor(steps: list[Step], index: int, roles: list[str], lang: str) -> tuple[str, str]:
    step = steps[index]
    if found := find_role_at_start(step.kegiatan, roles):
        return found.role, _reason("start", lang, found, role=found.role)
    if found := _named_by(step, roles):
        return found.role, _reason("by", lang, found, role=found.role)
    previous = steps[index - 1] if index > 0 else None
    if previous is not None and (found := handover(previous, roles)):
        return found.role, _reason("handover", lang, found, prev=previous.number, role=found.role)
    following = steps[index + 1] if index + 1 < len(steps) else None
    if following is not None and following.symbol is Symbol.DECISION and (found := returned_to(following, roles)):
        return found.role, _reason("returned", lang, found, next=following.number, role=found.role)
    if previous is None:
        if found := _named_in(f"{step.output} {step.kelengkapan}", roles):
            return found.role, _reason("output", lang, found, role=found.role)
        return roles[0], _reason("first_column", lang)
    if (_CLERICAL_RE.search(step.kegiatan) and _SIGNED_RE.search(previous.kegiatan) and previous.marks
            and (back := _submitter(steps, index - 1, roles))):
        submitted, role = back
        return role, _reason("back_to_submitter", lang, prev=previous.number, signer=previous.marks[0],
                             role=role, submitted=submitted)
    return previous.marks[0] if previous.marks else roles[0], _reason("same", lang, prev=previous.number)


def _submitter(steps: list[Step], signed: int, roles: list[str]) -> tuple[int, str] | None:
    """(step, role) of the latest step before `signed` whose actor handed the work to the signer."""
    signer = steps[signed].marks[0]
    for earlier in reversed(steps[:signed]):
        if earlier.marks and earlier.marks[0] != signer:
            found = handover(earlier, roles)
            if found and found.role == signer:
                return earlier.number, earlier.marks[0]
    return None


def _infer_return(steps: list[Step], index: int, roles: list[str], lang: str) -> tuple[int, str]:
    found = returned_to(steps[index], roles)
    if found:
        for earlier in reversed(steps[:index]):
            if found.role in earlier.marks:
                return earlier.number, _reason("tidak_role", lang, found, role=found.role)
    return steps[index - 1].number, _reason("tidak_previous", lang)
