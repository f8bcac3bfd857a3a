"""A normalised dump of a workbook for comparing generated files: what a user sees, not the bytes."""

from __future__ import annotations

import warnings
from pathlib import Path


def workbook_dump(path: Path) -> dict:
    """Sheets with their cell values, merged ranges, tables, validations, formatting and print setup."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    dump = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        cells = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}
        dump[sheet.title] = {
            "cells": cells,
            "number_formats": sorted({(c.column_letter, c.number_format) for row in sheet.iter_rows() for c in row
                                      if c.value is not None}),
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "tables": sorted((t.name, t.ref) for t in sheet.tables.values()),
            "validations": sorted((str(v.sqref), v.type, v.formula1) for v in sheet.data_validations.dataValidation),
            "conditional": sorted(str(r.sqref) for r in sheet.conditional_formatting),
            "freeze": sheet.freeze_panes,
            "print": (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.print_title_rows,
                      sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None),
            "protected": sheet.protection.sheet,
            "widths": {k: round(v.width, 1) for k, v in sheet.column_dimensions.items() if v.width},
        }
    return dump
