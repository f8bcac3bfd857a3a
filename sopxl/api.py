"""The public functions of sopxl: each a short composition of the layers below, shared by every door."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import layout as L
from .errors import SopxlError

# roles a blank template starts with; authors rename or add columns in Excel
TEMPLATE_ROLES = ["Karo", "Kabag", "Kasubbag", "Pelaksana"]


def _stamp(today: dt.date | None) -> dt.datetime | None:
    """A fixed creation stamp for workbooks made "as of" a given day (reproducible files)."""
    return dt.datetime.combine(today, dt.time()) if today else None


def new(path: str | Path, *, lang: str = L.DEFAULT_LANG, force: bool = False,
        today: dt.date | None = None, macros: bool = False) -> Path:
    """Create a blank SOP workbook (the template) at `path`; with `macros`, an .xlsm with buttons."""
    from .domain.model import SOP
    from .xlsx.workbook import create, template_calendar

    sop = SOP(roles=list(TEMPLATE_ROLES))
    return create(Path(path), sop, lang=lang, calendar=template_calendar(today), overwrite=force, created=_stamp(today),
                  **_macro_parts(sop, lang, macros))


def _macro_parts(sop: SOP, lang: str, macros: bool) -> dict:
    """What `workbook.create` needs for a macro-enabled workbook: the VBA project and the button hooks."""
    if not macros:
        return {}
    from .vba.xlsm import vba_project, workbook_hooks

    return {"vba_project": vba_project(), "before_close": workbook_hooks(len(sop.roles), lang)}


@dataclass
class ImportResult:
    """What an import produced: the SOP, where it was written, and what was inferred or noticed."""

    sop: SOP
    source: Path
    workbook: Path | None = None
    notes: list[str] = field(default_factory=list)
    lang: str = L.DEFAULT_LANG      # the language of the notes and inference reasons

    @property
    def inference_count(self) -> int:
        return sum(len(step.inferences) for step in self.sop.steps)

    def summary(self) -> dict:
        """Counts for people: steps, roles, norms found, inferences."""
        steps = self.sop.steps
        return {"steps": len(steps), "roles": len(self.sop.roles),
                "decisions": sum(1 for s in steps if s.symbol.value == "decision"),
                "norms": sum(1 for s in steps if s.norm is not None),
                "no_norm": sum(1 for s in steps if s.norm is None),
                "inferences": self.inference_count}

    def to_dict(self) -> dict:
        return {"source": str(self.source), "workbook": str(self.workbook) if self.workbook else None,
                "summary": self.summary(), "notes": list(self.notes), "sop": self.sop.to_dict()}


def read_document(document: str | Path, *, lang: str = L.DEFAULT_LANG, part: int = 1) -> ImportResult:
    """Read an SOP document (.txt export, .docx, .xlsx) into the model, inferring what it lost.

    A document holding several SOPs (two on one page) gives the `part`-th; its notes say how many.
    """
    from .importing.readers import read_document as read

    document = Path(document)
    sop, notes = read(document, lang, part)
    return ImportResult(sop=sop, source=document, notes=notes, lang=lang)


@dataclass
class ImportRow:
    """One SOP of a folder import: what it became, or why its document was refused."""

    file: Path
    part: int = 1
    result: ImportResult | None = None
    refused: str | None = None

    def to_dict(self) -> dict:
        data = {"file": str(self.file), "part": self.part, "refused": self.refused}
        if self.result is not None:
            sop = self.result.sop
            data.update(nama=sop.identity.nama, workbook=str(self.result.workbook) if self.result.workbook else None,
                        summary=self.result.summary(), notes=list(self.result.notes))
        return data


@dataclass
class FolderImport:
    """A folder (or a PDF holding several SOPs) imported into one workbook per SOP."""

    source: Path
    output: Path
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for row in self.rows if row.result is not None)

    @property
    def refused(self) -> int:
        return sum(1 for row in self.rows if row.refused is not None)

    def to_dict(self) -> dict:
        return {"source": str(self.source), "output": str(self.output), "imported": self.imported,
                "refused": self.refused, "rows": [row.to_dict() for row in self.rows]}


def import_folder(source: str | Path, output: str | Path, *, lang: str = L.DEFAULT_LANG, force: bool = False,
                  today: dt.date | None = None, macros: bool = False, progress=None) -> FolderImport:
    """Import every SOP document under the folder `source` (or every SOP of one PDF) into `output`.

    One workbook per SOP, named after its document (``-2``, ``-3`` … for further SOPs of one PDF), in the
    document's sub-folder. A document that cannot be imported is refused with its reason and the rest
    goes on. `progress(index, count, path)` is called before each document.
    """
    from .errors import SopxlError
    from .importing.readers import documents_under, read_all
    from .xlsx.workbook import create, template_calendar

    source, output = Path(source), Path(output)
    files = documents_under(source, skip=output) if source.is_dir() else [source]
    run = FolderImport(source, output)
    suffix = ".xlsm" if macros else ".xlsx"
    for index, file in enumerate(files):
        if progress is not None:
            progress(index, len(files), file)
        relative = file.relative_to(source) if source.is_dir() else Path(file.name)
        try:
            parts = read_all(file, lang)
        except SopxlError as error:
            run.rows.append(ImportRow(file, refused=error.message + (f" — {error.fix}" if error.fix else "")))
            continue
        except Exception as error:   # noqa: BLE001 — one bad file must not stop a folder; the reason is kept
            detail = " ".join(f"{type(error).__name__}: {error}".split())[:160]
            run.rows.append(ImportRow(file, refused=L.text("imp_folder_unexpected", lang).format(detail=detail)))
            continue
        for number, (sop, notes) in enumerate(parts, start=1):
            name = relative.stem + (f"-{number}" if len(parts) > 1 else "")
            target = output / relative.parent / (name + suffix)
            result = ImportResult(sop=sop, source=file, notes=notes)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                result.workbook = create(target, sop, lang=lang, overwrite=force, calendar=template_calendar(today),
                                         created=_stamp(today), **_macro_parts(sop, lang, macros))
            except SopxlError as error:
                run.rows.append(ImportRow(file, number, refused=error.message))
                continue
            run.rows.append(ImportRow(file, number, result=result))
    return run


def import_document(document: str | Path, output: str | Path, *, lang: str = L.DEFAULT_LANG,
                    force: bool = False, today: dt.date | None = None, macros: bool = False,
                    part: int = 1) -> ImportResult:
    """Turn an SOP document into a new SOP workbook at `output` (its Kalender covers `today`'s year and next).

    With `macros` the workbook is an .xlsm with the buttons that run sopxl through xlwings.
    """
    from .xlsx.workbook import create, template_calendar

    result = read_document(document, lang=lang, part=part)
    result.workbook = create(Path(output), result.sop, lang=lang, overwrite=force,
                             calendar=template_calendar(today), created=_stamp(today), **_macro_parts(result.sop, lang, macros))
    return result


def load(path: str | Path) -> SOP:
    """The SOP held by a workbook."""
    from .xlsx.workbook import load as load_workbook

    return load_workbook(Path(path))[0]


def save(sop: SOP, path: str | Path, *, lang: str | None = None) -> Path:
    """Write `sop` into an existing workbook, keeping everything else in it.

    A flowchart that sopxl drew is drawn again, so its symbols follow the saved steps and rows.
    """
    from .flowcharting.drawing import redraw
    from .xlsx.files import workbook_lock
    from .xlsx.workbook import patch_sop

    with workbook_lock(Path(path)):
        package = patch_sop(sop, Path(path), lang=lang)
        redraw(package, sop)
        package.save()
    return Path(path)


def export(path: str | Path) -> dict:
    """The SOP of a workbook as the JSON-ready dict documented in docs/export-schema.md."""
    return load(path).to_dict()


# ---- the official document: flowchart and PDF ------------------------------------------------------

@dataclass
class FlowchartResult:
    """What drawing the flowchart put on the Aktivitas sheet."""

    workbook: Path
    steps: int
    symbols: int
    connectors: int
    offpage: int
    labels: int
    pages: int
    row_breaks: list[int]
    widened: list[str]          # Pelaksana columns made wider for the symbols and lanes
    kept: int                   # shapes of others in the same drawing, left as they were
    waited: float | None = None     # when_closed: seconds waited until no program held the file
    reopened: bool | None = None    # when_closed: whether the system's program was asked to open it again

    def to_dict(self) -> dict:
        data = {"workbook": str(self.workbook), "steps": self.steps, "symbols": self.symbols,
                "connectors": self.connectors, "offpage": self.offpage, "labels": self.labels,
                "pages": self.pages, "row_breaks": list(self.row_breaks), "widened": list(self.widened),
                "kept": self.kept}
        if self.waited is not None:
            data.update(waited=self.waited, reopened=self.reopened)
        return data


def flowchart(path: str | Path, *, when_closed: bool = False, timeout: float | None = None,
              lang: str = L.DEFAULT_LANG, reopen: bool = True) -> FlowchartResult:
    """Draw the official flowchart on the Aktivitas sheet as native Excel shapes, replacing sopxl's earlier one.

    With `when_closed` (what the Excel button "Gambar bagan alir" runs, in the background): first wait
    until no program holds the file, at most `timeout` seconds (default ``layout.FLOWCHART_WAIT_SECONDS``),
    then draw; say what happened in a note beside the workbook, which its startup macro shows, and in the
    log beside it (`lang`); and open the workbook again with the system's program (unless not `reopen`).
    A failure leaves the file as it was, is noted, logged and reopened the same way, and is raised.
    """
    if when_closed:
        return _flowchart_when_closed(Path(path), L.FLOWCHART_WAIT_SECONDS if timeout is None else timeout, lang,
                                      reopen)
    from .flowcharting.drawing import draw
    from .xlsx.files import check_writable, workbook_lock
    from .xlsx.workbook import load
    from .xlsx.patch import Package

    path = Path(path)
    check_writable(path)
    with workbook_lock(path):
        sop, _ = load(path)
        package = Package(path)
        drawn = draw(package, sop)
        package.save()
    flow = drawn.plan
    return FlowchartResult(
        workbook=Path(path), steps=sum(1 for b in flow.boxes if b.key.startswith("step:")),
        symbols=len(flow.boxes), connectors=len(flow.links), offpage=sum(1 for b in flow.boxes if b.kind == "offpage"),
        labels=len(flow.labels), pages=len(flow.pages), row_breaks=list(flow.row_breaks),
        widened=[L.column_letter(c) for c in sorted(flow.column_widths)], kept=drawn.kept)


def _flowchart_when_closed(path: Path, timeout: float, lang: str, reopen: bool) -> FlowchartResult:
    from .errors import SopxlError, WorkbookError
    from .xlsx import desktop
    from .xlsx.files import wait_until_released

    desktop.append_log(path, L.text("flow_waiting", lang).format(seconds=f"{timeout:g}"))
    try:
        waited = wait_until_released(path, timeout, lang=lang)
        result = flowchart(path)
    except SopxlError as error:
        failure = error
    except Exception as error:  # a bug: the person still learns that nothing was drawn, and why
        failure = WorkbookError(f"unexpected {type(error).__name__}: {error}", file=str(path))
    else:
        result.waited = round(waited, 2)
        desktop.leave_note(path, L.text("flow_drawn", lang).format(
            steps=result.steps, connectors=result.connectors, pages=result.pages), critical=False)
        result.reopened = _reopen(path, lang) if reopen else False
        return result
    desktop.leave_note(path, L.text("flow_failed", lang).format(
        reason=failure.render(), log=desktop.log_path(path).name), critical=True)
    if reopen:
        _reopen(path, lang)
    raise failure


def _reopen(path: Path, lang: str) -> bool:
    """Open the workbook again with the system's program, logging whether it could."""
    from .errors import SopxlError
    from .xlsx import desktop

    try:
        desktop.open_with_system(path)
    except SopxlError as error:
        desktop.append_log(path, L.text("flow_not_reopened", lang).format(detail=error.render()))
        return False
    desktop.append_log(path, L.text("flow_reopened", lang))
    return True


def start_flowchart_when_closed(path: str | Path, *, timeout: float | None = None,
                                lang: str = L.DEFAULT_LANG) -> int:
    """Start ``sopxl flowchart PATH --when-closed`` as a detached process with no window; its process id.

    The Excel button runs this just before Excel closes the workbook. It first leaves the note that holds
    until the background sopxl replaces it with the outcome ("sopxl stopped before it finished"): so a
    process that dies says so when the workbook opens, and the note tells the button's macro that the
    hand-over started (without it the macro keeps the workbook open).
    """
    import sys

    from .errors import WorkbookError
    from .xlsx import desktop

    path = Path(path)
    if not path.is_absolute() or not path.is_file():
        raise WorkbookError(L.text("msg_not_saved", lang), file=str(path) if str(path) not in ("", ".") else None)
    timeout = L.FLOWCHART_WAIT_SECONDS if timeout is None else timeout
    desktop.leave_note(path, L.text("flow_pending", lang).format(log=desktop.log_path(path).name), critical=True)
    # -I: the background process imports nothing from the folder it starts in or from user site-packages
    command = [sys.executable, "-I", "-m", "sopxl", "flowchart", str(path), "--when-closed",
               "--timeout", f"{timeout:g}", "--lang", lang]
    try:
        return desktop.start_detached(command)
    except WorkbookError:
        desktop.remove_note(path)
        raise


@dataclass
class PdfResult:
    """The official SOP document printed to PDF."""

    workbook: Path
    pdf: Path
    pages: int

    def to_dict(self) -> dict:
        return {"workbook": str(self.workbook), "pdf": str(self.pdf), "pages": self.pages}


def pdf(path: str | Path, output: str | Path | None = None) -> PdfResult:
    """Print the official SOP document (Identitas, then Aktivitas with the flowchart) to PDF with LibreOffice.

    The workbook is not changed; without `output` the PDF goes beside it with the same name.
    """
    from .flowcharting.printout import export_pdf
    from .xlsx.pdf import page_count

    path = Path(path)
    target = Path(output) if output else path.with_suffix(".pdf")
    written = export_pdf(path, target)
    return PdfResult(workbook=path, pdf=written, pages=page_count(written))


# ---- validation --------------------------------------------------------------------------------

def validate(workbooks: str | Path | list[str | Path], *, lang: str = L.DEFAULT_LANG, select=(), ignore=(),
             write: bool = False, profile: str | None = None, review_as_of: dt.date | None = None,
             review_months: int = 12):
    """Check SOP workbooks (files, or folders searched for .xlsx/.xlsm) against the official format.

    Returns a ``findings.Report``; bad data never raises, a workbook that cannot be read is one
    layout finding. `select` keeps only those codes, `ignore` drops codes; `write` puts each
    workbook's findings into its Temuan sheet, leaving every other part of the file as it was.
    `profile` (``validation.profiles``: a key or name) overrides each workbook's Profil Format
    (default Permenpan RB 35/2012). `review_as_of` also judges each SOP's review date as of that day
    (review-due within 30 days, review-past), its cycle being its Siklus Tinjauan or `review_months`.
    """
    from .errors import SopxlError
    from .validation.findings import FileResult, Report
    from .validation.temuan import validate_file, workbook_paths, write_findings
    from .validation.rules import chosen_profile, select_findings
    from .xlsx.files import workbook_lock

    L.check_lang(lang)
    select_findings([], select, ignore)   # unknown codes fail before any file is read
    chosen_profile(profile)               # an unknown profile fails before any file is read too
    if isinstance(review_as_of, dt.datetime):
        review_as_of = review_as_of.date()
    report = Report(lang=lang)
    for path in workbook_paths(workbooks):
        def findings_of(path=path):
            return select_findings(validate_file(path, profile=profile, today=review_as_of,
                                                 review_months=review_months), select, ignore)

        if not write:
            report.files.append(FileResult(str(path), findings_of()))
            continue
        try:
            with workbook_lock(path):      # the findings written are those of the file they are written into
                result = FileResult(str(path), findings_of())
                try:
                    write_findings(path, result.findings, lang)
                    result.written = True
                except SopxlError as error:
                    result.written, result.write_error = False, error.message
        except SopxlError as error:       # the lock was not had: the findings stand, nothing was written
            result = FileResult(str(path), findings_of())
            result.written, result.write_error = False, error.message
        report.files.append(result)
    return report


# ---- cases: start, advance, decide, cancel, note; the tracker ------------------------------------

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from .domain.model import SOP
    from .domain.tracker import CaseTime
    from .sheets.casebook import CaseList, CaseResult


Moment = "dt.datetime | str"    # a datetime, or text as `--at` takes it: "2026-12-01 15:00", "1/12/2026 15:00"


def _moment(value) -> dt.datetime | None:
    """`value` (None, a datetime or text in one of dates.MOMENT_FORMATS) as a local datetime."""
    if value is None:
        return None
    from .domain.dates import read_moment

    return read_moment(value)


def _book_as_of(workbook: str | Path, as_of):
    """The workbook's cases as they stood at `as_of` (default now): later events are left out."""
    from .xlsx.casefile import now, open_casebook

    book = open_casebook(Path(workbook))
    moment = _moment(as_of) or now()
    return book.as_of(moment), moment


def _case_figures(book, number: int, as_of: dt.datetime):
    from .errors import SopxlError

    try:
        case = book.ledger.case(number)
    except SopxlError as error:
        raise error.in_file(book.path) from None
    return book.tracker().case_time(case, as_of)


def start_case(workbook: str | Path, subject: str, *, at: Moment | None = None,
               actor: str | None = None) -> CaseResult:
    """Open a new case at the SOP's first step (a ``mulai`` event whose note is `subject`).

    `at` is when it happened (default: now, never later than now); `actor` who did it (default: the
    Pelaksana of the step). The Log records the computer's user and the moment as who and when recorded.
    """
    from .sheets import casebook
    from .xlsx.casefile import record

    return record(Path(workbook), casebook.start(subject, at=_moment(at), actor=actor))


def advance(workbook: str | Path, case: int, *, decision: bool | None = None, at: Moment | None = None,
            actor: str | None = None, note: str = "") -> CaseResult:
    """Finish the case's current step (``selesai``), or answer its decision: True = Ya, False = Tidak.

    Ya moves on to the decision's Jika Ya step (or the next one), Tidak returns the case to its Jika
    Tidak step and counts a return; finishing the last step closes the case. A decision must be
    answered and a process step must not be (CaseError otherwise; nothing is written).
    """
    from .sheets import casebook
    from .xlsx.casefile import record

    return record(Path(workbook), casebook.advance(case, decision=decision, at=_moment(at), actor=actor, note=note))


def cancel_case(workbook: str | Path, case: int, *, at: Moment | None = None, actor: str | None = None,
                note: str = "") -> CaseResult:
    """Cancel an open case where it stands (``batal``); `note` says why."""
    from .sheets import casebook
    from .xlsx.casefile import record

    return record(Path(workbook), casebook.cancel(case, at=_moment(at), actor=actor, note=note))


def add_note(workbook: str | Path, case: int, note: str, *, at: Moment | None = None,
             actor: str | None = None) -> CaseResult:
    """Add a note (``catatan``) to a case, open or not; it changes nothing else."""
    from .sheets import casebook
    from .xlsx.casefile import record

    return record(Path(workbook), casebook.note(case, note, at=_moment(at), actor=actor))


def list_cases(workbook: str | Path, *, as_of: Moment | None = None) -> CaseList:
    """Every case with its state, current step and time against the norms (open cases as of `as_of`, default now)."""
    from .domain.tracker import by_urgency
    from .sheets.casebook import CaseList

    book, moment = _book_as_of(workbook, as_of)
    tracker = book.tracker()
    return CaseList(workbook=book.path, as_of=moment, total_norm=tracker.total_norm,
                    cases=by_urgency(tracker.track(book.ledger.cases.values(), moment)))


def show_case(workbook: str | Path, case: int, *, as_of: Moment | None = None) -> CaseTime:
    """One case in full: every step instance with its times, working minutes used, norm and status."""
    book, moment = _book_as_of(workbook, as_of)
    return _case_figures(book, case, moment)


def refresh(workbook: str | Path, *, as_of: Moment | None = None) -> CaseList:
    """Rebuild the Pelacak sheet from the Log, open cases judged as of `as_of` (default now)."""
    from .xlsx.casefile import refresh as refresh_file

    return refresh_file(Path(workbook), _moment(as_of))


def simulate_cases(workbook: str | Path, *, cases: int, start: Moment, end: Moment,
                   seed: int = 0) -> CaseList:
    """Add `cases` simulated cases opened between `start` and `end` to a workbook, for demos and benchmarks.

    The same seed gives the same cases (see ``sopxl.domain.simulate``); Pelacak is rebuilt as of `end`,
    which may not lie in the future.
    """
    import random

    from .sheets import casebook
    from .xlsx.casefile import now, rewrite
    from .errors import CaseError
    from .domain.simulate import simulate

    start, end = _moment(start), _moment(end)
    if end > now():
        raise CaseError(f"the simulation cannot end in the future ({end:%Y-%m-%d %H:%M})",
                        fix="end it at the latest now")

    def plan(book):
        events = simulate(book.ledger, book.calendar, random.Random(seed), start=start, end=end, cases=cases)
        return casebook.plan_refresh(book, end, label=book.path, new_events=events)

    return rewrite(Path(workbook), plan)


# ---- the monthly monitoring report ----------------------------------------------------------------

# the report's input and result types, imported when first asked for: a case action (an Excel button, `sopxl
# case advance`) does not load the report's modules
_REPORT_TYPES = {"Month": "domain.figures", "SopMeta": "domain.figures", "SopSource": "domain.figures",
                 "ReportResult": "reporting.monthly"}
# the case actions' result types, likewise: the nightly consolidation does not load the case book
_CASE_TYPES = {"CaseList": "sheets.casebook", "CaseResult": "sheets.casebook", "SOP": "domain.model"}


def __getattr__(name: str):
    module = _REPORT_TYPES.get(name) or _CASE_TYPES.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(f"sopxl.{module}"), name)
    raise AttributeError(f"module 'sopxl.api' has no attribute {name!r}")


