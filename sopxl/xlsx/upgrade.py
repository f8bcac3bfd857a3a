"""A Pelacak sheet written by an older sopxl, brought to today's layout inside the workbook file.

Pelacak is derived from the Log, so nothing of it needs keeping but its place: the sheet's part, its
table (TabelPelacak, same part and id), its code name (the VBA document module of an .xlsm), its
buttons and any drawing a person put on it. The new layout is taken from a workbook XlsxWriter writes
now (``create.write_workbook``): its Pelacak part (columns, frozen panes, protection, status colours,
print setup) and table, with the styles it uses copied into this workbook's styles (fonts, fills,
borders, number formats, cell formats and the colours' differential formats, added when not there
yet). The rows are written by the caller's plan afterwards, as on every action. Every other part of
the file stays byte for byte; the caller holds the lock and saves atomically.
"""

from __future__ import annotations

import io
import re
import zipfile

from .. import layout as L
from ..domain.calendar import WorkCalendar
from ..domain.model import SOP, Identity
from .create import WorkbookContent, write_workbook
from .patch import Package, unescape, cell_xml, quoteattr, sheet_parts

# the elements of the old sheet that are kept (they point at parts the old sheet's relationships hold)
_KEPT = ("drawing", "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls")
_STYLE_LISTS = ("fonts", "fills", "borders", "cellXfs", "dxfs")
_ITEM = {"fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf", "dxfs": "dxf", "numFmts": "numFmt"}


def template(lang: str) -> bytes:
    """A new workbook as XlsxWriter writes it today, in `lang`: where today's Pelacak comes from."""
    out = io.BytesIO()
    write_workbook(out, SOP(identity=Identity(), roles=[], steps=[]), WorkbookContent(calendar=WorkCalendar([]),
                                                                                       lang=lang))
    return out.getvalue()


def upgrade_pelacak(package: Package, lang: str, fresh: bytes | None = None) -> None:
    """Give the Pelacak of `package` today's layout (header row, columns, table, styles, print setup), empty
    below the header; `fresh` is a new workbook to take it from (default: ``template(lang)``)."""
    with zipfile.ZipFile(io.BytesIO(fresh or template(lang))) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if name.endswith(".xml") or name.endswith(".rels")}
    paths = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
    new_sheet = parts[paths[L.PELACAK]]
    new_table = parts[_table_of(parts, paths[L.PELACAK])]
    styles = _StyleCopy(parts["xl/styles.xml"], package.part("xl/styles.xml").decode("utf-8"))

    old_sheet = package.sheet_xml(L.PELACAK)
    kept = {tag: _element(old_sheet, tag) for tag in _KEPT}
    code_name = re.search(r'<sheetPr\b[^>]*\bcodeName="([^"]*)"', old_sheet)
    table_paths = package.table_paths(L.PELACAK)
    table_rel = _rel_id_of(package, L.PELACAK, table_paths[0]) if table_paths else None

    # today's sheet, its cells and styles mapped into this workbook; rows come from set_rows below
    sheet = re.sub(r"<sheetData>.*?</sheetData>|<sheetData/>", "<sheetData/>", new_sheet, flags=re.S)
    sheet = re.sub(r'(<col\b[^>]*\bstyle=")(\d+)"', lambda m: f'{m.group(1)}{styles.cell(int(m.group(2)))}"', sheet)
    sheet = re.sub(r'(<cfRule\b[^>]*\bdxfId=")(\d+)"', lambda m: f'{m.group(1)}{styles.dxf(int(m.group(2)))}"', sheet)
    if code_name:
        sheet = sheet.replace("<sheetPr>", f'<sheetPr codeName="{code_name.group(1)}">', 1) \
            if "<sheetPr>" in sheet else sheet.replace("<sheetPr/>", f'<sheetPr codeName="{code_name.group(1)}"/>', 1)
        if "codeName=" not in sheet:
            sheet = sheet.replace("<dimension", f'<sheetPr codeName="{code_name.group(1)}"/><dimension', 1)
    if table_rel:
        sheet = re.sub(r'(<tablePart\b[^>]*\br:id=")[^"]*"', lambda m: f'{m.group(1)}{table_rel}"', sheet)
    else:
        sheet = re.sub(r"<tableParts\b.*?</tableParts>", "", sheet, flags=re.S)
    package.set_part(package.sheet_path(L.PELACAK), sheet.encode("utf-8"))
    for tag, element in kept.items():
        if element:
            package.set_element(L.PELACAK, tag, element)
    # the header rows: the moment's title row and the labels, as inline strings in today's styles
    title_style = styles.cell(_cell_style(new_sheet, "A1"))
    header_style = styles.cell(_cell_style(new_sheet, "A2"))
    package.set_rows(L.PELACAK, 1, [[L.text("tracker_blank", lang)]], styles={1: title_style})
    package.set_rows(L.PELACAK, L.PELACAK_HEADER_ROW, [[L.text(c.key, lang) for c in L.PELACAK_COLUMNS]],
                     styles={c: header_style for c in range(1, len(L.PELACAK_COLUMNS) + 1)},
                     row_heights={L.PELACAK_HEADER_ROW: L.PELACAK_HEADER_HEIGHT})
    if table_paths:
        old_table = package.part(table_paths[0]).decode("utf-8")
        old_id = re.search(r'<table\b[^>]*?\bid="(\d+)"', old_table).group(1)
        package.set_part(table_paths[0], re.sub(r'(<table\b[^>]*?\bid=")\d+"', rf'\g<1>{old_id}"', new_table,
                                                count=1).encode("utf-8"))
    package.set_part("xl/styles.xml", styles.result().encode("utf-8"))
    _move_buttons(package)
    titles = re.search(r'<definedName name="_xlnm.Print_Titles" localSheetId="\d+">[^<]*!([^<]*)</definedName>',
                       _defined_for(parts["xl/workbook.xml"], list(paths).index(L.PELACAK)))
    if titles:
        package.set_defined_name("_xlnm.Print_Titles", L.PELACAK, titles.group(1))


