"""The demo: everything sopxl can do, run on the example SOP documents in `workbooks/sources/`.

Run with `python -m sopxl.demo` (the README's first command). It builds one workbook per source
document in `workbooks/examples/` and prints what each step found. The date is fixed
(`DEMO_DATE`) so the example workbooks come out the same on every run and can be committed.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from . import api

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"
EXAMPLES = ROOT / "workbooks" / "examples"
DEMO_DATE = dt.date(2026, 11, 20)


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


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    click.echo(f"sopxl demo — sources: {SOURCES.relative_to(ROOT)}, examples: {EXAMPLES.relative_to(ROOT)}, "
               f"as of {DEMO_DATE.isoformat()}")
    click.echo("\n1. Import the SOP documents into workbooks")
    from .cli import render_import_summary

    for result in build_examples():
        result.workbook = result.workbook.relative_to(ROOT)
        click.echo("  " + render_import_summary(result).replace("\n", "\n  "))
    click.echo(f"\ndone in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
