"""Reading and validating odd SOP workbooks gives what it gave when they were made.

tests/data/matrices holds workbooks with random, odd Aktivitas and Identitas cells (numbers as text, blank
cells, unknown symbols, duplicate roles, missing steps …) and, beside each, the SOP and reader problems
``sop_from_grids`` gave and every finding ``validate_sop`` gave (cells, values, params, messages in both
languages) when the generator made them (tests/data/matrices/make_fixtures.py). A faster reader or checker must
give exactly the same.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from sopxl import layout as L
from sopxl.sheets.grid import Grid
from sopxl.sheets.sop import aktivitas_from_grid
from sopxl.xlsx.read import read_grids

MATRICES = Path(__file__).resolve().parent / "data" / "matrices"
WORKBOOKS = sorted(MATRICES.glob("odd_*.xlsx"))
_spec = importlib.util.spec_from_file_location("matrix_fixtures", MATRICES / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


def test_there_are_fixtures_with_steps_problems_and_findings():
    assert len(WORKBOOKS) == fixtures.COUNT
    records = [json.loads(w.with_suffix(".read.json").read_text(encoding="utf-8")) for w in WORKBOOKS]
    assert sum(len(r["sop"]["steps"]) for r in records) > 200
    assert {p["code"] for r in records for p in r["problems"]} >= {"step-number-invalid", "symbol-unknown",
                                                                  "target-invalid"}


@pytest.mark.parametrize("workbook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_reading_and_validating_give_what_they_gave(workbook):
    read, findings = fixtures.observed(workbook, int(workbook.stem.split("_")[1]))
    assert read == json.loads(workbook.with_suffix(".read.json").read_text(encoding="utf-8"))
    assert findings == json.loads(workbook.with_suffix(".findings.json").read_text(encoding="utf-8"))
