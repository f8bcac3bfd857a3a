"""The `sopxl` command line: each command parses, makes one API call, renders, and sets the exit code.

Exit codes: 0 clean, 1 errors found or a handled failure, 2 usage error. Human text goes to stderr,
`--format json` prints exactly the API's `to_dict()` to stdout. Tracebacks only with `--debug`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import SopxlError

LANG_OPTION = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
                           help="Language of the workbook's labels and messages.")
FORMAT_OPTION = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people (stderr), json for programs (stdout).")


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
            click.echo(f"error: {error.render()}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            ctx.exit(1)
        except Exception as error:  # a bug: say so in one line, the traceback is one flag away
            if _debug(ctx):
                raise
            click.echo(f"error: unexpected {type(error).__name__}: {error} (run again with --debug for details)",
                       err=True)
            ctx.exit(1)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.obj and root.obj.get("debug"))


def emit_json(data) -> None:
    """Print `data` as JSON on stdout (dates as ISO text)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def say(message: str) -> None:
    """Human output, on stderr so stdout stays clean for data."""
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
def new_command(workbook: Path, lang: str, force: bool) -> None:
    """Create a blank SOP workbook (the template) at WORKBOOK."""
    from . import api

    path = api.new(workbook, lang=lang, force=force)
    say(f"created {path}")


@cli.command("import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Workbook to create (default: the document's name with .xlsx, in the current folder).")
@LANG_OPTION
@click.option("--force", is_flag=True, help="Replace the output workbook if it exists.")
@FORMAT_OPTION
def import_command(document: Path, output: Path | None, lang: str, force: bool, output_format: str) -> None:
    """Import an SOP document (.txt export, .docx, .xlsx) into a new SOP workbook."""
    from . import api

    result = api.import_document(document, output or Path(document.stem + ".xlsx"), lang=lang, force=force)
    if output_format == "json":
        emit_json(result.to_dict())
        return
    say(render_import_summary(result))


def render_import_summary(result) -> str:
    """One line per import: what was found and what needs review."""
    s = result.summary()
    line = (f"{result.workbook or result.source}: {s['steps']} steps, {s['roles']} roles, "
            f"{s['decisions']} decisions, {s['norms']} norms ({s['no_norm']} without), "
            f"{s['inferences']} inferences to review")
    return "\n".join([line, *(f"  note: {note}" for note in result.notes)])


@cli.command("export")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format (the documented JSON schema).")
def export_command(workbook: Path, output_format: str) -> None:
    """Print the SOP of WORKBOOK as JSON (schema: docs/export-schema.md)."""
    from . import api

    emit_json(api.export(workbook))


# ---- validation ---------------------------------------------------------------------------------

def _finding_codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes given to --select/--ignore (repeatable, or comma-separated), each checked against the catalogue."""
    from .findings import CATALOGUE

    codes = tuple(code.strip() for value in values for code in value.split(",") if code.strip())
    for code in codes:
        if code not in CATALOGUE:
            raise click.BadParameter(f"unknown finding code {code!r} (the codes are listed in docs/findings.md)")
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
@click.pass_context
def validate_command(ctx: click.Context, workbooks: tuple[Path, ...], lang: str, output_format: str,
                     select: tuple[str, ...], ignore: tuple[str, ...], write: bool, details: bool | None) -> None:
    """Check SOP WORKBOOKS (files or folders) against Permenpan RB 35/2012; exit 1 when errors are found.

    Warnings and info do not change the exit code. Codes: docs/findings.md.
    """
    from . import api

    report = api.validate(list(workbooks), lang=lang, select=select, ignore=ignore, write=write)
    if output_format == "json":
        emit_json(report.to_dict())
    else:
        for line in report.lines(details=details if details is not None else len(report.files) == 1):
            say(line)
    if report.has_errors:
        ctx.exit(1)


def main() -> None:
    """Entry point of the `sopxl` console script."""
    cli(prog_name="sopxl")


if __name__ == "__main__":
    sys.exit(main())
