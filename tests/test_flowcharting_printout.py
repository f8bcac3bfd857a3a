"""The official SOP document as PDF (LibreOffice), and the drawn workbooks against the Open XML SDK validator."""

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.office import luminance, page_is_blank, pdf_page_count, render_pages
from helpers.ooxml import assert_all_valid
from sopxl import api
from sopxl import layout as L
from sopxl.xlsx import pdf as soffice
from sopxl.cli import cli
from sopxl.flowcharting.drawing import has_flowchart, layout_of
from sopxl.errors import SopxlError
from sopxl.flowcharting.geometry import column_pt
from sopxl.domain.model import SOP
from sopxl.xlsx.workbook import create, template_calendar
from sopxl.xlsx.patch import Package

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"
DATA = Path(__file__).resolve().parent / "data" / "flowchart"
TODAY = dt.date(2026, 11, 20)
DPI = 100


def drawn_workbooks(folder: Path) -> dict[str, Path]:
    """The example SOPs (imported from their sources) and the long fixtures, each with its flowchart drawn."""
    books = {}
    for source in sorted(SOURCES.glob("*.txt")):
        books[source.stem] = api.import_document(source, folder / f"{source.stem}.xlsx", today=TODAY).workbook
    for fixture in sorted(DATA.glob("*.sop.json")):
        sop = SOP.from_dict(json.loads(fixture.read_text(encoding="utf-8")))
        name = fixture.name.split(".")[0]
        books[name] = create(folder / f"{name}.xlsx", sop, calendar=template_calendar(TODAY))
    for path in books.values():
        api.flowchart(path)
    return books


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    return drawn_workbooks(tmp_path_factory.mktemp("drawn"))


@pytest.mark.slow
def test_every_drawn_workbook_passes_the_open_xml_validator(books, tmp_path):
    redrawn = tmp_path / "redrawn.xlsx"
    redrawn.write_bytes(books["sixty_steps"].read_bytes())
    api.flowchart(redrawn)                 # drawing over a drawing
    # someone's drawing whose root declares only the xdr: prefix (a: is declared inside its shape)
    foreign = tmp_path / "foreign.xlsx"
    foreign.write_bytes(books["kemnaker_pelaksanaan_monitoring"].read_bytes())
    package = Package(foreign)
    part = next(n for n in package.names() if n.startswith("xl/drawings/drawing"))
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    package.set_part(part, (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="{xdr}"><xdr:oneCellAnchor>'
        '<xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>'
        '</xdr:from><xdr:ext cx="900000" cy="300000"/><xdr:sp macro="" textlink=""><xdr:nvSpPr>'
        '<xdr:cNvPr id="7" name="Stempel"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>'
        f'<a:prstGeom xmlns:a="{a}" prst="ellipse"><a:avLst/></a:prstGeom></xdr:spPr></xdr:sp><xdr:clientData/>'
        '</xdr:oneCellAnchor></xdr:wsDr>').encode())
    package.save()
    assert api.flowchart(foreign).kept == 1
    assert_all_valid([*books.values(), redrawn, foreign])


def _text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _dark(pixels: bytes, width: int, x: int, y: int, reach: int = 2, below: int = 170) -> bool:
    return any(pixels[(y + dy) * width + x + dx] < below for dx in range(-reach, reach + 1) for dy in (-1, 0, 1))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kemenkopolhukam_monev_sop_ap", "kemnaker_pelaksanaan_monitoring",
                                  "kemnaker_pengukuran_kinerja", "sixty_steps"])
