"""The official SOP document as a PDF: the identity block, then the activity matrix with its flowchart.

LibreOffice (headless) prints a throwaway copy of the workbook; the workbook itself is never changed.
The copy is prepared at the zip level so that LibreOffice prints what Excel shows:
- only Identitas and Aktivitas are visible (the other sheets are hidden);
- Identitas is laid out as the official identity block (Permenpan RB 35/2012): the agency on the
  left, Nomor / Tanggal / Disahkan oleh (with room for the signature) / Nama SOP on the right, then
  the six sections two by two;
- the Normal font is one whose digits are exactly as wide as Calibri's in Excel (7 px), so columns
  come out as wide as in Excel and the symbols stay centred in their cells;
- connectors are redrawn as polylines with the same points (LibreOffice re-routes glued connectors);
- the Aktivitas pages carry the SOP's name and number in the page header;
- a workbook whose flowchart has not been drawn yet gets it drawn in the copy.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path


from .. import layout as L
from .geometry import MAX_ROW_HEIGHT, SheetGrid, text_height
from ..domain.model import SOP, SECTIONS, Identity
from ..xlsx.patch import Package, cell_xml, escape
from ..xlsx.pdf import convert_to_pdf, find_soffice

# Arial's digits are 0.556 em wide: at this size they are 7 px, the width Excel gives Calibri 11's digits
CALIBRATED_FONT = '<font><sz val="9.44"/><color theme="1"/><name val="Arial"/><family val="2"/></font>'
# identity page columns (characters): agency | agency | label | value
IDENTITY_WIDTHS = (30.7109375, 30.7109375, 22.7109375, 58.7109375)
SIGNATURE_LINES = 4


def prepare(package: Package, sop: SOP, lang: str) -> None:
    """Turn `package` (a copy of the workbook) into the printable official document."""
    from .drawing import draw, drawing_part, has_flowchart, printable_drawing

    part = drawing_part(package, L.AKTIVITAS)
    if not has_flowchart(package) and sop.steps:
        part = draw(package, sop).part
    _only_document_sheets(package)
    _calibrate_font(package)
    _hide_marks(package, len(sop.roles))
    if part:
        grid = SheetGrid(package.column_widths(L.AKTIVITAS), package.row_heights(L.AKTIVITAS),
                         L.printed_columns(len(sop.roles)) + len(L.AKTIVITAS_ROUTING), package.last_row(L.AKTIVITAS))
        package.set_part(part, printable_drawing(package.part(part).decode("utf-8"), grid).encode("utf-8"))
    _identity_page(package, sop, lang)
    title = _header_text(sop.identity.nama)
    number = _header_text(sop.identity.nomor)
    footer = re.search(r"<oddFooter>.*?</oddFooter>", package.get_element(L.AKTIVITAS, "headerFooter") or "", re.S)
    package.set_element(L.AKTIVITAS, "headerFooter",
                        f'<headerFooter><oddHeader>&amp;L&amp;"Arial,Bold"&amp;9 {title}&amp;R&amp;"Arial"&amp;9 {number}</oddHeader>'
                        f'{footer.group(0) if footer else ""}</headerFooter>')


def _header_text(text: str) -> str:
    """Text for a page header: one line, `&` doubled (a header code otherwise), XML-escaped."""
    return escape(" ".join(text.split()).replace("&", "&&"))


def _only_document_sheets(package: Package) -> None:
    """Hide every sheet but Identitas and Aktivitas, and make Identitas the active one."""
    xml = package.part("xl/workbook.xml").decode("utf-8")
    names = re.findall(r'<sheet\b[^>]*\bname="([^"]*)"', xml)      # both present: read_sop required them

    def sheet(match: re.Match) -> str:
        tag = re.sub(r'\sstate="[^"]*"', "", match.group(0))
        name = re.search(r'\bname="([^"]*)"', tag).group(1)
        if name in (L.IDENTITAS, L.AKTIVITAS):
            return tag
        return re.sub(r"\s*/>$", ' state="hidden"/>', tag)

    xml = re.sub(r"<sheet\b[^>]*/>", sheet, xml)
    active = names.index(L.IDENTITAS)
    xml = re.sub(r"<workbookView\b[^>]*?/>", lambda m: re.sub(r'\s(?:activeTab|firstSheet)="\d+"', "", m.group(0))
                 .replace("<workbookView", f'<workbookView activeTab="{active}" firstSheet="{active}"', 1), xml, count=1)
    # the identity page repeats no title rows
    xml = re.sub(rf'<definedName name="_xlnm\.Print_Titles" localSheetId="{active}"[^>]*>[^<]*</definedName>', "", xml)
    package.set_part("xl/workbook.xml", xml.encode("utf-8"))
    for name in names:
        if name not in (L.IDENTITAS, L.AKTIVITAS):
            views = package.get_element(name, "sheetViews")
            if views and "tabSelected" in views:
                package.set_element(name, "sheetViews", re.sub(r'\stabSelected="[^"]*"', "", views))


def _hide_marks(package: Package, roles: int) -> None:
    """Empty the Pelaksana cells of the steps: on paper the symbol is the mark."""
    letters = {L.column_letter(L.aktivitas_column(f"role:{i}", roles)) for i in range(roles)}

    def blank(match: re.Match) -> str:
        if match.group(1) not in letters or int(match.group(2)) < L.AKTIVITAS_FIRST_ROW:
            return match.group(0)
        style = re.search(r'\ss="\d+"', match.group(3))
        return f'<c r="{match.group(1)}{match.group(2)}"{style.group(0) if style else ""}/>'

    xml = re.sub(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>.*?</c>)', blank, package.sheet_xml(L.AKTIVITAS), flags=re.S)
    package.set_part(package.sheet_path(L.AKTIVITAS), xml.encode("utf-8"))


def _calibrate_font(package: Package) -> None:
    styles = package.part("xl/styles.xml").decode("utf-8")
    styles = re.sub(r"<font\b[^>]*?(?:/>|>.*?</font>)", CALIBRATED_FONT, styles, count=1, flags=re.S)
    package.set_part("xl/styles.xml", styles.encode("utf-8"))


# ---- the identity page ----------------------------------------------------------------------------

def _add_styles(package: Package) -> dict[str, int]:
    """Cell styles for the identity page, appended to the copy's styles.xml; name -> xf index."""
    styles = package.part("xl/styles.xml").decode("utf-8")

    def append(tag: str, items: list[str]) -> int:
        nonlocal styles
        match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", styles, re.S)
        count = len(re.findall(r"<(?:font|border|xf)\b", match.group(1)))
        inner = match.group(1) + "".join(items)
        element = re.sub(r'\scount="\d+"', "", styles[match.start():match.start() + styles[match.start():].find(">")])
        styles = styles[:match.start()] + f'{element} count="{count + len(items)}">{inner}</{tag}>' + styles[match.end():]
        return count

    fonts = append("fonts", ['<font><sz val="10"/><name val="Arial"/><family val="2"/></font>',
                             '<font><b/><sz val="10"/><name val="Arial"/><family val="2"/></font>',
                             '<font><b/><sz val="12"/><name val="Arial"/><family val="2"/></font>'])
    thin = '<{0} style="thin"><color rgb="FF000000"/></{0}>'
    border = append("borders", ["<border>" + "".join(thin.format(s) for s in ("left", "right", "top", "bottom"))
                                + "<diagonal/></border>"])
    looks = {
        "agency": (fonts + 2, "center", "center"), "label": (fonts + 1, "left", "top"),
        "value": (fonts, "left", "top"), "name": (fonts + 1, "left", "top"),
        "section": (fonts + 1, "left", "top"), "items": (fonts, "left", "top"),
        "signature": (fonts, "center", "top"),
    }
    first = append("cellXfs", [f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="{border}" xfId="0" '
                               f'applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="{h}" '
                               f'vertical="{v}" wrapText="1"/></xf>' for font, h, v in looks.values()])
    package.set_part("xl/styles.xml", styles.encode("utf-8"))
    return {name: first + i for i, name in enumerate(looks)}


