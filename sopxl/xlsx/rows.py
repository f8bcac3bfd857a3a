"""Writing sheet rows fast: whole data rows straight into XlsxWriter's constant-memory row file, and cells
laid out in any order written row by row.

Shared by the writers of big workbooks (the nightly master, the central report). Text is written as inline
strings only, so a Kegiatan or note typed as ``=HYPERLINK(…)`` or ``@SUM(…)`` stays text.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import math
import os
import re
import shutil
import threading
import zipfile
import zlib
from itertools import chain, islice, repeat
from operator import itemgetter

from ..domain.model import CELL_MAX_CHARS


_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _xml_text(text: str) -> str:
    """Cell text as XlsxWriter writes an inline string: cut to Excel's limit, control characters as _xHHHH_,
    then &, < and > escaped."""
    from xlsxwriter.xmlwriter import XMLwriter

    if len(text) > CELL_MAX_CHARS // 2 and len(text.encode("utf-16-le")) > 2 * CELL_MAX_CHARS:   # Excel counts UTF-16
        text = text.encode("utf-16-le")[:2 * CELL_MAX_CHARS].decode("utf-16-le", errors="ignore")
    text = XMLwriter._escape_control_characters(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_tail(value, style: str) -> str:
    """An inline-string cell after its reference (``s="3" t="inlineStr"><is><t>…</t></is></c>``); "" for no text."""
    if value is None:
        return ""
    if type(value) is not str:
        value = str(value)
    if value == "":
        return ""
    if _NEEDS_ESCAPE.search(value) is not None or len(value) > CELL_MAX_CHARS // 2:
        value = _xml_text(value)
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'


_CHUNK = 2000        # rows laid out at a time by ``write_rows``
_NUMBERS_KEPT = 4096  # a number column's memo of cells: rows come in order, so repeats are near
_ROW = b"\x00"       # where a row's number goes in its cells (XML text never holds U+0000: it is escaped)
_FLOATS = frozenset({int, float, bool, type(None)})      # numbers whose text is that of the value as a float


class _Tails(dict):
    """A text column's cells as UTF-8, reference included (``<c r="B?" s="3" t="inlineStr"><is>…</c>``, the
    row's number at U+0000), per value: units, actions, people repeat a lot. None is no cell (b"") or, for a
    boxed column, an empty cell of its style."""

    __slots__ = ("kind", "reference", "style", "labels")

    def __init__(self, kind: str, reference: str, style: str, labels):
        super().__init__()
        self.kind, self.reference, self.style, self.labels = kind, reference, style, labels
        self[None] = f"{reference}{style}/>".encode() if kind == "boxed" else b""

    def __missing__(self, value) -> bytes:
        tail = _text_tail(self.labels.get(value, value) if self.kind == "label" else value, self.style)
        if tail:
            tail = (self.reference + tail).encode()
        else:
            tail = f"{self.reference}{self.style}/>".encode() if self.kind == "boxed" else b""
        if len(self) < 50_000:
            self[value] = tail
        return tail


class _Numbers(dict):
    """A number column's cells as UTF-8, reference included, per value: a step, a norm, a time of the window
    repeat (rows come in time order). Emptied when full. A number's text is XlsxWriter's (``.16G``): that of
    the value as a float for an int, a float or a bool, so equal keys (1, 1.0, True) share it (a chunk of
    rows holding other types, Decimal("1.0") say, goes cell by cell); zero is not kept (0.0 and -0.0 are
    equal keys but not the same text), nor a NaN (never equal to itself)."""

    __slots__ = ("reference", "style", "around")

    def __init__(self, reference: str, style: str):
        super().__init__()
        self.reference, self.style = reference, style
        self.around = (repeat(f"{reference}{style}><v>".encode()), repeat(b"</v></c>"))
        self[None] = b""

    def __missing__(self, value) -> bytes:
        tail = self.text(value)
        if value and value == value:
            if len(self) >= _NUMBERS_KEPT:
                self.clear()
                self[None] = b""
            self[value] = tail
        return tail

    def text(self, value) -> bytes:
        return b"" if value is None else f'{self.reference}{self.style}><v>{value:.16G}</v></c>'.encode()


class _Column:
    """One cell of a ``write_rows`` plan: its cells in a chunk of rows, reference included."""

    __slots__ = ("value", "memo")

    def __init__(self, index: int, letter: str, kind: str, style: int, labels):
        self.value = itemgetter(index)
        reference, style = f'<c r="{letter}{_ROW.decode()}"', f' s="{style}"' if style else ""
        self.memo = _Numbers(reference, style) if kind == "number" else _Tails(kind, reference, style, labels)

    def cells(self, chunk: list) -> list[bytes]:
        """Each row's cell in `chunk` (b"" for none), its row's number at U+0000: a lookup per cell, in C."""
        values = list(map(self.value, chunk))
        memo = self.memo
        if type(memo) is _Numbers:
            if not _FLOATS.issuperset(map(type, values)):
                return list(map(memo.text, values))
            if None not in values and len(set(values)) > len(values) // 2:
                # mostly different numbers (times): each one's text made in C (XlsxWriter's %.16G), none kept
                before, after = memo.around
                return list(map(b"".join, zip(before, map(str.encode, map("%.16G".__mod__, values)), after)))
        return list(map(memo.__getitem__, values))


@functools.cache
def bulk_sheet_class():
    """An XlsxWriter worksheet that writes whole data rows straight into its constant-memory row file.

    XlsxWriter spends some microseconds per cell (argument checks, a cell tuple, attribute escaping);
    a master has millions of cells. ``write_rows`` writes the same XML (inline strings, numbers with a
    style) row by row and keeps the worksheet's dimensions and row bookkeeping as ``write`` would.
    A worksheet subclass is XlsxWriter's documented way to change how cells are written.
    """
    from xlsxwriter.utility import xl_col_to_name
    from xlsxwriter.worksheet import Worksheet

    class BulkSheet(Worksheet):
        _letters: dict[int, str] = {}             # column letters (shared: they never change)

        def write_rows(self, first_row: int, rows, plan, height: float | None = None) -> int:
            """Write `rows` from `first_row` on; `plan` is (value index, column, kind, style, labels) per cell.

            Kinds: "text" (written as an inline string), "number", "label" (a code shown through `labels`),
            "boxed" (a text whose cell keeps its style when it is empty: a bordered table's cell).
            `height`: the rows' height in points (None: the default). Returns the number of rows written.
            """
            if not self.constant_memory or first_row < self.previous_row or not hasattr(self.fh, "buffer"):
                return self._write_rows_slowly(first_row, rows, plan, height)
            opening = "" if height is None else f' ht="{height:.16g}" customHeight="1"'
            self._write_single_row(first_row)            # flush the row before (the header)
            # a plan is laid out once (column letters, styles, its texts' cells): a sheet written a row or two at
            # a time with a few plans (the reminders) pays it once
            known = self.__dict__.setdefault("_plans", {}).get(id(plan))
            if known is None or known[0] is not plan:
                known = self._plans[id(plan)] = (plan, [_Column(index, xl_col_to_name(column), kind, style, labels)
                                                        for index, column, kind, style, labels in plan])
            columns = known[1]
            self.fh.flush()                     # the text written before (the header) goes first
            write = self.fh.buffer.write
            # a database cursor gives a chunk of rows in one call (a server-side one would go through Python
            # for each row)
            fetch = getattr(rows, "fetchmany", None)
            if fetch is None:
                fetch = functools.partial(lambda rows, size: list(islice(rows, size)), iter(rows))
            row = first_row
            opening = f'<row r="\x00"{opening}>'.encode()
            # a chunk of rows at a time: each column's cells looked up in its memo (in C), then each row's cells
            # joined and its number put in (bytes' join and replace over the columns zipped: no Python per cell)
            while chunk := fetch(_CHUNK):
                write(b"".join(map(bytes.replace,
                                   map(b"".join, zip(repeat(opening), *[column.cells(chunk) for column in columns],
                                                     repeat(b"</row>"))),
                                   repeat(_ROW), map(b"%d".__mod__, range(row + 1, row + 1 + len(chunk))))))
                row += len(chunk)
            if row > first_row:
                used = [column for _, column, _, _, _ in plan]
                self._check_dimensions(first_row, min(used))
                self._check_dimensions(row - 1, max(used))
                self.previous_row = row - 1
            return row - first_row

        def write_row(self, row: int, cells, height: float | None = None, hidden: bool = False) -> None:
            """One row of `cells`, each (column, value, format), with its height in points (None: the default).

            The same XML as ``set_row(row, height, None, {"hidden": hidden})`` and a ``write_…`` per cell in
            constant-memory mode, without keeping the row's size in the worksheet (a sheet of many rows keeps
            no memory per row).
            A value of None or a float that is not finite is a blank cell of its format; a datetime is a date
            serial; any other value that is not a number is written as text (``write_string``).
            """
            if not self.constant_memory or row <= self.previous_row:
                self._write_row_slowly(row, cells, height, hidden)
                return
            self._write_single_row(row)                  # flush the row before; `row` is the current one
            pixels = self.default_row_height if height is None else int(height * 4.0 / 3.0 + 0.5)
            number = row + 1
            if pixels == 0:
                pixels, hidden = self.default_row_height, True
            parts = [f'<row r="{number}"']
            custom = pixels != self.original_row_height or pixels != self.default_row_height
            if custom:
                parts.append(f' ht="{pixels * 0.75:.16g}"')
            if hidden:
                parts.append(' hidden="1"')
            if custom:
                parts.append(' customHeight="1"')
            if self.excel_version == 2010:
                parts.append(' x14ac:dyDescent="0.25"')
            parts.append(">")
            append = parts.append
            letters = self._letters
            columns = []
            for column, value, fmt in cells:
                if fmt is None:
                    info = self.col_info.get(column)
                    fmt = info.column_format if info is not None else None
                style = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
                letter = letters.get(column)
                if letter is None:
                    letter = letters[column] = xl_col_to_name(column)
                kind = type(value)
                if value is None or (kind is float and not math.isfinite(value)):
                    if fmt is None:
                        continue
                    append(f'<c r="{letter}{number}"{style}/>')
                elif kind is int or kind is float:
                    append(f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
                elif isinstance(value, (dt.datetime, dt.date, dt.time)):
                    append(f'<c r="{letter}{number}"{style}><v>{self._convert_date_time(value):.16G}</v></c>')
                elif isinstance(value, (int, float)) and kind is not bool:
                    append(f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
                else:
                    text = value if kind is str else str(value)
                    tail = _text_tail(text, style) if text else f'{style} t="inlineStr"><is><t></t></is></c>'
                    append(f'<c r="{letter}{number}"{tail}')
                columns.append(column)
            if columns:
                append("</row>")
            else:
                parts[-1] = "/>"                          # a row of no cells (a height only)
            self.fh.write("".join(parts))
            if columns:
                self._check_dimensions(row, min(columns))
                self._check_dimensions(row, max(columns))
            else:
                self._check_dimensions(row, self.dim_colmin if self.dim_colmin is not None else 0)

        def _deflate_rows(self, level: int | None) -> None:
            """Deflate the rows as they are written (``_DeflatedRows``), for a workbook that splices them into
            its package (``bulk_workbook_class``); called before any row is."""
            if self.constant_memory and not isinstance(self.row_data_fh, _DeflatedRows):
                self.row_data_fh.close()
                self.row_data_fh = self.fh = _DeflatedRows(self.row_data_filename, level)

        def _write_optimized_sheet_data(self) -> None:
            """The rows' file into the sheet's XML as bytes: both are UTF-8, so it is copied, not decoded and
            encoded again (XlsxWriter copies it as text). Rows deflated as they were written go into the
            package as they are: here only a mark of where they go in the sheet's XML (``_Splicing``)."""
            target = getattr(self.fh, "buffer", None)
            rows = self.row_data_fh
            if isinstance(rows, _DeflatedRows):
                self.row_data_fh_closed = True
                rows.close()
                if self.dim_rowmin is None:
                    rows.discard()
                    self._xml_empty_tag("sheetData")
                    return
                self._xml_start_tag("sheetData")
                self.fh.flush()
                if _Splicing.active is not None:
                    self.fh.write(_Splicing.active.mark(rows))
                elif target is not None:    # packed by another hand than ours: the rows inflated into the XML
                    rows.inflate_into(target.write)
                else:
                    text = codecs.getincrementaldecoder("utf-8")()
                    rows.inflate_into(lambda block: self.fh.write(text.decode(block)))
                self._xml_end_tag("sheetData")
                return
            if self.dim_rowmin is None or target is None:
                super()._write_optimized_sheet_data()
                return
            self._xml_start_tag("sheetData")
            self.row_data_fh.close()
            self.fh.flush()
            with open(self.row_data_filename, "rb") as rows:
                shutil.copyfileobj(rows, target, 1 << 20)
            os.unlink(self.row_data_filename)
            self._xml_end_tag("sheetData")

        def _write_row_slowly(self, row: int, cells, height: float | None, hidden: bool) -> None:
            if height is not None or hidden:
                self.set_row(row, height, None, {"hidden": True} if hidden else None)
            for column, value, fmt in cells:
                if value is None or (type(value) is float and not math.isfinite(value)):
                    self.write_blank(row, column, None, fmt)
                elif isinstance(value, (dt.datetime, dt.date, dt.time)):
                    self.write_datetime(row, column, value, fmt)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.write_number(row, column, value, fmt)
                else:
                    self.write_string(row, column, str(value), fmt)

        def _write_rows_slowly(self, first_row: int, rows, plan, height: float | None = None) -> int:
            count = 0
            for offset, values in enumerate(rows):
                count += 1
                if height is not None:
                    self.set_row(first_row + offset, height)
                for index, column, kind, style, labels in plan:
                    value = values[index]
                    if kind == "label":
                        value = labels.get(value, value)
                    if value is None or value == "":
                        continue
                    if kind == "number":
                        self.write_number(first_row + offset, column, value)
                    else:
                        self.write_string(first_row + offset, column, str(value))
            return count

    return BulkSheet


