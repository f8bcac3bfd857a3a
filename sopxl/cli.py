"""The `sopxl` command line: each command parses, makes one API call, renders, and sets the exit code.

Exit codes: 0 clean, 1 errors found or a handled failure, 2 usage error. Results go to stdout (text for
people in the language of `--lang`, or with `--format json` exactly the API's `to_dict()`), so
`sopxl case list w.xlsx > list.txt` keeps them; diagnostics (errors, progress, notes) go to stderr.
Tracebacks only with `--debug`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import layout as L
from .errors import SopxlError

# The domain, the workbook libraries and the API are imported inside the commands that use them: a
# command pays only for its own (a night with nothing changed starts in a fraction of a second).


def _run_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Keep the run's language where the error handler and the option types find it (eager: read first)."""
    ctx.meta[_LANG_KEY] = value
    return value


_LANG_KEY = "sopxl.lang"
LANG_OPTION = click.option("--lang", type=click.Choice(list(L.LANGS)), default=L.DEFAULT_LANG, show_default=True,
                           is_eager=True, callback=_run_lang,
                           help="Language of the workbook's labels and messages.")


# for commands whose results are not in words (JSON, a PDF, an event log): the language of their messages
MESSAGES_LANG_OPTION = click.option("--lang", type=click.Choice(list(L.LANGS)), default=L.DEFAULT_LANG,
                                    show_default=True, is_eager=True, callback=_run_lang, expose_value=False,
                                    help="Language of the messages.")


def run_lang(ctx: click.Context) -> str:
    """The language this run speaks (--lang; the default where the command has none)."""
    return ctx.meta.get(_LANG_KEY, L.DEFAULT_LANG)


FORMAT_OPTION = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people or json for programs (both on stdout).")


# what the command line adds to a refusal of the domain (which names no option or command itself): the
# `cli_hint_<code>` texts of layout/console
CLI_HINTS = ("decision-needed", "not-a-decision", "subject-needed", "case-unknown", "moment-in-future",
             "moment-too-early")


def cli_hint(code: str | None, lang: str) -> str | None:
    """The option or command the command line adds to a refusal with `code`, in `lang`; None for other codes."""
    return L.text(f"cli_hint_{code}", lang) if code in CLI_HINTS else None


class _Group(click.Group):
    """A command group that turns sopxl's errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except SopxlError as error:
            if _debug(ctx):
                raise
            lang = run_lang(ctx)
            click.echo(L.text("cli_error", lang).format(error=error.render(lang, hint=cli_hint(error.code, lang))),
                       err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo(L.text("cli_interrupted", run_lang(ctx)), err=True)
            ctx.exit(1)
        except Exception as error:  # a bug: say so in one line, the traceback is one flag away
            if _debug(ctx):
                raise
            click.echo(L.text("cli_unexpected", run_lang(ctx)).format(kind=type(error).__name__, error=error),
                       err=True)
            ctx.exit(1)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.obj and root.obj.get("debug"))


def emit_json(data) -> None:
    """Print `data` as JSON on stdout (dates as ISO text)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show(result, output_format: str, text) -> None:
    """Print `result` on stdout: its `to_dict()` as JSON, or `text()` for people."""
    if output_format == "json":
        emit_json(result.to_dict())
    else:
        click.echo(text())


