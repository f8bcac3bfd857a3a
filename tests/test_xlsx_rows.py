"""The fast row writer (sopxl/xlsx/rows.py): rows written straight into the sheet read back as XlsxWriter's own."""

from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopxl.xlsx.rows import bulk_sheet_class


def test_rows_written_straight_into_the_sheet_read_back_as_xlsxwriter_writes_them(tmp_path: Path):
    import xlsxwriter

    texts = ["biasa", "a & b <c> \"d\"", " spasi di depan", "akhir ", "tab\tdan\nbaris", "kontrol \x01\x1f\r",
             "_x0041_ harfiah", "x" * 40_000, "😀" * 20_000, "=1+1", "@SUM(A1)", "\ufffe", ""]
    rows = [[text, float(i) / 3, i % 2, None if i % 3 else "ada"] for i, text in enumerate(texts)]
    plan = [(0, 0, "text", 0, None), (1, 1, "number", 0, None), (2, 2, "label", 0, {0: "tidak", 1: None}),
            (3, 3, "text", 0, None)]
    files = {}
    for way in ("write_rows", "_write_rows_slowly"):
        path = files[way] = tmp_path / f"{way}.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
        sheet = book.add_worksheet("Lembar", worksheet_class=bulk_sheet_class())
        sheet.write_string(0, 0, "judul")
        assert getattr(sheet, way)(1, iter(rows), plan) == len(rows)
        sheet.write_string(len(rows) + 1, 0, "sesudah")      # writing goes on below, as usual
        book.close()
    values = {way: [[cell.value for cell in row] for row in openpyxl.load_workbook(path).active.iter_rows()]
              for way, path in files.items()}
    assert values["write_rows"] == values["_write_rows_slowly"]
    assert values["write_rows"][2][0] == texts[1] and values["write_rows"][10][0] == "=1+1"
    assert len(values["write_rows"][8][0]) == 32_767 and values["write_rows"][-1][0] == "sesudah"


def test_a_row_written_straight_is_the_xml_xlsxwriter_writes_for_it(tmp_path: Path):
    """``write_row`` (heights, hidden rows, formats, blanks, dates, numbers, texts) writes the bytes that
    ``set_row`` and ``write_…`` per cell write, and keeps no size per row in the worksheet."""
    import datetime as dt
    import math
    import zipfile

    import xlsxwriter

    rows = [
        (None, False, [(0, "biasa", "a"), (1, 3, "b"), (2, 2.5, None), (4, None, "a")]),
        (31.5, False, [(0, " spasi & <tanda> ", None), (1, dt.datetime(2026, 11, 3, 8, 15), "d"), (2, "", "a")]),
        (15, False, [(0, "kontrol \x01 _x0041_", "b"), (1, math.nan, "b"), (3, math.inf, None), (5, True, None)]),
        (None, True, [(0, 0.8, None)]),
        (12.75, True, [(0, "label tersembunyi", None), (2, 1 / 3, None), (3, 10 ** 17, "b")]),
    ]
    files = {}
    for way in ("write_row", "xlsxwriter"):
        path = files[way] = tmp_path / f"{way}.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
        formats = {"a": book.add_format({"border": 1}), "b": book.add_format({"bold": True, "num_format": "0.0"}),
                   "d": book.add_format({"num_format": "dd/mm/yyyy hh:mm"}), None: None}
        sheet = book.add_worksheet("Lembar", worksheet_class=bulk_sheet_class())
        sheet.set_column(0, 5, 12)
        sheet.write_string(0, 0, "judul")
        for row, (height, hidden, cells) in enumerate(rows, start=1):
            cells = [(column, value, formats[style]) for column, value, style in cells]
            if way == "write_row":
                sheet.write_row(row, cells, height, hidden)
                continue
            sheet.set_row(row, height, None, {"hidden": True} if hidden else None)
            for column, value, fmt in cells:
                if value is None or (isinstance(value, float) and not math.isfinite(value)):
                    sheet.write_blank(row, column, None, fmt)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(row, column, value, fmt)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(row, column, value, fmt)
                else:
                    sheet.write_string(row, column, str(value), fmt)
        if way == "write_row":
            assert not sheet.row_sizes and not sheet.row_info       # nothing kept per row
        sheet.write_string(len(rows) + 1, 0, "sesudah")
        book.close()
    sheets = {way: zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml") for way, path in files.items()}
    assert sheets["write_row"] == sheets["xlsxwriter"]
    assert b'hidden="1"' in sheets["write_row"] and b'ht="31.5"' in sheets["write_row"]


def test_a_row_of_no_cells_keeps_its_height(tmp_path: Path):
    """(XlsxWriter's constant-memory mode drops such a row; ``write_row`` writes it.)"""
    import zipfile

    import xlsxwriter

    path = tmp_path / "kosong.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Lembar", worksheet_class=bulk_sheet_class())
    sheet.write_string(0, 0, "judul")
    sheet.write_row(1, [], 40)
    sheet.write_string(2, 0, "sesudah")
    book.close()
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b'<row r="2" ht="39.75" customHeight="1"/><row r="3">' in xml


