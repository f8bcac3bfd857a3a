"""The demo: everything sopxl can do, run on the example SOP documents in `workbooks/sources/`.

Run with `python -m sopxl.demo` (the README's first command). It builds one workbook per source
document in `workbooks/examples/` and prints what each step found. The date is fixed
(`DEMO_DATE`) so the example workbooks come out the same on every run and can be committed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import click

from . import api
from .domain.cases import CANCELLED, CLOSED, OPEN
from .domain.tracker import STATUSES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"
EXAMPLES = ROOT / "workbooks" / "examples"
DEMO_DATE = dt.date(2026, 11, 20)


TEMPLATES = ROOT / "workbooks"


def build_templates(folder: Path = TEMPLATES) -> list[Path]:
    """The blank templates, `sopxl new` and `sopxl new --macros`, with the Kalender of the demo's year."""
    today = dt.date(DEMO_DATE.year, 1, 1)
    return [api.new(folder / "sop_template.xlsx", today=today, force=True),
            api.new(folder / "sop_template.xlsm", today=today, force=True, macros=True)]


def build_examples(sources: Path = SOURCES, examples: Path = EXAMPLES) -> list[api.ImportResult]:
    """Import every source document into a fresh example workbook."""
    examples.mkdir(parents=True, exist_ok=True)
    results = []
    for document in sorted(sources.iterdir()):
        if document.suffix.lower() not in (".txt", ".docx", ".xlsx"):
            continue
        results.append(api.import_document(document, examples / (document.stem + ".xlsx"), force=True,
                                           today=DEMO_DATE))
    return results


PUBLISHED_PDF = ROOT / "tests" / "data" / "pdf" / "drawn_sop.pdf"   # drawn the way offices publish SOPs


def import_published_pdf(document: Path = PUBLISHED_PDF) -> api.ImportResult:
    """Import a published SOP PDF into the git-ignored out/ folder: actors from the columns of its symbols."""
    target = ROOT / "out" / "imported"
    target.mkdir(parents=True, exist_ok=True)
    return api.import_document(document, target / (document.stem + ".xlsx"), force=True, today=DEMO_DATE)


SCANNED_PDF = ROOT / "tests" / "data" / "pdf" / "scanned_sop.pdf"   # the same document as a scanner returns it


def import_scanned_pdf(document: Path = SCANNED_PDF) -> api.ImportResult | str:
    """Import the scan (pages as pictures only) with OCR; without OCR installed, what to install instead."""
    from .importing.raster import ocr_missing

    missing = ocr_missing()
    if missing:
        return missing
    target = ROOT / "out" / "imported"
    target.mkdir(parents=True, exist_ok=True)
    return api.import_document(document, target / (document.stem + ".xlsx"), force=True, today=DEMO_DATE)


# ---- validation, and an author answering the findings ------------------------------------------------

# The Kemnaker documents leave Waktu as a bare "menit" or empty (a template never filled in). In the demo
# their author answers that finding with norms of this kind of work, then marks every inference reviewed.
AUTHOR_NORMS = {
    "kemnaker_pelaksanaan_monitoring": ["30 menit", "1 jam", "1 jam", "30 menit", "1 hari", "10 hari kerja",
                                        "2 jam", "2 jam", "1 hari", "30 menit", "30 menit", "1 jam"],
    "kemnaker_pengukuran_kinerja": ["30 menit", "1 jam", "1 jam", "30 menit", "1 hari", "10 hari kerja", "2 jam",
                                    "2 jam", "1 hari", "1 hari", "2 hari", "30 menit", "30 menit", "30 menit",
                                    "30 menit", "1 jam"],
}


def validate_examples(workbooks: list[Path]):
    """Validate the examples and write the findings into each workbook's Temuan sheet, in the workbooks'
    language (Indonesian, as the examples are)."""
    return api.validate(workbooks, lang="id", write=True)


def answer_findings(workbooks: list[Path]) -> list[str]:
    """What an author does with the findings: fill the missing norms, review the importer's guesses."""
    lines = []
    for path in workbooks:
        sop = api.load(path)
        norms = AUTHOR_NORMS.get(path.stem, [])
        for step, norm in zip(sop.steps, norms):
            step.waktu = norm
        for step in sop.steps:
            step.reviewed = True
        api.save(sop, path)
        lines.append(f"{path.name}: {len(norms)} norms written, {len(sop.steps)} steps marked reviewed")
    return lines