def say(message: str) -> None:
    """A diagnostic (progress, a note, a problem) on stderr, so stdout holds only results."""
    click.echo(message, err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(package_name="sopxl")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """sopxl: SOP AP workbooks that run themselves in Excel."""
    ctx.obj = {"debug": debug}


@cli.command("new")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@LANG_OPTION
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option("--macros", is_flag=True, help="Make a macro-enabled .xlsm whose buttons run sopxl (xlwings).")
def new_command(workbook: Path, lang: str, force: bool, macros: bool) -> None:
    """Create a blank SOP workbook (the template) at WORKBOOK."""
    from . import api

    path = api.new(workbook, lang=lang, force=force, macros=macros)
    click.echo(L.text("cli_created", lang).format(path=path))


@cli.command("import")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Workbook to create (default: the document's name with .xlsx, or .xlsm with --macros, in "
                   "the current folder). A folder (an existing one, or a name without an extension) gets one "
                   "workbook per SOP: every SOP of a PDF that holds several, or every document of a DOCUMENT "
                   "folder.")
@LANG_OPTION
@click.option("--force", is_flag=True, help="Replace the output workbook if it exists.")
@click.option("--macros", is_flag=True, help="Make a macro-enabled .xlsm whose buttons run sopxl (xlwings).")
@click.option("--update", is_flag=True,
              help="Write the SOP into the existing OUTPUT workbook instead, keeping its cases, calendar, "
                   "macros and shapes (sopxl.save).")
@click.option("--part", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which SOP to import when the document holds several (two SOPs on one page).")
@FORMAT_OPTION
def import_command(document: Path, output: Path | None, lang: str, force: bool, macros: bool, update: bool,
                   part: int, output_format: str) -> None:
    """Import an SOP document (published PDF, .txt export, .docx, .xlsx, export JSON), or a folder of them,
    into workbooks."""
    from . import api

    if document.is_dir() or (output is not None and not update and (output.is_dir() or not output.suffix)):
        if output is None:
            raise click.UsageError(L.text("cli_opt_folder_output", lang))
        run = api.import_folder(document, output, lang=lang, force=force, macros=macros,
                                progress=lambda i, n, path: say(f"[{i + 1}/{n}] {path}"))
        if output_format == "json":
            emit_json(run.to_dict())
        else:
            click.echo(render_folder_import(run, lang))
        if run.refused and not run.imported:
            raise SystemExit(1)
        return
    output = output or Path(document.stem + (".xlsm" if macros else ".xlsx"))
    if update:
        result = api.read_document(document, lang=lang, part=part)
        result.workbook = api.save(result.sop, output)
    else:
        result = api.import_document(document, output, lang=lang, force=force, macros=macros, part=part)
    show(result, output_format, lambda: render_import_summary(result))


def render_folder_import(run, lang: str) -> str:
    """The table of a folder import: one line per SOP, or the reason its document was refused."""
    from . import layout as L

    head = tuple(L.text("imp_folder_columns", lang).split("|"))
    lines = []
    several = {row.file for row in run.rows if row.part > 1}
    for row in run.rows:
        name = str(row.file.relative_to(run.source) if run.source.is_dir() else row.file.name)
        name += f" #{row.part}" if row.file in several else ""
        if row.result is None:
            lines.append((name, "-", "", "", "", "", "", L.text("imp_folder_refused", lang).format(reason=row.refused)))
            continue
        s, sop = row.result.summary(), row.result.sop
        lines.append((name, sop.identity.nama.replace("\n", " ")[:60] or "-", str(s["steps"]), str(s["roles"]),
                      str(s["decisions"]), str(s["norms"]), str(s["inferences"]),
                      str(row.result.workbook.relative_to(run.output) if row.result.workbook else "")))
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head) - 1)]
    out = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths))) + "  " + r[-1]
           for r in [head, *lines]]
    out.append(L.text("imp_folder_total", lang).format(imported=run.imported, output=run.output, refused=run.refused))
    return "\n".join(out)


def render_import_summary(result) -> str:
    """One line per import: what was found and what needs review."""
    from . import layout as L

    line = L.text("imp_summary", result.lang).format(where=result.workbook or result.source, **result.summary())
    note = L.text("imp_note", result.lang)
    return "\n".join([line, *(f"  {note}: {text}" for text in result.notes)])


@cli.command("export")
@MESSAGES_LANG_OPTION
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format (the documented JSON schema).")
def export_command(workbook: Path, output_format: str) -> None:
    """Print the SOP of WORKBOOK as JSON (schema: docs/export-schema.md)."""
    from . import api

    emit_json(api.export(workbook))


# ---- the official document: flowchart and PDF ---------------------------------------------------

@cli.command("flowchart")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--when-closed", is_flag=True,
              help="First wait until no program holds WORKBOOK (Excel has closed it), then draw, leave a note "
                   "for the workbook's startup macro and a log beside it, and open it again with the system's "
                   "program (what the Excel button 'Gambar bagan alir' runs in the background).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None,
              help="With --when-closed: seconds to wait for the workbook to be let go (default 120); then stop, "
                   "leaving the file as it was.")
@click.option("--no-reopen", is_flag=True, help="With --when-closed: do not open the workbook again afterwards.")
@LANG_OPTION
@FORMAT_OPTION
@click.pass_context
def flowchart_command(ctx: click.Context, workbook: Path, when_closed: bool, timeout: float | None,
                      no_reopen: bool, lang: str, output_format: str) -> None:
    """Draw the flowchart on the Aktivitas sheet of WORKBOOK as Excel shapes (drawing again replaces sopxl's)."""
    from . import api

    if (timeout is not None or no_reopen) and not when_closed:
        raise click.UsageError(L.text("cli_opt_when_closed", lang), ctx)
    result = api.flowchart(workbook, when_closed=when_closed, timeout=timeout, lang=lang, reopen=not no_reopen)
    if output_format == "json":
        emit_json(result.to_dict())
        return
    t = lambda key, **kw: L.text(key, lang).format(**kw)          # noqa: E731
    widened = t("cli_flow_widened", columns=" ".join(result.widened)) if result.widened else ""
    kept = t("cli_flow_kept", n=result.kept) if result.kept else ""
    waited = t("cli_flow_waited", seconds=f"{result.waited:g}") if result.waited is not None else ""
    reopened = "" if result.reopened is None or no_reopen else \
        t("cli_flow_reopened") if result.reopened else t("cli_flow_not_reopened")
    click.echo(t("cli_flow_drawn", workbook=result.workbook, waited=waited, steps=result.steps,
                 connectors=result.connectors, labels=result.labels, pages=result.pages, offpage=result.offpage,
                 widened=widened, kept=kept, reopened=reopened))


@cli.command("pdf")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: beside WORKBOOK, same name, .pdf).")
@FORMAT_OPTION
@MESSAGES_LANG_OPTION
@click.pass_context
def pdf_command(ctx: click.Context, workbook: Path, output: Path | None, output_format: str) -> None:
    """Print the official SOP document of WORKBOOK (Identitas, Aktivitas with the flowchart) to PDF via LibreOffice."""
    from . import api

    result = api.pdf(workbook, output)
    lang = run_lang(ctx)
    show(result, output_format, lambda: L.text("cli_pdf_done", lang).format(pdf=result.pdf, pages=result.pages))