def _sheet_xml(path) -> bytes:
    import zipfile

    return zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


class _Cursor:
    """Rows given a chunk at a time, as a database cursor gives them (``fetchmany``)."""

    def __init__(self, rows):
        self.rows = iter(rows)

    def fetchmany(self, size: int) -> list:
        from itertools import islice

        return list(islice(self.rows, size))


def _rows_both_ways(tmp_path: Path, rows, kinds, height=None, name="buku", cursor=False) -> dict:
    """The sheet XML of `rows` written by ``write_rows`` and by XlsxWriter's ``write_…`` per cell, each column of
    `kinds` with a style of its own ("label" columns show 0 as "tidak", 1 as nothing)."""
    import xlsxwriter

    labels = {0: "tidak", 1: None}
    sheets = {}
    for way in ("write_rows", "xlsxwriter"):
        path = tmp_path / f"{name}-{way}.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
        formats = [book.add_format({"border": 1 + index % 3, "num_format": "0.00" if kind == "number" else "@"})
                   for index, kind in enumerate(kinds)]
        styles = [fmt._get_xf_index() for fmt in formats]        # numbered in column order both ways
        # XlsxWriter's own worksheet the other way: its copy of the rows' file into the sheet too
        sheet = book.add_worksheet("Lembar", worksheet_class=bulk_sheet_class() if way == "write_rows" else None)
        sheet.write_string(0, 0, "judul")
        if way == "write_rows":
            plan = [(index, index, kind, styles[index], labels if kind == "label" else None)
                    for index, kind in enumerate(kinds)]
            assert sheet.write_rows(1, _Cursor(rows) if cursor else iter(rows), plan, height) == len(rows)
        else:
            for number, values in enumerate(rows, start=1):
                if height is not None:
                    sheet.set_row(number, height)
                for index, (kind, value) in enumerate(zip(kinds, values)):
                    if kind == "label" and value is not None:
                        value = labels.get(value, value)
                    if value is None or value == "":
                        if kind == "boxed":
                            sheet.write_blank(number, index, None, formats[index])
                    elif kind == "number":
                        sheet.write_number(number, index, value, formats[index])
                    else:
                        sheet.write_string(number, index, str(value), formats[index])
        sheet.write_string(len(rows) + 1, 0, "sesudah")
        book.close()
        sheets[way] = _sheet_xml(path)
    return sheets


_texts = st.one_of(st.none(), st.sampled_from(["biasa", "a & b", " spasi", "_x0041_", "Biro", "=1+1", "", "😀 é"]),
                   st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).filter(
                       lambda text: not (text.startswith("<r>") and text.endswith("</r>"))))
_numbers = st.one_of(st.none(), st.integers(-10 ** 15, 10 ** 15), st.sampled_from([0.0, -0.0, 0.5, -0.5]),
                     st.floats(allow_nan=False, allow_infinity=False), st.floats(45000, 47000))
_cells = {"text": _texts, "boxed": _texts, "number": _numbers,
          "label": st.one_of(st.none(), st.sampled_from([0, 1, 2, "x"]))}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), kinds=st.lists(st.sampled_from(sorted(_cells)), min_size=1, max_size=6),
       chunk=st.sampled_from([1, 2, 3, 2000]), height=st.sampled_from([None, 30, 15.75]), cursor=st.booleans())
