"""Import of published SOP PDFs: the official document `sopxl pdf` prints reads back to the same SOP."""

import json
import re
from pathlib import Path

import pytest

from sopxl import api
from sopxl import layout as L
from sopxl.domain.model import SOP
from sopxl.xlsx.read import read_grids
from sopxl.xlsx.workbook import create, template_calendar

import datetime as dt

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"
FLOWCHART_DATA = Path(__file__).resolve().parent / "data" / "flowchart"
TODAY = dt.date(2026, 11, 20)


def _spaces(text: str) -> str:
    """Text with its line breaks as spaces: where a printed line wraps is the page's business (the printout
    also puts each part of an "instansi / unit" text on its own line)."""
    return " ".join(text.replace(" / ", "\n").split())


def assert_same_sop(got: SOP, want: SOP) -> None:
    assert got.roles == want.roles
    for key in ("nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "nama"):
        assert getattr(got.identity, key) == getattr(want.identity, key), key
    for key in ("instansi", "disahkan_oleh"):
        assert _spaces(getattr(got.identity, key)) == _spaces(getattr(want.identity, key)), key
    for key in ("dasar_hukum", "kualifikasi", "keterkaitan", "peralatan", "peringatan", "pencatatan"):
        assert getattr(got.identity, key) == getattr(want.identity, key), key
    assert [s.number for s in got.steps] == [s.number for s in want.steps]
    for a, b in zip(got.steps, want.steps):
        assert (a.kegiatan, a.kelengkapan, a.waktu, a.output, a.keterangan) == \
               (b.kegiatan, b.kelengkapan, b.waktu, b.output, b.keterangan), a.number
        assert (a.marks, a.co_pelaksana, a.symbol, a.tidak) == (b.marks, b.co_pelaksana, b.symbol, b.tidak), a.number
        if b.symbol.value == "decision":    # Ya left empty means the next step
            assert getattr(got.next_step(a), "number", None) == getattr(want.next_step(b), "number", None), a.number
        assert a.norm == b.norm


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each example workbook and the long fixture, with the official PDF sopxl prints for it."""
    folder = tmp_path_factory.mktemp("printed")
    books = {path.stem: path for path in sorted(EXAMPLES.glob("*.xlsx"))}
    sop = SOP.from_dict(json.loads((FLOWCHART_DATA / "sixty_steps.sop.json").read_text(encoding="utf-8")))
    books["sixty_steps"] = create(folder / "sixty_steps.xlsx", sop, calendar=template_calendar(TODAY))
    api.flowchart(books["sixty_steps"])
    return {name: (book, api.pdf(book, folder / f"{name}.pdf").pdf) for name, book in books.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kemenkopolhukam_monev_sop_ap", "kemnaker_pelaksanaan_monitoring",
                                  "kemnaker_pengukuran_kinerja", "sixty_steps"])
def test_the_official_pdf_imports_back_to_the_same_sop(printed, name):
    book, pdf = printed[name]
    result = api.read_document(pdf)
    assert_same_sop(result.sop, api.load(book))
    # what was read from the shapes is recorded for review, with the column and page it came from
    first = result.sop.steps[0]
    assert first.needs_review
    assert any(i.field == "pelaksana" and re.search(r"kolom .+, halaman \d", i.reason) for i in first.inferences)


# ---- joint steps: x for the main Pelaksana, o for co-Pelaksana -------------------------------------

def joint_sop() -> SOP:
    """The Kemnaker monitoring SOP with a start beside the first box, a joint step with roles on both sides
    of its main Pelaksana, and a decision taken together."""
    sop = api.load(EXAMPLES / "kemnaker_pelaksanaan_monitoring.xlsx")
    sop.steps[0].co_pelaksana = ["Tim"]
    sop.steps[4].co_pelaksana = ["Kabag", "Fungsional Umum"]
    sop.steps[6].co_pelaksana = ["Tim"]
    for step in sop.steps:
        step.row = None
    return sop


def test_a_joint_step_is_x_and_o_on_the_sheet_in_the_export_and_in_validation(tmp_path):
    book = create(tmp_path / "joint.xlsx", joint_sop(), calendar=template_calendar(TODAY))
    back = api.load(book)
    assert [(s.number, s.marks, s.co_pelaksana) for s in back.steps if s.co_pelaksana] == [
        (1, ["Kasubbag"], ["Tim"]), (5, ["Kasubbag"], ["Kabag", "Fungsional Umum"]), (7, ["Kasubbag"], ["Tim"])]
    grid = read_grids(book, [L.AKTIVITAS])[L.AKTIVITAS]
    roles = back.roles
    row5 = [grid.text(L.AKTIVITAS_FIRST_ROW + 4, L.aktivitas_column(f"role:{i}", len(roles))) for i in range(len(roles))]
    assert row5 == ["x", "o", "", "", "o"]
    assert api.export(book)["steps"][4]["co_pelaksana"] == ["Kabag", "Fungsional Umum"]
    joint = [f for f in api.validate(book).findings if f.code == "pelaksana-joint"]
    assert [(f.cell, f.severity) for f in joint] == [
        (L.cell_ref(L.AKTIVITAS_FIRST_ROW + n, L.aktivitas_column(f"role:{i}", len(roles))), "info")
        for n, i in ((0, 3), (4, 1), (6, 3))]
    assert "Kasubbag (utama) dengan Kabag, Fungsional Umum" in joint[1].message("id")


@pytest.mark.slow
def test_a_joint_step_is_drawn_printed_and_read_back_from_the_pdf(tmp_path):
    book = create(tmp_path / "joint.xlsx", joint_sop(), calendar=template_calendar(TODAY))
    drawn = api.flowchart(book)
    assert drawn.steps == len(joint_sop().steps)
    assert drawn.symbols - drawn.offpage == drawn.steps + 4         # one more symbol per co-Pelaksana
    pdf = api.pdf(book, tmp_path / "joint.pdf").pdf
    got = api.read_document(pdf).sop
    assert_same_sop(got, api.load(book))
    step5 = got.step(5)
    assert [i.value for i in step5.inferences if i.field == "co_pelaksana"] == ["Kabag", "Fungsional Umum"]