# ---- validation ---------------------------------------------------------------------------------

def _finding_codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes given to --select/--ignore (repeatable, or comma-separated), each checked against the catalogue."""
    from .validation.findings import CATALOGUE

    codes = tuple(code.strip() for value in values for code in value.split(",") if code.strip())
    for code in codes:
        if code not in CATALOGUE:
            raise click.BadParameter(L.text("cli_opt_unknown_code", run_lang(ctx)).format(code=code))
    return codes


@cli.command("validate")
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@LANG_OPTION
@FORMAT_OPTION
@click.option("--select", multiple=True, metavar="CODE", callback=_finding_codes,
              help="Report only this finding code (repeatable, or comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODE", callback=_finding_codes,
              help="Leave out this finding code (repeatable, or comma-separated).")
@click.option("--write", is_flag=True,
              help="Write the findings into each workbook's Temuan sheet; nothing else in the file changes.")
@click.option("--details/--summary", "details", default=None,
              help="A line per finding (default for one workbook) or only a summary line per workbook "
                   "(default for several).")
@click.option("--profile", metavar="PROFILE", default=None,
              help="Format profile to validate against, overriding each workbook's Profil Format "
                   "(permenpan-35-2012, the default; permenaker-7-2017; see docs/profiles.md).")
@click.option("--review", is_flag=True, help="Also report SOPs whose review is due within 30 days or past, as of today.")
@click.option("--review-as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Judge the review dates as of this day instead of today (implies --review).")
@click.option("--review-months", type=click.IntRange(min=1), default=12, show_default=True,
              help="Months between reviews for SOPs whose Siklus Tinjauan is empty.")
@click.pass_context
def validate_command(ctx: click.Context, workbooks: tuple[Path, ...], lang: str, output_format: str,
                     select: tuple[str, ...], ignore: tuple[str, ...], write: bool, details: bool | None,
                     profile: str | None, review: bool, review_as_of, review_months: int) -> None:
    """Check SOP WORKBOOKS (files or folders) against their format profile (default Permenpan RB 35/2012);
    exit 1 when errors are found.

    Warnings and info do not change the exit code. Codes: docs/findings.md; profiles: docs/profiles.md.
    """
    import datetime as dt

    from . import api

    as_of = review_as_of.date() if review_as_of else (dt.date.today() if review else None)
    report = api.validate(list(workbooks), lang=lang, select=select, ignore=ignore, write=write, profile=profile,
                          review_as_of=as_of, review_months=review_months)
    if output_format == "json":
        emit_json(report.to_dict())
    else:
        for line in report.lines(details=details if details is not None else len(report.files) == 1):
            click.echo(line)
    if report.has_errors:
        ctx.exit(1)


# ---- cases ------------------------------------------------------------------------------------------

class _Moment(click.ParamType):
    """A date and time as people type it: "2026-12-01 15:00", "1/12/2026 15:00", "01-12-2026 15.00"."""

    name = "moment"

    def convert(self, value, param, ctx):
        from .domain.dates import MomentError, read_moment

        try:
            return read_moment(value)
        except MomentError as error:
            self.fail(error.render(run_lang(ctx) if ctx else L.DEFAULT_LANG), param, ctx)


MOMENT = _Moment()
AT_OPTION = click.option("--at", "at", type=MOMENT, default=None, metavar="'YYYY-MM-DD HH:MM'",
                         help="When it happened (default: now; never later than now).")
ACTOR_OPTION = click.option("--actor", default=None, help="Who did it (default: the Pelaksana of the step).")
AS_OF_OPTION = click.option("--as-of", "as_of", type=MOMENT, default=None, metavar="'YYYY-MM-DD HH:MM'",
                            help="Judge open cases as of this moment (default: now).")
CASE_ARGUMENT = click.argument("case", type=click.IntRange(min=1))
WORKBOOK_ARGUMENT = click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
def _moment_text(moment) -> str:
    """A moment the way the workbooks show it: ``20/11/2026 16:30`` (a dash for none)."""
    return "–" if moment is None else f"{moment:%d/%m/%Y %H:%M}"


def _words(minutes, figures, lang: str) -> str:
    """Working minutes as Pelacak shows them: ``1 hari 2 jam``, ``lewat 2 jam``."""
    return L.duration(minutes, figures.day_minutes or 450, lang, units=2)


def _left_text(minutes, figures, lang: str) -> str:
    """Time left before a norm runs out: ``sisa 1 jam``, or past it ``lewat 2 jam``; a dash without a norm."""
    if minutes is None:
        return "–"
    words = _words(minutes, figures, lang)
    return words if minutes < 0 else L.text("cli_left", lang).format(duration=words)


def _action_text(action, lang: str) -> str:
    """A Log action as the run's language says it (the Log stores the Indonesian code)."""
    if not action:
        return "–"
    return L.ACTION_LABELS_EN.get(action, action) if lang == "en" else action


def _status_text(status, lang: str) -> str:
    return L.text(f"status_{status}", lang) if status else "–"