def report(source, *, month=None, output: str | Path | None = None, pdf: bool = False,
           threshold: float = L.REPORT_THRESHOLD, lang: str = L.DEFAULT_LANG, generated_at: Moment | None = None,
           today: dt.date | None = None) -> ReportResult:
    """Write the monthly monitoring report of `source` for `month` (``"2026-10"``; default: the last full month).

    `source` is an SOP workbook, a folder of SOP workbooks, or an iterable of ``SopSource`` (a
    consolidated master; see docs/architecture.md). The workbook holds Ringkasan, Per langkah,
    Kasus terlambat and the official Monitoring and Evaluasi forms; `pdf` also prints it to PDF
    through LibreOffice. An SOP meets the Monitoring form's "Berjalan dengan baik" when at least
    `threshold` of its closed cases were on time. `output` defaults to
    ``laporan-<source>-<month>.xlsx`` in the current folder.
    """
    from .reporting.monthly import as_month, default_output, make_report

    name = None
    if isinstance(source, (str, Path)):
        name = _name_of(source)
    source = _source_of(source)
    if output is None:
        if name is None:
            raise SopxlError("say where to write the report", fix="pass output=… (-o FILE)")
        output = default_output(name, as_month(month, today))
    return make_report(source, month=month, output=output, pdf=pdf, threshold=threshold, lang=lang,
                       generated_at=generated_at, today=today)


