"""Cases moving through an SOP: the events of the Log and the state machine that replays them.

A case is opened by a ``mulai`` event at the SOP's first step (its note is the case's subject).
``selesai`` finishes a process step and moves the case to the next step; the last step's
``selesai`` closes the case. A decision step takes ``ya`` (on to its Jika Ya target, or the next
step) or ``tidak`` (back to its Jika Tidak target: rework, counted). ``batal`` cancels an open
case; ``catatan`` adds a note to any case and changes nothing else.

The state of every case is derived from the event list alone (``Ledger.replay``), so a tracker
rebuilt from the Log always matches it. Pure domain: no files, no spreadsheet code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import CaseError
from .model import CELL_MAX_CHARS, NOT_CHARACTERS, SOP, Step, Symbol

# actions as stored in the Log (the same codes in every language)
START, FINISH, YES, NO, CANCEL, NOTE = "mulai", "selesai", "ya", "tidak", "batal", "catatan"
ACTIONS = (START, FINISH, YES, NO, CANCEL, NOTE)

# case states
OPEN, CLOSED, CANCELLED = "open", "closed", "cancelled"
STATES = (OPEN, CLOSED, CANCELLED)

# a recorded event may lie this far after the moment it is recorded (clocks of two PCs differ)
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


class IllegalEvent(CaseError):
    """An event the case's state does not allow; `column` is the Log column at fault."""

    def __init__(self, column: str, message, *, fix=None, code: str | None = None):
        super().__init__(message, fix=fix, code=code)
        self.column = column