def _holder(step, lang: str) -> str:
    return step.holder or L.text("cli_no_holder", lang)


def render_case_result(result, lang: str = L.DEFAULT_LANG) -> str:
    """One or two lines on what an action did and where the case stands now, in `lang`."""
    from .domain.cases import CANCEL, CLOSED, NO, NOTE, OPEN, START, YES

    event, figures = result.event, result.case
    case = figures.case
    t = lambda key, **kw: L.text(key, lang).format(**kw)          # noqa: E731
    head = t("cli_case", n=case.number)
    key = {START: "cli_started", NOTE: "cli_noted", CANCEL: "cli_cancelled", NO: "cli_returned",
           YES: "cli_approved"}.get(event.action, "cli_finished")
    line = t(key, head=head, subject=case.subject, step=event.step, returns=case.returns)
    if case.state == OPEN and event.action != NOTE:
        current = figures.current
        if current.norm is None:
            line += "\n" + t("cli_now_at_no_norm", step=current.visit.step, holder=_holder(current, lang))
        else:
            line += "\n" + t("cli_now_at", step=current.visit.step, holder=_holder(current, lang),
                              due=_moment_text(current.due), left=_left_text(current.left, figures, lang))
    elif case.state == CLOSED and event.action != NOTE:
        line += "\n" + t("cli_closed", used=_words(figures.total_used, figures, lang),
                          norm=_words(figures.total_norm, figures, lang), status=_status_text(figures.status, lang))
    return line


def render_case_list(result, lang: str = L.DEFAULT_LANG) -> str:
    """A table of the cases as Pelacak orders them (open and urgent first), then the counts, in `lang`."""
    t = lambda key: L.text(key, lang)          # noqa: E731
    lines = [f"{t('cli_list_header'):>4}  {t('cli_col_state'):<9}  {t('cli_col_status'):<16}  {t('cli_col_step'):<18}  "
             f"{t('cli_col_due'):<16}  {t('cli_col_left'):<22}  {t('cli_col_used'):<14}  {t('cli_col_subject')}"]
    for figures in result.cases:
        case, current = figures.case, figures.current
        step = f"{current.visit.step} {current.holder}"[:18] if current else "–"
        due = _moment_text(current.due if current and current.due else (figures.due if current else None))
        left = _left_text(current.left, figures, lang) if current else "–"
        lines.append(f"{case.number:>4}  {L.text(f'state_{case.state}', lang):<9}  "
                     f"{_status_text(figures.status, lang):<16}  {step:<18}  {due:<16}  {left:<22}  "
                     f"{_words(figures.total_used, figures, lang):<14}  {case.subject}")
    lines.append(L.text("cli_list_total", lang).format(cases=len(result.cases), moment=_moment_text(result.as_of),
                                                       states=_states_text(result, lang)))
    return "\n".join(lines)


def _states_text(result, lang: str = L.DEFAULT_LANG) -> str:
    """The cases of a list by state: ``3 berjalan (1 terlambat, 0 mendekati norma), 5 selesai, 1 batal``."""
    from .domain.cases import CANCELLED, CLOSED, OPEN
    from .domain.tracker import LATE, NEAR

    counts = result.counts()
    by_status = counts["open_by_status"]
    return L.text("cli_states", lang).format(open=counts[OPEN], late=by_status[LATE], near=by_status[NEAR],
                                             closed=counts[CLOSED], cancelled=counts[CANCELLED])


def render_case(figures, lang: str = L.DEFAULT_LANG) -> str:
    """A case in full, in `lang`: its state, its time against the norm, a line per step instance, its notes."""
    from .domain.cases import OPEN

    case = figures.case
    t = lambda key, **kw: L.text(key, lang).format(**kw)          # noqa: E731
    ended = t("cli_show_ended", moment=_moment_text(case.ended)) if case.ended else ""
    open_ = case.state == OPEN
    lines = [f"{t('cli_case', n=case.number)}: {case.subject}",
             t("cli_show_state", state=L.text(f"state_{case.state}", lang), opened=_moment_text(case.opened),
               ended=ended, returns=case.returns, status=_status_text(figures.status, lang)),
             t("cli_show_total", used=_words(figures.total_used, figures, lang),
               norm=_words(figures.total_norm, figures, lang), status=_status_text(figures.total_status, lang),
               due=_moment_text(figures.due if open_ else None),
               left=_left_text(figures.total_left, figures, lang) if open_ else "–"),
             f"  {t('cli_col_step'):>7}  {t('cli_col_started'):<16}  {t('cli_col_ended'):<16}  "
             f"{t('cli_col_outcome'):<8}  {t('cli_col_used'):<14}  {t('cli_col_norm'):<14}  {t('cli_col_status')}"]
    for step in figures.steps:
        visit = step.visit
        ended_at = _moment_text(visit.ended) if visit.ended else t("cli_running")
        lines.append(f"  {visit.step:>7}  {_moment_text(visit.started):<16}  {ended_at:<16}  {_action_text(visit.outcome, lang):<8}  "
                     f"{_words(step.used, figures, lang):<14}  {_words(step.norm, figures, lang):<14}  "
                     f"{_status_text(step.status, lang)}" + (f"  {t('cli_rework')}" if visit.rework else ""))
    lines.extend(t("cli_note_line", moment=_moment_text(note.at), actor=note.actor or "–", note=note.note)
                 for note in case.notes)
    return "\n".join(lines)