def test_the_pdf_is_the_official_document_with_the_flowchart_where_excel_shows_it(books, tmp_path, name):
    path = books[name]
    before = path.read_bytes()
    result = api.pdf(path, tmp_path / f"{name}.pdf")
    assert path.read_bytes() == before                       # printing changes nothing in the workbook
    sop = api.load(path)
    package = Package(path)
    flow = layout_of(package, sop)
    # one identity page, then exactly the pages the flowchart was laid out on: no other sheet, no extra breaks
    assert result.pages == pdf_page_count(result.pdf) == 1 + len(flow.pages)
    pages = render_pages(result.pdf, tmp_path / "png", dpi=DPI)
    assert not any(page_is_blank(p) for p in pages)
    first = _text(result.pdf, 1)
    for label in ("Nomor SOP", "Disahkan oleh", "Nama SOP", "Dasar Hukum", "Pencatatan dan Pendataan"):
        assert label in first
    assert " ".join(sop.identity.nama.split()[:2]) in " ".join(first.split())
    matrix = " ".join(_text(result.pdf, 2).split())
    assert "Kegiatan" in matrix and "Mutu Baku" in matrix and sop.roles[0].split()[0] in matrix
    everything = " ".join(_text(result.pdf, n) for n in range(1, result.pages + 1))
    assert "ID Peristiwa" not in everything and "Jam kerja" not in everything   # Log, Kalender stay out

    assert_symbols_shown(pages[1], package, sop)


def assert_symbols_shown(page: Path, package: Package, sop: SOP) -> None:
    """The symbols of the first matrix page are where the layout put them: outline at both ends, white inside."""
    flow = layout_of(package, sop)
    width, height, pixels = luminance(page)
    header_y = next(y for y in range(height) if sum(p < 120 for p in pixels[y * width:(y + 1) * width]) > width / 2)
    row = pixels[(header_y + 3) * width:(header_y + 4) * width]
    left = next(x for x in range(width) if row[x] < 120)
    right = max(x for x in range(width) if row[x] < 120)
    widths = {**package.column_widths(L.AKTIVITAS), **flow.column_widths}     # as drawn into the printed copy
    printed = sum(column_pt(widths[c]) for c in range(1, L.printed_columns(len(sop.roles)) + 1))
    scale = (right - left + 1) / printed
    boxes = {b.key: b for b in flow.boxes}
    for number in flow.pages[0]:
        box = boxes[f"step:{number}"]
        cy = round(header_y + box.cy * scale)
        x0, x1 = round(left + box.x * scale), round(left + (box.x + box.w) * scale)
        assert _dark(pixels, width, x0, cy) and _dark(pixels, width, x1, cy), f"outline of step {number}"
        assert pixels[cy * width + round(left + box.cx * scale)] > 200, f"inside of step {number}"


def test_without_libreoffice_the_pdf_says_what_to_install(tmp_path, monkeypatch):
    path = api.import_document(SOURCES / "kemenkopolhukam_monev_sop_ap.txt", tmp_path / "monev.xlsx",
                               today=TODAY).workbook
    monkeypatch.delenv("SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(soffice, "SOFFICE_CANDIDATES", ())
    with pytest.raises(SopxlError, match="LibreOffice is needed"):
        api.pdf(path)
    result = CliRunner().invoke(cli, ["pdf", str(path)])
    assert result.exit_code == 1
    assert "LibreOffice is needed" in result.output and "apt-get install libreoffice-calc" in result.output
    assert not (tmp_path / "monev.pdf").exists()
    monkeypatch.setenv("SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    result = CliRunner().invoke(cli, ["pdf", str(path)])
    assert result.exit_code == 1 and "SOFFICE is set to" in result.output


@pytest.mark.slow
def test_cli_pdf_beside_the_workbook_and_json(tmp_path):
    path = api.import_document(SOURCES / "kemnaker_pelaksanaan_monitoring.txt", tmp_path / "monitoring.xlsx",
                               today=TODAY).workbook
    result = CliRunner().invoke(cli, ["pdf", "--format", "json", str(path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["pdf"] == str(tmp_path / "monitoring.pdf") and data["pages"] == pdf_page_count(tmp_path / "monitoring.pdf")
    # a workbook without a drawn flowchart prints with one; the workbook keeps having none
    assert not has_flowchart(Package(path))
    pages = render_pages(tmp_path / "monitoring.pdf", tmp_path / "png", dpi=DPI)
    assert_symbols_shown(pages[1], Package(path), api.load(path))
