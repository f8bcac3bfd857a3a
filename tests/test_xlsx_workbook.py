"""SOP workbooks on disk: the template, round trips, atomic writes, lock files, parts sopxl does not own."""

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

import sopxl
from sopxl import layout as L
from sopxl.errors import WorkbookError
from sopxl.xlsx.workbook import load_calendar
from helpers.dump import workbook_dump

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbooks" / "sop_template.xlsx"
SOURCES = ROOT / "workbooks" / "sources"


def template_year() -> int:
    return min(h.day.year for h in load_calendar(TEMPLATE).holidays)


def test_committed_template_equals_what_the_code_generates(tmp_path):
    fresh = sopxl.new(tmp_path / "t.xlsx", today=dt.date(template_year(), 1, 1))
    assert workbook_dump(fresh) == workbook_dump(TEMPLATE)


def test_template_has_every_sheet_and_what_excel_users_expect():
    dump = workbook_dump(TEMPLATE)
    assert dump["sheets"] == list(L.SHEETS)
    aktivitas = dump[L.AKTIVITAS]
    assert "C1:F1" in aktivitas["merged"] and "G1:I1" in aktivitas["merged"]     # Pelaksana, Mutu Baku
    assert aktivitas["cells"]["C1"] == "Pelaksana" and aktivitas["cells"]["G1"] == "Mutu Baku"
    assert aktivitas["freeze"] == "C3"
    assert aktivitas["print"] == ("landscape", 9, "$1:$2", True)
    assert any(v[1] == "list" and v[2] == '"x,o"' for v in aktivitas["validations"])   # x main, o co-Pelaksana
    assert dump[L.LOG]["tables"] == [("TabelLog", "A1:I2")] and dump[L.LOG]["protected"]
    assert dump[L.PELACAK]["conditional"]
    for view in L.VIEW_SHEETS:       # derived like Pelacak: coloured by conditional formatting, A4 landscape
        assert dump[view]["conditional"] and dump[view]["protected"]
        assert dump[view]["print"][:2] == ("landscape", 9)
    assert dump[L.BEBAN_KERJA]["cells"]["A2"] == "Pelaksana"
    kalender = dump[L.KALENDER]["cells"]
    assert (kalender["A3"], kalender["B3"].strftime("%H:%M"), kalender["C3"].strftime("%H:%M")) == ("Senin", "07:30", "16:00")
    assert kalender["C7"].strftime("%H:%M") == "16:30" and kalender["D7"].strftime("%H:%M") == "11:30"


def test_template_calendar_holds_national_holidays_and_cuti_bersama_of_two_years():
    calendar = load_calendar(TEMPLATE)
    year = template_year()
    assert {h.day.year for h in calendar.holidays} == {year, year + 1}
    assert {"nasional", "cuti bersama"} <= {h.source for h in calendar.holidays}
    assert calendar.day_minutes() == 450


def test_english_template_has_english_labels(tmp_path):
    path = sopxl.new(tmp_path / "en.xlsx", lang="en")
    dump = workbook_dump(path)
    assert dump[L.IDENTITAS]["cells"]["A1"] == "Field"
    assert dump[L.AKTIVITAS]["cells"]["B1"] == "Activity"
    assert sopxl.load(path).roles == sopxl.load(TEMPLATE).roles


