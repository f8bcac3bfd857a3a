"""The demo's monthly report printed by LibreOffice: every sheet on pages that carry content."""

from __future__ import annotations

import subprocess

import pytest

from helpers.office import page_is_blank, pdf_page_count, render_pages
from sopxl import demo

# a page whose only ink is the footer line (about 0.1 % of its pixels at 40 dpi) counts as blank
MIN_INK = 0.004


@pytest.mark.slow
def test_the_demo_report_prints_as_a_report(tmp_path):
    examples, reports = tmp_path / "examples", tmp_path / "reports"
    imported = demo.build_examples(demo.SOURCES, examples)
    demo.simulate_examples([result.workbook for result in imported])
    result = demo.report_examples(examples, reports, pdf=True)
    assert result.pdf == reports / "laporan-monitoring-2026-10.pdf" and result.month == demo.demo_month()
    pages = render_pages(result.pdf, tmp_path / "pages", dpi=40, fmt="png")
    assert len(pages) == pdf_page_count(result.pdf) >= 5        # at least a page per sheet
    blank = [page.name for page in pages if page_is_blank(page, max_dark_fraction=MIN_INK)]
    assert blank == []
    text = subprocess.run(["pdftotext", "-layout", str(result.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("LAPORAN MONITORING PELAKSANAAN SOP AP", "Ringkasan per Unit Kerja dan SOP",
                     "Waktu per Langkah dan Hambatan", "Kasus Terlambat", "MONITORING PELAKSANAAN SOP AP",
                     "Paraf Penilai", "EVALUASI PENERAPAN SOP AP", "Sinergi satu dengan lainnya",
                     "Oktober 2026", "Monitoring dan Evaluasi SOP AP", "Pimpinan Unit Kerja"):
        assert expected in text, expected
    pages_text = text.split("\f")
    # a signature block is never split: "Mengetahui," is on the page of the names and NIP lines below it
    signing = [page for page in pages_text if "Mengetahui," in page]
    assert len(signing) == 2 and all("NIP." in page and "(……" in page for page in signing)
    # the footer names the report, not the program
    assert "sopxl ·" not in text and text.count("Laporan Monitoring Pelaksanaan SOP AP · Oktober 2026") == len(pages)
    # a chart is never split: its title and the texts at its foot are on one page — the on-time chart's legend
    # (the threshold line's "Batas 80%", a text only the chart prints) and every label of the step chart
    # (from hidden rows: printed by the chart alone). The demo's Ringkasan charts would cross a page end where
    # they start, so a manual page break starts a page at their first row.
    import re
    import zipfile

    def pages_with(pattern: str) -> set[int]:
        return {number for number, page in enumerate(pages_text) if re.search(pattern, page)}

    assert pages_with(r"Kasus selesai tepat waktu per SOP \(batas 80%\)") == pages_with(r"Batas 80%") != set()
    steps = pages_with(r"Waktu terpakai per langkah terhadap norma langkah")
    assert len(steps) == 1 and pages_with(r"\n\s+[^\n]* – Langkah \d+\n") == steps
    with zipfile.ZipFile(result.workbook) as archive:
        breaks = {int(r) for r in re.findall(r'<brk id="(\d+)"', archive.read("xl/worksheets/sheet1.xml").decode())}
        anchors = {int(r) for r in re.findall(r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                               r"<xdr:row>(\d+)</xdr:row>", archive.read("xl/drawings/drawing1.xml").decode())}
        assert anchors and anchors <= breaks, (anchors, breaks)