def add_views(package: Package, lang: str, names: list[str], fresh: bytes | None = None) -> None:
    """Add the sheets `names` (Beban Kerja, Lini Waktu: ``layout.views``) that a workbook written before them
    lacks, as a new workbook has them (`fresh`, default ``template(lang)``): placed after Pelacak in the
    layout's order, their styles copied in, their texts as inline strings. The rows are written by the
    caller's plan afterwards; sheet-scoped defined names and the active tab of the sheets after the new
    ones move along with them."""
    with zipfile.ZipFile(io.BytesIO(fresh or template(lang))) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if name.endswith(".xml") or name.endswith(".rels")}
    paths = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
    styles = _StyleCopy(parts["xl/styles.xml"], package.part("xl/styles.xml").decode("utf-8"))
    strings = [unescape("".join(re.findall(r"<t\b[^>]*>(.*?)</t>", item, re.S)))
               for item in re.findall(r"<si>(.*?)</si>", parts.get("xl/sharedStrings.xml", ""), re.S)]

    def shared(match: re.Match) -> str:
        return cell_xml(match.group(1), strings[int(match.group(3))], match.group(2) and int(match.group(2)))

    present = list(package._sheet_paths)
    workbook = package.part("xl/workbook.xml").decode("utf-8")
    for name in sorted(names, key=L.SHEETS.index):
        before = [s for s in L.SHEETS[:L.SHEETS.index(name)] if s in present]
        position = present.index(before[-1]) + 1 if before else 0
        sheet = re.sub(r'<c r="([A-Z]+\d+)"(?: s="(\d+)")? t="s"><v>(\d+)</v></c>', shared, parts[paths[name]])
        sheet = re.sub(r'(<(?:c|row)\b[^>]*?\ss=")(\d+)"', lambda m: f'{m.group(1)}{styles.cell(int(m.group(2)))}"',
                       sheet)
        sheet = re.sub(r'(<col\b[^>]*\bstyle=")(\d+)"', lambda m: f'{m.group(1)}{styles.cell(int(m.group(2)))}"', sheet)
        sheet = re.sub(r'(<cfRule\b[^>]*\bdxfId=")(\d+)"', lambda m: f'{m.group(1)}{styles.dxf(int(m.group(2)))}"',
                       sheet)
        sheet = re.sub(r'\s(?:tabSelected|codeName)="[^"]*"', "", sheet)
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in package.names():
            number += 1
        package.set_part(f"xl/worksheets/sheet{number}.xml", sheet.encode("utf-8"), _CT_WORKSHEET)
        rid = package.add_relationship("xl/workbook.xml", _REL_WORKSHEET, f"worksheets/sheet{number}.xml")
        sheet_id = max(int(n) for n in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', workbook)) + 1
        tags = list(re.finditer(r"<sheet\b[^>]*/>", workbook))
        at = tags[position - 1].end() if position else tags[0].start()
        workbook = workbook[:at] + f'<sheet name={quoteattr(name)} sheetId="{sheet_id}" r:id="{rid}"/>' + workbook[at:]
        workbook = re.sub(r'\b(localSheetId|activeTab|firstSheet)="(\d+)"',
                          lambda m: f'{m.group(1)}="{int(m.group(2)) + 1}"' if int(m.group(2)) >= position
                          else m.group(0), workbook)
        present.insert(position, name)
    package.set_part("xl/workbook.xml", workbook.encode("utf-8"))
    package.set_part("xl/styles.xml", styles.result().encode("utf-8"))
    package.refresh_sheets()


_CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _move_buttons(package: Package) -> None:
    """Put sopxl's buttons of a macro-enabled workbook's Pelacak where today's layout has them (row 1 from
    column C, the row tall enough): their anchors worked out by XlsxWriter on today's columns, written into
    the sheet's own VML part (its buttons, captions and macros stay as they are; other shapes too)."""
    import xlsxwriter

    vml_rel = next((rel for rel in package.relationships(package.sheet_path(L.PELACAK))
                    if rel.get("Type", "").endswith("/vmlDrawing")), None)
    if vml_rel is None:
        return
    macros = [button.macro for button in L.BUTTONS if button.sheet == L.PELACAK]
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(L.PELACAK)
    for index, column in enumerate(L.PELACAK_COLUMNS):
        sheet.set_column(index, index, column.width)
    sheet.set_row(0, L.BUTTON_ROW_HEIGHT)
    for macro, (row, column, x, y) in zip(macros, L.button_places(L.PELACAK, len(macros))):
        sheet.insert_button(row, column, {"macro": macro, "width": L.BUTTON_WIDTH, "height": L.BUTTON_HEIGHT,
                                          "x_offset": x, "y_offset": y})
    workbook.close()
    with zipfile.ZipFile(out) as archive:
        drawn = next(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".vml"))
    anchors = dict(zip(macros, re.findall(r"<x:Anchor>([^<]*)</x:Anchor>", drawn)))

    def moved(shape: re.Match) -> str:
        macro = re.search(r"<x:FmlaMacro>(?:\[0\]!)?([^<]*)</x:FmlaMacro>", shape.group(0))
        anchor = anchors.get(macro.group(1).strip()) if macro else None
        return re.sub(r"<x:Anchor>[^<]*</x:Anchor>", f"<x:Anchor>{anchor}</x:Anchor>", shape.group(0)) \
            if anchor else shape.group(0)

    vml = package.part(vml_rel["path"]).decode("utf-8")
    package.set_part(vml_rel["path"], re.sub(r"<v:shape\b.*?</v:shape>", moved, vml, flags=re.S).encode("utf-8"))
    package.set_row_heights(L.PELACAK, {1: L.BUTTON_ROW_HEIGHT})


