"""The monthly report as plain rows and sentences: tables, the Monev forms' judgement, notes and hints.

Pure, like ``codec``: figures in (``sopxl.domain.figures``), cell values and texts out, in Indonesian or
English from ``layout``; the XlsxWriter adapter (``report_xlsx``) only places them. What the forms
pre-fill is decided here: Penilaian from the on-time share against the threshold, Catatan from the
figures that justify it, Tindakan from the bottleneck steps, and one data-backed hint per
Evaluasi criterion. Columns left for the officer's judgement (Paraf, Ya/Tidak) stay empty.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Iterator

from .. import layout as L
from ..domain.cases import CLOSED, OPEN
from ..domain.figures import (Counts, LateCase, Month, ReportFigures, SopFigures, SopMeta, StepFigures, UnitFigures,
                              share)

GOOD, NOT_GOOD = "good", "not_good"


# ---- words for dates, months, durations and shares ---------------------------------------------

def month_name(month: int, lang: str) -> str:
    return L.MONTHS[month - 1][L.LANGS.index(lang)]


def month_label(month: Month, lang: str) -> str:
    """``Oktober 2026`` (``October 2026``)."""
    return f"{month_name(month.month, lang)} {month.year}"


def date_label(day: dt.date, lang: str) -> str:
    """``20 November 2026``."""
    return L.text("rpt_date", lang).format(day=day.day, month_name=month_name(day.month, lang), year=day.year)


def time_label(moment: dt.datetime, lang: str) -> str:
    """``08.00`` (Indonesian) or ``08:00``."""
    return L.text("rpt_time", lang).format(hour=moment.hour, minute=moment.minute)


def percent(value: float | None, lang: str) -> str:
    """``83%``; a dash for no value. Rounded down below 100 % so 99.6 % never reads as 100 %."""
    if value is None:
        return L.text("rpt_none", lang)
    shown = math.floor(value * 100) if value < 1 else round(value * 100)
    return f"{shown}%"


def hours(minutes: float | None) -> float | None:
    return None if minutes is None else minutes / 60


# ---- the title block ---------------------------------------------------------------------------

@dataclass
class TitleBlock:
    """What heads every sheet: instansi, unit, month and when and from what it was made."""

    instansi: str
    unit: str
    period: str
    generated: str
    month: str


def _names(values: list[str], what: str, lang: str, limit: int = 4) -> str:
    distinct = list(dict.fromkeys(v for v in values if v))
    if len(distinct) == 1:
        return distinct[0]
    if not distinct:
        return L.text("rpt_none", lang)
    what = L.text(what, lang)
    if len(distinct) <= limit:
        return L.text("rpt_many", lang).format(count=len(distinct), what=what, names="; ".join(distinct))
    return L.text("rpt_many_count", lang).format(count=len(distinct), what=what)


def title_block(overview: "Overview", month: Month, generated_at: dt.datetime, lang: str) -> TitleBlock:
    period = L.text("rpt_period_value", lang).format(month=month_label(month, lang), last=month.last_day.day,
                                                     month_name=month_name(month.month, lang), year=month.year)
    if overview.count == 1:
        sources = L.text("rpt_sources_one", lang).format(name=overview.sole.source or overview.sole.nama)
    else:
        sources = L.text("rpt_sources_many", lang).format(count=overview.count)
    generated = L.text("rpt_generated_value", lang).format(date=date_label(generated_at.date(), lang),
                                                           time=time_label(generated_at, lang), sources=sources)
    return TitleBlock(instansi=_names(list(overview.instansi), "rpt_what_instansi", lang),
                      unit=_names(list(overview.unit_names), "rpt_what_unit", lang),
                      period=period, generated=generated, month=month_label(month, lang))


# ---- what the report says of all its SOPs ------------------------------------------------------

@dataclass
class Overview:
    """What the report says of all its SOPs together, gathered in one pass over them (``overview``).

    A report over a central database's thousands of SOPs reads them back one at a time
    (``reporting.spool``), so the figures of all of them are added up once, here, and each sheet then
    reads the SOPs once for its own rows.
    """

    count: int = 0
    sole: SopMeta | None = None             # the SOP, when there is only one
    instansi: dict = field(default_factory=dict)     # distinct instansi and units, in the report's order
    unit_names: dict = field(default_factory=dict)
    total: UnitFigures = field(default_factory=UnitFigures)
    units: dict = field(default_factory=dict)        # (instansi, unit) -> UnitFigures, in the report's order
    late_cases: int = 0
    good: int = 0                           # SOPs whose on-time share meets the threshold
    assessed: int = 0                       # SOPs with an on-time share
    active: bool = False                    # a case opened, closed, cancelled or running in the month in any SOP
    without_norm: bool = False              # an SOP without a total norm (its times are blank)
    judged: bool = False                    # an SOP with a closed case judged against its norm
    shares: list = field(default_factory=list)       # each SOP's on-time share, in the report's order
    bottlenecks: int = 0                    # bottleneck steps of all SOPs
    charted: int = 0                        # ... of them with a median against the norm (the bar chart)

    @property
    def empty(self) -> bool:
        return not self.active


def overview(report: ReportFigures, threshold: float) -> Overview:
    """The report's SOPs added up in one pass: the title block's names, the totals and units of Ringkasan,
    the highlights, the charts' shares (``ReportFigures.total``, ``units``, ``late_cases``, ``empty``)."""
    seen = Overview()
    total = seen.total
    for figures in report.sops:
        meta = figures.meta
        seen.count += 1
        seen.sole = meta if seen.count == 1 else None
        seen.instansi.setdefault(meta.instansi, None)
        seen.unit_names.setdefault(meta.unit, None)
        total.add(figures)
        unit = seen.units.get((meta.instansi, meta.unit))
        if unit is None:
            unit = seen.units[(meta.instansi, meta.unit)] = UnitFigures(instansi=meta.instansi, unit=meta.unit)
        unit.add(figures)
        unit.sops += 1
        seen.late_cases += len(figures.late_cases)
        judgement = assessment(figures, threshold)
        seen.assessed += judgement is not None
        seen.good += judgement == GOOD
        seen.active = seen.active or figures.active
        seen.without_norm = seen.without_norm or figures.total_norm is None
        seen.judged = seen.judged or bool(figures.judged)
        seen.shares.append(figures.on_time_share)
        for step in figures.bottlenecks:
            seen.bottlenecks += 1
            seen.charted += step.median_ratio is not None
    total.sops = seen.count
    return seen