_PACKING = threading.Lock()


@functools.cache
def bulk_workbook_class():
    """An XlsxWriter workbook packed at a zlib level of its own (``compresslevel``; None: zlib's default, 6),
    whose constant-memory sheets deflate their rows as they are written.

    A big sheet's XML is tens of megabytes: at level 3 deflating it costs about half the time of level 6 for
    files about a fifth bigger. XlsxWriter writes a sheet's rows to a file, copies them into the sheet's XML
    file, then reads that back to deflate it into the package; here the rows are deflated on their way to
    their file and spliced into the package as they are, between the sheet's XML before and after them
    (``_Splicing``): the package holds the same XML, none of it written or read twice. XlsxWriter packs
    with ``zipfile.ZipFile`` at its default level; the class it calls is swapped for ``_Splicing`` while this
    workbook is packed (one at a time).
    """
    import xlsxwriter
    from xlsxwriter import workbook as packing

    class BulkWorkbook(xlsxwriter.Workbook):
        compresslevel: int | None = None

        def add_worksheet(self, name=None, worksheet_class=None):
            sheet = super().add_worksheet(name, worksheet_class=worksheet_class)
            if isinstance(sheet, bulk_sheet_class()):
                sheet._deflate_rows(self.compresslevel)
            return sheet

        def _store_workbook(self) -> None:
            plain = getattr(packing, "ZipFile", None)
            if plain is not zipfile.ZipFile:        # swapped by someone else: theirs packs, the rows inflated
                super()._store_workbook()
                return
            # the package's files in memory when every sheet's rows are deflated (a sheet's XML without its
            # rows is small); otherwise on disk as XlsxWriter does, the deflated rows inflated into their sheet
            spliced = all(sheet.is_chartsheet or isinstance(sheet.row_data_fh, _DeflatedRows)
                          for sheet in self.worksheets())
            with _PACKING:
                packing.ZipFile = functools.partial(_Splicing, compresslevel=self.compresslevel)
                _Splicing.active, self.in_memory = (_Splices(), True) if spliced else (None, self.in_memory)
                try:
                    super()._store_workbook()
                finally:
                    packing.ZipFile = plain
                    if _Splicing.active is not None:
                        _Splicing.active.discard()
                        self.in_memory = False
                    _Splicing.active = None

    return BulkWorkbook