def _source_of(source):
    """A report source from a path (a workbook, a folder of them, a master or its database), a database URL,
    or as given."""
    from .nightly.store.location import is_url

    if is_url(source):            # a central PostgreSQL database: every office's SOPs
        return consolidated_source(source)
    if isinstance(source, (str, Path)):
        return consolidated_source(source) if _is_consolidated(source) else _file_source(source)
    return source


def _name_of(source: str | Path) -> str:
    """What a report of `source` is named after: a file's or folder's name, or a database URL's database."""
    from .nightly.store.location import is_url

    if is_url(source):
        return str(source).split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "sopxl"
    return Path(source).name or str(source)


def _is_consolidated(path: str | Path) -> bool:
    from .reporting.sources import is_consolidated

    return is_consolidated(Path(path))


def _file_source(path: str | Path):
    from .reporting.sources import FileSource

    return FileSource(path)


# ---- the analyst's door: cases and events as DataFrames and event logs --------------------------------

def events(source, *, as_of: dt.datetime | None = None):
    """The event log of `source` as a pandas DataFrame: a start and a complete event per step instance.

    `source` is an SOP workbook, a folder of them, a consolidated master or its database, or an iterable
    of ``SopSource``. Columns (``reporting.eventlog.EVENT_COLUMNS``): case_id, activity (``"3. Kegiatan"``),
    timestamp, resource, lifecycle (start, complete, ate_abort), role, the SOP and its unit, case_no,
    step, outcome, rework, and working minutes on each SOP's own Kalender (the step instance's, and the
    case's since it opened). Open cases are counted as of `as_of` (default: now).
    """
    from .reporting.eventlog import events_frame
    from .xlsx.casefile import now

    return events_frame(_source_of(source), as_of or now())


