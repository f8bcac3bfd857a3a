"""Time used against the norms: for each step instance, each case, and each open case so far.

Time used is working time on the workbook's calendar. A step's norm is its Waktu in working minutes
(one working day = the calendar's daily minutes); a case's norm is the SOP's total norm, the sum of
the norms along the main path (Ya branches). Status: on time below 80 % of the norm, near the norm
from 80 % up to 100 %, late above it, no norm when there is none to compare with.

An open case is judged "so far", as of a given moment: its current step against the step's norm and
its time since opening against the total norm; the worse of the two is its status, so a step held
too long shows even while the whole case is still within its total. A cancelled case gets no status.
Pure domain: no files, no spreadsheet code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .calendar import WorkCalendar
from .cases import CANCEL, CANCELLED, CLOSED, OPEN, Case, Visit, holder_of
from .model import SOP, Step

ON_TIME, NEAR, LATE, NO_NORM = "on_time", "near", "late", "no_norm"
STATUSES = (ON_TIME, NEAR, LATE, NO_NORM)
_LAST_ORDINAL = dt.date.max.toordinal()
NEAR_SHARE = 0.8            # from this share of the norm on, a step or case is near the norm
_SEVERITY = {NO_NORM: 0, ON_TIME: 1, NEAR: 2, LATE: 3}


def status_of(used: float, norm: float | None) -> str:
    """on_time, near (>= 80 % of the norm), late (over the norm) or no_norm."""
    if norm is None:
        return NO_NORM
    if used > norm:
        return LATE
    if used >= NEAR_SHARE * norm:
        return NEAR
    return ON_TIME


def worse(*statuses: str) -> str:
    """The most serious of the statuses (late > near > on time > no norm)."""
    return max(statuses, key=_SEVERITY.__getitem__)


def ratio_of(used: float, norm: float | None) -> float | None:
    return used / norm if norm else None


def step_norm_minutes(step: Step | None, day_minutes: float) -> float | None:
    """The step's norm in working minutes; None when it has none (or the step no longer exists)."""
    norm = step.norm if step is not None else None
    return norm.minutes(day_minutes) if norm else None


def total_norm_minutes(sop: SOP, day_minutes: float) -> float | None:
    """The SOP's total norm: the sum of the step norms along its main path.

    Steps without a norm add nothing (validation reports them); None when no step has a norm.
    """
    norms = [m for step in sop.main_path() if (m := step_norm_minutes(step, day_minutes)) is not None]
    return float(sum(norms)) if norms else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def case_due(calendar: WorkCalendar | None, opened: dt.datetime, total_norm: float | None) -> dt.datetime | None:
    """When a case opened at `opened` runs out of its total norm: None without a norm (or a calendar), or when
    that lies past the year 9999."""
    due = case_due_at(calendar, opened, total_norm)
    return None if due is None else dt.datetime.fromordinal(due[0]) + dt.timedelta(microseconds=due[1])


def case_due_at(calendar: WorkCalendar | None, opened: dt.datetime, total_norm: float | None) -> tuple[int, int] | None:
    """``case_due`` as the ordinal of its day and the microseconds from that day's midnight
    (``WorkCalendar.add_working_minutes_at``), without making the moment."""
    if total_norm is None or calendar is None:
        return None
    try:
        day, clock = calendar.add_working_minutes_at(opened, total_norm)
        if day >= _LAST_ORDINAL:        # on the last day a datetime holds: past its end the moment raises
            dt.datetime.fromordinal(day) + dt.timedelta(microseconds=clock)
    except (OverflowError, ValueError):     # a total norm reaching past the year 9999 has no due moment
        return None
    return day, clock


@dataclass
class StepTime:
    """One step instance of a case with its working time against the step's norm."""

    visit: Visit
    kegiatan: str
    holder: str
    used: float
    norm: float | None
    status: str
    calendar: WorkCalendar | None = field(default=None, compare=False, repr=False)

    @cached_property
    def due(self) -> dt.datetime | None:
        """When the step's norm runs out (None without a norm): reckoned when asked, as most step
        instances are counted (reports) but only a case's current one shows it (Pelacak, the master)."""
        if self.norm is None or self.calendar is None:
            return None
        return self.calendar.add_working_minutes(self.visit.started, self.norm)

    @property
    def ratio(self) -> float | None:
        return ratio_of(self.used, self.norm)

    @property
    def left(self) -> float | None:
        """Working minutes left before the norm runs out; negative past it; None without a norm."""
        return None if self.norm is None else self.norm - self.used

    def to_dict(self) -> dict:
        v = self.visit
        return {"step": v.step, "kegiatan": self.kegiatan, "holder": self.holder,
                "started": v.started.isoformat(timespec="seconds"),
                "ended": v.ended.isoformat(timespec="seconds") if v.ended else None,
                "outcome": v.outcome, "actor": v.actor, "rework": v.rework,
                "used_minutes": _round(self.used), "norm_minutes": _round(self.norm),
                "left_minutes": _round(self.left), "due": self.due.isoformat(timespec="seconds") if self.due else None,
                "ratio": _round(self.ratio), "status": self.status}


