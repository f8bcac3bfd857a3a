"""Simulated cases for demos and benchmarks: months of plausible work on an SOP, from a seeded random source.

Cases arrive at random working moments between two dates. Each case has a pace (brisk, steady or
slow) that scales the norm of every step it passes, with some noise; steps without a norm take
between a quarter of an hour and half a day. A decision with a Jika Tidak target returns the case
now and then (rework), a few cases are cancelled part-way, some steps get a note, and cases still
running at the end stay open. Every event happens at a working moment of the calendar and is
recorded through ``Ledger``, so the simulated log obeys the same rules as a real one.
Pure: a ``random.Random`` in, events out; the same seed gives the same events.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass

from .calendar import WorkCalendar
from .cases import OPEN, Event, Ledger, holder_of
from .model import Symbol
from .tracker import step_norm_minutes

UNITS = ("Biro Umum", "Biro Hukum", "Biro Perencanaan dan Organisasi", "Biro Sumber Daya Manusia",
         "Inspektorat", "Pusat Data dan Informasi", "Deputi Bidang Koordinasi Politik Dalam Negeri",
         "Deputi Bidang Koordinasi Hukum dan HAM", "Sekretariat Jenderal", "Direktorat Jenderal Binapenta",
         "Badan Perencanaan dan Pengembangan", "Biro Humas dan Kerja Sama")
NOTES = ("menunggu paraf pimpinan", "berkas dilengkapi oleh unit pengusul", "dikoordinasikan lewat telepon",
         "menunggu jadwal rapat", "narasumber berhalangan, dijadwalkan ulang", "dokumen dikirim lewat surel",
         "pimpinan sedang dinas luar", "revisi kecil pada lampiran")
# (share of cases, lowest and highest multiple of the norm a step of such a case takes)
PACES = ((0.55, 0.25, 0.75), (0.27, 0.6, 1.05), (0.18, 0.85, 2.6))


@dataclass(frozen=True)
class Mix:
    """How often things happen in a simulation."""

    no_first: float = 0.3          # a decision says Tidak the first time it is reached
    no_again: float = 0.12         # ... and on later passes
    max_returns: int = 2
    cancel: float = 0.05           # a case is cancelled part-way
    note: float = 0.08             # a step gets a note
    no_norm_minutes: tuple[int, int] = (15, 240)


def login_of(actor: str) -> str:
    """A plausible login name for an actor: ``Kabag Ortala`` -> ``kabag.ortala``."""
    return re.sub(r"[^a-z0-9]+", ".", actor.lower()).strip(".") or "staf"


def _working_moment(calendar: WorkCalendar, start: dt.datetime, offset: float) -> dt.datetime:
    return calendar.add_working_minutes(start, max(1, math.floor(offset))).replace(second=0, microsecond=0)


def _plan(sop, calendar: WorkCalendar, rng: random.Random, opened: dt.datetime, end: dt.datetime,
          subject: str, mix: Mix, day_minutes: float) -> list[tuple]:
    """The actions of one case, as (at, action, argument) tuples, walked on a scratch ledger."""
    scratch = Ledger(sop)
    scratch.start(subject, opened)
    plan: list[tuple] = [(opened, "start", subject)]
    _, low, high = rng.choices(PACES, weights=[p[0] for p in PACES])[0]
    pace = rng.uniform(low, high)
    cancel_after = rng.randrange(1, len(sop.steps) + 1) if rng.random() < mix.cancel else None
    moment, passes = opened, 0
    while True:
        case = scratch.cases[1]
        if case.state != OPEN:
            return plan
        step = sop.step(case.current_step)
        norm = step_norm_minutes(step, day_minutes)
        if norm is None:
            minutes = rng.uniform(*mix.no_norm_minutes)
        else:
            minutes = norm * pace * math.exp(rng.gauss(0, 0.25))
        minutes = max(1.0, round(minutes))
        passes += 1
        if rng.random() < mix.note and minutes >= 2:
            noted = _working_moment(calendar, moment, minutes / 2)
            if noted <= end:
                plan.append((noted, "note", rng.choice(NOTES)))
        if cancel_after is not None and passes >= cancel_after:
            stopped = _working_moment(calendar, moment, minutes * rng.uniform(0.2, 0.9))
            if stopped <= end:
                plan.append((stopped, "cancel", "dibatalkan: " + rng.choice(("usulan ditarik unit pengusul",
                                                                             "digabung dengan kasus lain",
                                                                             "tidak lagi diperlukan"))))
            return plan
        finished = _working_moment(calendar, moment, minutes)
        if finished > end:
            return plan
        decision = None
        if step.symbol == Symbol.DECISION:
            can_return = step.tidak is not None and sop.step(step.tidak) is not None
            chance = mix.no_first if case.returns == 0 else mix.no_again
            decision = not (can_return and case.returns < mix.max_returns and rng.random() < chance)
        scratch.advance(1, finished, decision=decision)
        plan.append((finished, "advance", decision))
        moment = finished


def simulate(ledger: Ledger, calendar: WorkCalendar, rng: random.Random, *, start: dt.datetime, end: dt.datetime,
             cases: int, mix: Mix = Mix()) -> list[Event]:
    """Record `cases` simulated cases opened between `start` and `end` into `ledger`; returns the new events.

    Events lie at working moments no later than `end`, and come in time order across cases (their
    ids increase with time, as in a real log).
    """
    sop = ledger.sop
    if not sop.steps or cases <= 0 or end <= start:
        return []
    span = calendar.working_minutes(start, end)
    if span < 1:
        return []
    day_minutes = calendar.day_minutes()
    name = sop.identity.nama or "Kasus"
    arrivals = sorted(_working_moment(calendar, start, rng.uniform(0, span - 1)) for _ in range(cases))
    plans = [_plan(sop, calendar, rng, opened, end, f"{name} — {rng.choice(UNITS)}", mix, day_minutes)
             for opened in arrivals]
    steps = [(at, index, order, action, argument)
             for index, plan in enumerate(plans) for order, (at, action, argument) in enumerate(plan)]
    steps.sort(key=lambda s: (s[0], s[1], s[2]))
    numbers: dict[int, int] = {}
    recorded: list[Event] = []
    for at, index, _, action, argument in steps:
        if action == "start":
            first = sop.steps[0]
            event = ledger.start(argument, at, recorded_by=login_of(holder_of(first)), recorded_at=at)
            numbers[index] = event.case
        else:
            number = numbers[index]
            step = sop.step(ledger.cases[number].last_step)     # where the case is, or where it stopped
            login = login_of(holder_of(step)) if step else "staf"
            if action == "advance":
                event = ledger.advance(number, at, decision=argument, recorded_by=login, recorded_at=at)
            elif action == "cancel":
                event = ledger.cancel(number, at, note=argument, recorded_by=login, recorded_at=at)
            else:
                event = ledger.note(number, argument, at, recorded_by=login, recorded_at=at)
        recorded.append(event)
    return recorded
