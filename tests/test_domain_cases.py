"""The case state machine: legal actions move a case, illegal ones are refused, state comes from events alone."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.domain.cases import ACTIONS, CANCELLED, CLOSED, OPEN, Event, IllegalEvent, Ledger
from sopxl.errors import CaseError
from sopxl.domain.model import SOP, Step, Symbol

T0 = dt.datetime(2026, 11, 2, 8, 0)


def minutes(n: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def review_sop() -> SOP:
    """Draft (1) → check (2, decision: Tidak back to 1, Ya on) → sign (3) → archive (4)."""
    return SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1),
        Step(3, "Menandatangani", marks=["Karo"], waktu="10 menit"),
        Step(4, "Mengarsipkan", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="menit"),
    ])


def test_every_action_has_an_english_label_in_the_layout():
    assert set(L.ACTION_LABELS_EN) == set(ACTIONS)


def test_a_case_runs_through_with_one_return():
    ledger = Ledger(review_sop())
    start = ledger.start("Nota dinas rapat", minutes(0), recorded_by="ani", recorded_at=minutes(0))
    assert (start.id, start.case, start.step, start.action, start.note, start.actor) == \
        (1, 1, 1, "mulai", "Nota dinas rapat", "Kasubbag")
    ledger.advance(1, minutes(60))
    assert ledger.cases[1].current_step == 2
    no = ledger.advance(1, minutes(70), decision=False, note="lampiran kurang")
    assert (no.action, no.step, no.actor) == ("tidak", 2, "Kabag")
    case = ledger.cases[1]
    assert case.current_step == 1 and case.returns == 1 and case.visits[-1].rework
    ledger.advance(1, minutes(100))
    ledger.advance(1, minutes(110), decision=True)
    ledger.advance(1, minutes(120), actor="Sekretaris Karo")
    assert ledger.cases[1].current_step == 4
    ledger.advance(1, minutes(125))
    case = ledger.cases[1]
    assert case.state == CLOSED and case.ended == minutes(125) and case.current is None
    assert [(v.step, v.outcome, v.rework) for v in case.visits] == [
        (1, "selesai", False), (2, "tidak", False), (1, "selesai", True), (2, "ya", False),
        (3, "selesai", False), (4, "selesai", False)]
    assert [e.action for e in ledger.events] == ["mulai", "selesai", "tidak", "selesai", "ya", "selesai", "selesai"]
    assert ledger.events[5].actor == "Sekretaris Karo"
    # each visit starts when the one before it ended
    assert all(a.ended == b.started for a, b in zip(case.visits, case.visits[1:]))


def test_state_derives_from_the_events_alone():
    ledger = Ledger(review_sop())
    for subject in ("satu", "dua", "tiga"):
        ledger.start(subject, minutes(0))
    ledger.advance(1, minutes(5))
    ledger.advance(2, minutes(6))
    ledger.advance(2, minutes(7), decision=False)
    ledger.cancel(3, minutes(8), note="ditarik")
    ledger.note(3, "arsip", minutes(9))
    shuffled = list(reversed(ledger.events))      # e.g. the Log sorted by another column in Excel
    replayed = Ledger.replay(ledger.sop, shuffled)
    assert replayed.cases == ledger.cases
    assert replayed.cases[3].state == CANCELLED and [e.note for e in replayed.cases[3].notes] == ["arsip"]
    assert replayed.next_event_id() == 9 and replayed.next_case_number() == 4


def test_cancel_and_note():
    ledger = Ledger(review_sop())
    ledger.start("x", minutes(0))
    ledger.advance(1, minutes(10))
    cancel = ledger.cancel(1, minutes(20), note="usulan ditarik")
    assert (cancel.action, cancel.step) == ("batal", 2)
    case = ledger.cases[1]
    assert case.state == CANCELLED and case.ended == minutes(20) and case.last_step == 2
    note = ledger.note(1, "berkas dikembalikan", minutes(30))
    assert (note.action, note.step) == ("catatan", 2)
    assert ledger.cases[1].state == CANCELLED


@pytest.mark.parametrize("act, message", [
    (lambda l: l.advance(1, minutes(10), decision=True), "step 1 is not a decision, so it cannot be answered Ya"),
    (lambda l: l.advance(9, minutes(10)), "case 9 does not exist (cases are numbered 1 to 1)"),
    (lambda l: l.advance(1, T0 - dt.timedelta(minutes=1)), "is before the last event of case 1"),
    (lambda l: l.start("  ", minutes(10)), "a case needs a subject"),
    (lambda l: l.note(1, "", minutes(10)), "a note needs text"),
    (lambda l: l.advance(1, minutes(60 * 24), recorded_at=minutes(10)), "is in the future"),
])
def test_illegal_actions_are_refused_and_change_nothing(act, message):
    ledger = Ledger(review_sop())
    ledger.start("x", T0)
    before = copy.deepcopy((ledger.cases, ledger.events, ledger.next_event_id(), ledger.next_case_number()))
    with pytest.raises(CaseError, match=re.escape(message)):
        act(ledger)
    assert (ledger.cases, ledger.events, ledger.next_event_id(), ledger.next_case_number()) == before
    assert ledger.cases[1].visits[0].ended is None


def test_a_decision_must_be_answered_and_closed_cases_stay_closed():
    ledger = Ledger(review_sop())
    ledger.start("x", T0)
    ledger.advance(1, minutes(1))
    with pytest.raises(CaseError, match="step 2 is a decision .* not finished") as info:
        ledger.advance(1, minutes(2))
    assert info.value.fix == "answer it Ya or Tidak" and info.value.code == "decision-needed"
    assert info.value.fix_in("id") == "jawab Ya atau Tidak" and "--" not in info.value.render("id")
    for decision in (True, None, None):
        ledger.advance(1, minutes(3), decision=decision)
    with pytest.raises(CaseError, match="case 1 was closed on 2026-11-02 08:03; it cannot be advanced"):
        ledger.advance(1, minutes(4))
    with pytest.raises(CaseError, match="cannot be cancelled"):
        ledger.cancel(1, minutes(4))
    ledger.start("y", minutes(5))
    ledger.cancel(2, minutes(6))
    with pytest.raises(CaseError, match="case 2 was cancelled on 2026-11-02 08:06"):
        ledger.advance(2, minutes(7))


def test_a_tidak_needs_a_target():
    sop = review_sop()
    sop.step(2).tidak = None
    ledger = Ledger(sop)
    ledger.start("x", T0)
    ledger.advance(1, minutes(1))
    with pytest.raises(CaseError, match="step 2 has no Jika Tidak target"):
        ledger.advance(1, minutes(2), decision=False)
    sop.step(2).tidak = 12
    with pytest.raises(CaseError, match="points to step 12, which does not exist"):
        ledger.advance(1, minutes(2), decision=False)


def test_a_ya_may_jump_and_a_last_decision_closes():
    sop = review_sop()
    sop.step(2).ya = 4          # approval skips the signature
    ledger = Ledger(sop)
    ledger.start("x", T0)
    ledger.advance(1, minutes(1))
    ledger.advance(1, minutes(2), decision=True)
    assert ledger.cases[1].current_step == 4
    # a decision as the very last step closes the case on Ya
    last = SOP(steps=[Step(1, "Memutuskan", marks=["Karo"], symbol=Symbol.DECISION, tidak=1)])
    ledger = Ledger(last)
    ledger.start("x", T0)
    ledger.advance(1, minutes(1), decision=False)
    ledger.advance(1, minutes(2), decision=True)
    assert ledger.cases[1].state == CLOSED and ledger.cases[1].returns == 1


@pytest.mark.parametrize("event, column, message", [
    (Event(2, 7, 1, "selesai", minutes(5)), "case", "case 7 does not exist"),
    (Event(2, 1, 2, "selesai", minutes(5)), "step", "case 1 is at step 1, not at step 2"),
    (Event(2, 1, 1, "selesai", minutes(-5)), "at", "is before the last event"),
    (Event(2, 1, 1, "lanjut", minutes(5)), "action", "'lanjut' is not an action"),
    (Event(1, 1, 1, "selesai", minutes(5)), "event_id", "event 1 is recorded twice"),
    (Event(2, 1, 1, "mulai", minutes(5), note="lagi"), "case", "case 1 has been started already"),
    (Event(2, 2, 3, "mulai", minutes(5), note="baru"), "step", "a case starts at the first step (1), not at step 3"),
    (Event(2, 1, 9, "catatan", minutes(5), note="?"), "step", "step 9 is not a step of the SOP"),
])
def test_replayed_events_that_break_the_rules_name_their_column(event, column, message):
    ledger = Ledger(review_sop())
    ledger.apply(Event(1, 1, 1, "mulai", T0, note="x"))
    before = copy.deepcopy((ledger.cases, ledger.events))
    with pytest.raises(IllegalEvent, match=re.escape(message)) as info:
        ledger.apply(event)
    assert info.value.column == column
    assert (ledger.cases, ledger.events) == before


# ---- property: any sequence of legal actions replays to the same state ---------------------------

ACTION_CHOICES = st.lists(st.tuples(st.sampled_from(["start", "finish", "yes", "no", "cancel", "note"]),
                                    st.integers(1, 4), st.integers(0, 600)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(ACTION_CHOICES)
def test_random_actions_replay_to_the_same_state(actions):
    ledger = Ledger(review_sop())
    moment = T0
    accepted = 0
    for kind, number, gap in [("start", 1, 0), *actions]:      # the first case is always opened
        moment += dt.timedelta(minutes=gap)
        before = (len(ledger.events), {n: (c.state, len(c.events), c.returns) for n, c in ledger.cases.items()})
        try:
            if kind == "start":
                event = ledger.start(f"kasus {number}", moment)
            elif kind == "note":
                event = ledger.note(number, "catatan", moment)
            elif kind == "cancel":
                event = ledger.cancel(number, moment)
            else:
                event = ledger.advance(number, moment, decision={"finish": None, "yes": True, "no": False}[kind])
        except CaseError:
            # a refused action leaves the ledger as it was
            assert (len(ledger.events), {n: (c.state, len(c.events), c.returns)
                                         for n, c in ledger.cases.items()}) == before
            continue
        accepted += 1
        assert ledger.events[-1] is event and len(ledger.events) == before[0] + 1
        assert ledger.cases[event.case].events[-1] is event
    assert accepted >= 1 and len(ledger.events) == accepted
    replayed = Ledger.replay(ledger.sop, ledger.events)
    assert replayed.cases == ledger.cases
    for case in ledger.cases.values():
        assert case.returns == sum(1 for e in case.events if e.action == "tidak")
        assert (case.state == OPEN) == (case.ended is None)
        assert all(a.ended == b.started for a, b in zip(case.visits, case.visits[1:]))
        assert case.visits[0].step == 1 and case.visits[0].started == case.opened
        assert [e.at for e in case.events] == sorted(e.at for e in case.events)
