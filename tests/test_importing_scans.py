"""Scanned SOP documents and pictures read as a person would: the same SOP as the born-digital PDF.

The scans are made here from the project's own documents: the official PDF `sopxl pdf` prints for each
example workbook is drawn as pictures at 150 and 300 dpi, turned a few degrees, JPEG-compressed, and
saved as an image-only PDF (tests/helpers/scans.py). Read back through Tesseract and OpenCV, every step
must have the same Pelaksana, co-Pelaksana, symbol, Ya/Tidak targets and norm as the vector PDF, and
the texts must be within CHARACTER_ERROR_RATE of it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from helpers.scans import picture, scan
from sopxl import api
from sopxl.domain.norms import parse_norm
from sopxl.errors import SopxlError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "kemenkopolhukam_monev_sop_ap"
CHARACTER_ERROR_RATE = 0.02     # of all step texts together (Kegiatan, Kelengkapan, Output), per SOP
ROLE_ERROR_RATE = 0.05          # of the Pelaksana names (bold header text on a dark fill reads worse)

pytestmark = pytest.mark.slow


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions that turn `a` into `b`."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def texts(sop) -> str:
    return "\n".join(" ".join(f"{s.kegiatan} | {s.kelengkapan} | {s.output}".split()) for s in sop.steps)


def routing(sop) -> list[tuple]:
    """Each step's number, Pelaksana and co-Pelaksana (as columns), symbol, Ya/Tidak targets and norm."""
    column = {role: index for index, role in enumerate(sop.roles)}
    return [(s.number, tuple(column[r] for r in s.marks), tuple(column[r] for r in s.co_pelaksana), s.symbol,
             s.ya, s.tidak, parse_norm(s.waktu).minutes(450) if s.waktu else None) for s in sop.steps]


EXAMPLES = (EXAMPLE, "kemnaker_pelaksanaan_monitoring", "kemnaker_pengukuran_kinerja")


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """Each example's official PDF and the SOP the vector reader reads from it (made when first asked for)."""
    folder = tmp_path_factory.mktemp("official")

    class Official(dict):
        def __missing__(self, example):
            workbook = ROOT / "workbooks" / "examples" / f"{example}.xlsx"
            pdf = api.pdf(workbook, folder / f"{workbook.stem}.pdf").pdf
            self[example] = (pdf, api.read_document(pdf).sop)
            return self[example]

    return Official()


# The Kemenkopolhukam example (16 steps on two matrix pages, a dark header fill, decisions and returns) and
# the two Kemnaker ones (12 and 16 steps, decisions whose Tidak goes back, off-page connectors between pages).
@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("dpi, angle", [(150, 2.0), (300, -3.0)])
def test_a_scan_reads_as_the_born_digital_pdf(official, example, dpi, angle, tmp_path):
    pdf, expected = official[example]
    scanned = scan(pdf, tmp_path / f"{example}-scan.pdf", dpi, angle, quality=70)
    result = api.read_document(scanned)
    got = result.sop
    assert routing(got) == routing(expected)
    roles, want_roles = "\n".join(got.roles), "\n".join(expected.roles)
    assert len(got.roles) == len(expected.roles)
    assert edit_distance(roles, want_roles) <= ROLE_ERROR_RATE * len(want_roles)
    want = texts(expected)
    assert edit_distance(texts(got), want) <= CHARACTER_ERROR_RATE * len(want)
    assert any("OCR" in note for note in result.notes)


def test_the_other_producers_document_scanned_reads_as_its_pdf():
    """The reportlab SOP (split headers, a page without header, a continued row, a joint step, branches named
    Sudah/Belum Benar and Lengkap/Tidak Lengkap) scanned at 200 dpi, turned 1.5 degrees: the same SOP."""
    folder = ROOT / "tests" / "data" / "pdf"
    expected = api.read_document(folder / "drawn_sop.pdf")
    got = api.read_document(folder / "scanned_sop.pdf")
    assert routing(got.sop) == routing(expected.sop)
    assert got.sop.roles == expected.sop.roles
    want = texts(expected.sop)
    assert edit_distance(texts(got.sop), want) <= CHARACTER_ERROR_RATE * len(want)
    steps_read_by_ocr = [s for s in got.sop.steps if any(i.confidence is not None for i in s.inferences)]
    assert len(steps_read_by_ocr) == len(got.sop.steps)


@pytest.mark.parametrize("dpi, angle", [(150, 2.0), (300, -3.0)])
def test_the_other_producers_document_scanned_here_reads_as_its_pdf(dpi, angle, tmp_path):
    """The reportlab SOP scanned here at 150 and 300 dpi, turned a few degrees, JPEG at quality 70: the same
    SOP. At 150 dpi its lines are enlarged to 5-7 pixels: step 3's "Sudah Benar" branch runs 2 pt above the
    row's line, and step 4's boxes must lose their whole outline, for the branch to reach step 4's main box."""
    pdf = ROOT / "tests" / "data" / "pdf" / "drawn_sop.pdf"
    expected = api.read_document(pdf).sop
    got = api.read_document(scan(pdf, tmp_path / "drawn-scan.pdf", dpi, angle, quality=70)).sop
    assert routing(got) == routing(expected)
    assert got.roles == expected.roles
    want = texts(expected)
    assert edit_distance(texts(got), want) <= CHARACTER_ERROR_RATE * len(want)