# ---- Ringkasan -----------------------------------------------------------------------------------

def highlights(overview: Overview, threshold: float, lang: str) -> str:
    """One sentence with the month's main figures, for the top of Ringkasan."""
    total = overview.total
    return L.text("rpt_highlights", lang).format(
        sops=overview.count, opened=total.opened, closed=total.closed, on_time=total.on_time, judged=total.judged,
        share=percent(total.on_time_share, lang), cancelled=total.cancelled, open=total.open_at_end,
        late=total.open_late, late_cases=overview.late_cases, good=overview.good, assessed=overview.assessed,
        threshold=percent(threshold, lang))


def _counts_row(counts: Counts) -> list:
    return [counts.opened, counts.closed, counts.cancelled, counts.open_at_end, counts.open_late, counts.on_time,
            counts.on_time_share]


def summary_row(figures: SopFigures) -> list:
    """A Ringkasan row of one SOP, in RINGKASAN_COLUMNS order."""
    meta = figures.meta
    return [meta.unit, meta.nama, *_counts_row(figures), hours(figures.median_used), hours(figures.p90_used),
            hours(figures.total_norm), figures.median_ratio, figures.p90_ratio, figures.returns]


def unit_row(unit: UnitFigures, lang: str) -> list:
    """A Ringkasan row adding up a unit (or everything): no minutes, since the SOPs' norms differ."""
    label = unit.unit or L.text("rpt_total", lang)
    return [label, L.text("rpt_unit_sops", lang).format(count=unit.sops), *_counts_row(unit), None, None, None,
            unit.median_ratio, unit.p90_ratio, unit.returns]