def test_rows_written_in_chunks_are_the_xml_xlsxwriter_writes_for_them(tmp_path: Path, data, kinds, chunk, height,
                                                                      cursor):
    """Random rows (odd texts, empty and missing cells, ints, floats, 0.0 and -0.0, labels) through
    ``write_rows`` in chunks of any size (from an iterator or a cursor's ``fetchmany``) are byte for byte the cells
    XlsxWriter writes one by one. (A boxed column first and last: every row has its cells, the sheet's dimensions
    are its cells'.)"""
    from sopxl.xlsx import rows as module

    kinds = ["boxed", *kinds, "boxed"]
    rows = data.draw(st.lists(st.tuples(*[_cells[kind] for kind in kinds]), max_size=12))
    plain, module._CHUNK = module._CHUNK, chunk
    try:
        sheets = _rows_both_ways(tmp_path, rows, kinds, height, cursor=cursor)
    finally:
        module._CHUNK = plain
    assert sheets["write_rows"] == sheets["xlsxwriter"]


def test_a_column_of_more_numbers_than_its_memo_holds_is_written_as_xlsxwriter_writes_it(tmp_path: Path):
    """Past 4,096 distinct numbers a column's memo starts again; 0.0 and -0.0, 1, 1.0, True and Decimal("1.0"), big
    ints and floats (equal keys) keep their own text, XlsxWriter's."""
    from decimal import Decimal

    values = [45000 + index / 1440 for index in range(6_000)] + [0.0, -0.0, 0.0, 1e-300, 1e300, -0.0]
    mixed = [1, 1.0, True, 2.5, 0, -0.0, False, 0.0, 3, 3.0, 10 ** 17, 1e17, 10 ** 17 + 1, Decimal("1.0"),
             Decimal("2.50"), Decimal("-0"), 2.5]
    rows = [(value, value * 3, index, mixed[index % len(mixed)])
            for index, value in enumerate(values + values[::-1])]
    sheets = _rows_both_ways(tmp_path, rows, ["number"] * 4, name="angka")
    assert sheets["write_rows"] == sheets["xlsxwriter"]
    assert b"<v>-0</v>" in sheets["write_rows"] and b"<v>1E+300</v>" in sheets["write_rows"]
    assert b"<v>1E+17</v>" in sheets["write_rows"]


def test_a_workbook_packed_at_a_lower_level_reads_back_the_same_and_is_valid(tmp_path: Path):
    """``bulk_workbook_class``: the package at the workbook's own zlib level, other workbooks at the default."""
    import zipfile

    import xlsxwriter

    from helpers.ooxml import assert_valid
    from sopxl.xlsx.rows import bulk_workbook_class

    sizes, values = {}, {}
    for level in (1, None, 9):
        path = tmp_path / f"tingkat-{level}.xlsx"
        book = bulk_workbook_class()(str(path), {"constant_memory": True})
        book.compresslevel = level
        sheet = book.add_worksheet("Lembar", worksheet_class=bulk_sheet_class())
        plan = [(0, 0, "text", 0, None), (1, 1, "number", 0, None)]
        sheet.write_rows(0, ((f"baris {index % 97} unit {index % 13}", index / 7) for index in range(3_000)), plan)
        book.close()
        assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile          # XlsxWriter's own class again
        sizes[level] = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").compress_size
        values[level] = [[cell.value for cell in row] for row in openpyxl.load_workbook(path).active.iter_rows()]
    assert_valid(tmp_path / "tingkat-1.xlsx")
    assert sizes[1] > sizes[None] > sizes[9]
    assert values[1] == values[None] == values[9] and values[1][2_998] == ["baris 88 unit 8", float(f"{2_998 / 7:.16G}")]


@settings(max_examples=60, deadline=None)
@given(first=st.binary(max_size=300), second=st.binary(max_size=3000))
def test_crc32_combine_is_zlibs_crc32_of_the_two_one_after_the_other(first: bytes, second: bytes):
    import zlib

    from sopxl.xlsx.rows import crc32_combine

    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