def test_a_picture_of_a_page_is_read_like_its_pdf(official, tmp_path):
    pdf, expected = official[EXAMPLE]
    png = picture(pdf, tmp_path / "halaman.png", 300, angle=1.5, page=2)
    result = api.read_document(png)
    # a picture is one page (the first matrix page): its steps, in their columns, with their symbols
    def placed(sop):
        column = {role: index for index, role in enumerate(sop.roles)}
        return [(s.number, tuple(column[r] for r in s.marks), s.symbol) for s in sop.steps]

    got = placed(result.sop)
    assert len(got) >= 4 and got == placed(expected)[:len(got)]
    assert any(i.confidence is not None for s in result.sop.steps for i in s.inferences)


def test_without_tesseract_a_scan_is_refused_with_what_to_install(official, tmp_path, monkeypatch):
    pdf, _ = official[EXAMPLE]
    scanned = scan(pdf, tmp_path / "scan.pdf", 200)
    monkeypatch.setenv("TESSERACT", str(tmp_path / "nowhere" / "tesseract"))
    with pytest.raises(SopxlError) as caught:
        api.read_document(scanned)
    assert "tesseract-ocr-ind" in str(caught.value) and "sopxl[ocr]" in str(caught.value)


def test_a_picture_that_is_no_page_gets_one_clear_line(tmp_path):
    import cv2
    import numpy as np

    noise = tmp_path / "foto.png"
    cv2.imwrite(str(noise), np.random.default_rng(7).integers(0, 256, (1200, 1600), dtype=np.uint8))
    with pytest.raises(SopxlError) as caught:
        api.read_document(noise)
    assert str(noise) in str(caught.value)
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(SopxlError, match="not a picture"):
        api.read_document(broken)


def test_a_page_turned_far_is_refused_as_a_photo(official, tmp_path):
    pdf, _ = official[EXAMPLE]
    with pytest.raises(SopxlError, match="turned"):
        api.read_document(picture(pdf, tmp_path / "miring.png", 200, angle=25))


def test_a_matrix_pasted_as_stacked_pictures_under_a_two_level_header_reads_whole():
    """Two pictures one under the other (cut at a row line) are one table; the Pelaksana header has two levels
    ("Biro Umum" over two roles, beside "Unit Pengguna"): every step's actors, symbol, targets and norm."""
    folder = ROOT / "tests" / "data" / "pdf"
    expected = json.loads((folder / "stacked_pictures.expected.json").read_text(encoding="utf-8"))
    result = api.read_document(folder / "stacked_pictures.pdf")
    sop = result.sop
    assert sop.roles == expected["roles"]
    assert [(s.number, s.pelaksana, s.co_pelaksana, s.symbol.value, s.ya if s.symbol.value == "decision" else None,
             s.tidak, s.waktu) for s in sop.steps] == [
        (e["number"], e["pelaksana"], e["co_pelaksana"], e["symbol"], e["ya"], e["tidak"], e["waktu"])
        for e in expected["steps"]]
    got = "\n".join(f"{s.kegiatan} | {s.kelengkapan} | {s.output}" for s in sop.steps)
    want = "\n".join(f"{e['kegiatan']} | {e['kelengkapan']} | {e['output']}" for e in expected["steps"])
    assert edit_distance(got, want) <= CHARACTER_ERROR_RATE * len(want)
    assert any("OCR" in note for note in result.notes)


SHARED_PDF = ROOT.parent / "shared" / "pdf"
PICTURE_PDFS = sorted(SHARED_PDF.glob("bps-bengkulu-210-*.pdf")) + sorted(SHARED_PDF.glob("bps-bengkulu-223-*.pdf"))


@pytest.mark.skipif(not PICTURE_PDFS, reason="the published SOP PDFs of ../shared/pdf are not on this machine")
@pytest.mark.parametrize("pdf", PICTURE_PDFS, ids=lambda p: p.name[:16])
def test_the_published_picture_flowcharts_read_as_labelled(pdf):
    """The two published PDFs whose activity matrix is a picture (bps-210: two stacked pictures under a
    two-level header) against the expectations a person read off their pages (bench/pdf_expected)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pdf_import import FIELDS, compare, project

    from sopxl.importing.readers import read_all

    expected = json.loads((ROOT / "bench" / "pdf_expected" / f"{pdf.stem}.json").read_text(encoding="utf-8"))
    tally, misses = {field: [0, 0] for field in FIELDS}, []
    compare(expected, [project(sop) for sop, _ in read_all(pdf)], tally, misses)
    right, total = tally["actors"]
    assert tally["steps"][0] == tally["steps"][1], misses
    assert right >= 0.9 * total, misses
    assert tally["symbols"][0] == tally["symbols"][1], misses