def _upgraded_line(result, lang: str) -> list[str]:
    """The line saying an action or refresh also gave Pelacak today's layout (none when it did not)."""
    return [L.text("cli_upgraded", lang).format(workbook=result.workbook)] if result.upgraded else []


def _emit_case_result(result, output_format: str, lang: str) -> None:
    show(result, output_format, lambda: "\n".join([*_upgraded_line(result, lang), render_case_result(result, lang)]))


@cli.group("case")
def case_group() -> None:
    """Cases of an SOP workbook: start, advance (Ya/Tidak at decisions), cancel, note, list, show."""


@case_group.command("start")
@WORKBOOK_ARGUMENT
@click.option("--subject", required=True, help="What the case is about (perihal).")
@AT_OPTION
@ACTOR_OPTION
@FORMAT_OPTION
@LANG_OPTION
def case_start_command(workbook: Path, subject: str, at, actor: str | None, output_format: str, lang: str) -> None:
    """Start a new case at the first step of the SOP in WORKBOOK."""
    from . import api

    _emit_case_result(api.start_case(workbook, subject, at=at, actor=actor), output_format, lang)


@case_group.command("advance")
@WORKBOOK_ARGUMENT
@CASE_ARGUMENT
@click.option("--yes", "yes", is_flag=True, help="Answer the decision step Ya.")
@click.option("--no", "no", is_flag=True, help="Answer the decision step Tidak: the case returns for rework.")
@AT_OPTION
@ACTOR_OPTION
@click.option("--note", default="", help="A note to keep with the event.")
@FORMAT_OPTION
@LANG_OPTION
def case_advance_command(workbook: Path, case: int, yes: bool, no: bool, at, actor: str | None, note: str,
                         output_format: str, lang: str) -> None:
    """Finish the current step of CASE, or answer its decision with --yes or --no."""
    from . import api

    if yes and no:
        raise click.UsageError(L.text("cli_opt_yes_and_no", lang))
    decision = True if yes else (False if no else None)
    _emit_case_result(api.advance(workbook, case, decision=decision, at=at, actor=actor, note=note), output_format, lang)


@case_group.command("cancel")
@WORKBOOK_ARGUMENT
@CASE_ARGUMENT
@AT_OPTION
@ACTOR_OPTION
@click.option("--note", default="", help="Why the case is cancelled.")
@FORMAT_OPTION
@LANG_OPTION
def case_cancel_command(workbook: Path, case: int, at, actor: str | None, note: str, output_format: str, lang: str) -> None:
    """Cancel the open CASE where it stands."""
    from . import api

    _emit_case_result(api.cancel_case(workbook, case, at=at, actor=actor, note=note), output_format, lang)


@case_group.command("note")
@WORKBOOK_ARGUMENT
@CASE_ARGUMENT
@click.argument("text")
@AT_OPTION
@ACTOR_OPTION
@FORMAT_OPTION
@LANG_OPTION
def case_note_command(workbook: Path, case: int, text: str, at, actor: str | None, output_format: str, lang: str) -> None:
    """Add the note TEXT to CASE (open, closed or cancelled)."""
    from . import api

    _emit_case_result(api.add_note(workbook, case, text, at=at, actor=actor), output_format, lang)


@case_group.command("list")
@WORKBOOK_ARGUMENT
@AS_OF_OPTION
@FORMAT_OPTION
@LANG_OPTION
def case_list_command(workbook: Path, as_of, output_format: str, lang: str) -> None:
    """List the cases of WORKBOOK with their step, status and time against the norm."""
    from . import api

    result = api.list_cases(workbook, as_of=as_of)
    show(result, output_format, lambda: render_case_list(result, lang))


@case_group.command("show")
@WORKBOOK_ARGUMENT
@CASE_ARGUMENT
@AS_OF_OPTION
@FORMAT_OPTION
@LANG_OPTION
def case_show_command(workbook: Path, case: int, as_of, output_format: str, lang: str) -> None:
    """Show CASE step by step: times, working minutes used, norm and status of every step instance."""
    from . import api

    figures = api.show_case(workbook, case, as_of=as_of)
    show(figures, output_format, lambda: render_case(figures, lang))


@cli.command("refresh")
@WORKBOOK_ARGUMENT
@AS_OF_OPTION
@FORMAT_OPTION
@LANG_OPTION
def refresh_command(workbook: Path, as_of, output_format: str, lang: str) -> None:
    """Rebuild the Pelacak sheet of WORKBOOK from its Log, open cases judged as of now or --as-of."""
    from . import api

    result = api.refresh(workbook, as_of=as_of)
    show(result, output_format, lambda: "\n".join([*_upgraded_line(result, lang), L.text("cli_refreshed", lang).format(
        workbook=result.workbook, moment=_moment_text(result.as_of), cases=len(result.cases),
        states=_states_text(result, lang))]))


# ---- the monthly monitoring report ------------------------------------------------------------------