# ---- Per langkah -------------------------------------------------------------------------------

def step_row(figures: SopFigures, step: StepFigures, lang: str) -> list:
    """A Per langkah row, in PER_LANGKAH_COLUMNS order."""
    rank = L.text("rpt_bottleneck_rank", lang).format(rank=step.bottleneck) if step.bottleneck else None
    return [figures.meta.nama, step.number, step.kegiatan, step.holder or None, step.norm, step.instances,
            step.median, step.p90, step.median_ratio, step.p90_ratio, step.late if step.norm else None,
            step.late_share, step.returns_into, step.open_at_end, rank]


# ---- Kasus terlambat ---------------------------------------------------------------------------

def _state_text(case: LateCase, lang: str) -> str:
    return L.text(f"state_{CLOSED if case.state == CLOSED else OPEN}", lang)


def over_text(case: LateCase, day_minutes: float, lang: str) -> str:
    """How far past its norm: the case's total when it is over, else its step's."""
    if case.over is not None:
        return L.duration(case.over, day_minutes, lang)
    return L.text("rpt_over_step", lang).format(duration=L.duration(case.step_over, day_minutes, lang))


def late_case_rows(report: ReportFigures, lang: str) -> Iterator[list]:
    """Kasus terlambat rows, in KASUS_COLUMNS order: per SOP, furthest past the norm first."""
    number = 0
    for figures in report.sops:
        for case in figures.late_cases:
            number += 1
            step = L.text("rpt_step_text", lang).format(step=case.step, kegiatan=case.kegiatan)
            yield [number, figures.meta.nama, case.number, case.subject, _state_text(case, lang),
                   case.opened, case.ended, step, case.holder or None, hours(case.used), hours(case.norm),
                   case.ratio, over_text(case, figures.day_minutes, lang), case.returns]


# ---- Monitoring Pelaksanaan SOP AP ---------------------------------------------------------------

def review_rows(report: ReportFigures, lang: str) -> list[list]:
    """Rows of the Tinjauan SOP sheet: the SOPs whose review is past or due at month end, past ones first."""
    end = report.month.end.date() - dt.timedelta(days=1)
    due = []            # the rows of the SOPs due, not the SOPs: (when, name, row)
    for figures in report.sops:
        if figures.review_state is None:
            continue
        review = figures.review
        basis = L.text(review.basis, lang)
        if review.months is not None:
            basis += f" + {review.months} {('bulan', 'months')[L.LANGS.index(lang)]}"
        due.append((review.date, figures.meta.nama.casefold(), len(due),
                    [figures.meta.unit, figures.meta.nama, figures.meta.nomor, review.date.isoformat(), basis,
                     L.text(f"review_{figures.review_state}", lang), review.days_from(end)]))
    due.sort(key=lambda entry: entry[:3])
    return [[number, *row] for number, (*_, row) in enumerate(due, start=1)]


def assessment(figures: SopFigures, threshold: float) -> str | None:
    """GOOD when the on-time share meets `threshold`, NOT_GOOD below it, None when nothing can be judged."""
    value = figures.on_time_share
    if value is None:
        return None
    return GOOD if value >= threshold - 1e-12 else NOT_GOOD


def prosedur_text(figures: SopFigures, lang: str) -> str:
    meta = figures.meta
    return L.text("rpt_prosedur_value", lang).format(nama=meta.nama or meta.key, nomor=meta.nomor or "–",
                                                     unit=meta.unit).strip()


