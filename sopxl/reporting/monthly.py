"""The monthly report, composed: a source, its month's figures, the report workbook and, on request, its PDF.

``sopxl.report`` (API), ``sopxl report`` (CLI), the Excel button and the nightly consolidation all
come through ``make_report``. It loads no pandas: plain Python, XlsxWriter and python-calamine. Each SOP's
figures are computed as the source gives it and kept in a temporary file (``spool``), so a report over a
central database's thousands of SOPs holds one at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .. import layout as L
from ..errors import SopxlError
from ..domain.figures import Month, ReportFigures, SopSource, report_window

if TYPE_CHECKING:
    from .monev import Overview


@dataclass
class ReportResult:
    """What a report run produced: the month's figures, the workbook (and PDF) written, files left out."""

    month: Month
    figures: ReportFigures
    workbook: Path
    pdf: Path | None
    threshold: float
    lang: str
    skipped: list[tuple[str, str]] = field(default_factory=list)
    overview: "Overview | None" = None        # the SOPs added up (``monev.overview``)

    @property
    def empty(self) -> bool:
        return self.overview.empty if self.overview is not None else self.figures.empty

    def assessment(self, sop) -> str | None:
        """The Monitoring form's judgement of one SOP of the report (monev.GOOD, NOT_GOOD, or None: not judged)."""
        from .monev import assessment

        return assessment(sop, self.threshold)

    def to_dict(self) -> dict:
        def minutes(value):
            return None if value is None else round(value, 1)

        def ratio(value):
            return None if value is None else round(value, 4)

        sops = []
        for f in self.figures.sops:
            meta = f.meta
            sops.append({
                "key": meta.key, "instansi": meta.instansi, "unit": meta.unit, "nama": meta.nama, "nomor": meta.nomor,
                "opened": f.opened, "closed": f.closed, "cancelled": f.cancelled, "open_at_end": f.open_at_end,
                "open_past_norm": f.open_late, "judged": f.judged, "on_time": f.on_time,
                "on_time_share": ratio(f.on_time_share), "median_minutes": minutes(f.median_used),
                "p90_minutes": minutes(f.p90_used), "total_norm_minutes": minutes(f.total_norm),
                "median_ratio": ratio(f.median_ratio), "p90_ratio": ratio(f.p90_ratio), "returns": f.returns,
                "assessment": self.assessment(f),
                "bottlenecks": [{"step": s.number, "holder": s.holder, "instances": s.instances, "late": s.late,
                                 "returns_into": s.returns_into, "open_past_norm": s.open_late}
                                for s in f.bottlenecks],
                "late_cases": [c.number for c in f.late_cases],
                "review": None if f.review is None else {**f.review.to_dict(), "state": f.review_state},
            })
        return {"month": str(self.month), "workbook": str(self.workbook),
                "pdf": str(self.pdf) if self.pdf else None, "threshold": self.threshold, "lang": self.lang,
                "empty": self.empty, "sops": sops,
                "skipped": [{"file": name, "reason": why} for name, why in self.skipped]}


def as_month(month: Month | str | None, today: dt.date | None = None) -> Month:
    """`month` as a Month; None is the last full month before `today`."""
    if isinstance(month, Month):
        return month
    if month is None:
        return Month.last_full(today or dt.date.today())
    return Month.parse(month)


def default_output(source_name: str, month: Month) -> Path:
    """``laporan-<source>-2026-10.xlsx`` in the current folder."""
    stem = re.sub(r"[^\w.-]+", "_", Path(source_name).stem).strip("._") or "sopxl"
    return Path(f"laporan-{stem}-{month}.xlsx")


def make_report(source: Iterable[SopSource], *, output: str | Path, month: Month | str | None = None,
                pdf: bool = False, threshold: float = L.REPORT_THRESHOLD,
                lang: str = L.DEFAULT_LANG, generated_at: dt.datetime | None = None,
                today: dt.date | None = None) -> ReportResult:
    """Compute the month's figures of `source` (SopSource items) and write the report workbook (and its PDF)."""
    from ..xlsx.files import atomic_output
    from .monev import overview
    from .spool import spooled_figures
    from .workbook import ReportOptions, write_report

    L.check_lang(lang)
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise SopxlError(f"the threshold {threshold!r} is not a share between 0 and 1",
                         fix="give the on-time share an SOP must reach, e.g. 0.8 for 80 %")
    chosen = as_month(month, today)
    items = source
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise SopxlError("the report is an .xlsx workbook", file=str(output), fix="give the output a name ending in .xlsx")
    if pdf:
        from ..xlsx.pdf import find_soffice

        find_soffice()          # a missing LibreOffice is said before any work is done
    made = (generated_at or dt.datetime.now()).replace(microsecond=0)
    narrowed = getattr(source, "narrowed", None)       # a database gives only what the month's report reads
    if narrowed is not None:
        items = narrowed(*report_window(chosen, made))
    figures = spooled_figures(items, chosen, now=made)
    skipped = list(getattr(items, "skipped", []))
    options = ReportOptions(threshold=float(threshold), lang=lang, skipped=skipped, generated_at=made)
    seen = overview(figures, options.threshold)
    with atomic_output(output) as temp:
        write_report(temp, figures, options, seen)
    pdf_path = None
    if pdf:
        from ..xlsx.pdf import convert_to_pdf

        pdf_path = convert_to_pdf(output, output.with_suffix(".pdf"))
    return ReportResult(month=chosen, figures=figures, workbook=output, pdf=pdf_path, threshold=float(threshold),
                        lang=lang, skipped=skipped, overview=seen)