def _month_option(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    from .domain.figures import Month

    try:
        return Month.parse(value)
    except SopxlError as error:
        raise click.BadParameter(error.render(run_lang(ctx))) from None


def render_report_summary(result, lang: str | None = None) -> str:
    """A line for the report, then one per SOP: cases, on-time share, the form's judgement, bottlenecks (in `lang`,
    by default the report's own language)."""
    from .reporting.monev import GOOD, NOT_GOOD, month_label, overview, percent

    lang = lang or result.lang
    t = lambda key, **kw: L.text(key, lang).format(**kw)          # noqa: E731
    figures = result.figures
    seen = result.overview or overview(figures, result.threshold)
    total = seen.total
    month = month_label(result.month, lang)
    lines = [t("cli_rpt_head", workbook=result.workbook, month=month, sops=seen.count, opened=total.opened,
               closed=total.closed, on_time=total.on_time, judged=total.judged, cancelled=total.cancelled,
               open_at_end=total.open_at_end, open_late=total.open_late, late=seen.late_cases)]
    if seen.empty:
        lines.append(t("cli_rpt_empty", month=month))
    judged = {GOOD: L.text("rpt_good", lang), NOT_GOOD: L.text("rpt_not_good", lang),
              None: L.text("cli_rpt_not_judged", lang)}
    for sop in figures.sops:
        steps = ", ".join(str(step.number) for step in sop.bottlenecks) or L.text("cli_rpt_no_steps", lang)
        timing = (L.text("cli_rpt_no_norm", lang) if sop.total_norm is None
                  else L.text("cli_rpt_none_closed", lang) if not sop.judged
                  else t("cli_rpt_on_time", share=percent(sop.on_time_share, lang)))
        lines.append(t("cli_rpt_sop", nama=sop.meta.nama, closed=sop.closed, timing=timing,
                       judged=judged[result.assessment(sop)], steps=steps))
    lines.extend(t("cli_skipped", name=name, why=why) for name, why in result.skipped)
    if result.pdf:
        lines.append(f"  PDF: {result.pdf}")
    return "\n".join(lines)


def _report_source(ctx: click.Context, param: click.Parameter, value: str):
    """A report source: a file or folder that exists, or a postgresql:// URL (never with a password in it)."""
    from .nightly.store.location import is_url

    if is_url(value):
        return _db_option(ctx, param, value)
    if not Path(value).exists():
        raise click.BadParameter(L.text("cli_opt_missing", run_lang(ctx)).format(value=value))
    return Path(value)


@cli.command("report")
@click.argument("source", callback=_report_source, metavar="SOURCE")
@click.option("--month", callback=_month_option, metavar="YYYY-MM",
              help="The month to report, e.g. 2026-10 (default: the last full month).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Report workbook to write (default: laporan-<source>-<month>.xlsx in the current folder).")
@click.option("--office", "offices", multiple=True, metavar="NAME",
              help="Of a consolidation database: only this office's SOPs (repeat for several; default: all).")
@click.option("--pdf", is_flag=True, help="Also print the report to a PDF beside it (needs LibreOffice).")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=L.REPORT_THRESHOLD, show_default=True,
              help="On-time share from which the Monitoring form says 'Berjalan dengan baik'.")
@LANG_OPTION
@FORMAT_OPTION
def report_command(source, month, output: Path | None, offices, pdf: bool, threshold: float, lang: str,
                   output_format: str) -> None:
    """Write the monthly monitoring report of SOURCE: an SOP workbook, a folder of them, or a consolidated
    master (the master workbook of `sopxl consolidate`, its database file, or a postgresql:// URL).

    Sheets: Ringkasan, Per langkah, Kasus terlambat, and the official Monitoring Pelaksanaan SOP AP and
    Evaluasi Penerapan SOP AP forms pre-filled from the Log. Counting rules: README, "Monthly report".
    """
    from . import api

    if offices:
        if not api._is_consolidated(source) and not isinstance(source, str):
            raise click.BadParameter(L.text("cli_opt_office_source", lang), param_hint="--office")
        if output is None:
            raise click.BadParameter(L.text("cli_opt_office_output", lang), param_hint="--output")
        source = api.consolidated_source(source, offices=offices)
    result = api.report(source, month=month, output=output, pdf=pdf, threshold=threshold, lang=lang)
    show(result, output_format, lambda: render_report_summary(result))


@cli.command("export-log")
@MESSAGES_LANG_OPTION
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Event log file to write: FILE.xes (IEEE 1849 XES) or FILE.csv.")
@click.option("--log-format", type=click.Choice(["xes", "csv"]), default=None,
              help="Format of the event log (default: from the file's suffix).")
@AS_OF_OPTION
@FORMAT_OPTION
def export_log_command(source: Path, output: Path, log_format: str | None, as_of, output_format: str) -> None:
    """Write the event log of SOURCE for process-mining tools (PM4Py, bupaR, ProM, Disco).

    SOURCE is an SOP workbook, a folder of them, or a consolidated master (its workbook or database).
    Each step instance is a start and a complete event (case id, activity, timestamp, resource,
    lifecycle), with working minutes on each SOP's own Kalender; open cases count as of now or --as-of.
    """
    from . import api

    result = api.export_log(source, output, format=log_format, as_of=as_of)
    show(result, output_format, lambda: "\n".join(
        [*result.lines(), *(f"  skipped {name}: {why}" for name, why in result.skipped)]))