def cases(source, *, as_of: dt.datetime | None = None):
    """Every case of `source` as a pandas DataFrame: state, opened, ended, working minutes against the norm.

    Same sources as ``events``; columns ``reporting.eventlog.CASE_COLUMNS`` (variant: the steps the case
    went through, ``"1 > 2 > 1 > 2 > 3"``). Open cases are counted as of `as_of` (default: now).
    """
    from .reporting.eventlog import cases_frame
    from .xlsx.casefile import now

    return cases_frame(_source_of(source), as_of or now())


if TYPE_CHECKING:
    from .reporting.eventlog import ExportResult


def export_log(source, output: str | Path, *, format: str | None = None,
               as_of: dt.datetime | None = None) -> "ExportResult":
    """Write the event log of `source` to `output` as XES (IEEE 1849) or CSV, by `format` or the file's suffix.

    The rows of ``events``; the result counts SOPs, cases, events, activities and variants (the paths
    of steps the cases took), the figures a process-mining tool reading the file finds.
    """
    from .reporting.eventlog import export_log as write
    from .xlsx.casefile import now

    return write(_source_of(source), Path(output), as_of or now(), format)


# ---- the nightly consolidation -----------------------------------------------------------------

if TYPE_CHECKING:
    from .nightly.results import Consolidation