def catatan(figures: SopFigures, month: Month, threshold: float, lang: str) -> str:
    """The figures behind the Penilaian, in sentences."""
    t = lambda key, **kw: L.text(key, lang).format(**kw)   # noqa: E731
    label = month_label(month, lang)
    if not figures.active:
        return t("rpt_note_empty", month=label)
    day = figures.day_minutes
    lines = []
    if figures.total_norm is None:
        lines.append(t("rpt_note_no_norm", count=figures.steps_without_norm))
    if figures.closed == 0:
        lines.append(t("rpt_note_no_closed", month=label))
    elif figures.judged:
        lines.append(t("rpt_note_closed", closed=figures.closed, on_time=figures.on_time,
                       share=percent(figures.on_time_share, lang), threshold=percent(threshold, lang)))
        lines.append(t("rpt_note_times", median=L.duration(figures.median_used, day, lang),
                       median_ratio=percent(figures.median_ratio, lang), norm=L.duration(figures.total_norm, day, lang),
                       p90=L.duration(figures.p90_used, day, lang), p90_ratio=percent(figures.p90_ratio, lang)))
    else:
        lines.append(t("rpt_note_closed_no_norm", closed=figures.closed))
        lines.append(t("rpt_note_times_no_norm", median=L.duration(figures.median_used, day, lang),
                       p90=L.duration(figures.p90_used, day, lang)))
    lines.append(t("rpt_note_open", open=figures.open_at_end, late=figures.open_late))
    lines.append(t("rpt_note_returns", returns=figures.returns, cancelled=figures.cancelled))
    return "\n".join(lines)


def _deciders(figures: SopFigures, step: StepFigures, lang: str) -> str:
    holders = {s.number: s.holder for s in figures.steps}
    names = [f"{L.text('rpt_step_no', lang).lower()} {number}" + (f" ({holders[number]})" if holders.get(number) else "")
             for number in step.returned_by]
    return ", ".join(names) or L.text("rpt_none", lang)


def tindakan(figures: SopFigures, lang: str) -> str:
    """Suggested actions, one line each: the bottleneck steps first, then norms and overdue cases."""
    t = lambda key, **kw: L.text(key, lang).format(**kw)   # noqa: E731
    if not figures.active:
        return t("rpt_action_record")
    day = figures.day_minutes
    lines = []
    for step in figures.bottlenecks:
        holder = step.holder or L.text("rpt_none", lang)
        if step.late:
            lines.append(t("rpt_action_step_late", step=step.number, holder=holder, late=step.late,
                           instances=step.instances, median_ratio=percent(step.median_ratio, lang),
                           norm=L.duration(step.norm, day, lang)))
        if step.open_late:
            lines.append(t("rpt_action_step_open", step=step.number, holder=holder, count=step.open_late))
        if step.returns_into:
            lines.append(t("rpt_action_step_returns", step=step.number, holder=holder, count=step.returns_into,
                           deciders=_deciders(figures, step, lang)))
    if figures.steps_without_norm:
        lines.append(t("rpt_action_no_norm", count=figures.steps_without_norm))
    covered = sum(s.open_late for s in figures.bottlenecks)
    if figures.open_late > covered:
        lines.append(t("rpt_action_overdue", count=figures.open_late))
    if not lines:
        lines.append(t("rpt_action_keep"))
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)) if len(lines) > 1 else lines[0]


@dataclass
class MonitoringRow:
    """One SOP on the Monitoring Pelaksanaan SOP AP form."""

    number: int
    prosedur: str
    penilaian: str | None      # GOOD, NOT_GOOD or None (left to the officer)
    catatan: str
    tindakan: str

    def cells(self, lang: str) -> list:
        """The row in MONITORING_COLUMNS order; Paraf Penilai stays empty."""
        penilaian = L.text("rpt_good" if self.penilaian == GOOD else "rpt_not_good", lang) if self.penilaian else None
        return [self.number, self.prosedur, penilaian, self.catatan, self.tindakan, None]