def _numbered(items: list[str]) -> str:
    items = [i for i in items if i.strip()]
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))



def signature_block(identity: Identity) -> str:
    """The Disahkan oleh cell: the office, room to sign, then name and NIP (dotted lines when not known)."""
    identity = replace(identity).split_signer()     # a signer built in code may still be one text
    office = " ".join(identity.disahkan_oleh.split())
    name = " ".join(identity.nama_pengesah.split()) or "(" + "." * 44 + ")"
    nip = " ".join(identity.nip_pengesah.split())
    return "\n".join([office, *[""] * SIGNATURE_LINES, name, "NIP. " + (nip or "." * 36)])


def identity_table(sop: SOP, lang: str) -> tuple[list[list[tuple[str, str]]], list[str], list[float]]:
    """The identity page as rows of (text, style) cells, its merged ranges and its row heights."""
    ident = sop.identity
    agency = "\n".join(part.strip() for part in re.split(r"\s+/\s+|\n", ident.instansi) if part.strip())
    header = [("nomor", ident.nomor), ("tanggal_pembuatan", ident.tanggal_pembuatan),
              ("tanggal_revisi", ident.tanggal_revisi), ("tanggal_efektif", ident.tanggal_efektif),
              ("disahkan_oleh", signature_block(ident)), ("nama", ident.nama)]
    rows: list[list[tuple[str, str]]] = []
    for index, (key, value) in enumerate(header):
        rows.append([(agency if index == 0 else "", "agency"), ("", "agency"), (L.text(key, lang), "label"),
                     (value, "name" if key == "nama" else "signature" if key == "disahkan_oleh" else "value")])
    merges = [f"A1:B{len(header)}"]
    for left, right in zip(SECTIONS[0::2], SECTIONS[1::2]):
        rows.append([(L.text(left, lang) + ":", "section"), ("", "section"),
                     (L.text(right, lang) + ":", "section"), ("", "section")])
        rows.append([(_numbered(getattr(ident, left)), "items"), ("", "items"),
                     (_numbered(getattr(ident, right)), "items"), ("", "items")])
        merges += [f"A{len(rows) - 1}:B{len(rows) - 1}", f"C{len(rows) - 1}:D{len(rows) - 1}",
                   f"A{len(rows)}:B{len(rows)}", f"C{len(rows)}:D{len(rows)}"]
    widths = IDENTITY_WIDTHS
    half = (widths[0] + widths[1], widths[2] + widths[3])
    heights = []
    for number, row in enumerate(rows, start=1):
        if number <= len(header):
            needed = max(text_height(row[2][0], widths[2]), text_height(row[3][0], widths[3]), 18.0)
        else:
            needed = max(text_height(row[0][0], half[0]), text_height(row[2][0], half[1]), 18.0)
        heights.append(min(MAX_ROW_HEIGHT, needed + 2))
    agency_needed = text_height(agency, widths[0] + widths[1], 12) + 8
    short = agency_needed - sum(heights[:len(header)])
    if short > 0:
        heights[0] += short
    return rows, merges, heights


