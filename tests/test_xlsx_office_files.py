"""The template and the example workbooks as the real tools see them: Microsoft's validator and LibreOffice."""

from pathlib import Path

import pytest

import sopxl
from helpers.office import convert_many, pdf_page_count, render_pages, page_is_blank
from helpers.ooxml import assert_all_valid

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"
DATA = Path(__file__).parent / "data" / "import"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every kind of workbook sopxl writes for this issue: template (id, en), imports of every document, a save."""
    out = tmp_path_factory.mktemp("written")
    paths = [sopxl.new(out / "template.xlsx"), sopxl.new(out / "template_en.xlsx", lang="en")]
    documents = [*sorted(SOURCES.glob("*.txt")), DATA / "pelaksanaan_monitoring.docx", DATA / "peta_proses.xlsx"]
    for document in documents:
        paths.append(sopxl.import_document(document, out / f"{document.stem}.xlsx").workbook)
    saved = paths[2]
    sop = sopxl.load(saved)
    sop.steps[0].kegiatan = "=SUM(A1) & <b>teks</b>"
    sopxl.save(sop, saved)
    return paths


@pytest.mark.slow
def test_every_written_workbook_passes_the_open_xml_sdk_validator(written):
    assert_all_valid(written)


@pytest.mark.slow
def test_committed_workbooks_pass_the_validator():
    assert_all_valid([ROOT / "workbooks" / "sop_template.xlsx", *sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))])


@pytest.mark.slow
def test_libreoffice_opens_them_and_prints_sensible_pages(written, tmp_path):
    pdfs = convert_many(written, "pdf", tmp_path)
    for workbook, pdf in pdfs.items():
        pages = pdf_page_count(pdf)
        # seven sheets, the calendar's holidays and a 16-step matrix fit in well under 30 A4 pages
        assert 5 <= pages <= 30, (workbook, pages)
    first = render_pages(pdfs[written[2]], tmp_path / "png", dpi=40)
    assert first and not any(page_is_blank(p) for p in first[:3])