# ---- the nightly consolidation -------------------------------------------------------------------

def _db_option(ctx: click.Context, param: click.Parameter, value: str | None):
    """A database on the command line: a postgresql:// URL (never with a password in it) or a file."""
    if value is None:
        return None
    from .nightly.store.location import is_url, refuse_password

    if is_url(value):
        try:
            refuse_password(value)
        except SopxlError as error:
            raise click.BadParameter(error.render(run_lang(ctx))) from None
        return value
    return Path(value)


def _consolidate_options(command):
    """The options `sopxl consolidate` and `sopxl schedule` share."""
    options = [
        click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path)),
        click.option("--master", type=click.Path(dir_okay=False, path_type=Path), default=Path("master.xlsx"),
                     show_default=True, help="Master workbook to write (the previous one is kept as NAME.DATE.xlsx)."),
        click.option("--db", callback=_db_option, default=None, metavar="FILE|URL",
                     help="Database to merge into: an SQLite file, or a postgresql:// URL without password "
                          "(PGPASSWORD, ~/.pgpass or a service file give it). Default: $SOPXL_DB, else sopxl.db "
                          "beside the master when that is on a local disk, else the local data folder."),
        click.option("--office", default="", metavar="NAME",
                     help="Whose folders these are: runs of different offices share one PostgreSQL database "
                          "side by side (a source is known by office and path)."),
        click.option("--window-months", type=click.IntRange(min=1), default=2, show_default=True,
                     help="Months of events on the Peristiwa sheet (2: this month and last)."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Reading threads, or reading processes from 12 files on (default: the CPUs, at most 4)."),
        click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True,
                     help="Seconds to wait for another run holding the database (default: refuse at once)."),
        click.option("--no-report", "no_report", is_flag=True,
                     help="Do not write last month's report on the first run of a month."),
        LANG_OPTION,
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-file lines; only problems."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _consolidate_call(folders, master, db, office, window_months, workers, wait, no_report, lang, as_of=None,
                      progress=None):
    from . import api

    return api.consolidate(list(folders), master=master, db=db, as_of=as_of, window_months=window_months,
                           lang=lang, workers=workers, wait=wait, report=not no_report, progress=progress,
                           office=office)