@pytest.mark.parametrize("source", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_imported_workbook_loads_back_into_the_same_model(tmp_path, source):
    result = sopxl.import_document(source, tmp_path / "x.xlsx")
    assert sopxl.load(result.workbook) == result.sop
    assert sopxl.export(result.workbook) == result.sop.to_dict()


def test_save_into_an_existing_workbook_keeps_parts_it_does_not_own(tmp_path):
    path = tmp_path / "x.xlsx"
    sopxl.import_document(SOURCES / "kemnaker_pelaksanaan_monitoring.txt", path)
    extra = {"xl/media/logo.bin": b"\x89PNG not really", "customXml/item1.xml": b"<r>office data</r>"}
    with zipfile.ZipFile(path, "a") as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    before = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    sop = sopxl.load(path)
    sop.steps[0].waktu = "15 menit"
    sop.steps[1].kegiatan = "=HYPERLINK(\"http://x\")"      # text, never a formula
    sop.identity.dasar_hukum.append("Permenpan RB 35/2012")
    sopxl.save(sop, path)
    assert sopxl.load(path) == sop
    after = zipfile.ZipFile(path)
    owned = {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}      # Identitas, Aktivitas
    for name, data in before.items():
        if name not in owned:
            assert after.read(name) == data, name
    assert "<f>" not in after.read("xl/worksheets/sheet3.xml").decode()


def test_save_refuses_a_different_number_of_roles(tmp_path):
    path = sopxl.new(tmp_path / "t.xlsx")
    sop = sopxl.load(path)
    sop.roles.append("Menteri")
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match="Pelaksana columns"):
        sopxl.save(sop, path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("lock", ["~${name}", ".~lock.{name}#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_not_overwritten(tmp_path, lock):
    path = sopxl.new(tmp_path / "open.xlsx")
    (tmp_path / lock.format(name=path.name)).write_text("user")
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match="open in Excel or LibreOffice"):
        sopxl.save(sopxl.load(path), path)
    with pytest.raises(WorkbookError, match="open in Excel or LibreOffice"):
        sopxl.new(path, force=True)
    assert path.read_bytes() == before


def test_a_failed_write_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    path = sopxl.new(tmp_path / "t.xlsx")
    before = path.read_bytes()
    import sopxl.xlsx.patch as patch

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(patch.zipfile.ZipFile, "writestr", broken)
    with pytest.raises(WorkbookError, match="disk full.*previous file is unchanged"):
        sopxl.save(sopxl.load(path), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]


def test_an_unwritable_folder_gives_a_clear_error(tmp_path):
    with pytest.raises(WorkbookError, match="cannot write in this folder"):
        sopxl.new(Path("/proc") / "t.xlsx")


def test_new_refuses_to_replace_a_file_without_force(tmp_path):
    path = sopxl.new(tmp_path / "t.xlsx")
    with pytest.raises(WorkbookError, match="exists already"):
        sopxl.new(path)


def test_missing_sheet_and_renamed_header_name_file_sheet_and_cell(tmp_path):
    import openpyxl

    path = sopxl.new(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    del book[L.AKTIVITAS]
    book.save(tmp_path / "nosheet.xlsx")
    with pytest.raises(WorkbookError, match="'Aktivitas' is missing") as raised:
        sopxl.load(tmp_path / "nosheet.xlsx")
    assert "nosheet.xlsx" in str(raised.value)
    book = openpyxl.load_workbook(path)
    book[L.AKTIVITAS]["B1"] = "Uraian"
    book.save(tmp_path / "renamed.xlsx")
    with pytest.raises(WorkbookError) as raised:
        sopxl.load(tmp_path / "renamed.xlsx")
    assert "renamed.xlsx: Aktivitas!B2" in str(raised.value) and "Kegiatan" in str(raised.value)


def test_a_workbook_that_is_not_sopxls(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "anggaran"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(WorkbookError, match="not an sopxl workbook"):
        sopxl.load(tmp_path / "other.xlsx")


def test_appended_rows_read_back_as_written_styled_like_their_column(tmp_path):
    from sopxl.xlsx.patch import Package
    from sopxl.xlsx.read import read_grids

    path = sopxl.new(tmp_path / "t.xlsx")
    when = dt.datetime(2026, 11, 16, 9, 5)
    rows = [[1, 1, 1, "mulai", when, "Kasubbag", "ani", when, "=1+1 <b>&amp;</b> — é ✓"],
            [2, 1, 1, "catatan", when, None, "ani", when, " spasi "]]
    package = Package(path)
    assert package.append_rows(L.LOG, rows) == 2 and package.append_rows(L.LOG, rows[:1]) == 4
    date_style = package.column_styles(L.LOG)[5]
    package.save()
    log = read_grids(path, (L.LOG,))[L.LOG]
    assert log.text(2, 9) == "=1+1 <b>&amp;</b> — é ✓" and log.get(3, 9) == " spasi "
    assert log.get(2, 5) == when and log.get(3, 6) is None and log.get(4, 1) == 1
    assert f'<c r="E2" s="{date_style}">' in Package(path).sheet_xml(L.LOG)
    assert "<f>" not in Package(path).sheet_xml(L.LOG)


def _print_area(path: Path) -> str:
    import re

    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode("utf-8")
    return re.search(r'<definedName name="_xlnm\.Print_Area"[^>]*>([^<]*)</definedName>', xml).group(1)


def test_the_print_area_grows_with_the_steps_typed_in_excel(tmp_path):
    """The blank template printed only A1:J3 (one step) however many steps an author typed in Excel."""
    blank = sopxl.new(tmp_path / "blank.xlsx", today=dt.date(2026, 1, 1))
    assert _print_area(blank) == "Aktivitas!$A:$J"          # Excel prints whole columns down to the last used row
    assert _print_area(TEMPLATE) == "Aktivitas!$A:$J"
    sopxl.save(sopxl.load(blank), blank)     # the API's save keeps whole columns too
    assert _print_area(blank) == "Aktivitas!$A:$J"
