"""The reading work's fast paths give what the general ones give, and its per-process caches what working afresh gives.

``aktivitas_from_grid`` and ``identity_from_grid`` read a grid that starts at A1 (every reader's) row list by row
list, and a grid placed elsewhere cell by cell; here random, odd sheets are read both ways. ``validate_sop`` keeps
what it worked out for the last Waktu texts, cleaned texts and Identitas labels (an office writes them with few
words).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.domain.model import SOP, Identity, Step
from sopxl.errors import SopxlError
from sopxl.sheets import sop as sheets_sop
from sopxl.sheets.grid import Grid
from sopxl.sheets.sop import aktivitas_from_grid, inferences_from_text, inferences_text
from sopxl.validation import rules
from sopxl.validation.rules import validate_sop
from sopxl.xlsx.read import read_grids

VALID = Path(__file__).resolve().parent / "data" / "validation" / "valid.xlsx"
BASE = read_grids(VALID, (L.IDENTITAS, L.AKTIVITAS))
AKTIVITAS = BASE[L.AKTIVITAS]

# values that compare equal but are different cells, and what people type
CELL = st.one_of(st.sampled_from([1, 1.0, True, "1", " 1", 0, 0.0, False, "", None, "x", "X", "o", " O ", "Ya", "Yes",
                                  "TRUE", "Keputusan", "Mulai/Selesai", "decision", "Kotak", "30 menit", "menit",
                                  " ", "\t", "٣", 1e300, -1, 2.5, 1_000_000_000, dt.datetime(2026, 1, 1),
                                  dt.datetime(2026, 1, 1, 9, 30), dt.date(2026, 1, 1), dt.time(9, 30),
                                  dt.timedelta(hours=2), "Sudah / Belum", "pelaksana → Kabag: alasan [45%]",
                                  "ya → 3: x\n\ncatatan\n tidak → 1: y [150%] "]),
                 st.text(max_size=6), st.floats(-3, 20), st.floats(allow_nan=True, allow_infinity=True))
EDIT = st.tuples(st.integers(1, AKTIVITAS.last_row + 3), st.integers(1, AKTIVITAS.last_column + 2), CELL)


def edited(edits, cut=()) -> Grid:
    """The matrix of valid.xlsx with `edits` (row, column, value) typed in, and the rows of `cut` (row, width)
    cut short (a sheet's reader may give a row fewer cells, or none)."""
    rows = [list(row) for row in AKTIVITAS.rows]
    for row, column, value in edits:
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        cells.extend([""] * (column - len(cells)))
        cells[column - 1] = value
    for row, width in cut:
        if 2 < row <= len(rows):
            del rows[row - 1][width:]
    return Grid(L.AKTIVITAS, rows)


def both_ways(grid: Grid):
    """What reading the steps of `grid` row list by row list gives, and what reading them cell by cell gives."""
    try:
        roles, column = sheets_sop._matrix_columns(grid)
    except SopxlError as error:
        return str(error), str(error)
    fast = sheets_sop._steps_of_rows(grid.sheet, grid.rows, roles, column)
    general = sheets_sop._steps_of_grid(grid, roles, column)
    return repr((fast, [s.row for s in fast[0]])), repr((general, [s.row for s in general[0]]))


@settings(max_examples=300, deadline=None)
@given(st.lists(EDIT, max_size=12), st.lists(st.tuples(st.integers(1, 12), st.integers(0, 16)), max_size=3))
def test_rows_read_as_lists_give_what_reading_cell_by_cell_gives(edits, cut):
    fast, general = both_ways(edited(edits, cut))
    assert fast == general


LOOKALIKES = [[1.0, 1, True, "1", "1.0", "True", " 1", "TRUE"], [0.0, False, "", None, "0", "False", " "],
              [dt.datetime(2026, 1, 1), dt.date(2026, 1, 1), "2026-01-01", "2026-01-01 00:00:00", 46023.0]]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, AKTIVITAS.last_row + 1), st.integers(1, AKTIVITAS.last_column),
       st.sampled_from(LOOKALIKES).flatmap(lambda group: st.permutations(group)))
def test_cells_that_look_alike_are_read_alike_both_ways(row, column, values):
    """The same cell holding values whose text is alike (1.0, "1", True, "True"): each read as itself."""
    for value in values:
        fast, general = both_ways(edited([(row, column, value)]))
        assert fast == general


@settings(max_examples=60, deadline=None)
@given(st.lists(EDIT, max_size=8))
def test_a_grid_with_another_origin_is_read_cell_by_cell_as_the_same_matrix(edits):
    """The same sheet held by a grid whose origin is not A1 (it holds a row 0 and a column 0 of nothing): read by
    the general path, it gives the matrix the grid at A1 gives."""
    grid = edited(edits)
    elsewhere = Grid(grid.sheet, [[], *([None, *row] for row in grid.rows)], first_row=0, first_column=0)
    try:
        expected = repr(aktivitas_from_grid(grid))
    except SopxlError as error:
        expected = str(error)
    try:
        assert repr(aktivitas_from_grid(elsewhere)) == expected
    except SopxlError as error:
        assert str(error) == expected


