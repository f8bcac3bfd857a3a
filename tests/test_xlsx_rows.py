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