def _can_print() -> bool:
    """True when LibreOffice is installed, so the demo can print PDFs."""
    from .errors import SopxlError
    from .xlsx.pdf import find_soffice

    try:
        find_soffice()
        return True
    except SopxlError:
        return False


# ---- the official document: the flowchart on each example, and its PDF -------------------------------

DOCUMENTS = ROOT / "workbooks" / "documents"


def draw_examples(workbooks: list[Path], documents: Path = DOCUMENTS, *, pdf: bool | None = None) -> list[str]:
    """Draw the flowchart of each workbook; print its official document to PDF when LibreOffice is there.

    Returns one line per workbook saying what was drawn (and printed).
    """
    if pdf is None:
        pdf = _can_print()
    lines = []
    for path in workbooks:
        drawn = api.flowchart(path)
        line = (f"{path.name}: {drawn.steps} symbols, {drawn.connectors} arrows, {drawn.labels} Ya/Tidak labels, "
                f"{drawn.pages} printed pages, {drawn.offpage} off-page connectors")
        if pdf:
            documents.mkdir(parents=True, exist_ok=True)
            printed = api.pdf(path, documents / (path.stem + ".pdf"))
            line += f"; {printed.pdf.relative_to(ROOT) if printed.pdf.is_relative_to(ROOT) else printed.pdf}: " \
                    f"{printed.pages} pages"
        lines.append(line)
    return lines


# ---- buttons: a macro-enabled copy of each example ----------------------------------------------------

def build_macro_workbooks(sources: Path = SOURCES, out: Path = None) -> list[tuple[Path, object]]:
    """An .xlsm with the buttons for each source document (beside the master, not in the example folder),
    each checked with `doctor`."""
    out = out or OUT / "buttons"
    out.mkdir(parents=True, exist_ok=True)
    checked = []
    for document in sorted(sources.glob("*.txt")):
        result = api.import_document(document, out / (document.stem + ".xlsm"), force=True, today=DEMO_DATE,
                                     macros=True)
        checked.append((result.workbook, api.doctor(result.workbook, lang="en")))
    return checked


def flowchart_button(workbook: Path, held: float = 1.0):
    """The background half of the "Gambar bagan alir" button on `workbook`, with Excel's part played by a
    lock file that goes away after `held` seconds (its Sub saved and closed the workbook); the workbook is
    not opened again here (no desktop). Returns the flowchart result and the note the startup macro shows."""
    import threading

    from .xlsx import desktop

    lock = workbook.with_name("~$" + workbook.name)
    lock.write_bytes(b"")
    threading.Timer(held, lambda: lock.unlink(missing_ok=True)).start()
    result = api.flowchart(workbook, when_closed=True, timeout=30, lang="en", reopen=False)
    note = desktop.note_path(workbook).read_bytes().decode("utf-16-le").partition("\n")[2]
    return result, note


# ---- cases: a few months of simulated work on each example ----------------------------------------

DEMO_END = dt.datetime.combine(DEMO_DATE, dt.time(16, 30))
DEMO_START = dt.datetime.combine(DEMO_DATE - dt.timedelta(weeks=16), dt.time(7, 30))
DEMO_CASES = 60


def simulate_examples(workbooks: list[Path]) -> list[api.CaseList]:
    """Add seeded simulated cases (16 weeks up to DEMO_DATE) to each workbook; Pelacak as of the last moment."""
    return [api.simulate_cases(path, cases=DEMO_CASES, start=DEMO_START, end=DEMO_END, seed=index)
            for index, path in enumerate(workbooks, start=1)]