@dataclass(frozen=True)
class CaseRow:
    """A case as its row shows it, in plain values: the one rule for Pelacak and the master's Kasus."""

    number: int
    subject: str
    state: str
    opened: dt.datetime
    step: int | None                  # the step it stands at (or was cancelled at); None once closed
    kegiatan: str | None
    holder: str | None
    step_started: dt.datetime | None
    step_used: float | None
    step_norm: float | None
    status: str | None
    total_used: float | None
    total_norm: float | None
    total_status: str | None
    returns: int
    ended: dt.datetime | None
    due: dt.datetime | None
    step_due: dt.datetime | None = None       # when the shown step's norm runs out
    step_left: float | None = None            # working minutes left at the shown step (negative: past it)
    total_left: float | None = None           # working minutes left of the total norm (negative: past it)
    last_note: str | None = None              # the latest note of the case (Case.last_note)


@dataclass
class CaseTime:
    """A case with the working time of each step instance and of the whole case against the norms."""

    case: Case
    steps: list[StepTime]
    total_used: float
    total_norm: float | None
    total_status: str | None        # the whole case against the total norm; None when cancelled
    status: str | None              # what the tracker shows: see the module docstring
    as_of: dt.datetime | None = None   # the moment an open case is judged at
    day_minutes: float | None = None                 # the calendar's working day: durations in days and hours
    calendar: WorkCalendar | None = field(default=None, repr=False, compare=False)   # for the due moment

    @cached_property
    def due(self) -> dt.datetime | None:
        """When the total norm runs out (None without one, or past the year 9999); worked out when first asked
        for (a tracker shows it for open cases only)."""
        return case_due(self.calendar, self.case.opened, self.total_norm)

    @property
    def current(self) -> StepTime | None:
        return self.steps[-1] if self.case.state == OPEN and self.steps else None

    @property
    def shown(self) -> StepTime | None:
        """The step instance a case's row shows (Pelacak, the master's Kasus): where it stands or was cancelled."""
        return self.steps[-1] if self.case.state != CLOSED and self.steps else None

    def row(self, digits: int, *, dues: bool = True) -> "CaseRow":
        """What a case's row shows (Pelacak, the master's Kasus), minutes rounded to `digits`; without `dues`
        the due moments are left out (None), so they are not worked out for a row that does not show them."""
        case, shown = self.case, self.shown

        def minutes(value: float | None) -> float | None:
            return None if value is None else round(value, digits)

        return CaseRow(case.number, case.subject, case.state, case.opened,
                       shown.visit.step if shown else None, (shown.kegiatan or None) if shown else None,
                       (shown.holder or None) if shown else None, shown.visit.started if shown else None,
                       minutes(shown.used) if shown else None, minutes(shown.norm) if shown else None,
                       self.status, minutes(self.total_used), minutes(self.total_norm), self.total_status,
                       case.returns, case.ended, self.due if dues else None,
                       shown.due if shown and dues else None,
                       minutes(shown.left) if shown else None, minutes(self.total_left),
                       case.last_note.note if case.last_note else None)

    @property
    def total_ratio(self) -> float | None:
        return ratio_of(self.total_used, self.total_norm)

    @property
    def total_left(self) -> float | None:
        """Working minutes left before the total norm runs out; negative past it; None without a norm."""
        return None if self.total_norm is None else self.total_norm - self.total_used

    def to_dict(self, steps: bool = True) -> dict:
        """The figures as JSON-ready values; without `steps` only the case's own figures."""
        c = self.case
        current = self.current
        return {
            "case": c.number, "subject": c.subject, "state": c.state,
            "opened": c.opened.isoformat(timespec="seconds"),
            "ended": c.ended.isoformat(timespec="seconds") if c.ended else None,
            "as_of": self.as_of.isoformat(timespec="seconds") if self.as_of and c.state == OPEN else None,
            "current_step": current.visit.step if current else None,
            "holder": current.holder if current else None,
            "status": self.status, "total_status": self.total_status,
            "total_used_minutes": _round(self.total_used), "total_norm_minutes": _round(self.total_norm),
            "total_ratio": _round(self.total_ratio), "total_left_minutes": _round(self.total_left),
            "due": self.due.isoformat(timespec="seconds") if self.due else None,
            "step_due": current.due.isoformat(timespec="seconds") if current and current.due else None,
            "step_left_minutes": _round(current.left) if current else None,
            "last_note": c.last_note.note if c.last_note else None,
            "returns": c.returns,
            **({"steps": [s.to_dict() for s in self.steps],
                "notes": [{"at": e.at.isoformat(timespec="seconds"), "actor": e.actor, "step": e.step,
                           "note": e.note} for e in c.notes]} if steps else {}),
        }