def monitoring_rows(report: ReportFigures, threshold: float, lang: str) -> Iterator[MonitoringRow]:
    for i, f in enumerate(report.sops, start=1):
        yield MonitoringRow(number=i, prosedur=prosedur_text(f, lang), penilaian=assessment(f, threshold),
                            catatan=catatan(f, report.month, threshold, lang), tindakan=tindakan(f, lang))


# ---- Evaluasi Penerapan SOP AP -----------------------------------------------------------------

def evaluation_hints(figures: SopFigures, month: Month, lang: str) -> list[str]:
    """One hint per criterion (seven), each a fact from the month's data, not a judgement."""
    t = lambda key, **kw: L.text(key, lang).format(**kw)   # noqa: E731
    if not figures.active:
        return [t("rpt_hint_none", month=month_label(month, lang))] * len(L.EVALUASI_CRITERIA)
    previous = figures.previous
    if figures.total_norm is not None:
        first = t("rpt_hint_1", share=percent(figures.on_time_share, lang),
                  previous=percent(previous.on_time_share, lang), ratio=percent(figures.median_ratio, lang),
                  previous_ratio=percent(previous.median_ratio, lang))
    else:
        first = t("rpt_hint_1_no_norm", closed=figures.closed, previous=previous.closed)
    second = t("rpt_hint_2", returns=figures.returns, closed=figures.closed, reworked=figures.reworked_closed)
    if figures.step_judged:
        third = t("rpt_hint_3", share=percent(share(figures.step_judged - figures.step_late, figures.step_judged),
                                              lang),
                  late=figures.step_late, judged=figures.step_judged, cancelled=figures.cancelled,
                  no_norm=figures.steps_without_norm)
    else:
        third = t("rpt_hint_3_no_steps", cancelled=figures.cancelled, no_norm=figures.steps_without_norm)
    active = [r for r in figures.roles if r.instances]
    worst = max((r for r in active if r.late), key=lambda r: (r.late_share or 0, r.late), default=None)
    if worst is not None:
        fourth = t("rpt_hint_4", roles=len(active), role=worst.role or L.text("rpt_none", lang), late=worst.late,
                   judged=worst.judged)
    else:
        fourth = t("rpt_hint_4_ok", roles=len(active))
    if figures.total_norm is not None:
        fifth = t("rpt_hint_5", open=figures.open_at_end, late=figures.open_late, reworked=figures.reworked_closed,
                  reworked_on_time=figures.reworked_on_time)
    else:
        fifth = t("rpt_hint_5_no_norm", open=figures.open_at_end, reworked=figures.reworked_closed)
    sixth = t("rpt_hint_6", opened=figures.opened, closed=figures.closed, cancelled=figures.cancelled,
              start=figures.open_at_start, end=figures.open_at_end)
    if figures.handover_judged:
        seventh = t("rpt_hint_7", related=figures.related_sops, late=figures.handover_late,
                    judged=figures.handover_judged,
                    share=percent(share(figures.handover_late, figures.handover_judged), lang))
    else:
        seventh = t("rpt_hint_7_none", related=figures.related_sops)
    return [first, second, third, fourth, fifth, sixth, seventh]


@dataclass
class EvaluationBlock:
    """One SOP on the Evaluasi Penerapan SOP AP form: seven criteria with hints; Ya/Tidak left empty."""

    number: int
    prosedur: str
    hints: list[str]

    def rows(self, lang: str) -> list[list]:
        """Seven rows in EVALUASI_COLUMNS order; No and Prosedur on the first row of the block."""
        rows = []
        for index, (key, hint) in enumerate(zip(L.EVALUASI_CRITERIA, self.hints)):
            first = index == 0
            rows.append([self.number if first else None, self.prosedur if first else None,
                         f"{index + 1}. {L.text(key, lang)}", None, hint, None])
        return rows


def evaluation_blocks(report: ReportFigures, lang: str) -> Iterator[EvaluationBlock]:
    for i, f in enumerate(report.sops, start=1):
        yield EvaluationBlock(number=i, prosedur=prosedur_text(f, lang), hints=evaluation_hints(f, report.month, lang))