class _DeflatedRows:
    """A constant-memory sheet's row file, deflated as it is written: raw deflate ended by a full flush (byte
    aligned, no final block, nothing after it refers back into it), with the CRC-32 and size of what went in,
    so that it can stand in the middle of the sheet's entry in the package. Text (XlsxWriter's rows) and
    bytes (``write_rows``, through ``buffer``) go in in the order written, as UTF-8."""

    def __init__(self, path: str, level: int | None):
        self.path = path
        self.file = open(path, "wb")        # noqa: SIM115 (closed by close(); the sheet owns it)
        self.deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION if level is None else level, zlib.DEFLATED, -15)
        self.crc = self.size = self.compressed = 0
        self.buffer = self
        self.closed = False

    def write(self, data) -> int:
        if type(data) is str:
            data = data.encode("utf-8")
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        out = self.deflate.compress(data)
        if out:
            self.compressed += len(out)
            self.file.write(out)
        return len(data)

    def flush(self) -> None:
        """(The text before bytes needs no flush: both go through the one deflater.)"""

    def close(self) -> None:
        if not self.closed:
            out = self.deflate.flush(zlib.Z_FULL_FLUSH)
            self.compressed += len(out)
            self.file.write(out)
            self.file.close()
            self.closed = True

    def discard(self) -> None:
        self.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def inflate_into(self, write) -> None:
        """The rows as written, each block given to `write` (UTF-8 bytes), and the file removed."""
        inflate = zlib.decompressobj(-15)
        with open(self.path, "rb") as rows:
            while block := rows.read(1 << 20):
                write(inflate.decompress(block))
        self.discard()