def render_case_summary(result: api.CaseList) -> str:
    """One line per workbook: cases by state and status, events, returns."""
    done = [f for f in result.cases if f.case.state == CLOSED]
    running = [f for f in result.cases if f.case.state == OPEN]

    def by_status(figures) -> str:
        counts = {s: sum(1 for f in figures if f.status == s) for s in STATUSES}
        return ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n) or "none"

    events = sum(len(f.case.events) for f in result.cases)
    returns = sum(f.case.returns for f in result.cases)
    cancelled = sum(1 for f in result.cases if f.case.state == CANCELLED)
    return (f"{result.workbook.name}: {len(result.cases)} cases, {events} events, {returns} returns — "
            f"{len(done)} closed ({by_status(done)}), {len(running)} open ({by_status(running)}), "
            f"{cancelled} cancelled")


def render_views(path: Path) -> str:
    """What a workbook's Beban Kerja and Lini Waktu say on top (their A1, in the workbook's language), and who
    holds the most."""
    from . import layout as L
    from .xlsx.read import read_grids

    grids = read_grids(path, L.VIEW_SHEETS)
    workload, timeline = grids[L.BEBAN_KERJA], grids[L.LINI_WAKTU]
    first = L.WORKLOAD_FIRST_ROW
    holder, held, late = (workload.get(first, column) for column in (1, 2, 3))
    return (f"{path.name}: Beban Kerja — \"{workload.get(1, 1)}\"; first row: {holder}, {int(held or 0)} held, "
            f"{int(late or 0)} late\n  Lini Waktu — \"{timeline.get(1, 1)}\"")


# ---- the nightly consolidation of the example office ---------------------------------------------------

OUT = ROOT / "out"          # git-ignored: the master workbook, its database and what they write beside them


def consolidate_examples(examples: Path = EXAMPLES, out: Path = OUT) -> list:
    """Consolidate the example folder into a fresh master and database, then again (nothing changed)."""
    for leftover in ("master.xlsx", "sopxl.db", "sopxl.db-wal", "sopxl.db-shm"):
        (out / leftover).unlink(missing_ok=True)
    import shutil

    from .nightly.reminders import reminders_folder

    shutil.rmtree(reminders_folder(out / "master.xlsx"), ignore_errors=True)
    runs = []
    for _ in range(2):
        runs.append(api.consolidate([examples], master=out / "master.xlsx", as_of=DEMO_END))
    return runs


# ---- the monthly monitoring report of the last full month --------------------------------------------

REPORTS = ROOT / "workbooks" / "reports"


def demo_month():
    """The last full month before DEMO_DATE: the month the demo reports."""
    from .domain.figures import Month

    return Month.last_full(DEMO_DATE)


def report_examples(examples: Path = EXAMPLES, reports: Path = REPORTS, *, pdf: bool | None = None) -> api.ReportResult:
    """The monitoring report of every example workbook for the demo month; a PDF too when LibreOffice is there."""
    if pdf is None:
        pdf = _can_print()
    reports.mkdir(parents=True, exist_ok=True)
    month = demo_month()
    return api.report(examples, month=month, output=reports / f"laporan-monitoring-{month}.xlsx", pdf=pdf,
                      generated_at=DEMO_END)


def analyst_examples(examples: Path = EXAMPLES, out: Path = OUT) -> list[str]:
    """The examples' event log as XES and CSV, and their review dates judged as of the demo's date."""
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for name in ("examples.xes", "examples.csv"):
        lines.extend(api.export_log(examples, out / name, as_of=DEMO_END).lines())
    report = api.validate(examples, review_as_of=DEMO_DATE, select=["review-due", "review-past"])
    lines.extend(f.render(report.lang, with_file=True) for f in report.findings)
    return lines


