"""The figures of the monthly monitoring report, from SOPs and their events: pure, for one SOP or thousands.

Input is a *report source*: any iterable of ``SopSource`` (who the SOP belongs to, the SOP, its
working calendar, its events). A single SOP workbook gives one; a consolidated master gives one
per SOP it holds. Each is handled on its own and then dropped, so memory follows the largest SOP,
not the whole master. Output is plain dataclasses (``ReportFigures``); wording and layout are the
renderer's business.

Counting rules (the README repeats them for monitoring officers):
- The month runs from its first day 00:00 up to (not including) the first day of the next month.
  The SOP's state "at month end" is the replay of every event that happened before that moment, so
  a report made later (after more events) says the same.
- A case is *opened* in the month its ``mulai`` happened, *closed* or *cancelled* in the month its
  last step was finished or it was cancelled. A case that crosses a month boundary is opened in one
  month and closed in another; its time used is its whole working time, both months included.
- A report made before its month has ended counts up to the moment it is made: "month end" is then
  that moment (open cases are judged as of now, not as of a month end still to come).
- A case not closed or cancelled by month end is *open at month end*, judged as of that moment:
  past its norm (*overdue*) when its time so far exceeds the SOP's total norm or its current step
  exceeds the step's norm (the tracker's status, ``late``).
- *On time* means a closed case used no more working time than the total norm (on time or near
  the norm in the tracker's words); the on-time share counts closed cases of SOPs with a norm only.
- Median and 90th percentile are Excel's MEDIAN and PERCENTILE.INC (linear between ranks).
- A *step instance* counts in the month it ended (finished, Ya or Tidak; a cancelled step is no
  instance); it is *late* when it took longer than its step norm. *Rework returns* are Tidak
  answers given in the month; each counts against the step the case was sent back to.
- *Bottlenecks* are at most three steps per SOP with something wrong in the month (a late
  instance, an overdue open case held there, or a return into it), worst first: share of late
  instances (open overdue ones included), then returns, then 90th percentile against the norm.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Iterator, Sequence

from .calendar import CalendarError, WorkCalendar
from .cases import CANCEL, CANCELLED, CLOSED, OPEN, Event, IllegalEvent, Ledger, holder_of
from ..errors import CaseError, SopxlError
from .model import SOP
from .review import Review, review_of
from .tracker import LATE, CaseTime, Tracker, step_norm_minutes

BOTTLENECKS = 3                     # steps highlighted per SOP
_MONTH_RE = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")


# ---- the month --------------------------------------------------------------------------------

_WRITE_MONTH = {"id": "tulis sebagai YYYY-MM, mis. 2026-10", "en": "write it as YYYY-MM, e.g. 2026-10"}


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month: ``start`` is its first moment, ``end`` the first moment of the next month."""

    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9998:
            raise SopxlError({"id": f"{self.year:04d}-{self.month:02d} bukan bulan",
                              "en": f"{self.year:04d}-{self.month:02d} is not a month"}, fix=_WRITE_MONTH,
                             code="month-unreadable")

    @classmethod
    def parse(cls, text: str) -> "Month":
        """``2026-10`` as a Month; SopxlError for anything else."""
        match = _MONTH_RE.fullmatch(str(text or ""))
        if not match:
            raise SopxlError({"id": f"{text!r} bukan bulan", "en": f"{text!r} is not a month"}, fix=_WRITE_MONTH,
                             code="month-unreadable")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def last_full(cls, today: dt.date) -> "Month":
        """The month before the one `today` lies in."""
        return cls.of(today).previous()

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @cached_property
    def start(self) -> dt.datetime:
        return dt.datetime(self.year, self.month, 1)

    @cached_property
    def end(self) -> dt.datetime:
        return self.next().start

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(days=1)).date()

    def __contains__(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


# ---- the input: a report source -------------------------------------------------------------

@dataclass(frozen=True)
class SopMeta:
    """Who an SOP belongs to and how people know it."""

    key: str                 # unique within the source: a file path, a database id
    instansi: str            # the agency, e.g. "KEMENTERIAN KETENAGAKERJAAN REPUBLIK INDONESIA"
    unit: str                # the unit that runs it, e.g. "Biro Perencanaan dan Manajemen Kinerja"
    nama: str                # Nama SOP
    nomor: str = ""          # Nomor SOP
    source: str = ""         # where it was read from, for people (a file name)

    @classmethod
    def of(cls, key: str, instansi_text: str, nama: str, nomor: str, file_name: str) -> "SopMeta":
        """The meta of an SOP from its identity texts; a file's stem stands in for a missing unit or name."""
        stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
        instansi, unit = unit_of(instansi_text, fallback=stem)
        return cls(key=key, instansi=instansi, unit=unit, nama=nama or stem, nomor=nomor, source=file_name)


@dataclass
class SopSource:
    """One SOP of a report source: its identity, model, calendar and events (any order, any length)."""

    meta: SopMeta
    sop: SOP
    calendar: WorkCalendar
    events: Iterable[Event]


def unit_of(instansi_text: str, fallback: str = "") -> tuple[str, str]:
    """(instansi, unit) from an Identitas "Instansi / Unit" text: first line and last line.

    "KEMENTERIAN X\\nSEKRETARIAT JENDERAL\\nBIRO Y" is instansi "KEMENTERIAN X", unit "BIRO Y"; a
    single line is both; an empty text gives `fallback` for both.
    """
    lines = [" ".join(line.split()) for line in str(instansi_text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return fallback, fallback
    return lines[0], lines[-1]


# ---- statistics ---------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float | None:
    """Excel's PERCENTILE.INC of `values` (linear between ranks); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: list[float]) -> float | None:
    return percentile(values, 0.5)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# ---- the output ---------------------------------------------------------------------------------

@dataclass
class Counts:
    """Case counts of a month, with the closed cases' times: for one SOP, a unit, or everything."""

    opened: int = 0
    closed: int = 0
    cancelled: int = 0
    open_at_start: int = 0          # open when the month began
    open_at_end: int = 0
    open_late: int = 0              # open at month end and past the norm
    judged: int = 0                 # closed cases with a total norm to judge them by
    on_time: int = 0                # ... of which within the norm
    returns: int = 0                # Tidak answers given in the month
    used: list[float] = field(default_factory=list)      # working minutes of each closed case
    ratios: list[float] = field(default_factory=list)    # time used / total norm of each judged case

    @property
    def on_time_share(self) -> float | None:
        return share(self.on_time, self.judged)

    @property
    def median_ratio(self) -> float | None:
        return median(self.ratios)

    @property
    def p90_ratio(self) -> float | None:
        return percentile(self.ratios, 0.9)

    @property
    def active(self) -> bool:
        """Anything happened or was still running in the month."""
        return bool(self.opened or self.closed or self.cancelled or self.open_at_end)

    def add(self, other: "Counts") -> None:
        for name in ("opened", "closed", "cancelled", "open_at_start", "open_at_end", "open_late", "judged",
                     "on_time", "returns"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.used.extend(other.used)
        self.ratios.extend(other.ratios)


@dataclass
class StepFigures:
    """One step of an SOP in the month."""

    number: int
    kegiatan: str
    holder: str
    norm: float | None                # working minutes
    main_path: bool
    used: list[float] = field(default_factory=list)     # working minutes of each instance ended in the month
    late: int = 0                     # instances over the step norm
    returns_into: int = 0             # Tidak answers that sent a case back to this step
    open_at_end: int = 0              # open cases held at this step at month end
    open_late: int = 0                # ... of which past the step norm
    returned_by: list[int] = field(default_factory=list)   # decision steps whose Tidak returns here
    bottleneck: int | None = None     # 1 = worst step of the SOP, up to BOTTLENECKS

    @property
    def instances(self) -> int:
        return len(self.used)

    @property
    def median(self) -> float | None:
        return median(self.used)

    @property
    def p90(self) -> float | None:
        return percentile(self.used, 0.9)

    @property
    def median_ratio(self) -> float | None:
        value = self.median
        return value / self.norm if value is not None and self.norm else None

    @property
    def p90_ratio(self) -> float | None:
        value = self.p90
        return value / self.norm if value is not None and self.norm else None

    @property
    def late_share(self) -> float | None:
        """Late instances among those ended in the month (None without a norm or an instance)."""
        return share(self.late, self.instances) if self.norm else None

    @property
    def trouble(self) -> float:
        """Late instances and overdue open cases among everything seen at the step (0 without a norm)."""
        if not self.norm:
            return 0.0
        return share(self.late + self.open_late, self.instances + self.open_at_end) or 0.0

    @property
    def has_problem(self) -> bool:
        return bool(self.late or self.open_late or self.returns_into)


@dataclass
class RoleFigures:
    """One Pelaksana across the steps it carries, in the month."""

    role: str
    instances: int = 0
    judged: int = 0        # instances of steps with a norm
    late: int = 0

    @property
    def late_share(self) -> float | None:
        return share(self.late, self.judged)


@dataclass
class LateCase:
    """A case closed late in the month, or open and overdue at month end."""

    meta: SopMeta
    number: int
    subject: str
    state: str                   # closed or open (at month end)
    opened: dt.datetime
    ended: dt.datetime | None
    step: int | None             # open: the current step; closed: the step furthest past its norm
    kegiatan: str
    holder: str                  # the Pelaksana of that step: who holds an open case
    used: float                  # the case's working minutes (so far, for an open case)
    norm: float | None           # the SOP's total norm
    step_used: float | None
    step_norm: float | None
    returns: int

    @property
    def over(self) -> float | None:
        """Working minutes past the total norm (None when the case is within it)."""
        if self.norm is None or self.used <= self.norm:
            return None
        return self.used - self.norm

    @property
    def step_over(self) -> float | None:
        if self.step_norm is None or self.step_used is None or self.step_used <= self.step_norm:
            return None
        return self.step_used - self.step_norm

    @property
    def ratio(self) -> float | None:
        return self.used / self.norm if self.norm else None


@dataclass(kw_only=True)
class SopFigures(Counts):
    """Everything the report says about one SOP in the month."""

    meta: SopMeta
    total_norm: float | None = None      # working minutes along the main path
    day_minutes: float = 450.0           # one working day of its calendar
    steps_without_norm: int = 0          # steps with no (or an unreadable) Waktu
    step_count: int = 0
    related_sops: int = 0                # entries of the Keterkaitan section
    steps: list[StepFigures] = field(default_factory=list)
    roles: list[RoleFigures] = field(default_factory=list)
    late_cases: list[LateCase] = field(default_factory=list)
    previous: Counts = field(default_factory=Counts)     # the month before, closed cases only
    review: Review | None = None         # the SOP's review date (domain.review)
    review_state: str | None = None      # due (within 30 days) or past, as of the month's last day
    step_instances: int = 0              # step instances ended in the month
    step_judged: int = 0                 # ... of steps with a norm
    step_late: int = 0
    handover_judged: int = 0             # instances of steps taken over from another Pelaksana
    handover_late: int = 0
    reworked_closed: int = 0             # closed cases that were returned at least once
    reworked_on_time: int = 0

    @property
    def median_used(self) -> float | None:
        return median(self.used)

    @property
    def p90_used(self) -> float | None:
        return percentile(self.used, 0.9)

    @property
    def bottlenecks(self) -> list[StepFigures]:
        return sorted((s for s in self.steps if s.bottleneck), key=lambda s: s.bottleneck)


@dataclass(kw_only=True)
class UnitFigures(Counts):
    """The SOPs of one unit added up (medians pooled over the cases' ratios to their norms)."""

    instansi: str = ""
    unit: str = ""
    sops: int = 0


@dataclass
class ReportFigures:
    """The figures of one month for every SOP of a source, ordered by instansi, unit and SOP name.

    `sops` is a list, or any sequence giving them in that order (a report over thousands of SOPs keeps
    them in a file and reads each back as it is reached: ``reporting.spool``).
    """

    month: Month
    sops: Sequence[SopFigures]

    @property
    def empty(self) -> bool:
        """No case was opened, closed, cancelled or running in the month, in any SOP."""
        return not any(s.active for s in self.sops)

    def units(self) -> list[UnitFigures]:
        units: dict[tuple[str, str], UnitFigures] = {}
        for figures in self.sops:
            key = (figures.meta.instansi, figures.meta.unit)
            unit = units.setdefault(key, UnitFigures(instansi=key[0], unit=key[1]))
            unit.add(figures)
            unit.sops += 1
        return list(units.values())

    def total(self) -> UnitFigures:
        total = UnitFigures(sops=len(self.sops))
        for figures in self.sops:
            total.add(figures)
        return total

    def late_cases(self) -> list[LateCase]:
        return [case for figures in self.sops for case in figures.late_cases]


# ---- computing them ------------------------------------------------------------------------------

def report_figures(source: Iterable[SopSource], month: Month, now: dt.datetime | None = None) -> ReportFigures:
    """The month's figures for every SOP of `source` (each SOP replayed from its events up to month end).

    A month that has not ended yet at `now` (the moment the report is made) is counted up to `now`:
    open cases are judged as of now, not as of a month end still to come.
    """
    sops = [sop_figures(item, month, now) for item in source]
    sops.sort(key=report_order)
    return ReportFigures(month=month, sops=sops)


def report_order(figures: SopFigures) -> tuple:
    """Where an SOP comes in a report: by instansi, unit and SOP name (case ignored), then its key."""
    meta = figures.meta
    return meta.instansi.casefold(), meta.unit.casefold(), meta.nama.casefold(), meta.key


def report_window(month: Month, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(since, cut) of a month's report: cases ended before `since` (the previous month's start) count nowhere,
    and only events before `cut` (the month's end, or `now` when that comes first) are replayed.

    A source may use it to give only what the report reads (``SopSource`` rules, docs/architecture.md).
    """
    return month.previous().start, (min(month.end, now) if now is not None else month.end)


def _before(events: Iterable[Event], end: dt.datetime) -> Iterator[Event]:
    return (event for event in events if event.at < end)


def replay(item: SopSource, until: dt.datetime | None = None) -> tuple[Tracker, Ledger]:
    """The SOP's tracker on its own calendar and its cases replayed from the events before `until` (all when
    None); CaseError naming the SOP when the calendar has no working day or the events cannot be replayed."""
    meta = item.meta
    try:
        tracker = Tracker(item.sop, item.calendar)
    except CalendarError as exc:
        raise CaseError({"id": f"{_name(meta)}: kalender kerjanya tidak punya hari kerja ({exc.message_in('id')})",
                         "en": f"{_name(meta)}: its working calendar has no working day ({exc.message_in('en')})"},
                        fix={"id": "beri paling sedikit satu hari jam kerja di lembar Kalender",
                             "en": "give at least one weekday working hours in the Kalender sheet"},
                        code="no-working-day") from None
    try:
        ledger = Ledger.replay(item.sop, item.events if until is None else _before(item.events, until))
    except IllegalEvent as exc:
        raise CaseError({"id": f"{_name(meta)}: peristiwanya tidak dapat diputar ulang: {exc.message_in('id')}",
                         "en": f"{_name(meta)}: the events cannot be replayed: {exc.message_in('en')}"},
                        fix={"id": "periksa Log SOP ini (kasusnya tercantum di Pelacak), atau validasi buku kerjanya",
                             "en": "check the SOP's Log (its cases are listed on Pelacak), or validate the workbook"},
                        code="events-unreplayable") from None
    return tracker, ledger


def sop_figures(item: SopSource, month: Month, now: dt.datetime | None = None) -> SopFigures:
    """The month's figures of one SOP; CaseError naming the SOP when its events cannot be replayed.

    Cases are judged as of the month's end, or as of `now` when that comes first.
    """
    meta, sop = item.meta, item.sop
    since, cut = report_window(month, now)
    tracker, ledger = replay(item, cut)
    figures = SopFigures(meta=meta, total_norm=tracker.total_norm, day_minutes=tracker.day_minutes,
                         step_count=len(sop.steps), related_sops=len(sop.identity.keterkaitan))
    figures.review = review_of(sop.identity)
    figures.review_state = figures.review.state((cut - dt.timedelta(days=1)).date()) if figures.review else None
    main = {step.number for step in sop.main_path()}
    steps: dict[int, StepFigures] = {}
    for step in sop.steps:
        if step.number in steps:
            continue
        norm = step_norm_minutes(step, tracker.day_minutes)
        figures.steps_without_norm += norm is None
        steps[step.number] = StepFigures(number=step.number, kegiatan=step.kegiatan, holder=holder_of(step),
                                         norm=norm, main_path=step.number in main)
    for step in sop.steps:
        if step.tidak is not None and step.tidak in steps and step.number not in steps[step.tidak].returned_by:
            steps[step.tidak].returned_by.append(step.number)
    figures.steps = list(steps.values())
    roles: dict[str, RoleFigures] = {}
    for case in ledger.cases.values():
        if case.state != OPEN and case.ended < since:
            continue       # ended before the months the report looks at
        times = tracker.case_time(case, cut)
        if case.state != OPEN and case.ended < month.start:
            if case.state == CLOSED:
                _count_closed(figures.previous, times)
            continue
        _count_case(figures, times, month, steps, roles)
    figures.roles = sorted(roles.values(), key=lambda r: r.role.casefold())
    _rank_bottlenecks(figures.steps)
    figures.late_cases.sort(key=lambda c: (-(c.over or c.step_over or 0), c.number))
    return figures


def _name(meta: SopMeta) -> str:
    where = f" ({meta.source})" if meta.source else ""
    return f"SOP {meta.nama or meta.key!r}{where}"


def _count_closed(counts: Counts, times: CaseTime) -> bool:
    """Count a closed case; True when it was judged late."""
    counts.closed += 1
    counts.used.append(times.total_used)
    if times.total_norm:
        counts.judged += 1
        counts.ratios.append(times.total_used / times.total_norm)
        if times.total_used <= times.total_norm:
            counts.on_time += 1
            return False
        return True
    return False


def _count_case(figures: SopFigures, times: CaseTime, month: Month, steps: dict[int, StepFigures],
                roles: dict[str, RoleFigures]) -> None:
    case = times.case
    if case.opened in month:
        figures.opened += 1
    if case.opened < month.start and (case.state == OPEN or case.ended >= month.start):
        figures.open_at_start += 1
    late_case = False
    if case.state == CLOSED:
        late_case = _count_closed(figures, times)
        if case.returns:
            figures.reworked_closed += 1
            figures.reworked_on_time += not late_case and bool(times.total_norm)
    elif case.state == CANCELLED:
        figures.cancelled += 1
    else:
        figures.open_at_end += 1
        if times.status == LATE:
            figures.open_late += 1
            late_case = True
    previous_holder = None
    for step_time in times.steps:
        visit = step_time.visit
        step = steps.get(visit.step)
        if visit.rework and visit.started in month:
            figures.returns += 1
            if step is not None:
                step.returns_into += 1
        handover = previous_holder is not None and step_time.holder != previous_holder
        previous_holder = step_time.holder
        if step is None:
            continue
        if visit.ended is None:
            if case.state == OPEN:
                step.open_at_end += 1
                step.open_late += step_time.status == LATE
            continue
        if visit.outcome == CANCEL or visit.ended not in month:
            continue
        late = step.norm is not None and step_time.used > step.norm
        step.used.append(step_time.used)
        step.late += late
        figures.step_instances += 1
        role = roles.setdefault(step.holder, RoleFigures(step.holder))
        role.instances += 1
        if step.norm is not None:
            figures.step_judged += 1
            figures.step_late += late
            role.judged += 1
            role.late += late
            if handover:
                figures.handover_judged += 1
                figures.handover_late += late
    if late_case:
        figures.late_cases.append(_late_case(figures.meta, times, steps))



def _late_case(meta: SopMeta, times: CaseTime, steps: dict[int, StepFigures]) -> LateCase:
    case = times.case
    if case.state == OPEN:
        shown = times.steps[-1]
    else:   # the step instance furthest past its norm; the longest one when none is
        shown = max(times.steps, key=lambda s: ((s.used - s.norm) if s.norm is not None else -math.inf, s.used))
    step = steps.get(shown.visit.step)
    return LateCase(meta=meta, number=case.number, subject=case.subject, state=case.state, opened=case.opened,
                    ended=case.ended if case.state == CLOSED else None, step=shown.visit.step,
                    kegiatan=step.kegiatan if step else shown.kegiatan, holder=shown.holder,
                    used=times.total_used, norm=times.total_norm, step_used=shown.used, step_norm=shown.norm,
                    returns=case.returns)


def _rank_bottlenecks(steps: list[StepFigures]) -> None:
    candidates = [s for s in steps if s.has_problem]
    candidates.sort(key=lambda s: (-s.trouble, -s.returns_into, -(s.p90_ratio or 0.0), s.number))
    for rank, step in enumerate(candidates[:BOTTLENECKS], start=1):
        step.bottleneck = rank


__all__ = ["BOTTLENECKS", "Counts", "LateCase", "Month", "ReportFigures", "RoleFigures", "SopFigures", "SopMeta",
           "SopSource", "StepFigures", "UnitFigures", "median", "percentile", "report_figures", "report_order", "share",
           "sop_figures", "unit_of"]
