"""Change an existing workbook at the level of its zip parts, keeping every part sopxl does not own.

openpyxl drops shapes, form buttons and anything else it does not model when it saves, so sopxl
never round-trips a whole workbook through it. A ``Package`` instead holds the workbook's parts as
bytes, rewrites the sheet data (cells written as inline strings and numbers, styled from the column
styles the template set), table ranges and a few sheet elements, and copies every other part —
macros, buttons, drawings, comments, styles — byte for byte into the new file.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from pathlib import Path

from .. import layout as L
from ..domain.model import CELL_MAX_CHARS, NOT_CHARACTERS, NOT_XML_TEXT
from ..sheets.grid import excel_serial
from ..errors import SheetMissing, WorkbookError
from .files import atomic_output

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"

# CT_Worksheet child order (ECMA-376 Part 1, 18.3.1.99): a new element goes before the first later one
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
    "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
    "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF",
    "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
)
_ROW_RE = re.compile(r"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
_ROW_NUMBER_BYTES_RE = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_ROW_NUMBER_START_RE = re.compile(r'<row\b[^>]*?\br="(\d+)"')
# text that cell_xml must look at (markup characters, controls, line breaks, _xHHHH_, outer spaces); other
# text is written as it is
_PLAIN_TEXT_CARE = re.compile(r'[&<>_\x00-\x1f\ud800-\udfff\ufffe\uffff]|^\s|\s$')
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def _element_span(xml: str, tag: str) -> tuple[int, int] | None:
    """Start and end offsets of the first `<tag …>…</tag>` or `<tag …/>` in `xml`, or None."""
    match = re.search(rf"<{tag}\b", xml)
    if not match:
        return None
    start = match.start()
    close = xml.find(">", start)
    if xml[close - 1] == "/":
        return start, close + 1
    end = xml.find(f"</{tag}>", close)
    return start, end + len(f"</{tag}>")


def cell_xml(ref: str, value, style: int | None) -> str:
    """One `<c>` element; text is always an inline string, so it can never become a formula."""
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            value = str(value)
        else:
            return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f'<c r="{ref}"{s}><v>{excel_serial(value)!r}</v></c>'
    text = ooxml_text(str(value)[:CELL_MAX_CHARS])
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def ooxml_text(text: str) -> str:
    """`text` as a cell's string: a literal ``_xHHHH_`` kept literal, control characters written as ``_xHHHH_``.

    Spreadsheet text uses ``_xHHHH_`` for characters XML cannot hold, so a subject that contains such a
    sequence must escape its underscore (``_x005F_``), and a control character typed into a note becomes
    its escape instead of vanishing. U+FFFE and U+FFFF are not characters at all and are dropped.
    """
    text = _OOXML_ESCAPE.sub("_x005F_", text)
    return NOT_XML_TEXT.sub(lambda m: "" if NOT_CHARACTERS.match(m.group()) else f"_x{ord(m.group()):04X}_", text)


class Package:
    """The parts of a workbook file, editable sheet by sheet, saved atomically."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            with zipfile.ZipFile(self.path) as archive:
                self._infos = archive.infolist()
                self._parts = {info.filename: archive.read(info.filename) for info in self._infos}
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            raise WorkbookError(f"cannot be opened as a workbook ({exc})", file=str(self.path),
                                fix="restore it from a backup") from exc
        self._sheet_paths = self._read_sheet_paths()
        self._text: dict[str, str] = {}

    # ---- parts --------------------------------------------------------------------------------
    def part(self, name: str) -> bytes | None:
        return self._parts.get(name)

    def set_part(self, name: str, data: bytes, content_type: str | None = None) -> None:
        """Add or replace a part; a new part's content type is registered in [Content_Types].xml."""
        if name not in self._parts:
            self._infos.append(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)))
            if content_type:
                types = self._parts["[Content_Types].xml"].decode("utf-8")
                types = types.replace("</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>')
                self._parts["[Content_Types].xml"] = types.encode("utf-8")
        self._parts[name] = data
        self._text.pop(name, None)

    def names(self) -> list[str]:
        return [info.filename for info in self._infos]

    def has_sheet(self, sheet: str) -> bool:
        return self._sheet_paths.get(sheet) in self._parts

    def refresh_sheets(self) -> None:
        """Read the sheets' names and parts again, after xl/workbook.xml or its relationships changed."""
        self._sheet_paths = self._read_sheet_paths()

    def set_row_breaks(self, sheet: str, rows: list[int]) -> None:
        """Manual page breaks above each of `rows` (1-based), replacing the sheet's row breaks."""
        items = "".join(f'<brk id="{row - 1}" max="16383" man="1"/>' for row in rows)
        self.set_element(sheet, "rowBreaks", f'<rowBreaks count="{len(rows)}" manualBreakCount="{len(rows)}">'
                                             f"{items}</rowBreaks>" if rows else None)

    def _read_sheet_paths(self) -> dict[str, str]:
        try:
            workbook = self._parts["xl/workbook.xml"].decode("utf-8")
            rels = self._parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
        except KeyError as exc:
            raise WorkbookError("not an Excel workbook (no xl/workbook.xml)", file=str(self.path)) from exc
        return sheet_parts(workbook, rels)

    def sheet_path(self, sheet: str) -> str:
        path = self._sheet_paths.get(sheet)
        if not path or path not in self._parts:
            raise SheetMissing("the sheet is missing", file=str(self.path), sheet=sheet,
                                fix="restore the sheet, or rebuild the workbook with `sopxl new`")
        return path

    def sheet_xml(self, sheet: str) -> str:
        path = self.sheet_path(sheet)
        if path not in self._text:
            self._text[path] = self._parts[path].decode("utf-8")
        return self._text[path]

    def _set_sheet_xml(self, sheet: str, xml: str) -> None:
        path = self.sheet_path(sheet)
        self._text[path] = xml
        self._parts[path] = xml.encode("utf-8")

    def sheet_rels(self, sheet: str) -> tuple[str, str]:
        """Path and text of the sheet's relationship part ("" when it has none)."""
        path = self.sheet_path(sheet)
        rels = posixpath.join(posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels")
        return rels, self._parts.get(rels, b"").decode("utf-8")

    def table_paths(self, sheet: str) -> list[str]:
        rels_path, rels = self.sheet_rels(sheet)
        base = posixpath.dirname(posixpath.dirname(rels_path))
        found = []
        for rel in re.findall(r"<Relationship\b[^>]*>", rels):
            attrs = dict(_ATTR_RE.findall(rel))
            if attrs.get("Type") == REL_TABLE:
                target = attrs["Target"]   # relative (Excel) or absolute from the package root (openpyxl)
                found.append(target.lstrip("/") if target.startswith("/")
                             else posixpath.normpath(posixpath.join(base, target)))
        return found

    # ---- sheet content -----------------------------------------------------------------------------
    def column_styles(self, sheet: str) -> dict[int, int]:
        """Style index of each column that has a default style (`<col style>`), by 1-based column."""
        return _column_styles(self.sheet_xml(sheet))

    def cell_style(self, sheet: str, ref: str) -> int | None:
        """Style index of the cell at `ref`, or None when it has none."""
        match = re.search(rf'<c r="{ref}"(?=[\s/>])[^>]*?\bs="(\d+)"', self.sheet_xml(sheet))
        return int(match.group(1)) if match else None

    def set_rows(self, sheet: str, first_row: int, rows: list[list], *, first_column: int = 1,
                 styles: dict[int, int] | None = None, keep_below: bool = False,
                 row_heights: dict[int, float] | None = None) -> None:
        """Replace rows from `first_row` on with `rows` (cells from `first_column`).

        Rows below the new ones are removed unless `keep_below`. Each cell takes the style of its
        column (`styles`, default: the column styles of the sheet). Existing row attributes (height)
        of a replaced row are kept, unless `row_heights` gives a new height.
        """
        xml = self.sheet_xml(sheet)
        styles = self.column_styles(sheet) if styles is None else styles
        head, body, tail = self._split_sheet_data(sheet, xml)
        old_rows = {int(m.group(1)): row for row in _ROW_RE.findall(body) if (m := _ROW_NUMBER_RE.search(row))}
        last_new = first_row + len(rows) - 1
        kept = [old_rows[r] for r in sorted(old_rows) if r < first_row or (keep_below and r > last_new)]
        new_rows = []
        width = max(map(len, rows), default=0)
        letters = [L.column_letter(first_column + i) for i in range(width)]     # once, not once per cell
        column_styles = [styles.get(first_column + i) for i in range(width)]
        for offset, values in enumerate(rows):
            number = first_row + offset
            attrs = _row_attrs(old_rows.get(number, ""), (row_heights or {}).get(number))
            cells = "".join([cell_xml(f"{letters[i]}{number}", value, column_styles[i])
                             for i, value in enumerate(values)])
            new_rows.append(f'<row r="{number}"{attrs}>{cells}</row>' if cells or attrs else "")
        ordered = sorted(kept + [r for r in new_rows if r], key=lambda r: int(_ROW_NUMBER_RE.search(r).group(1)))
        xml = head + "".join(ordered) + tail
        last_row = max([first_row - 1, *(int(_ROW_NUMBER_RE.search(r).group(1)) for r in ordered)])
        xml = self._update_dimension(xml, last_row)
        self._set_sheet_xml(sheet, xml)

    def replace_rows_from(self, sheet: str, first_row: int, rows: list[list], heights: list[float], *,
                          title: str | None = None) -> None:
        """Replace every row from `first_row` on with `rows` (from column A), row i `heights[i]` points high,
        and the text of A1 with `title` (its style and row kept).

        For a sheet sopxl derives whole (Beban Kerja, Lini Waktu): the rows above `first_row` are kept as
        they are, the old rows below are dropped unread, and an empty value writes no cell at all (its
        column's style shows), so a view of thousands of rows is rewritten quickly.
        """
        xml = self.sheet_xml(sheet)
        styles = self.column_styles(sheet)
        head, body, tail = self._split_sheet_data(sheet, xml)
        cut = next((m.start() for m in _ROW_NUMBER_START_RE.finditer(body) if int(m.group(1)) >= first_row), len(body))
        kept = body[:cut]
        if title is not None and first_row > 1:
            style = self.cell_style(sheet, "A1")
            old = next((row for row in _ROW_RE.findall(kept) if _ROW_NUMBER_RE.search(row).group(1) == "1"), "")
            new = f'<row r="1"{_row_attrs(old, None)}>{cell_xml("A1", title, style)}</row>'
            kept = kept.replace(old, new, 1) if old else new + kept
        width = max((len(row) for row in rows), default=0)
        letters = [L.column_letter(c) for c in range(1, width + 1)]
        style_of = [styles.get(c) for c in range(1, width + 1)]
        s_attr = [f' s="{style}"' if style else "" for style in style_of]
        parts = [kept]
        for offset, (values, height) in enumerate(zip(rows, heights)):
            number = first_row + offset
            cells = []
            for i, value in enumerate(values):
                if value is None or value == "":
                    continue
                kind = type(value)
                if kind is int:                 # a bar cell's code, a count: the common case, written directly
                    cells.append(f'<c r="{letters[i]}{number}"{s_attr[i]}><v>{value}</v></c>')
                elif kind is str and not _PLAIN_TEXT_CARE.search(value) and len(value) <= CELL_MAX_CHARS:
                    cells.append(f'<c r="{letters[i]}{number}"{s_attr[i]} t="inlineStr"><is><t>{value}</t></is></c>')
                elif kind is dt.datetime:
                    cells.append(f'<c r="{letters[i]}{number}"{s_attr[i]}><v>{excel_serial(value)!r}</v></c>')
                else:
                    cells.append(cell_xml(f"{letters[i]}{number}", value, style_of[i]))
            parts.append(f'<row r="{number}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>')
        last_row = first_row + len(rows) - 1 if rows else max(
            [0, *(int(n) for n in _ROW_NUMBER_START_RE.findall(kept))])
        self._set_sheet_xml(sheet, self._update_dimension(head, last_row) + "".join(parts) + tail)

    def append_rows(self, sheet: str, rows: list[list], *, first_column: int = 1) -> int:
        """Append rows after the last row of the sheet; returns the first new row number.

        Works on the sheet's bytes and decodes only the part before the cells: a Log of tens of
        thousands of rows is never turned into text or copied as text, so an action stays quick.
        """
        path = self.sheet_path(sheet)
        data = self._parts[path]
        if data.rfind(b"</sheetData>") < 0:          # an empty <sheetData/>: open it first
            head, body, tail = self._split_sheet_data(sheet, self.sheet_xml(sheet))
            self._set_sheet_xml(sheet, head + body + tail)
            data = self._parts[path]
        start, close = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
        head = data[:start].decode("utf-8")
        last_row = self.last_row_number(sheet)
        if last_row + len(rows) > L.EXCEL_MAX_ROWS:
            raise WorkbookError(f"the sheet is full: Excel holds {L.EXCEL_MAX_ROWS:,} rows", file=str(self.path),
                                sheet=sheet, cell=L.cell_ref(L.EXCEL_MAX_ROWS, first_column),
                                fix="nothing was written; start a new workbook for what comes next")
        styles = _column_styles(head)
        parts = []
        for offset, values in enumerate(rows, start=1):
            number = last_row + offset
            cells = "".join(cell_xml(f"{L.column_letter(first_column + i)}{number}", value,
                                     styles.get(first_column + i)) for i, value in enumerate(values))
            parts.append(f'<row r="{number}">{cells}</row>')
        head = self._update_dimension(head, last_row + len(rows))
        self.set_part(path, head.encode("utf-8") + data[start:close] + "".join(parts).encode("utf-8") + data[close:])
        return last_row + 1

    def last_row_number(self, sheet: str) -> int:
        """The number of the sheet's last `<row>` element, read from its bytes (0 for none)."""
        data = self._parts[self.sheet_path(sheet)]
        start, close = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
        last_open = data.rfind(b"<row ", start, close) if close >= 0 else -1
        match = _ROW_NUMBER_BYTES_RE.match(data, last_open) if last_open >= 0 else None
        return int(match.group(1)) if match else 0

    def last_row(self, sheet: str) -> int:
        _, body, _ = self._split_sheet_data(sheet, self.sheet_xml(sheet))
        numbers = [int(n) for n in re.findall(r'<row\b[^>]*?\br="(\d+)"', body)]
        return max(numbers, default=0)

    def _split_sheet_data(self, sheet: str, xml: str) -> tuple[str, str, str]:
        """(text up to and including <sheetData>, the rows, text from </sheetData> on)."""
        span = _element_span(xml, "sheetData")
        if span is None:
            raise WorkbookError("the sheet has no cell data part", file=str(self.path), sheet=sheet)
        start, end = span
        element = xml[start:end]
        if element.endswith("/>"):
            return xml[:start] + "<sheetData>", "", "</sheetData>" + xml[end:]
        open_end = xml.find(">", start) + 1
        close = end - len("</sheetData>")
        return xml[:open_end], xml[open_end:close], xml[close:]

    @staticmethod
    def _update_dimension(xml: str, last_row: int) -> str:
        match = re.search(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*/>', xml)
        if not match:
            return xml
        last_col = match.group(3) or match.group(1)
        ref = f"{match.group(1)}{match.group(2)}:{last_col}{max(last_row, int(match.group(2)))}"
        return xml[:match.start()] + f'<dimension ref="{ref}"/>' + xml[match.end():]

    def set_element(self, sheet: str, tag: str, element: str | None) -> None:
        """Put `element` (XML text of `<tag>`) into the worksheet in schema order, or remove it (None)."""
        xml = self.sheet_xml(sheet)
        span = _element_span(xml, tag)
        if span:
            xml = xml[:span[0]] + (element or "") + xml[span[1]:]
        elif element:
            later = WORKSHEET_ORDER[WORKSHEET_ORDER.index(tag) + 1:]
            positions = [s[0] for t in later if (s := _element_span(xml, t))]
            at = min(positions) if positions else xml.rfind("</worksheet>")
            xml = xml[:at] + element + xml[at:]
        self._set_sheet_xml(sheet, xml)

    def get_element(self, sheet: str, tag: str) -> str | None:
        xml = self.sheet_xml(sheet)
        span = _element_span(xml, tag)
        return xml[span[0]:span[1]] if span else None

    def resize_tables(self, sheet: str, data_rows: int, header_row: int = 1) -> None:
        """Make every table whose header is on `header_row` cover exactly `data_rows` rows below it."""
        last = header_row + max(data_rows, 1)
        for path in self.table_paths(sheet):
            xml = self._parts[path].decode("utf-8")
            match = re.search(r'<table\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml)
            if not match or int(match.group(2)) != header_row:
                continue
            new_ref = f"{match.group(1)}{header_row}:{match.group(3)}{last}"
            old_ref = f"{match.group(1)}{match.group(2)}:{match.group(3)}{match.group(4)}"
            xml = xml.replace(f'ref="{old_ref}"', f'ref="{new_ref}"')
            self._parts[path] = xml.encode("utf-8")

    def set_hyperlinks(self, sheet: str, links: list[tuple[str, str, str]]) -> None:
        """Internal hyperlinks: (cell, target location like 'Aktivitas'!J7, display text)."""
        if not links:
            self.set_element(sheet, "hyperlinks", None)
            return
        items = "".join(f'<hyperlink ref="{ref}" location={quoteattr(location)} display={quoteattr(display)}/>'
                        for ref, location, display in links)
        self.set_element(sheet, "hyperlinks", f"<hyperlinks>{items}</hyperlinks>")

    # ---- column widths, row heights, relationships ---------------------------------------------------
    def column_widths(self, sheet: str) -> dict[int, float]:
        """Width (characters) of each column that has one (`<col width>`), by 1-based column."""
        widths: dict[int, float] = {}
        for col in re.findall(r"<col\b[^>]*/?>", self.get_element(sheet, "cols") or ""):
            attrs = dict(_ATTR_RE.findall(col))
            if "width" in attrs:
                for column in range(int(attrs["min"]), min(int(attrs["max"]), 16384) + 1):
                    widths[column] = float(attrs["width"])
        return widths

    def row_heights(self, sheet: str) -> dict[int, float]:
        """Height (points) of each row that sets one (`<row ht>`), by row number."""
        _, body, _ = self._split_sheet_data(sheet, self.sheet_xml(sheet))
        heights = {}
        for tag in re.findall(r"<row\b[^>]*>", body):
            attrs = dict(_ATTR_RE.findall(tag))
            if "ht" in attrs and "r" in attrs:
                heights[int(attrs["r"])] = float(attrs["ht"])
        return heights

    def set_column_widths(self, sheet: str, widths: dict[int, float]) -> None:
        """Set the width (characters) of columns, splitting `<col>` ranges; their other attributes stay."""
        if not widths:
            return
        spans: list[tuple[int, int, dict[str, str]]] = []
        for col in re.findall(r"<col\b[^>]*/?>", self.get_element(sheet, "cols") or ""):
            attrs = dict(_ATTR_RE.findall(col))
            low, high = int(attrs.pop("min")), int(attrs.pop("max"))
            start = low
            for column in sorted(c for c in widths if low <= c <= high):
                if column > start:
                    spans.append((start, column - 1, dict(attrs)))
                spans.append((column, column, {**attrs, "width": f"{widths[column]:g}", "customWidth": "1"}))
                start = column + 1
            if start <= high:
                spans.append((start, high, attrs))
        covered = {c for low, high, _ in spans for c in range(low, high + 1) if c in widths}
        for column in set(widths) - covered:
            spans.append((column, column, {"width": f"{widths[column]:g}", "customWidth": "1"}))
        items = "".join(f'<col min="{low}" max="{high}"' + "".join(f' {k}="{v}"' for k, v in attrs.items()) + "/>"
                        for low, high, attrs in sorted(spans, key=lambda s: s[0]))
        self.set_element(sheet, "cols", f"<cols>{items}</cols>")

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        """Give rows a custom height (points); rows that do not exist yet are added without cells."""
        if not heights:
            return
        xml = self.sheet_xml(sheet)
        head, body, tail = self._split_sheet_data(sheet, xml)
        pending = dict(heights)

        def resize(match: re.Match) -> str:
            row = match.group(0)
            number = int(_ROW_NUMBER_RE.search(row).group(1))
            if number not in pending:
                return row
            height = pending.pop(number)
            end = row.find(">")
            closing = "/>" if row[end - 1] == "/" else ">"
            tag = row[:end - 1] if closing == "/>" else row[:end]
            tag = re.sub(r'\s(?:ht|customHeight)="[^"]*"', "", tag)
            return f'{tag} ht="{height:g}" customHeight="1"{closing}' + row[end + 1:]

        body = _ROW_RE.sub(resize, body)
        if pending:
            rows = _ROW_RE.findall(body)
            rows += [f'<row r="{n}" ht="{h:g}" customHeight="1"/>' for n, h in pending.items()]
            body = "".join(sorted(rows, key=lambda r: int(_ROW_NUMBER_RE.search(r).group(1))))
        self._set_sheet_xml(sheet, head + body + tail)

    def relationships(self, part: str) -> list[dict[str, str]]:
        """The relationships of `part`: Id, Type, Target and TargetMode as written, and the resolved part path."""
        rels = self.part(_rels_path(part))
        found = []
        for rel in re.findall(r"<Relationship\b[^>]*>", rels.decode("utf-8") if rels else ""):
            attrs = {k: unescape(v) for k, v in _ATTR_RE.findall(rel)}
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") != "External":
                attrs["path"] = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            found.append(attrs)
        return found

    def add_relationship(self, part: str, rel_type: str, target: str) -> str:
        """Add a relationship from `part` to `target` (relative to it), creating the .rels part; returns its Id."""
        path = _rels_path(part)
        existing = self.part(path)
        xml = existing.decode("utf-8") if existing else (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        numbers = [int(n) for n in re.findall(r'\bId="rId(\d+)"', xml)]
        rid = f"rId{max(numbers, default=0) + 1}"
        relationship = f'<Relationship Id="{rid}" Type={quoteattr(rel_type)} Target={quoteattr(target)}/>'
        if "</Relationships>" in xml:
            xml = xml.replace("</Relationships>", relationship + "</Relationships>")
        else:   # an empty root written as <Relationships …/>
            xml = re.sub(r"<Relationships\b([^>]*?)\s*/>", lambda m: f"<Relationships{m.group(1)}>{relationship}"
                         "</Relationships>", xml, count=1)
        self.set_part(path, xml.encode("utf-8"))
        return rid

    def set_defined_name(self, name: str, sheet: str, ref: str) -> None:
        """Point a sheet-scoped defined name (`_xlnm.Print_Area`, `_xlnm._FilterDatabase`) at `ref` on `sheet`."""
        workbook = self._parts["xl/workbook.xml"].decode("utf-8")
        index = list(self._sheet_paths).index(sheet)
        quoted = f"'{sheet}'" if re.search(r"[^A-Za-z0-9_]", sheet) else sheet
        pattern = re.compile(rf'(<definedName name="{re.escape(name)}" localSheetId="{index}"[^>]*>)[^<]*(</definedName>)')
        if pattern.search(workbook):
            workbook = pattern.sub(lambda m: f"{m.group(1)}{quoted}!{ref}{m.group(2)}", workbook, count=1)
        self._parts["xl/workbook.xml"] = workbook.encode("utf-8")

    # ---- saving -----------------------------------------------------------------------------------
    def save(self, path: Path | None = None) -> Path:
        """Write the package to `path` (default: where it came from) atomically."""
        target = Path(path) if path else self.path
        with atomic_output(target) as temp:
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
                for info in self._infos:
                    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    copy.compress_type = zipfile.ZIP_DEFLATED
                    copy.external_attr = info.external_attr
                    archive.writestr(copy, self._parts[info.filename], compresslevel=1)
        return target


def sheet_parts(workbook: str, rels: str) -> dict[str, str]:
    """Sheet name -> its zip part, from the text of xl/workbook.xml and xl/_rels/workbook.xml.rels."""
    targets = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR_RE.findall(rel))
        target = attrs.get("Target", "")
        targets[attrs.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    sheets = {}
    for sheet in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(r'\bname="([^"]*)"', sheet)
        rid = re.search(r'\br:id="([^"]*)"', sheet) or re.search(r'\b\w+:id="([^"]*)"', sheet)
        if name and rid:
            sheets[unescape(name.group(1))] = targets.get(rid.group(1))
    return sheets


def _column_styles(xml: str) -> dict[int, int]:
    """Style index of each column with a default style (`<col style>`) in a sheet's XML (its head will do)."""
    styles: dict[int, int] = {}
    for col in re.findall(r"<col\b[^>]*/?>", xml):
        attrs = dict(_ATTR_RE.findall(col))
        if "style" in attrs:
            for column in range(int(attrs["min"]), min(int(attrs["max"]), 16384) + 1):
                styles[column] = int(attrs["style"])
    return styles


def _row_attrs(old_row: str, height: float | None) -> str:
    """Attributes to keep from an existing `<row>` (height, hidden, style), or a new height."""
    attrs = dict(_ATTR_RE.findall(old_row[:old_row.find(">")])) if old_row else {}
    kept = {k: v for k, v in attrs.items() if k in ("ht", "customHeight", "hidden", "s", "customFormat")}
    if height is not None:
        kept["ht"] = f"{height:g}"
        kept["customHeight"] = "1"
    return "".join(f' {k}="{v}"' for k, v in kept.items())


def _rels_path(part: str) -> str:
    """The relationship part of `part` (xl/worksheets/sheet3.xml -> xl/worksheets/_rels/sheet3.xml.rels)."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def escape(text: str) -> str:
    """Text escaped for XML character data (xml.sax.saxutils would cost a button 30 ms of imports)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