class Tracker:
    """Working time against the norms for the cases of one SOP on one calendar."""

    def __init__(self, sop: SOP, calendar: WorkCalendar):
        self.sop = sop
        self.calendar = calendar
        self.day_minutes = calendar.day_minutes()
        self.total_norm = total_norm_minutes(sop, self.day_minutes)
        self._steps = {step.number: step for step in reversed(sop.steps)}   # the first of a duplicate wins
        self._norms = {n: step_norm_minutes(s, self.day_minutes) for n, s in self._steps.items()}

    def step_time(self, visit: Visit, as_of: dt.datetime) -> StepTime:
        step = self._steps.get(visit.step)
        end = visit.ended or max(as_of, visit.started)
        used = self.calendar.working_minutes(visit.started, end)
        norm = self._norms.get(visit.step)
        return StepTime(visit=visit, kegiatan=step.kegiatan if step else "", holder=holder_of(step) if step else "",
                        used=used, norm=norm, status=status_of(used, norm), calendar=self.calendar)

    def case_time(self, case: Case, as_of: dt.datetime) -> CaseTime:
        """The case's figures; an open case is judged as of `as_of` (a moment before its start counts zero)."""
        steps = [self.step_time(visit, as_of) for visit in case.visits]
        end = case.ended or max(as_of, case.opened)
        total_used = self.calendar.working_minutes(case.opened, end)
        if case.state == CANCELLED:
            total_status = status = None
        else:
            total_status = status_of(total_used, self.total_norm)
            status = total_status if case.state == CLOSED else worse(total_status, steps[-1].status)
        return CaseTime(case=case, steps=steps, total_used=total_used, total_norm=self.total_norm,
                        total_status=total_status, status=status, as_of=as_of, day_minutes=self.day_minutes,
                        calendar=self.calendar)

    def track(self, cases, as_of: dt.datetime) -> list[CaseTime]:
        """Figures of every case, by case number."""
        return [self.case_time(case, as_of) for case in sorted(cases, key=lambda c: c.number)]


_URGENCY = {LATE: 0, NEAR: 1, ON_TIME: 2, NO_NORM: 3}


def by_urgency(figures: list[CaseTime]) -> list[CaseTime]:
    """The order a tracker shows: open cases first, late before near before on time, the one whose
    norm runs out first on top; then closed and cancelled cases, the latest ended first."""
    def key(f: CaseTime):
        c = f.case
        if c.state == OPEN:
            due = f.current.due if f.current and f.current.due else (f.due or dt.datetime.max)
            return (0, _URGENCY[f.status], due, c.number)
        return (1, 0, dt.datetime.max - (c.ended - dt.datetime.min), c.number)
    return sorted(figures, key=key)


@dataclass
class Workload:
    """What one Pelaksana holds now: the open cases standing at a step they carry, most urgent first."""

    holder: str
    held: list[CaseTime]
    done_this_month: int = 0        # step instances of theirs finished this calendar month (up to the moment)

    def count(self, status: str) -> int:
        return sum(1 for f in self.held if f.status == status)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def near(self) -> int:
        return self.count(NEAR)

    @property
    def most_urgent(self) -> CaseTime | None:
        return self.held[0] if self.held else None


def workload(sop: SOP, figures: list[CaseTime], as_of: dt.datetime) -> list[Workload]:
    """Every Pelaksana of the SOP (and any other holder of an open case) with what they hold as of `as_of`.

    A case is held by the holder of the step it stands at; its status is the tracker's (the worse of the
    step and the whole case). The most loaded come first: the most late cases, then the most cases, then
    the most near their limit; ties keep the SOP's order.
    """
    order: dict[str, int] = {}
    for step in sop.steps:
        holder = holder_of(step)
        if holder:
            order.setdefault(holder, len(order))
    loads = {holder: Workload(holder, []) for holder in order}
    month_start = as_of.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for f in by_urgency(figures):
        current = f.current
        if current is not None:
            loads.setdefault(current.holder, Workload(current.holder, [])).held.append(f)
        for step_time in f.steps:
            visit = step_time.visit
            if visit.ended is not None and visit.outcome != CANCEL and month_start <= visit.ended <= as_of:
                loads.setdefault(step_time.holder, Workload(step_time.holder, [])).done_this_month += 1
    rank = {holder: index for index, holder in enumerate([*order, *(h for h in loads if h not in order)])}
    return sorted(loads.values(), key=lambda w: (-w.late, -len(w.held), -w.near, rank[w.holder]))