def consolidate(folders, *, master: str | Path = "master.xlsx", db: str | Path | None = None,
                as_of: Moment | None = None, window_months: int = 2, lang: str = L.DEFAULT_LANG,
                workers: int | None = None, wait: float = 0.0, report: bool = True,
                progress=None, office: str = "") -> "Consolidation":
    """Consolidate every SOP workbook under `folders` into a database and a master workbook.

    Reads each changed workbook (size, time and content hash decide; unchanged ones are not read
    again), merges its SOP, cases and events into the database `db` — an SQLite file (default: the
    ``SOPXL_DB`` environment variable, else ``sopxl.db`` beside the master when that is on a local disk,
    else the local data folder) or a ``postgresql://`` URL shared by many offices, each run naming its
    `office` — and writes the master workbook of that office: Ringkasan, Daftar (register of SOPs), Kasus,
    Peristiwa (the events of the last `window_months` months), Temuan and Sumber (each file's status).
    On the first run of a month it also writes last month's report beside the master (`report`).
    A file that cannot be read is reported with the reason and the rest goes on; staff workbooks are
    never written. `wait` seconds to wait for another run holding the database (default: refuse).
    `progress(done, total, events, path)` is called as files are read. See docs/consolidation.md.
    """
    from .nightly.consolidation import consolidate as run

    return run(folders, master=master, db=db, as_of=_moment(as_of), window_months=window_months, lang=lang,
               workers=workers, wait=wait, report=report, progress=progress, office=office)


