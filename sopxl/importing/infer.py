"""Infer what a text export lost — who acts, which symbol, where a decision goes — and say why.

Pure. Each guess is stored on the step as an ``Inference`` with its reason, so the author can review
it (the workbook's Inferensi column; validation warns until the step is marked Ditinjau).

Rules, strongest first, for the Pelaksana of a step with no mark:
1. the activity starts with a role's name ("Kabag memerintahkan …");
2. the previous step hands over to a role ("… menyampaikannya kepada Kabag Ortala"; for a decision,
   the hand-over in its Ya clause; "kepada Karo PO c.q. Kabag Ortala" means Kabag Ortala);
3. the next step is a decision that returns the work to a role ("dikembalikan kepada Kasubbag"): the
   one who submitted it is that role;
4. for the first step, a role named in its Output or Kelengkapan ("Disposisi/arahan Karo");
5. otherwise the previous step's Pelaksana keeps the work (the first step: the first column).
Symbols: the first and last steps are terminators; a step whose text carries a "jika setuju … jika
tidak …" choice is a decision. A decision's Ya goes to the next step, its Tidak to the latest earlier
step of the role it returns to.
"""

from __future__ import annotations

import re

from ..domain.model import SOP, Inference, Step, Symbol
from ..domain.roles import last_recipient, match_role, role_at_start

_DECISION_RE = re.compile(
    r"\b(?:jika|apabila|bila|kalau)\s+(?:tidak\s+)?(?:setuju|disetujui|sesuai|lengkap|benar|memenuhi|valid|ya)\b"
    r"|\b(?:jika|apabila|bila)\s+tidak\b", re.IGNORECASE)
_NO_CLAUSE_RE = re.compile(r"\b(?:jika|apabila|bila|kalau)\s+tidak\b", re.IGNORECASE)
_YES_CLAUSE_RE = re.compile(r"\b(?:jika|apabila|bila|kalau)\s+(?!tidak\b)\w+", re.IGNORECASE)

REASONS = {
    "start": ("kegiatan diawali nama {role}", "the activity starts with the name {role}"),
    "handover": ("langkah {prev} menyerahkan kepada {role}", "step {prev} hands over to {role}"),
    "returned": ("keputusan di langkah {next} mengembalikan kepada {role}", "the decision at step {next} returns to {role}"),
    "output": ("Output/Kelengkapan menyebut {role}", "the Output/Kelengkapan names {role}"),
    "same": ("teks tidak menyebut pelaksana; dianggap sama dengan langkah {prev}",
             "the text names no actor; assumed the same as step {prev}"),
    "first_column": ("teks tidak menyebut pelaksana; kolom Pelaksana pertama", "the text names no actor; the first Pelaksana column"),
    "terminator_first": ("langkah pertama: Mulai", "first step: start"),
    "terminator_last": ("langkah terakhir: Selesai", "last step: end"),
    "decision": ("teks memuat pilihan \"jika … jika tidak\"", "the text carries a \"jika … jika tidak\" choice"),
    "ya_next": ("Ya berlanjut ke langkah berikutnya", "Ya goes on to the next step"),
    "tidak_role": ("dikembalikan kepada {role}: langkah terakhirnya sebelum keputusan",
                   "returned to {role}: its latest step before the decision"),
    "tidak_previous": ("tujuan pengembalian tidak jelas; langkah sebelumnya", "the return target is unclear; the previous step"),
}


def _reason(key: str, lang: str, **values) -> str:
    return REASONS[key][0 if lang == "id" else 1].format(**values)


def yes_clause(text: str) -> str:
    """The part of a decision's text that says what happens on Ya."""
    no = _NO_CLAUSE_RE.search(text)
    yes = _YES_CLAUSE_RE.search(text)
    if yes and (not no or yes.start() < no.start()):
        return text[yes.start():no.start() if no else len(text)]
    return text[:no.start()] if no else text


def no_clause(text: str) -> str:
    """The part of a decision's text that says what happens on Tidak ("" when there is none)."""
    no = _NO_CLAUSE_RE.search(text)
    return text[no.start():] if no else ""


def is_decision_text(text: str) -> bool:
    return bool(_DECISION_RE.search(text)) and bool(_NO_CLAUSE_RE.search(text))


def handover(step: Step, roles: list[str]) -> str | None:
    """The role a step hands its work to, as its text says."""
    text = yes_clause(step.kegiatan) if step.symbol is Symbol.DECISION else step.kegiatan
    return last_recipient(text, roles)


def returned_to(step: Step, roles: list[str]) -> str | None:
    """The role a decision's Tidak clause returns the work to."""
    return last_recipient(no_clause(step.kegiatan), roles)


def _named_in(text: str, roles: list[str]) -> str | None:
    words = text.replace("/", " ").split()
    for index in range(len(words)):
        if role := match_role(" ".join(words[index:index + 4]), roles):
            return role
    return None


def infer(sop: SOP, lang: str = "id") -> SOP:
    """Fill in symbols, Pelaksana and decision routing the document left out, recording each guess."""
    steps, roles = sop.steps, sop.roles
    for index, step in enumerate(steps):
        if is_decision_text(step.kegiatan):
            step.symbol = Symbol.DECISION
            step.inferences.append(Inference("symbol", Symbol.DECISION.value, _reason("decision", lang)))
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
    if role := role_at_start(step.kegiatan, roles):
        return role, _reason("start", lang, role=role)
    if index > 0 and (role := handover(steps[index - 1], roles)):
        return role, _reason("handover", lang, prev=steps[index - 1].number, role=role)
    following = steps[index + 1] if index + 1 < len(steps) else None
    if following is not None and following.symbol is Symbol.DECISION and (role := returned_to(following, roles)):
        return role, _reason("returned", lang, next=following.number, role=role)
    if index == 0:
        if role := _named_in(f"{step.output} {step.kelengkapan}", roles):
            return role, _reason("output", lang, role=role)
        return roles[0], _reason("first_column", lang)
    previous = steps[index - 1]
    return previous.marks[0] if previous.marks else roles[0], _reason("same", lang, prev=previous.number)


def _infer_return(steps: list[Step], index: int, roles: list[str], lang: str) -> tuple[int, str]:
    role = returned_to(steps[index], roles)
    if role:
        for earlier in reversed(steps[:index]):
            if role in earlier.marks:
                return earlier.number, _reason("tidak_role", lang, role=role)
    return steps[index - 1].number, _reason("tidak_previous", lang)
