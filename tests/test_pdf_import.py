"""Import of published SOP PDFs: the official document `sopxl pdf` prints reads back to the same SOP."""

import json
import re
from pathlib import Path

import pytest

from sopxl import api
from sopxl.domain.model import SOP
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
