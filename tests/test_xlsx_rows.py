"""The fast row writer (sopxl/xlsx/rows.py): rows written straight into the sheet read back as XlsxWriter's own."""

from pathlib import Path

import openpyxl

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