def _identity_page(package: Package, sop: SOP, lang: str) -> None:
    styles = _add_styles(package)
    rows, merges, heights = identity_table(sop, lang)
    body = []
    for number, (row, height) in enumerate(zip(rows, heights), start=1):
        cells = "".join(cell_xml(f"{L.column_letter(c)}{number}", text, styles[style])
                        for c, (text, style) in enumerate(row, start=1))
        body.append(f'<row r="{number}" ht="{height:g}" customHeight="1">{cells}</row>')
    cols = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in enumerate(IDENTITY_WIDTHS, 1))
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
           f'<dimension ref="A1:D{len(rows)}"/><sheetViews><sheetView showGridLines="0" tabSelected="1" '
           'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
           f'<cols>{cols}</cols><sheetData>{"".join(body)}</sheetData>'
           f'<mergeCells count="{len(merges)}">{merged}</mergeCells><printOptions horizontalCentered="1"/>'
           '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
           '<pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/>'
           '<headerFooter><oddFooter>&amp;L&amp;8SOP AP&amp;R&amp;8&amp;P / &amp;N</oddFooter></headerFooter>'
           '</worksheet>')
    package.set_part(package.sheet_path(L.IDENTITAS), xml.encode("utf-8"))


def export_pdf(path: Path, output: Path) -> Path:
    """Write the official SOP document of the workbook at `path` as the PDF `output`."""
    from ..xlsx.workbook import read_sop

    path = Path(path)
    find_soffice()             # fail before any work when LibreOffice is missing
    sop, _, lang = read_sop(path)
    package = Package(path)
    prepare(package, sop, lang)
    with tempfile.TemporaryDirectory(prefix="sopxl-print-") as temp:
        copy = Path(temp) / Path(path).name
        package.save(copy)
        return convert_to_pdf(copy, Path(output))

