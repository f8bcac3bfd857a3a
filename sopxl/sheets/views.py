"""The Beban Kerja and Lini Waktu sheets as plain values, from the cases' figures.

Pure, like ``log``: case figures in (``domain.tracker``), rows out, labels and durations in the
workbook's language. Both doors write these rows as they are; what the cells look like comes from the
sheets' column styles and conditional formatting (``layout.views``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from .. import layout as L
from ..domain.cases import CANCEL, NO, OPEN, YES
from ..domain.model import SOP
from ..domain.tracker import CaseTime, StepTime, workload

_MOMENT = "%d/%m/%Y %H:%M"


def workload_rows(sop: SOP, figures: list[CaseTime], as_of: dt.datetime, lang: str,
                  day_minutes: float) -> tuple[str, list[list]]:
    """Beban Kerja: the title (A1) and a row per Pelaksana in WORKLOAD_COLUMNS order, the most loaded first."""
    rows = []
    for load in workload(sop, figures, as_of):
        urgent = load.most_urgent
        current = urgent.current if urgent else None
        left = L.duration(current.left, day_minutes, lang, units=2) if current and current.left is not None else None
        rows.append([load.holder or L.text("dur_none", lang), len(load.held), load.late, load.near,
                     urgent.case.number if urgent else None, urgent.case.subject if urgent else None,
                     current.visit.step if current else None, current.due if current else None, left,
                     load.done_this_month])
    open_cases = sum(row[1] for row in rows)
    late = sum(row[2] for row in rows)
    title = L.text("wl_as_of", lang).format(moment=f"{as_of:{_MOMENT}}", open=open_cases, late=late)
    return title, rows


def workload_height(row: list) -> float:
    """Height of a Beban Kerja row that shows its wrapped cells in full."""
    return L.wrapped_height([(value, c.width) for value, c in zip(row, L.WORKLOAD_COLUMNS) if c.kind == "wrap"])


@dataclass
class Timeline:
    """Lini Waktu as values: the title, rows from TIMELINE_FIRST_ROW, their heights, the page breaks."""

    title: str
    rows: list[list] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)     # sheet rows a new page starts at (a case's first row)


def bar(used: float, norm: float | None, status: str | None) -> list:
    """The bar cells of a row: a status code in one cell per 10 % of the norm used (up to 200 %), the
    norm mark between the two halves; all empty without a norm."""
    if not norm:
        return [None] * (2 * L.BAR_CELLS + 1)
    filled = min(2 * L.BAR_CELLS, math.ceil(round(used / norm * L.BAR_CELLS, 6)))
    code = L.BAR_CODES.get(status)
    cells = [code if i < filled else None for i in range(2 * L.BAR_CELLS)]
    return [*cells[:L.BAR_CELLS], L.NORM_CODE, *cells[L.BAR_CELLS:]]


def timeline(figures: list[CaseTime], as_of: dt.datetime, lang: str, day_minutes: float,
             limit: int = L.TIMELINE_CASES) -> Timeline:
    """Lini Waktu: a block per case in the tracker's order (`figures`), at most `limit` of them.

    A block is the case's row (its whole time against the total norm), a header row, and a row per step
    instance in the order taken: returns after a Tidak are marked, the step the case stands at is marked
    with its due moment. Each block after the first starts a printed page.
    """
    shown = figures[:limit]
    moment = f"{as_of:{_MOMENT}}"
    if len(shown) < len(figures):
        title = L.text("tl_as_of_some", lang).format(moment=moment, shown=len(shown), total=len(figures))
    else:
        title = L.text("tl_as_of", lang).format(moment=moment, shown=len(shown))
    result = Timeline(title=title if figures else L.text("tl_blank", lang))

    def words(minutes: float) -> str:
        return L.duration(minutes, day_minutes, lang, units=2)

    header = [L.text(c.key, lang) for c in L.TIMELINE_TEXT_COLUMNS]
    header_row = [*header, L.text("tl_bar", lang), *[None] * (2 * L.BAR_CELLS), L.text("tl_note", lang), L.ROW_HEAD]
    row_number = L.TIMELINE_FIRST_ROW
    for f in shown:
        if result.rows:
            result.rows.append([])                  # a blank row between blocks
            row_number += 1
            result.breaks.append(row_number)
        block = [_case_row(f, lang, words), header_row,
                 *(_step_row(f, index, lang, words) for index in range(len(f.steps)))]
        result.rows.extend(block)
        row_number += len(block)
    result.heights = [timeline_height(row) for row in result.rows]
    return result


def _used(used: float, norm: float | None, lang: str, words) -> str:
    """Time used in words, with its share of the norm when there is one: ``1 jam 2 menit (52 %)``."""
    if not norm:
        return words(used)
    return L.text("tl_share", lang).format(duration=words(used), percent=round(100 * used / norm))


def _case_row(f: CaseTime, lang: str, words) -> list:
    case = f.case
    state = L.text(f"state_{case.state}", lang)
    status = f"{state}\n{L.text(f'status_{f.status}', lang)}" if f.status else state
    notes = []
    if case.state == OPEN and f.due is not None:
        notes.append(L.text("tl_case_due", lang).format(due=f"{f.due:{_MOMENT}}"))
    if case.returns:
        notes.append(L.text("tl_case_returns", lang).format(n=case.returns))
    used = _used(f.total_used, f.total_norm, lang, words)
    norm = words(f.total_norm) if f.total_norm is not None else L.text("dur_none", lang)
    return [case.number, case.subject, status, case.opened, case.ended, used, norm,
            *bar(f.total_used, f.total_norm, f.total_status), "\n".join(notes) or None, L.ROW_CASE]


def _step_row(f: CaseTime, index: int, lang: str, words) -> list:
    step: StepTime = f.steps[index]
    visit = step.visit
    now = f.current is step
    notes = []
    if visit.rework:
        notes.append(L.text("tl_back", lang))
    if now:
        notes.append(L.text("tl_now", lang).format(due=f"{step.due:{_MOMENT}}") if step.due
                     else L.text("tl_now_no_norm", lang))
    elif visit.outcome == YES:
        notes.append(L.text("tl_yes", lang))
    elif visit.outcome == NO:
        target = f.steps[index + 1].visit.step if index + 1 < len(f.steps) else "?"
        notes.append(L.text("tl_no", lang).format(target=target))
    elif visit.outcome == CANCEL:
        notes.append(L.text("tl_cancelled", lang))
    kind = L.ROW_NOW if now else (L.ROW_BACK if visit.rework else L.ROW_STEP)
    used = _used(step.used, step.norm, lang, words)
    norm = words(step.norm) if step.norm is not None else L.text("dur_none", lang)
    return [visit.step, L.shortened(step.kegiatan, L.TIMELINE_KEGIATAN_CHARS) or None, step.holder or None, visit.started, visit.ended, used, norm,
            *bar(step.used, step.norm, step.status), "\n".join(notes) or None, kind]


def timeline_height(row: list) -> float:
    """Height of a Lini Waktu row that shows its wrapped cells in full (an empty row: the least height)."""
    widths, kinds = L.timeline_widths(), L.timeline_kinds()
    return L.wrapped_height([(value, width) for value, width, kind in zip(row, widths, kinds) if kind == "wrap"])
