"""Validation never raises and always points at a cell that exists, whatever a person types into a workbook."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sopxl
from sopxl import layout as L
from sopxl.domain.model import SOP, Identity, Inference, Step, Symbol
from sopxl.validation.rules import validate_sop
from sopxl.xlsx.patch import Package
from sopxl.xlsx.read import read_grids

VALID = Path(__file__).resolve().parent / "data" / "validation" / "valid.xlsx"
BASE = read_grids(VALID, (L.IDENTITAS, L.AKTIVITAS))
# findings whose value is the text of the cell they point at
VALUE_IS_CELL_TEXT = {"waktu-empty", "waktu-bare-unit", "waktu-invalid", "kegiatan-empty", "kegiatan-starts-with-actor",
                      "date-invalid", "date-weekday-mismatch", "identity-placeholder", "identity-label-unknown",
                      "target-invalid", "step-number-invalid", "symbol-unknown", "output-not-used"}

# what people type: words the rules look for, numbers, dates, formulas-as-text, HTML, nothing
TYPED = st.one_of(
    st.none(),
    st.sampled_from(["menit", "30 menit", "2 Jam", "1 hari kerja", "sebentar", "x", "X", "Ya", "Tidak", "Keputusan",
                     "Mulai/Selesai", "Proses", "Lingkaran", "Kabag", "Kasubbag menyusun laporan", "Nomor SOP",
                     "Tanggal Efektif", "Dasar Hukum", "Catatan", "No", "Kegiatan", "Kelengkapan", "Karo",
                     "Kamis, 14 Desember 2017", "31 Februari 2018", "02/05/2018", "=1+1", "<b>menit</b>", "...", "-",
                     "1/.../OT", " ", "0", "3", "99", "2a"]),
    st.text(max_size=12),
    st.integers(min_value=-3, max_value=12),
    st.floats(min_value=-5, max_value=50, allow_nan=False),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
)


ROLE_COUNT = BASE[L.AKTIVITAS].last_column - len(L.aktivitas_columns(0))
# what people type into each kind of column, mixed with anything at all
BY_COLUMN = {
    "no": st.one_of(st.integers(-1, 9), st.sampled_from(["2a", "", "03", "1.5"])),
    "kegiatan": st.sampled_from(["Kabag memerintahkan Kasubbag", "", "memeriksa usulan", "Pelaksana menyusun",
                                 "Kepala Biro menandatangani", "<p>menyusun</p>"]),
    "role": st.sampled_from(["x", "X", "Y", "T", None]),
    "kelengkapan": st.sampled_from(["", "Disposisi", "Nota Dinas", "Usulan kegiatan", "dan atau"]),
    "waktu": st.sampled_from(["menit", "", "Jam", "sebentar", "30 menit", "1,5 jam", "0 menit", "1/0 jam", 30]),
    "output": st.sampled_from(["", "Laporan", "Arsip", "Disposisi"]),
    "keterangan": st.sampled_from(["", "SOP Pendokumentasian"]),
    "simbol": st.sampled_from(["Keputusan", "Lingkaran", "", "Proses", "Mulai/Selesai", "Decision"]),
    "ya": st.one_of(st.integers(-1, 9), st.sampled_from(["dua", "", "3"])),
    "tidak": st.one_of(st.integers(-1, 9), st.sampled_from(["dua", "", "3"])),
    "inferensi": st.sampled_from(["", "pelaksana → Kabag: tebakan", "catatan bebas"]),
    "ditinjau": st.sampled_from(["", "Ya", "Yes", "x", "tidak"]),
    "label_cabang": st.sampled_from(["", "Sudah Benar / Belum Benar", "Ya / Tidak Lengkap", "/", "Lengkap"]),
    "field": st.sampled_from(["Nomor SOP", "Tanggal Efektif", "Dasar Hukum", "Catatan", "", "Judul"]),
    "value": st.sampled_from(["Senin, 14 Desember 2017", "", "-", "...", "1/.../OT", "Kamis, 14 Desember 2017",
                              "31 Februari 2018", "02/05/2018", "Revisi ke", "2019-01-07"]),
}


def column_key(sheet: str, column: int) -> str:
    if sheet == L.IDENTITAS:
        return ("field", "value")[column - 1]
    key = L.aktivitas_columns(ROLE_COUNT)[column - 1]
    return "role" if key.startswith("role:") else key


@st.composite
def row_edits(draw, sheet: str, row: int):
    """A few cells of one row retyped: values fit for their column, now and then anything at all."""
    count = draw(st.integers(0, 8))
    columns = draw(st.permutations(range(1, BASE[sheet].last_column + 1)))[:count]
    edits = []
    for column in sorted(columns):
        fitting = BY_COLUMN[column_key(sheet, column)]
        edits.append(((sheet, row, column), draw(st.one_of(fitting, fitting, TYPED))))
    return edits


@st.composite
def workbook_edits(draw):
    """Edits to some step rows and identity rows, and sometimes to a header cell or the row below."""
    edits = []
    for sheet, first in ((L.AKTIVITAS, L.AKTIVITAS_FIRST_ROW), (L.IDENTITAS, 2)):
        count = draw(st.integers(0, 6))
        rows = draw(st.permutations(range(first, BASE[sheet].last_row + 2)))[:count]
        for row in sorted(rows):
            edits.extend(draw(row_edits(sheet, row)))
    odd = st.tuples(st.tuples(st.sampled_from([L.AKTIVITAS, L.IDENTITAS]), st.integers(1, 2),
                              st.integers(1, BASE[L.AKTIVITAS].last_column)), TYPED)
    edits.extend(draw(st.lists(odd, max_size=1)))
    return [((sheet, row, min(column, BASE[sheet].last_column)), value) for (sheet, row, column), value in edits]


EDITS = workbook_edits()


def position(ref: str) -> tuple[int, int]:
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_random_cell_values_never_break_validation(tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("typed") / "sop.xlsx"
    shutil.copy(VALID, path)
    rows = {name: [[grid.get(r, c) for c in range(1, grid.last_column + 1)] for r in range(1, grid.last_row + 2)]
            for name, grid in BASE.items()}
    for (sheet, row, column), value in edits:
        rows[sheet][row - 1][column - 1] = value
    package = Package(path)
    for sheet, values in rows.items():
        package.set_rows(sheet, 1, [[None if v == "" else v for v in row] for row in values])
    package.save()

    report = sopxl.validate(path)        # must not raise

    grids = read_grids(path, (L.IDENTITAS, L.AKTIVITAS))
    for finding in report.findings:
        assert finding.message() and finding.fix() and finding.message("en") and finding.fix("en")
        if finding.code in ("workbook-unreadable", "sheet-missing"):
            raise AssertionError(f"typing into cells cannot lose the workbook: {finding.render()}")
        assert finding.sheet in grids, finding.render()
        grid = grids[finding.sheet]
        row, column = position(finding.cell)
        # a missing header is reported where it belongs, even when its emptied column is no longer in the grid
        width = max(grid.last_column, BASE[finding.sheet].last_column) if finding.category == "layout" else grid.last_column
        assert 1 <= row <= grid.last_row and 1 <= column <= width, finding.render()
        if finding.code in VALUE_IS_CELL_TEXT:
            assert finding.value == grid.text(row, column), finding.render()


# ---- the pure rules over any model ------------------------------------------------------------------

ROLES = ["Karo", "Kabag", "Kasubbag"]
STEP = st.builds(
    lambda symbol, marks, ya, tidak, waktu, kegiatan, inferred: (symbol, marks, ya, tidak, waktu, kegiatan, inferred),
    st.sampled_from(list(Symbol)), st.lists(st.sampled_from(ROLES), max_size=3, unique=True),
    st.one_of(st.none(), st.integers(-1, 12)), st.one_of(st.none(), st.integers(-1, 12)),
    st.sampled_from(["", "menit", "30 menit", "lama", "2 jam"]),
    st.sampled_from(["", "memeriksa usulan", "Kabag memeriksa usulan", "Karo menandatangani"]), st.booleans())


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(STEP, max_size=12), st.lists(st.integers(0, 12), max_size=12))
def test_any_model_gives_findings_inside_its_matrix(steps, numbers):
    sop = SOP(identity=Identity(nomor="1", tanggal_pembuatan="Senin, 1 Januari 2024"), roles=list(ROLES))
    for index, (symbol, marks, ya, tidak, waktu, kegiatan, inferred) in enumerate(steps):
        number = numbers[index] if index < len(numbers) else index + 1
        sop.steps.append(Step(number, kegiatan, list(marks), symbol, waktu=waktu, ya=ya, tidak=tidak,
                              inferences=[Inference("ya", str(ya), "guess")] if inferred else []))
    findings = validate_sop(sop)
    width = len(L.aktivitas_columns(len(ROLES)))
    last_row = L.AKTIVITAS_FIRST_ROW + max(len(steps), 1) - 1
    for finding in findings:
        row, column = position(finding.cell)
        assert 1 <= column <= width and 1 <= row, finding.render()
        if finding.sheet == L.AKTIVITAS:
            assert row <= last_row, finding.render()
    codes = {f.code for f in findings}
    if steps:
        reached = {f.cell for f in findings if f.code == "step-unreachable"}
        assert f"A{L.AKTIVITAS_FIRST_ROW}" not in reached        # the first step is always reached
    else:
        assert "steps-missing" in codes
