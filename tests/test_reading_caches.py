"""The per-process caches of the reading work give what reading afresh gives.

An office's workbooks mostly hold the same steps, so ``sop_from_grids`` keeps the matrices of the last Aktivitas
sheets it read and ``validate_sop`` the findings of its matrix rules, both by an exact key (the pickled inputs,
which tell 1, 1.0 and True apart and hold a Step's row). Here random sheets and models are read or validated in turns,
each against the general path with an empty cache, and what a caller gets is its own to change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.domain.model import SOP, Identity, Inference, Step, Symbol
from sopxl.errors import SopxlError
from sopxl.sheets import sop as sheets_sop
from sopxl.sheets.grid import Grid
from sopxl.sheets.sop import ReadProblem, aktivitas_from_grid, sop_from_grids
from sopxl.validation import rules
from sopxl.validation.rules import validate_sop
from sopxl.xlsx.read import read_grids

VALID = Path(__file__).resolve().parent / "data" / "validation" / "valid.xlsx"
BASE = read_grids(VALID, (L.IDENTITAS, L.AKTIVITAS))
AKTIVITAS = BASE[L.AKTIVITAS]

# values that compare equal but are different cells, and what people type
CELL = st.one_of(st.sampled_from([1, 1.0, True, "1", " 1", 0, 0.0, False, "", None, "x", "X", "Ya", "Keputusan",
                                  "30 menit", "menit", dt.datetime(2026, 1, 1), dt.date(2026, 1, 1)]),
                 st.text(max_size=6), st.floats(-3, 20))
EDIT = st.tuples(st.integers(1, AKTIVITAS.last_row + 2), st.integers(1, AKTIVITAS.last_column), CELL)


def edited(edits) -> Grid:
    rows = [list(row) for row in AKTIVITAS.rows]
    for row, column, value in edits:
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        cells.extend([""] * (column - len(cells)))
        cells[column - 1] = value
    return Grid(L.AKTIVITAS, rows)


def afresh(grid: Grid):
    try:
        return repr(aktivitas_from_grid(grid))
    except SopxlError as error:
        return str(error)


def cached(grid: Grid):
    try:
        sop, problems = sop_from_grids(BASE[L.IDENTITAS], grid)
    except SopxlError as error:
        return str(error)
    identity_problems = len(problems) - len([p for p in problems if p.sheet == L.AKTIVITAS])
    return repr((sop.roles, sop.steps, problems[identity_problems:]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(EDIT, max_size=4), min_size=1, max_size=4), st.lists(st.integers(0, 3), max_size=8))
def test_matrices_read_in_turns_are_what_reading_afresh_gives(sheets, order):
    grids = [edited(edits) for edits in sheets]
    sheets_sop._matrix_read.cache_clear()
    for index in [*range(len(grids)), *order]:
        grid = grids[index % len(grids)]
        assert cached(grid) == afresh(grid)


LOOKALIKES = [[1.0, 1, True, "1", "1.0", "True", " 1", "TRUE"], [0.0, False, "", None, "0", "False", " "],
              [dt.datetime(2026, 1, 1), dt.date(2026, 1, 1), "2026-01-01", "2026-01-01 00:00:00", 46023.0]]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, AKTIVITAS.last_row + 1), st.integers(1, AKTIVITAS.last_column),
       st.sampled_from(LOOKALIKES).flatmap(lambda group: st.permutations(group)))
def test_cells_that_look_alike_are_other_matrices(row, column, values):
    """The same cell holding values whose text is alike (1.0, "1", True, "True"): each read as itself."""
    for value in values:
        grid = edited([(row, column, value)])
        assert cached(grid) == afresh(grid)


def test_a_cached_matrix_is_the_callers_own():
    sheets_sop._matrix_read.cache_clear()
    first, _ = sop_from_grids(BASE[L.IDENTITAS], AKTIVITAS)
    first.steps[0].marks.append("Someone")
    first.steps[1].kegiatan = "changed"
    first.roles.append("Someone")
    again, _ = sop_from_grids(BASE[L.IDENTITAS], AKTIVITAS)
    assert repr((again.roles, again.steps)) == repr(aktivitas_from_grid(AKTIVITAS)[:2])
    assert again.steps[0] is not first.steps[0]


ROLES = ["Karo", "Kabag", "Kasubbag"]
STEP = st.builds(
    lambda number, symbol, marks, ya, tidak, waktu, kegiatan, output, inferred, row: Step(
        number, kegiatan, list(marks), symbol, waktu=waktu, output=output, ya=ya, tidak=tidak,
        inferences=[Inference("ya", str(ya), "guess")] if inferred else [], row=row),
    st.integers(0, 9), st.sampled_from(list(Symbol)), st.lists(st.sampled_from(ROLES), max_size=3, unique=True),
    st.one_of(st.none(), st.integers(-1, 9)), st.one_of(st.none(), st.integers(-1, 9)),
    st.sampled_from(["", "menit", "30 menit", "lama", "2 jam", "1-2 jam"]),
    st.sampled_from(["", "memeriksa usulan", "Kabag memeriksa usulan", "Karo menandatangani"]),
    st.sampled_from(["", "Laporan", "Disposisi"]), st.booleans(),
    st.one_of(st.none(), st.integers(3, 12)))         # rows: steps equal but for their row are other cells
PROBLEM = st.builds(ReadProblem, st.sampled_from(["step-number-invalid", "target-invalid", "symbol-unknown"]),
                    st.just(L.AKTIVITAS), st.sampled_from(["A3", "A4", "L3", "M4", "J5"]), st.sampled_from(["", "x"]))
MODEL = st.tuples(st.lists(STEP, max_size=8), st.lists(PROBLEM, max_size=2),
                  st.sampled_from([None, "permenaker-7-2017", "permenpan-35-2012"]),
                  st.sampled_from([ROLES, ROLES[:2], ["Karo", "karo", "Kabag"]]))


def findings_of(model, file: str):
    steps, problems, profile, roles = model
    sop = SOP(identity=Identity(nomor="1", tanggal_pembuatan="Senin, 1 Januari 2024"), roles=list(roles),
              steps=[Step(**{**s.__dict__, "marks": list(s.marks), "inferences": list(s.inferences)}) for s in steps])
    return [(f.code, f.sheet, f.cell, f.value, f.params, f.file, f.profile)
            for f in validate_sop(sop, problems, file=file, profile=profile)]


@settings(max_examples=150, deadline=None)
@given(st.lists(MODEL, min_size=1, max_size=4), st.lists(st.integers(0, 3), max_size=8))
def test_models_validated_in_turns_are_what_validating_afresh_gives(models, order):
    for turn, index in enumerate([*range(len(models)), *order]):
        model = models[index % len(models)]
        warm = findings_of(model, f"file{turn}.xlsx")
        saved = dict(rules._MATRIX_FINDINGS)
        rules._MATRIX_FINDINGS.clear()
        assert warm == findings_of(model, f"file{turn}.xlsx")
        rules._MATRIX_FINDINGS.clear()
        rules._MATRIX_FINDINGS.update(saved)


def test_cached_findings_are_the_callers_own():
    sop = SOP(identity=Identity(nomor="1"), roles=list(ROLES), steps=[Step(1, "Kabag memeriksa", ["Kabag"])])
    first = validate_sop(sop, file="a.xlsx")
    for finding in first:
        finding.params["changed"] = True
    second = validate_sop(sop, file="b.xlsx")
    assert second and all("changed" not in f.params and f.file == "b.xlsx" for f in second)
    assert {f.code for f in second} == {f.code for f in first}


def test_the_rules_clean_text_as_norms_does():
    """validation.rules keeps cleaned texts: the same text for every value, 1, 1.0 and True apart."""
    from sopxl.domain import norms

    for value in ["  Kabag <b>memeriksa</b>&amp; x ", "", None, 1, 1.0, True, "1", ["a list"], "a\n\tb"]:
        for _ in range(2):
            assert rules.clean_text(value) == norms.clean_text(value), value


def test_identity_labels_are_looked_up_as_layout_does():
    from sopxl.sheets.sop import _identity_key

    keys = L.identity_keys()
    for label in ["Nomor SOP", "nomor sop:", "SOP Number", "Judul", 1, 1.0, True, "", ["a list"]]:
        for _ in range(2):
            assert _identity_key(label, keys) == L.key_for_label(label, keys), label