def consolidated_source(path: str | Path, *, offices=None):
    """A consolidation's database (a file or a postgresql:// URL), or a master written from it, as a report source.

    ``sopxl.report(sopxl.consolidated_source("master.xlsx"), month="2026-10", output=…)`` reports on
    every SOP the database holds (the master names its database in a document property); `offices`
    keeps the SOPs of those offices (None: all).
    """
    from .nightly.store import StoreSource, database_of

    return StoreSource(database_of(path), offices=offices)


def master(db: str | Path, *, output: str | Path, offices=None, as_of: dt.datetime | None = None,
           lang: str = L.DEFAULT_LANG, window_months: int = 2):
    """Write the master workbook of some offices (None: all) from a consolidation database (``MasterWritten``).

    For a central database many offices consolidate into (``consolidate(…, office=…)``): the summary
    workbook of those offices (Ringkasan, Kasus Berjalan, Daftar, Teknis, Sumber with each of their sources)
    and every unit's data part beside it (``<output>-unit/``). Nothing is read from shares.
    """
    from .nightly.consolidation import central_master

    return central_master(db, output, offices=offices, as_of=as_of, lang=lang, window_months=window_months)


# ---- checking a workbook ----------------------------------------------------------------------------

def doctor(path: str | Path, *, lang: str = L.DEFAULT_LANG):
    """Check that the workbook at `path` can do what sopxl and its buttons need (``doctor.DoctorReport``).

    Sheets present; for an .xlsm also: the VBA project reads (a truncated or damaged vbaProject.bin is an
    error naming what broke), the needed modules are there, each button runs an existing Sub, each Sub
    an existing handler, the xlwings settings sheet, and xlwings' version. The file is only read.
    """
    from .vba.doctor import diagnose

    L.check_lang(lang)
    return diagnose(Path(path), lang=lang)