def main(argv: list[str] | None = None) -> int:
    from .cli import render_consolidation, render_import_summary, render_report_summary
    from .reporting.monev import month_label

    started = time.perf_counter()

    def show(text: str) -> None:
        click.echo("  " + text.replace(str(ROOT) + os.sep, "").replace("\n", "\n  "))

    click.echo(f"sopxl demo — sources: {SOURCES.relative_to(ROOT)}, examples: {EXAMPLES.relative_to(ROOT)}, "
               f"as of {DEMO_DATE.isoformat()}")
    click.echo("\n0. The blank templates (sopxl new, sopxl new --macros)")
    for path in build_templates():
        show(str(path))
    click.echo("\n1. Import the SOP documents into workbooks (sopxl import)")
    imported = build_examples()
    workbooks = [result.workbook for result in imported]
    for result in imported:
        show(render_import_summary(result))

    click.echo("   A published PDF: the flowchart read from its shapes (sopxl import DOC.pdf)")
    result = import_published_pdf()
    show(render_import_summary(result))
    for step in result.sop.steps:
        if step.co_pelaksana:
            show(f"langkah {step.number}: {step.pelaksana} (x) bersama {', '.join(step.co_pelaksana)} (o)")

    click.echo("   The same document scanned, pages as pictures only: read with OCR (sopxl import SCAN.pdf)")
    scanned = import_scanned_pdf()
    if isinstance(scanned, str):
        show(f"skipped, OCR is not installed: {scanned}")
    else:
        show(render_import_summary(scanned))
        same = [(s.pelaksana, s.co_pelaksana, s.symbol, s.ya, s.tidak) for s in scanned.sop.steps] == \
               [(s.pelaksana, s.co_pelaksana, s.symbol, s.ya, s.tidak) for s in result.sop.steps]
        show("same Pelaksana, symbols and Ya/Tidak routing as the PDF it was scanned from" if same else
             "differs from the PDF it was scanned from: review the inferences marked with their OCR confidence")

    click.echo("\n2. Validate against Permenpan RB 35/2012, findings written to each Temuan sheet (sopxl validate --write)")
    for line in validate_examples(workbooks).lines(details=False):
        show(line)
    click.echo("   The author answers the findings: norms for the bare 'menit' cells, every inference reviewed "
               "(sopxl.save)")
    for line in answer_findings(workbooks):
        show(line)
    for line in validate_examples(workbooks).lines(details=False):
        show(line)

    click.echo("\n3. Flowcharts drawn as Excel shapes; the official SOP document printed to PDF when LibreOffice "
               "is installed (sopxl flowchart, sopxl pdf)")
    for line in draw_examples(workbooks):
        show(line)

    click.echo("\n4. Macro-enabled workbooks with the buttons, checked; the flowchart button's background half "
               "(sopxl import --macros, sopxl doctor, sopxl flowchart --when-closed)")
    checked = build_macro_workbooks()
    for path, report in checked:
        passed = sum(1 for check in report.checks if check.status == "ok")
        show(f"{path}: {passed} of {len(report.checks)} checks passed"
             + ("" if report.ok else " — " + "; ".join(line for line in report.lines() if line.startswith("[X]"))))

    workbook = checked[0][0]
    result, note = flowchart_button(workbook)
    show(f"{workbook.name}: button 'Gambar bagan alir' — the workbook let go after {result.waited:.1f} s, "
         f"flowchart drawn into it ({result.symbols} symbols), note for its startup macro: \"{note}\"")

    click.echo(f"\n5. Cases: {DEMO_CASES} simulated cases per workbook from {DEMO_START:%Y-%m-%d} to "
               f"{DEMO_END:%Y-%m-%d %H:%M}, Pelacak rebuilt as of then (sopxl case …, sopxl refresh)")
    for summary in simulate_examples(workbooks):
        show(render_case_summary(summary))
    click.echo("   The views for people, rewritten with Pelacak: who holds what (Beban Kerja), each case's steps "
               "against their norms, a printed page per case (Lini Waktu)")
    for workbook in workbooks:
        show(render_views(workbook))

    click.echo(f"\n6. Nightly consolidation of {EXAMPLES.relative_to(ROOT)} into {OUT.relative_to(ROOT)}/master.xlsx "
               "and its database, then the same again: nothing changed, nothing read (sopxl consolidate)")
    for run in consolidate_examples():
        show(render_consolidation(run, quiet=True))

    click.echo(f"\n7. Monthly monitoring report for {month_label(demo_month(), 'en')}, with the official Monev "
               "forms (sopxl report --pdf)")
    show(render_report_summary(report_examples()))

    click.echo("\n8. For analysts and the office's year: the event log for process-mining tools, on each SOP's "
               "Kalender (Ramadan hours included), and the SOPs due for review (sopxl export-log, "
               "sopxl validate --review)")
    for line in analyst_examples():
        show(line)
    click.echo(f"\ndone in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
