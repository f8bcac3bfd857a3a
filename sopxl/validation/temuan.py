"""Validation on disk: find workbooks, read them into findings, and write findings into the Temuan sheet.

The adapter around the pure rules in ``validation``: a workbook whose shape stops the reader (a
missing sheet, a changed header, a file that is not a workbook) becomes one layout finding for that
file, so validating a folder goes on. Writing replaces only the Temuan sheet's rows, its table range
and its hyperlinks; every other part of the workbook is copied byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .. import layout as L
from ..errors import WorkbookError
from ..xlsx.files import workbooks_under
from .findings import Finding
from .rules import shape_finding, validate_sop



def workbook_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The workbooks named: files as given, folders searched (with subfolders) for .xlsx/.xlsm files."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = workbooks_under(path)
            if not inside:
                raise WorkbookError("the folder holds no .xlsx or .xlsm workbook", file=str(path),
                                    fix="check the folder, or name the workbooks themselves")
            found.extend(inside)
        else:
            found.append(path)
    return found


def validate_file(path: Path, **options) -> list[Finding]:
    """Every finding about the workbook at `path`; a workbook that cannot be read gives one layout finding.

    `options` go to ``rules.validate_sop`` (profile, today, review_months)."""
    from ..xlsx.read import read_grids

    path = Path(path)
    try:
        grids = read_grids(path, (L.IDENTITAS, L.AKTIVITAS), required=L.REQUIRED_SHEETS)
    except WorkbookError as error:
        return [shape_finding(error, str(path))]
    return findings_of(grids, str(path), **options)


def findings_of(grids: dict, file: str, **options) -> list[Finding]:
    """Every finding about the SOP in the Identitas and Aktivitas sheets' values (either door's); a shape
    that stops the reader (a changed header) is one layout finding. `options` go to ``rules.validate_sop``."""
    from ..sheets.sop import sop_from_grids

    try:
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
    except WorkbookError as error:
        return [shape_finding(error, file)]
    return validate_sop(sop, problems, file=file, **options)


def finding_links(findings) -> list[tuple[str, str, str]]:
    """Hyperlinks of the Temuan sheet: (cell of a finding's location, the place it names, its text)."""
    column = next(i for i, c in enumerate(L.TEMUAN_COLUMNS, 1) if c.key == "location")
    return [(L.cell_ref(row, column), f"'{finding.sheet}'!{finding.cell or 'A1'}", finding.location)
            for row, finding in enumerate(findings, start=2) if finding.sheet]


def finding_rows(findings: list[Finding], lang: str) -> list[list[str]]:
    """Rows of the Temuan table, in the order of ``layout.TEMUAN_COLUMNS``."""
    rows = []
    for finding in findings:
        values = {"code": finding.code, "severity": L.text(f"severity_{finding.severity}", lang),
                  "category": L.text(f"category_{finding.category}", lang), "location": finding.location,
                  "value": finding.value, "message": finding.message(lang), "fix": finding.fix(lang)}
        rows.append([values[column.key] for column in L.TEMUAN_COLUMNS])
    return rows


def write_findings(path: Path, findings: list[Finding], lang: str = L.DEFAULT_LANG) -> Path:
    """Replace the rows of the workbook's Temuan sheet with `findings`, each location linked to its cell."""
    from ..xlsx.patch import Package

    package = Package(Path(path))
    package.sheet_path(L.TEMUAN)        # raises, naming the sheet, when the workbook has none
    rows = finding_rows(findings, lang)
    package.set_rows(L.TEMUAN, 2, rows)
    package.resize_tables(L.TEMUAN, len(rows))
    package.set_hyperlinks(L.TEMUAN, finding_links(findings))
    return package.save()