class _Splices:
    """The deflated rows of the sheets being packed, by the mark that stands for them in their sheet's XML: U+0000
    (which XML text never holds: it is escaped), a number, U+0000."""

    def __init__(self):
        self.rows: dict[bytes, _DeflatedRows] = {}

    def mark(self, rows: _DeflatedRows) -> str:
        mark = f"{_MARK.decode()}{len(self.rows)}\x00"
        self.rows[mark.encode()] = rows
        return mark

    def discard(self) -> None:
        for rows in self.rows.values():
            rows.discard()
        self.rows.clear()


_MARK = b"\x00sopxl rows "


def _crc_times(a: int, b: int) -> int:
    """a times b modulo CRC-32's polynomial (zlib's multmodp; bit 31 is x^0)."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if not a & (m - 1):
                return p
        m >>= 1
        b = (b >> 1) ^ 0xEDB88320 if b & 1 else b >> 1


_CRC_POWERS = [1 << 30]          # x^(2^n) modulo the polynomial, n = 0…31
for _ in range(31):
    _CRC_POWERS.append(_crc_times(_CRC_POWERS[-1], _CRC_POWERS[-1]))


def crc32_combine(first: int, second: int, second_size: int) -> int:
    """The CRC-32 of two byte strings one after the other, from each one's CRC-32 and the second's size
    (zlib's crc32_combine, which Python's zlib does not offer)."""
    power, n, k = 1 << 31, second_size, 3          # x^(8 * size): a byte is 8 bits, x^8 = 2^3 doublings
    while n:
        if n & 1:
            power = _crc_times(_CRC_POWERS[k & 31], power)
        n >>= 1
        k += 1
    return _crc_times(power, first) ^ second


class _Splicing(zipfile.ZipFile):
    """XlsxWriter's zip file while a ``bulk_workbook_class`` workbook is packed (its files in memory: without the
    rows, a sheet's XML is small): a sheet whose rows were deflated as they were written (``_Splices``) goes in
    as its XML before their mark, deflated and fully flushed, the rows' deflated bytes as they are, then its XML
    after the mark, deflated to the end; its CRC-32 from the parts' (``crc32_combine``). Every file goes in at
    the workbook's level (``writestr`` of a ZipInfo would take zlib's default)."""

    active: _Splices | None = None

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo) and zinfo_or_arcname._compresslevel is None:
            compresslevel = self.compresslevel if compresslevel is None else compresslevel
        at = data.find(_MARK) if self.active is not None and isinstance(data, bytes) else -1
        if at < 0 or not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
        end = data.index(b"\x00", at + 1) + 1
        rows = self.active.rows.pop(data[at:end])
        info = zinfo_or_arcname
        try:
            if compress_type is not None:
                info.compress_type = compress_type
            if compresslevel is not None:
                info._compresslevel = compresslevel
            info.file_size = len(data) - (end - at) + rows.size
            with self._lock, self.open(info, "w") as entry:
                entry.write(data[:at])
                if info.compress_type != zipfile.ZIP_DEFLATED:      # (XlsxWriter deflates) the rows inflated
                    rows.inflate_into(entry.write)
                    entry.write(data[end:])
                    return None
                out = entry._compressor.flush(zlib.Z_FULL_FLUSH)
                with open(rows.path, "rb") as deflated:
                    entry._fileobj.write(out)
                    shutil.copyfileobj(deflated, entry._fileobj, 1 << 20)
                entry._compress_size += len(out) + rows.compressed
                entry._crc = crc32_combine(entry._crc, rows.crc, rows.size)
                entry._file_size += rows.size
                entry.write(data[end:])
        finally:
            rows.discard()
        return None


class Cells:
    """Cells laid out in any order, written row by row (constant-memory mode writes rows top to bottom only)."""

    def __init__(self):
        self.cells: dict[int, list[tuple]] = {}
        self.heights: dict[int, float] = {}

    def put(self, row: int, col: int, value, fmt=None, *, last_col: int | None = None) -> None:
        self.cells.setdefault(row, []).append((col, value, fmt, last_col))

    def height(self, row: int, points: float) -> None:
        self.heights[row] = points

    def write(self, sheet) -> None:
        for row in sorted(set(self.cells) | set(self.heights)):
            if row in self.heights:
                sheet.set_row(row, self.heights[row])
            for col, value, fmt, last_col in sorted(self.cells.get(row, []), key=lambda cell: cell[0]):
                if last_col is not None:
                    sheet.merge_range(row, col, row, last_col, "", fmt)
                if value is None:
                    if last_col is None:
                        sheet.write_blank(row, col, None, fmt)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(row, col, value, fmt)
                elif isinstance(value, (int, float)):
                    sheet.write_number(row, col, value, fmt)
                else:
                    sheet.write_string(row, col, str(value), fmt)