IDENTITAS = BASE[L.IDENTITAS]
LABEL = st.one_of(CELL, st.sampled_from(["Nomor SOP", "nomor sop:", "SOP Number", "Dasar Hukum", "Legal Basis",
                                         "Kualifikasi Pelaksana", "Judul", " Nama SOP ", "Peralatan/Perlengkapan"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, IDENTITAS.last_row + 3), st.integers(1, 3), LABEL), max_size=10),
       st.lists(st.tuples(st.integers(2, 30), st.integers(0, 2)), max_size=3))
def test_an_identitas_read_from_row_lists_is_what_reading_cell_by_cell_gives(edits, cut):
    """The Identitas sheet, edited: the grid at A1 (read from its row lists) and the same sheet held by a grid
    whose origin is not A1 (read cell by cell) give the same identity, rows and problems."""
    rows = [list(row) for row in IDENTITAS.rows]
    for row, column, value in edits:
        while len(rows) < row:
            rows.append([])
        rows[row - 1].extend([""] * (column - len(rows[row - 1])))
        rows[row - 1][column - 1] = value
    for row, width in cut:
        if row <= len(rows):
            del rows[row - 1][width:]
    grid = Grid(L.IDENTITAS, rows)
    elsewhere = Grid(L.IDENTITAS, [[], *([None, *row] for row in rows)], first_row=0, first_column=0)
    results = []
    for each in (grid, elsewhere):
        try:
            identity, at, problems = sheets_sop.identity_from_grid(each)
            results.append(repr((identity, sorted(at.items()), problems)))
        except SopxlError as error:
            results.append(str(error))
    assert results[0] == results[1]


INFERENCE_LINE = st.tuples(
    st.sampled_from(["pelaksana", "ya", "symbol", "co_pelaksana", "x1", "", "two words", "é"]),
    st.sampled_from([" → ", " -> ", "→", " → "]),
    st.text(st.sampled_from("ab: →[]%1 "), max_size=8),
    st.sampled_from([": ", ":", " : "]),
    st.text(st.sampled_from("ab: →[]%19 "), max_size=10),
    st.sampled_from(["", " [45%]", " [100%]", " [150%]", " [7%]", "[45%]", " [1234%]", " [45 %]", " [045%]"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(INFERENCE_LINE.map("".join), max_size=4))
def test_inference_lines_are_read_as_written(lines):
    """Each line of an Inferensi cell is an inference that gives the line back as written (its confidence at most
    100%), or a note holding the line whole."""
    found = inferences_from_text("\n".join(lines))
    written = [line.strip() for line in lines if line.strip()]
    assert len(found) == len(written)
    for inference, line in zip(found, written):
        if inference.field == "note":
            assert (inference.value, inference.reason) == ("", line)
            head, _, rest = line.partition(" → ")
            assert not rest or ": " not in rest or not head.isidentifier()
            continue
        assert inference.field.isidentifier() and ": " not in inference.value
        again = inferences_text([inference])
        if inference.confidence is None:
            assert again == line
        else:
            percent = line[line.rindex("[") + 1:-2]
            assert again == line[:line.rindex(" [")] + f" [{min(int(percent), 100)}%]"


def test_waktu_findings_are_the_callers_own():
    sop = SOP(identity=Identity(nomor="1"), roles=["Kabag"], steps=[Step(1, "memeriksa", ["Kabag"], waktu="1-2 jam")])
    first = validate_sop(sop, file="a.xlsx")
    for finding in first:
        finding.params["changed"] = True
    second = validate_sop(sop, file="b.xlsx")
    assert "waktu-range" in {f.code for f in second}
    assert all("changed" not in f.params and f.file == "b.xlsx" for f in second)
    assert [(f.code, f.cell, f.params) for f in second] == [(f.code, f.cell, {k: v for k, v in f.params.items()
                                                                              if k != "changed"}) for f in first]


def test_kept_texts_are_what_working_afresh_gives():
    """clean_text and the rules' significant words keep their last results (``domain.memo.kept``): the same for
    every value, 1, 1.0 and True apart, a value that cannot be a key worked out afresh."""
    from sopxl.domain import norms

    for value in ["  Kabag <b>memeriksa</b>&amp; x ", "", None, 1, 1.0, True, "1", ["a list"], "a\n\tb"]:
        for _ in range(2):
            assert norms.clean_text(value) == norms.clean_text.__wrapped__(value), value
    for text in ["Nota Dinas dan <i>Disposisi</i>", "1", "", "Surat 2 a"]:
        for _ in range(2):
            assert rules.significant_words(text) == rules.significant_words.__wrapped__(text), text


def test_identity_labels_are_looked_up_as_layout_does():
    from sopxl.sheets.grid import label_key

    keys = L.identity_keys()
    for label in ["Nomor SOP", "nomor sop:", "SOP Number", "Judul", 1, 1.0, True, "", ["a list"]]:
        for _ in range(2):
            assert label_key(label, keys) == L.key_for_label(label, keys), label