def _defined_for(workbook: str, index: int) -> str:
    return "".join(re.findall(rf'<definedName [^>]*localSheetId="{index}"[^>]*>[^<]*</definedName>', workbook))


def _element(xml: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}\b[^>]*?(?:/>|>.*?</{tag}>)", xml, re.S)
    return match.group(0) if match else None


def _cell_style(sheet: str, ref: str) -> int:
    match = re.search(rf'<c r="{ref}"[^>]*?\bs="(\d+)"', sheet)
    return int(match.group(1)) if match else 0


def _table_of(parts: dict[str, str], sheet_path: str) -> str:
    rels = parts[sheet_path.replace("worksheets/", "worksheets/_rels/") + ".rels"]
    target = re.search(r'Target="([^"]*tables/[^"]*)"', rels).group(1)
    return "xl/tables/" + target.rsplit("/", 1)[1]


def _rel_id_of(package: Package, sheet: str, target_path: str) -> str | None:
    for rel in package.relationships(package.sheet_path(sheet)):
        if rel.get("path") == target_path or rel.get("Target", "").endswith(target_path.rsplit("/", 1)[1]):
            return rel.get("Id")
    return None


class _StyleCopy:
    """Styles of one workbook (`source`) copied into another's styles part (`target`) as they are needed."""

    def __init__(self, source: str, target: str):
        self.source = {name: _items(source, name) for name in (*_STYLE_LISTS, "numFmts")}
        self.target = target
        self.lists = {name: _items(target, name) for name in (*_STYLE_LISTS, "numFmts")}
        self.cells: dict[int, int] = {}
        self.dxfs: dict[int, int] = {}

    def _add(self, name: str, item: str) -> int:
        items = self.lists[name]
        if item not in items:
            items.append(item)
        return items.index(item)

    def _number_format(self, number: int) -> int:
        if number < 164:                    # a built-in format: the same in every workbook
            return number
        code = next(re.search(r'formatCode="([^"]*)"', f).group(1) for f in self.source["numFmts"]
                    if re.search(rf'numFmtId="{number}"', f))
        for existing in self.lists["numFmts"]:
            if f'formatCode="{code}"' in existing:
                return int(re.search(r'numFmtId="(\d+)"', existing).group(1))
        ids = [int(n) for f in self.lists["numFmts"] for n in re.findall(r'numFmtId="(\d+)"', f)]
        new = max([163, *ids]) + 1
        self.lists["numFmts"].append(f'<numFmt numFmtId="{new}" formatCode="{code}"/>')
        return new

    def cell(self, index: int) -> int:
        """The index in the target's cell formats of the source's cell format `index` (added when missing)."""
        if index not in self.cells:
            xf = self.source["cellXfs"][index]
            for attribute, name in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                found = re.search(rf'\b{attribute}="(\d+)"', xf)
                if found:
                    new = self._add(name, self.source[name][int(found.group(1))])
                    xf = re.sub(rf'\b{attribute}="\d+"', f'{attribute}="{new}"', xf, count=1)
            number = re.search(r'\bnumFmtId="(\d+)"', xf)
            if number:
                xf = re.sub(r'\bnumFmtId="\d+"', f'numFmtId="{self._number_format(int(number.group(1)))}"', xf,
                            count=1)
            self.cells[index] = self._add("cellXfs", xf)
        return self.cells[index]

    def dxf(self, index: int) -> int:
        """The index in the target's differential formats of the source's `index` (added when missing)."""
        if index not in self.dxfs:
            self.dxfs[index] = self._add("dxfs", self.source["dxfs"][index])
        return self.dxfs[index]

    def result(self) -> str:
        """The target's styles part with what was copied into it."""
        xml = self.target
        for name in ("numFmts", *_STYLE_LISTS):
            items = self.lists[name]
            if not items and not re.search(rf"<{name}\b", xml):
                continue
            element = f'<{name} count="{len(items)}">{"".join(items)}</{name}>'
            span = re.search(rf"<{name}\b[^>]*?(?:/>|>.*?</{name}>)", xml, re.S)
            if span:
                xml = xml[:span.start()] + element + xml[span.end():]
            else:                            # numFmts or dxfs a workbook did not have yet: in schema order
                before = {"numFmts": "<fonts", "dxfs": "<tableStyles"}[name]
                at = xml.find(before)
                at = at if at >= 0 else xml.find("</styleSheet>")
                xml = xml[:at] + element + xml[at:]
        return xml


def _items(xml: str, name: str) -> list[str]:
    """The child elements of the styles list `name` (`<fonts>` …), as text."""
    match = re.search(rf"<{name}\b[^>]*?(?:/>|>(.*?)</{name}>)", xml, re.S)
    if not match or not match.group(1):
        return []
    item = _ITEM[name]
    return re.findall(rf"<{item}\b[^>]*?/>|<{item}\b[^>]*?(?<!/)>.*?</{item}>", match.group(1), re.S)