def test_rows_deflated_as_written_and_spliced_into_the_package_are_the_sheet_xlsxwriter_writes(tmp_path: Path,
                                                                                             monkeypatch):
    """A ``bulk_workbook_class`` workbook deflates its sheets' rows as they are written (XlsxWriter's rows and
    ``write_rows``' alike) and splices them into the package: every member of the package is byte for byte
    XlsxWriter's own, the package's CRCs hold, and it passes the validator; a sheet of no rows, a sheet written
    by XlsxWriter only, and a workbook packed by another zip file (the rows inflated back) too."""
    import datetime as dt
    import zipfile

    import xlsxwriter

    from helpers.ooxml import assert_valid
    from sopxl.xlsx import rows as module
    from sopxl.xlsx.rows import bulk_workbook_class

    plan = [(0, 0, "text", 0, None), (1, 1, "number", 0, None), (2, 2, "boxed", 0, None)]
    rows = [(f"baris {index % 97} — unit {index % 13} & <{index}>", index / 7, None if index % 5 else "x")
            for index in range(30_000)]
    scratch = tmp_path / "sementara"            # our workbooks' temporary files: none is left (XlsxWriter's own
    scratch.mkdir()                             # leave an empty sheet's rows file)

    def options(workbook_class, **more) -> dict:
        return {"constant_memory": True, "tmpdir": str(tmp_path if workbook_class is xlsxwriter.Workbook else scratch),
                **more}

    def book(path: Path, workbook_class) -> Path:
        workbook = workbook_class(str(path), options(workbook_class, strings_to_formulas=False))
        workbook.compresslevel = 3
        workbook.set_properties({"created": dt.datetime(2026, 11, 20, 17)})         # the same to the second
        first = workbook.add_worksheet("Lembar", worksheet_class=bulk_sheet_class())
        first.write_string(0, 0, "judul")
        first.write_rows(1, iter(rows), plan)
        first.write_string(len(rows) + 1, 0, "sesudah")
        first.autofilter(0, 0, len(rows), 2)
        workbook.add_worksheet("Kosong", worksheet_class=bulk_sheet_class())
        other = workbook.add_worksheet("Biasa", worksheet_class=bulk_sheet_class())
        for row in range(50):
            other.write_row(row, [(0, f"sel {row}", None), (1, row * 1.5, None)])
        workbook.close()
        return path

    plain = book(tmp_path / "biasa.xlsx", xlsxwriter.Workbook)
    spliced = book(tmp_path / "disambung.xlsx", bulk_workbook_class())
    with zipfile.ZipFile(plain) as one, zipfile.ZipFile(spliced) as other:
        assert one.namelist() == other.namelist() and other.testzip() is None
        for name in one.namelist():
            assert one.read(name) == other.read(name), name
        assert b"baris 96" in other.read("xl/worksheets/sheet1.xml")
    assert_valid(spliced)
    assert not module._Splicing.active
    # a workbook that also has a sheet of XlsxWriter's own is packed from files, as XlsxWriter packs: the rows
    # deflated as they were written are inflated into their sheet
    def mixed(path: Path, workbook_class) -> Path:
        workbook = workbook_class(str(path), options(workbook_class))
        workbook.set_properties({"created": dt.datetime(2026, 11, 20, 17)})
        workbook.add_worksheet("Lembar", worksheet_class=bulk_sheet_class()).write_rows(0, iter(rows), plan)
        workbook.add_worksheet("Biasa").write_string(0, 0, "sel")
        workbook.close()
        return path

    with zipfile.ZipFile(mixed(tmp_path / "campur-biasa.xlsx", xlsxwriter.Workbook)) as one, \
            zipfile.ZipFile(mixed(tmp_path / "campur.xlsx", bulk_workbook_class())) as other:
        assert all(one.read(name) == other.read(name) for name in one.namelist()) and other.testzip() is None
    # another hand packs the workbook (XlsxWriter's ZipFile swapped): the rows are inflated into the sheet
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", type("Other", (zipfile.ZipFile,), {}))
    inflated = book(tmp_path / "lain.xlsx", bulk_workbook_class())
    with zipfile.ZipFile(plain) as one, zipfile.ZipFile(inflated) as other:
        assert all(one.read(name) == other.read(name) for name in one.namelist())
    assert not module._Splicing.active and not list(scratch.iterdir())