class _ProgressBar:
    """A progress bar on stderr while files are read (only on a terminal, never with --quiet)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.events = 0

    def __call__(self, done: int, total: int, events: int, path: str) -> None:
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="reading workbooks", file=sys.stderr, show_pos=True,
                                         item_show_func=lambda _: f"{self.events:,} events merged")
            self.bar.__enter__()
        self.events = events
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _shown(path) -> str:
    """A path as people typed it: relative to the current folder when it lies under it."""
    text, here = str(path), str(Path.cwd())
    return text[len(here) + 1:] if text.startswith(here + os.sep) else text


def render_consolidation(result, *, quiet: bool = False, lang: str = L.DEFAULT_LANG) -> str:
    """Lines for people, in `lang`: problems with their reasons, then the summary and where the outputs are."""
    t = lambda key, **kw: L.text(key, lang).format(**kw)          # noqa: E731
    lines = []
    for status in result.files:
        if status.status in ("failed", "skipped", "gone") and (status.status == "failed" or not quiet):
            lines.append(f"{L.text('cli_cons_status_' + status.status, lang)}: {_shown(status.path)}: {status.reason}")
        elif status.status == "read" and status.reason and not quiet:
            lines.append(f"{L.text('cli_note', lang)}: {_shown(status.path)}: {status.reason}")
    c = result.counts
    lines.append(t("cli_cons_summary", files=c["files"], read=c["read"], unchanged=c["unchanged"],
                   skipped=c["skipped"], failed=c["failed"],
                   gone=t("cli_cons_gone", n=c["gone"]) if c["gone"] else "", added=result.events_added,
                   changed=t("cli_cons_changed", n=result.events_changed) if result.events_changed else "",
                   removed=t("cli_cons_removed", n=result.events_removed) if result.events_removed else "",
                   seconds=f"{result.duration:.1f}"))
    if result.master_written:
        lines.append(t("cli_cons_master", path=_shown(result.master))
                     + (t("cli_cons_backup", name=result.backup.name) if result.backup else ""))
        if not quiet:
            lines.append(t("cli_cons_parts", path=_shown(result.parts_folder) + os.sep, parts=result.parts,
                           written=result.parts_written))
    elif result.master_error:
        lines.append(t("cli_cons_master_error", error=result.master_error))
    elif not quiet:
        lines.append(t("cli_cons_unchanged", path=_shown(result.master)))
    lines.extend(f"{L.text('cli_note', lang)}: {note}" for note in result.left_to_database)
    reminders = result.reminders
    if reminders is not None:
        folder = _shown(reminders.folder) + os.sep
        lines.append(t("cli_rem_written", count=len(reminders.reminders), overdue=reminders.overdue,
                       due_today=reminders.due_today, units=len(reminders.files), sheet=reminders.sheet,
                       folder=folder) if reminders.reminders else t("cli_rem_none", sheet=reminders.sheet, folder=folder))
    if result.reminders_error:
        lines.append(t("cli_rem_error", error=result.reminders_error))
    if result.report:
        lines.append(t("cli_cons_report", path=_shown(result.report)))
    if result.report_error:
        lines.append(t("cli_cons_report_error", error=result.report_error))
    if not quiet:
        lines.append(t("cli_cons_database", path=_shown(result.db)))
    return "\n".join(lines)


@cli.command("consolidate")
@_consolidate_options
@AS_OF_OPTION
@FORMAT_OPTION
@click.pass_context
def consolidate_command(ctx: click.Context, folders, master, db, office, window_months, workers, wait, no_report,
                        lang, quiet, as_of, output_format) -> None:
    """Consolidate every SOP workbook under FOLDERS into a database and a master workbook.

    Unchanged workbooks are not read again; a file that cannot be read is reported with the reason
    and the rest goes on. Exit code 0 when every file was read (or is unchanged), 1 when some failed
    or an output could not be written, 2 for a usage error. See README, "Nightly consolidation".
    """
    bar = _ProgressBar(not quiet and output_format == "text" and sys.stderr.isatty())
    try:
        result = _consolidate_call(folders, master, db, office, window_months, workers, wait, no_report, lang,
                                   as_of, progress=bar)
    finally:
        bar.close()
    show(result, output_format, lambda: render_consolidation(result, quiet=quiet, lang=lang))
    ctx.exit(result.exit_code)


@cli.command("master")
@click.argument("db", callback=_report_source, metavar="DATABASE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Master workbook to write (the previous one is kept as NAME.DATE.xlsx).")
@click.option("--office", "offices", multiple=True, metavar="NAME",
              help="Only this office (repeat for several; default: every office in the database).")
@click.option("--window-months", type=click.IntRange(min=1), default=2, show_default=True,
              help="Months of events on the Peristiwa sheet (2: this month and last).")
@LANG_OPTION
@AS_OF_OPTION
def master_command(db, output: Path, offices, window_months: int, lang: str, as_of) -> None:
    """Write the master workbook of one office, several or all from a consolidation DATABASE (a file or a
    postgresql:// URL) that many offices' `sopxl consolidate --office` runs write into.

    Nothing is read from the shares. See README, "Many offices, one database".
    """
    from . import api

    written = api.master(db, output=output, offices=list(offices) or None, as_of=as_of, lang=lang,
                         window_months=window_months)
    for note in written.left_to_database:
        say(f"note: {note}")
    click.echo(f"master: {_shown(written.path)}" + (f" (previous kept as {written.backup.name})" if written.backup else ""))
    click.echo(L.text("cli_cons_parts", lang).format(path=_shown(written.folder) + os.sep,
                                                    parts=len(written.parts), written=written.parts_written))


def _time_of_day(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .nightly.schedule import check_time

    try:
        return check_time(value)
    except SopxlError as error:
        raise click.BadParameter(error.render(run_lang(ctx))) from None


@cli.command("schedule")
@_consolidate_options
@click.option("--at", "at", default="23:00", show_default=True, callback=_time_of_day, metavar="HH:MM",
              help="Local time of the nightly run.")
@click.option("--once", is_flag=True, help="Run once now (logged like a nightly run) and exit with its code.")
@click.option("--log", "log_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Log file to append to (default: sopxl-consolidate.log beside the master).")
@click.pass_context
def schedule_command(ctx: click.Context, folders, master, db, office, window_months, workers, wait, no_report, lang,
                     quiet, at, once, log_file) -> None:
    """Run `sopxl consolidate FOLDERS` every day at --at, logging each run (Ctrl+C stops).

    Each run's start, files, events, duration and failures go to the log file. Cron and Windows Task
    Scheduler run `sopxl consolidate` themselves: see README, "Nightly consolidation".
    """
    from .nightly.schedule import logger_for, run_nightly, run_once

    log_file = log_file or Path(master).absolute().with_name("sopxl-consolidate.log")

    def job():
        result = _consolidate_call(folders, master, db, office, window_months, workers, wait, no_report, lang)
        if not quiet or not result.ok:
            click.echo(render_consolidation(result, quiet=quiet, lang=lang))
        return result

    if once:
        ctx.exit(run_once(job, logger_for(log_file)))
    try:
        run_nightly(job, at=at, log_file=log_file, say=say)
    except KeyboardInterrupt:
        say("stopped")


@cli.command("doctor")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@LANG_OPTION
@FORMAT_OPTION
@click.pass_context
def doctor_command(ctx: click.Context, workbook: Path, lang: str, output_format: str) -> None:
    """Check WORKBOOK: its sheets and, for an .xlsm, its VBA project, buttons and xlwings set-up.

    Exit 1 when a check fails (a missing sheet, a damaged or truncated VBA project, a button without
    its Sub); warnings (another xlwings version installed) do not change the exit code.
    """
    from . import api

    report = api.doctor(workbook, lang=lang)
    show(report, output_format, lambda: "\n".join([f"{workbook}:", *("  " + line for line in report.lines())]))
    ctx.exit(0 if report.ok else 1)


def main() -> None:
    """Entry point of the `sopxl` console script."""
    cli(prog_name="sopxl")


if __name__ == "__main__":
    sys.exit(main())