def _stamp(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(sep=" ", timespec="minutes") if moment else None


@dataclass(slots=True)
class Event:
    """One row of the Log: something that happened to a case at a step (treated as immutable)."""

    id: int
    case: int
    step: int
    action: str
    at: dt.datetime
    actor: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime | None = None
    note: str = ""
    row: int | None = field(default=None, compare=False)   # sheet row it was read from

    def to_dict(self) -> dict:
        return {"id": self.id, "case": self.case, "step": self.step, "action": self.action,
                "at": self.at.isoformat(timespec="seconds"), "actor": self.actor,
                "recorded_by": self.recorded_by,
                "recorded_at": self.recorded_at.isoformat(timespec="seconds") if self.recorded_at else None,
                "note": self.note}


@dataclass(slots=True)
class Visit:
    """One instance of a step in a case: from the moment the case reached it until it left."""

    step: int
    started: dt.datetime
    ended: dt.datetime | None = None
    outcome: str | None = None      # selesai, ya, tidak or batal; None while the case is at the step
    actor: str = ""                 # who ended it
    rework: bool = False            # reached because a decision said Tidak


@dataclass
class Case:
    """A case's state, as the events so far leave it."""

    number: int
    subject: str
    opened: dt.datetime
    state: str = OPEN
    visits: list[Visit] = field(default_factory=list)
    returns: int = 0                        # decisions that said Tidak
    ended: dt.datetime | None = None        # when it was closed or cancelled
    events: list[Event] = field(default_factory=list)

    @property
    def current(self) -> Visit | None:
        """The visit the case is at, None once it is closed or cancelled."""
        return self.visits[-1] if self.state == OPEN and self.visits else None

    @property
    def current_step(self) -> int | None:
        visit = self.current
        return visit.step if visit else None

    @property
    def last_step(self) -> int:
        """The step of the latest visit (where a closed or cancelled case stopped)."""
        return self.visits[-1].step

    @property
    def last_at(self) -> dt.datetime:
        """When the case last moved (notes do not count: a note stamped today must not stop a clerk
        recording yesterday's work afterwards)."""
        for event in reversed(self.events):      # a loop: this is asked once per event replayed
            if event.action != NOTE:
                return event.at
        raise StopIteration("the case has no event that moved it")

    @property
    def notes(self) -> list[Event]:
        return [e for e in self.events if e.action == NOTE]

    @property
    def last_note(self) -> Event | None:
        """The latest event that carries a note (a catatan, or the note of a step or a cancellation);
        the subject, which is the note of the opening event, does not count."""
        return next((e for e in reversed(self.events) if e.note and e.action != START), None)


def _ended(case: Case, en_verb: str, id_verb: str) -> dict[str, str]:
    """Why an ended case cannot be advanced or cancelled, in both languages."""
    ended = _stamp(case.ended)
    if case.state == CLOSED:
        return {"id": f"kasus {case.number} sudah selesai pada {ended}; tidak dapat {id_verb}",
                "en": f"case {case.number} was closed on {ended}; it cannot be {en_verb}"}
    return {"id": f"kasus {case.number} sudah dibatalkan pada {ended}; tidak dapat {id_verb}",
            "en": f"case {case.number} was cancelled on {ended}; it cannot be {en_verb}"}


_NEW_CASE = {"id": "buka kasus baru untuk pekerjaan baru", "en": "start a new case for new work"}
_NO_STEPS = {"id": "SOP belum punya langkah, jadi kasus tidak dapat dimulai",
             "en": "the SOP has no steps, so no case can start"}
_FILL_AKTIVITAS = {"id": "isi lembar Aktivitas dahulu", "en": "fill the Aktivitas sheet first"}


def _refusal(step: Step, reason: str, *values) -> IllegalEvent:
    """The refusal of a move ``Ledger._refused`` found: `reason` and its values worded."""
    if reason == "decision-needed":
        return IllegalEvent("action", {"id": f"langkah {step.number} adalah keputusan: dijawab Ya atau Tidak, "
                                             "bukan diselesaikan",
                                       "en": f"step {step.number} is a decision (Keputusan): it is answered Ya "
                                             "or Tidak, not finished"},
                            fix={"id": "jawab Ya atau Tidak", "en": "answer it Ya or Tidak"},
                            code="decision-needed")
    if reason == "not-a-decision":
        answer, = values
        return IllegalEvent("action", {"id": f"langkah {step.number} bukan keputusan, jadi tidak dapat dijawab "
                                             f"{answer}",
                                       "en": f"step {step.number} is not a decision, so it cannot be answered "
                                             f"{answer}"},
                            fix={"id": "selesaikan langkahnya", "en": "finish the step instead"},
                            code="not-a-decision")
    if reason == "no-tidak":
        return IllegalEvent("action", {"id": f"langkah {step.number} tidak punya tujuan Jika Tidak, jadi "
                                             "kasusnya tidak dapat dikembalikan",
                                       "en": f"step {step.number} has no Jika Tidak target, so it cannot "
                                             "return the case"},
                            fix={"id": "tulis langkah tujuan jawaban Tidak di Aktivitas, kolom Jika Tidak",
                                 "en": "write the step a Tidak returns to in Aktivitas, column Jika Tidak"})
    column, number = values
    return IllegalEvent("action", {"id": f"{column} langkah {step.number} menunjuk langkah {number}, yang tidak ada",
                                   "en": f"the {column} of step {step.number} points to step {number}, "
                                         "which does not exist"},
                        fix={"id": f"betulkan kolom {column} langkah itu di Aktivitas",
                             "en": f"correct the {column} column of the step in Aktivitas"})


class Ledger:
    """All cases of one SOP workbook, kept by replaying events and extended by legal actions only."""

    def __init__(self, sop: SOP):
        self.sop = sop
        self.cases: dict[int, Case] = {}
        self.events: list[Event] = []
        self._event_ids: set[int] = set()
        self._last_id = 0
        self._last_case = 0
        # steps by number (the first of a duplicate wins, as in SOP.step) and their place in the matrix
        self._steps: dict[int, Step] = {}
        self._order: dict[int, int] = {}
        for index, step in enumerate(sop.steps):
            self._steps.setdefault(step.number, step)
            self._order.setdefault(step.number, index)

    @classmethod
    def replay(cls, sop: SOP, events: Iterable[Event]) -> "Ledger":
        """The ledger that `events` (in the order they were recorded: by id) lead to."""
        ledger = cls(sop)
        for event in sorted(events, key=lambda e: e.id):
            ledger.apply(event)
        return ledger

    # ---- reading ----------------------------------------------------------------------------------
    def next_event_id(self) -> int:
        return self._last_id + 1

    def next_case_number(self) -> int:
        return self._last_case + 1

    def case(self, number: int) -> Case:
        """The case with this number; CaseError when there is none."""
        case = self.cases.get(number)
        if case is None:
            known = ({"id": f"kasus bernomor 1 sampai {self._last_case}", "en": f"cases are numbered 1 to {self._last_case}"}
                     if self.cases else {"id": "belum ada kasus yang dimulai", "en": "no case has been started yet"})
            raise IllegalEvent("case", {lang: f"{word} {number} {verb} ({known[lang]})" for lang, word, verb in
                                        (("id", "kasus", "tidak ada"), ("en", "case", "does not exist"))},
                               fix={"id": "lihat daftar kasus", "en": "see the list of cases"}, code="case-unknown")
        return case

    def _step(self, number: int) -> Step:
        step = self._steps.get(number)
        if step is None:
            raise IllegalEvent("step", {"id": f"langkah {number} tidak ada dalam SOP",
                                        "en": f"step {number} is not a step of the SOP"},
                               fix={"id": "nomor langkah ada di lembar Aktivitas, kolom No",
                                    "en": "the steps are numbered in the Aktivitas sheet, column No"})
        return step

    def _target(self, step: Step, action: str) -> Step | None:
        """Where `action` takes a case from `step` (``_refused`` says it may); None when it leads past the last
        step (the case closes).

        Like ``SOP.next_step``: Ya (or finishing) goes to the step's Jika Ya target when it has one,
        else to the next row of the matrix; Tidak goes to its Jika Tidak target.
        """
        if action == NO:
            return self._steps[step.tidak]
        if step.ya is not None:
            return self._steps[step.ya]
        index = self._order[step.number] + 1
        return self.sop.steps[index] if index < len(self.sop.steps) else None

    # ---- the state machine --------------------------------------------------------------------------
    def apply(self, event: Event) -> Case:
        """Check `event` against the state and apply it; IllegalEvent (nothing changed) when it is illegal."""
        if event.action not in ACTIONS:
            raise IllegalEvent("action", {"id": f"{event.action!r} bukan aksi", "en": f"{event.action!r} is not an action"},
                               fix={"id": "pakai salah satu dari " + ", ".join(ACTIONS),
                                    "en": "use one of " + ", ".join(ACTIONS)})
        if event.id in self._event_ids:
            raise IllegalEvent("event_id", {"id": f"peristiwa {event.id} tercatat dua kali",
                                            "en": f"event {event.id} is recorded twice"},
                               fix={"id": "setiap peristiwa punya nomornya sendiri", "en": "every event has its own number"})
        if not isinstance(event.at, dt.datetime) or event.at.tzinfo is not None:
            raise IllegalEvent("at", {"id": f"waktu peristiwa {event.id} bukan tanggal dan jam setempat: {event.at!r}",
                                      "en": f"the time of event {event.id} is not a local date and time: {event.at!r}"})
        if event.action == START:
            case = self._open(event)
            self.cases[case.number] = case
            self._last_case = max(self._last_case, case.number)
        else:
            case = self.cases.get(event.case) or self.case(event.case)     # (the method says why there is none)
            self._advance(case, event)
        self.events.append(event)
        self._event_ids.add(event.id)
        if event.id > self._last_id:
            self._last_id = event.id
        return case

    def _open(self, event: Event) -> Case:
        if not self.sop.steps:
            raise IllegalEvent("action", _NO_STEPS, fix=_FILL_AKTIVITAS)
        if event.case in self.cases:
            raise IllegalEvent("case", {"id": f"kasus {event.case} sudah dimulai",
                                        "en": f"case {event.case} has been started already"})
        first = self.sop.steps[0]
        if event.step != first.number:
            raise IllegalEvent("step", {"id": f"kasus dimulai di langkah pertama ({first.number}), bukan di langkah "
                                              f"{event.step}",
                                        "en": f"a case starts at the first step ({first.number}), not at step {event.step}"})
        return Case(number=event.case, subject=event.note, opened=event.at,
                    visits=[Visit(first.number, event.at)], events=[event])

    def _advance(self, case: Case, event: Event) -> None:
        """Apply `event` to `case`: every check comes first, so a refused event changes nothing."""
        if event.action == NOTE:
            if event.at < case.opened:
                raise IllegalEvent("at", {"id": f"{_stamp(event.at)} sebelum kasus {case.number} dibuka ({_stamp(case.opened)})",
                                      "en": f"{_stamp(event.at)} is before case {case.number} was opened "
                                            f"({_stamp(case.opened)})"},
                               fix={"id": f"isi waktu pada atau sesudah {_stamp(case.opened)}",
                                    "en": f"give a time at or after {_stamp(case.opened)}"}, code="moment-too-early")
            self._step(event.step)
            case.events.append(event)
            return
        if event.at < case.last_at:
            raise IllegalEvent("at", {"id": f"{_stamp(event.at)} sebelum peristiwa terakhir kasus {case.number} "
                                            f"({_stamp(case.last_at)}); peristiwa sebuah kasus berurutan menurut waktu",
                                      "en": f"{_stamp(event.at)} is before the last event of case {case.number} "
                                            f"({_stamp(case.last_at)}); the events of a case follow each other in time"},
                               fix={"id": f"isi waktu pada atau sesudah {_stamp(case.last_at)}",
                                    "en": f"give a time at or after {_stamp(case.last_at)}"}, code="moment-too-early")
        if case.state != OPEN:
            verbs = ("cancelled", "dibatalkan") if event.action == CANCEL else ("advanced", "dilanjutkan")
            raise IllegalEvent("action", _ended(case, *verbs), fix=_NEW_CASE)
        visit = case.visits[-1]
        step = self._steps.get(visit.step) or self._step(visit.step)
        if event.step != step.number:
            raise IllegalEvent("step", {"id": f"kasus {case.number} ada di langkah {step.number}, bukan di langkah "
                                              f"{event.step}",
                                        "en": f"case {case.number} is at step {step.number}, not at step {event.step}"})
        target = None if event.action == CANCEL else self._move(step, event.action)
        # all checks passed: change the case
        visit.ended, visit.outcome, visit.actor = event.at, event.action, event.actor
        case.events.append(event)
        if event.action == CANCEL:
            case.state, case.ended = CANCELLED, event.at
        elif target is None:
            case.state, case.ended = CLOSED, event.at
        else:
            case.visits.append(Visit(target.number, event.at, rework=event.action == NO))
            if event.action == NO:
                case.returns += 1

    def _move(self, step: Step, action: str) -> Step | None:
        """Where finishing (selesai) or answering (ya, tidak) `step` takes a case; None when the case closes.

        IllegalEvent when `step` does not take `action` (``_refused``).
        """
        refused = self._refused(step, action)
        if refused is not None:
            raise _refusal(step, *refused)
        return self._target(step, action)

    def _refused(self, step: Step, action: str) -> tuple[str, ...] | None:
        """Why `step` does not take `action` (what ``_refusal`` words), None when it does: a decision is answered,
        not finished; any other step is finished, not answered; a Tidak needs a Jika Tidak target and a Jika
        Ya/Tidak an existing step."""
        decision = step.symbol == Symbol.DECISION
        if action == FINISH and decision:
            return ("decision-needed",)
        if action in (YES, NO) and not decision:
            return ("not-a-decision", "Ya" if action == YES else "Tidak")
        if action == NO:
            if step.tidak is None:
                return ("no-tidak",)
            if step.tidak not in self._steps:
                return ("nowhere", "Jika Tidak", step.tidak)
        elif step.ya is not None and step.ya not in self._steps:
            return ("nowhere", "Jika Ya", step.ya)
        return None

    def moves(self) -> dict[str, dict[int, int | None]]:
        """Every legal move of a case standing at a step: ``{action: {step number: the number of the step it
        leads to, None when the case closes}}`` for selesai, ya and tidak (a step missing: the move is refused).

        Derived from ``_move``, the rule ``apply`` follows, for replays on plain values
        (``nightly.replay``) that must move cases exactly as ``apply`` does.
        """
        table: dict[str, dict[int, int | None]] = {FINISH: {}, YES: {}, NO: {}}
        for number, step in self._steps.items():
            for action, targets in table.items():
                if self._refused(step, action) is None:
                    target = self._target(step, action)
                    targets[number] = None if target is None else target.number
        return table

    # ---- recording new events ---------------------------------------------------------------------
    def _record(self, *, case: int, step: int, action: str, at: dt.datetime, actor: str | None,
                recorded_by: str, recorded_at: dt.datetime | None, note: str) -> Event:
        if recorded_at is not None and at > recorded_at + CLOCK_TOLERANCE:
            raise CaseError({"id": f"{_stamp(at)} masih akan datang (sekarang {_stamp(recorded_at)})",
                             "en": f"{_stamp(at)} is in the future (it is now {_stamp(recorded_at)})"},
                            fix={"id": "isi waktu kejadiannya, paling lambat sekarang",
                                 "en": "give the time it happened, at the latest now"}, code="moment-in-future")
        if actor is None:
            holder = self._steps.get(step)
            actor = holder_of(holder) if holder else ""
        event = Event(id=self.next_event_id(), case=case, step=step, action=action, at=at,
                      actor=log_text(actor, "the actor"), recorded_by=log_text(recorded_by, "the recorder"),
                      recorded_at=recorded_at, note=log_text(note, "the note"))
        self.apply(event)
        return event

    def start(self, subject: str, at: dt.datetime, *, actor: str | None = None, recorded_by: str = "",
              recorded_at: dt.datetime | None = None) -> Event:
        """Open a new case at the first step; its subject is the note of the ``mulai`` event."""
        subject = " ".join(log_text(subject, "the subject").split())
        if not subject:
            raise CaseError({"id": "kasus perlu perihal", "en": "a case needs a subject (perihal)"},
                            fix={"id": 'tulis perihalnya, mis. "Monev SOP Biro Umum"',
                                 "en": 'say what it is about, e.g. "Monev SOP Biro Umum"'}, code="subject-needed")
        if not self.sop.steps:
            raise CaseError(_NO_STEPS, fix=_FILL_AKTIVITAS)
        return self._record(case=self.next_case_number(), step=self.sop.steps[0].number, action=START, at=at,
                            actor=actor, recorded_by=recorded_by, recorded_at=recorded_at, note=subject)

    def advance(self, number: int, at: dt.datetime, *, decision: bool | None = None, actor: str | None = None,
                note: str = "", recorded_by: str = "", recorded_at: dt.datetime | None = None) -> Event:
        """Finish the case's current step (decision None) or answer its decision (True = Ya, False = Tidak)."""
        case = self.case(number)
        if case.state != OPEN:
            raise CaseError(_ended(case, "advanced", "dilanjutkan"), fix=_NEW_CASE)
        action = FINISH if decision is None else (YES if decision else NO)
        return self._record(case=number, step=case.current_step, action=action, at=at, actor=actor,
                            recorded_by=recorded_by, recorded_at=recorded_at, note=note)

    def cancel(self, number: int, at: dt.datetime, *, actor: str | None = None, note: str = "",
               recorded_by: str = "", recorded_at: dt.datetime | None = None) -> Event:
        """Cancel an open case where it stands."""
        case = self.case(number)
        if case.state != OPEN:
            raise CaseError(_ended(case, "cancelled", "dibatalkan"))
        return self._record(case=number, step=case.current_step, action=CANCEL, at=at, actor=actor,
                            recorded_by=recorded_by, recorded_at=recorded_at, note=note)

    def note(self, number: int, text: str, at: dt.datetime, *, actor: str | None = None, recorded_by: str = "",
             recorded_at: dt.datetime | None = None) -> Event:
        """Add a note to a case (open, closed or cancelled); it records the step the case is at or ended on."""
        text = log_text(text, "the note")
        if not text:
            raise CaseError({"id": "catatan perlu isi", "en": "a note needs text"},
                            fix={"id": 'tuliskan, mis. "menunggu tanda tangan"', "en": 'write it, e.g. "menunggu tanda tangan"'},
                            code="note-needed")
        case = self.case(number)
        return self._record(case=number, step=case.last_step, action=NOTE, at=at, actor=actor,
                            recorded_by=recorded_by, recorded_at=recorded_at, note=text)




_TEXT_NAMES = {"the subject": "perihal", "the note": "catatan", "the actor": "pelaku", "the recorder": "pencatat"}


def log_text(text: object, what: str) -> str:
    """Text as a Log cell keeps it: line ends as \\n, no outer white space, nothing that is not a character.

    Control characters stay (a workbook holds them as ``_xHHHH_``). Raises CaseError for text longer
    than a cell holds, rather than cutting it.
    """
    cleaned = NOT_CHARACTERS.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > CELL_MAX_CHARS:
        name = _TEXT_NAMES.get(what, what)
        raise CaseError({"id": f"{name} berisi {len(cleaned):,} karakter; satu sel Excel memuat {CELL_MAX_CHARS:,}"
                               .replace(",", "."),
                         "en": f"{what} has {len(cleaned):,} characters; an Excel cell holds {CELL_MAX_CHARS:,}"},
                        fix={"id": "persingkat, atau simpan teks panjangnya di dokumen dan rujuk dokumen itu",
                             "en": "shorten it, or keep the long text in a document and refer to it"})
    return cleaned


def holder_of(step: Step) -> str:
    """The Pelaksana that carries a step (several marked roles joined with " / ")."""
    return step.pelaksana or " / ".join(step.marks)
