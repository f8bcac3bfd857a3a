"""The macro-enabled workbook (.xlsm): its VBA project, buttons and settings, as independent readers see them.

Oracles: oletools (olevba) for the VBA project, the VML parts for the buttons, LibreOffice for whether
the project imports, binds and runs, Microsoft's Open XML SDK validator for the package, openpyxl for
what a third-party writer keeps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from oletools.olevba import VBA_Parser

import sopxl
import sopxl.excel
import sopxl.layout as L
from helpers.dump import workbook_dump
from helpers.ooxml import assert_all_valid
from sopxl.vba import xlsm
from sopxl.vba.cfb import read_compound_file, write_compound_file
from sopxl.cli import cli
from sopxl.vba.doctor import _button_macros
from sopxl.vba.ovba import compress, read_vba_project

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbooks" / "sop_template.xlsm"
SOURCE = ROOT / "workbooks" / "sources" / "kemnaker_pengukuran_kinerja.txt"
RUNPYTHON = re.compile(r'^\s*RunPython "import sopxl\.excel as x; x\.(\w+)\((.*)\)"$')


def _lines(code: str) -> list[str]:
    text = code.replace("\r\n", "\n").rstrip("\n")
    return text.split("\n") if text else []


def _subs(code: str) -> dict[str, str]:
    """Public Sub name -> its body, from VBA source."""
    found = {}
    for match in re.finditer(r"^Public Sub (\w+)\(\)\n(.*?)^End Sub", code.replace("\r\n", "\n"), re.M | re.S):
        found[match.group(1)] = match.group(2)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A template and an import, as .xlsm, in both languages."""
    out = tmp_path_factory.mktemp("xlsm")
    return {
        "template": sopxl.new(out / "template.xlsm", macros=True, today=dt.date(2026, 1, 1)),
        "template_en": sopxl.new(out / "template_en.xlsm", macros=True, lang="en", today=dt.date(2026, 1, 1)),
        "import": sopxl.import_document(SOURCE, out / "import.xlsm", macros=True, today=dt.date(2026, 1, 1)).workbook,
    }


def _expected_modules() -> dict[str, tuple[str, str]]:
    """name -> (kind, code) from the sources: macros/*.bas, xlwings' package files, empty document modules."""
    expected = {name: ("document", "") for name in xlsm.document_names(len(xlsm.sheet_names()))}
    expected["ThisWorkbook"] = ("document", (ROOT / "macros" / "ThisWorkbook.cls").read_text(encoding="cp1252"))
    for path in sorted((ROOT / "macros").glob("*.bas")):
        expected[path.stem] = ("standard", path.read_text(encoding="cp1252"))
    root = xlsm.xlwings_package_dir()
    expected["xlwings"] = ("standard", (root / "xlwings.bas").read_text(encoding="cp1252"))
    expected["Dictionary"] = ("class", (root / "addin" / "Dictionary.cls").read_text(encoding="cp1252"))
    return expected


def _code_lines(text: str) -> list[str]:
    """Lines of a module without the export header and the module attributes (what both sides share)."""
    lines = _lines(text)
    while lines and (re.match(r"(VERSION \d|BEGIN|END$|\s+MultiUse|Attribute VB_)", lines[0])):
        lines.pop(0)
    return lines


# ---- (a) every module, extracted by oletools, is its source --------------------------------------------

@pytest.mark.parametrize("which", ["template", "import"])
def test_oletools_extracts_every_module_and_its_text_is_the_source(built, which):
    parser = VBA_Parser(str(built[which]))
    try:
        extracted = {stream.split("/")[-1]: code for _f, stream, _n, code in parser.extract_macros()}
    finally:
        parser.close()
    expected = _expected_modules()
    assert set(extracted) == set(expected)
    for name, (_kind, source) in expected.items():
        assert _code_lines(extracted[name]) == _code_lines(source), name


def test_the_project_reads_back_with_kinds_and_the_macros_text(built):
    modules = read_vba_project(zipfile.ZipFile(built["template"]).read("xl/vbaProject.bin"))
    expected = _expected_modules()
    assert [m.name for m in modules] == list(expected)
    for module in modules:
        kind, source = expected[module.name]
        assert module.kind == kind
        assert _lines(module.code) == _code_lines(source), module.name


def test_the_xlwings_module_comes_from_the_installed_package():
    import xlwings

    module = next(m for m in xlsm.xlwings_modules() if m.name == "xlwings")
    assert xlsm.vba_version(module.code) == xlwings.__version__
    assert "Public Function RunPython(PythonCommand As String)" in module.code


# ---- (b) every button runs an existing Sub, every Sub an existing handler ---------------------------------

@pytest.mark.parametrize("which", ["template", "template_en", "import"])
def test_every_button_runs_an_existing_sub_and_every_sub_an_existing_handler(built, which):
    path = built[which]
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    buttons = _button_macros(parts)
    modules = {m.name: m for m in read_vba_project(parts["xl/vbaProject.bin"])}
    subs = _subs(modules[L.BUTTON_MODULE].code)
    # the buttons are those of the layout, on their sheets, each bound to its Sub
    assert sorted(buttons) == sorted((b.sheet, b.macro) for b in L.BUTTONS)
    assert {macro for _, macro in buttons} == set(subs), "every Sub has a button and every button a Sub"
    for button in L.BUTTONS:
        calls = [RUNPYTHON.match(line) for line in subs[button.macro].splitlines() if "RunPython" in line]
        if button.handler is None:
            assert calls == [], f"{button.macro} is pure VBA"
            continue
        assert len(calls) == 1 and calls[0], f"{button.macro} makes one RunPython call to sopxl.excel"
        assert calls[0].group(1) == button.handler
        assert callable(getattr(sopxl.excel, button.handler))


def test_every_handler_of_sopxl_excel_has_a_button():
    handlers = {name for name in dir(sopxl.excel) if not name.startswith("_")
                and callable(getattr(sopxl.excel, name)) and getattr(sopxl.excel, name).__module__ == "sopxl.excel"}
    assert handlers == {b.handler for b in L.BUTTONS if b.handler}


@pytest.mark.parametrize("which, lang", [("template", "id"), ("template_en", "en")])
def test_button_captions_are_in_the_workbook_language(built, which, lang):
    with zipfile.ZipFile(built[which]) as archive:
        vml = " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml"))
    for button in L.BUTTONS:
        assert f">{L.text(button.key, lang)}</font>" in vml


def test_buttons_sit_right_of_the_tables_in_the_frozen_top_rows(built):
    from openpyxl.utils import column_index_from_string

    with zipfile.ZipFile(built["import"]) as archive:
        vml = {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml")}
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheets = {}
    from sopxl.vba.doctor import REL_VML, _rels, _sheet_parts
    for sheet, part in _sheet_parts(parts).items():
        for rel in _rels(parts, part):
            if rel.get("Type") == REL_VML:
                sheets[sheet] = vml[rel["path"]]
    roles = len(sopxl.load(built["import"]).roles)
    dump = workbook_dump(built["import"])
    for sheet, text in sheets.items():
        anchors = [tuple(int(v) for v in a.split(",")) for a in re.findall(r"<x:Anchor>([^<]+)</x:Anchor>", text)]
        used = [column_index_from_string(re.match(r"[A-Z]+", ref).group(0)) for ref in dump[sheet]["cells"]]
        for left_col, _lo, top_row, _to, right_col, _ro, bottom_row, _bo in anchors:
            if sheet == L.PETUNJUK:
                assert left_col > 1, "right of the guide text in column B"
                continue
            if sheet == L.PELACAK:
                # above the table, in the frozen row 1, right of the moment of the figures; on screen at 1366 px
                assert (top_row, bottom_row) == (0, 0) and left_col >= L.PELACAK_BUTTON_COLUMN
                assert not [ref for ref in dump[sheet]["cells"] if ref.endswith("1") and ref[:-1] != "A"]
                continue
            # Aktivitas: above the matrix, in the frozen row 1, over the frozen columns No and Kegiatan
            assert sheet == L.AKTIVITAS
            assert (top_row, bottom_row) == (0, 0) and right_col < len(L.AKTIVITAS_BUTTON_HEADERS), anchors
        if sheet == L.AKTIVITAS:
            assert L.button_origin(sheet, roles) == (0, 0)


def _pixels(width: float) -> int:
    """Excel draws a column of width w (characters of the default font) 7 w + 5 pixels wide."""
    return int(width * 7 + 5)


def test_the_pelacak_buttons_fit_a_1366_pixel_screen():
    """The buttons started at column P, off-screen on a 1366-pixel laptop. The row numbers take about 30
    pixels and the window frame and scroll bar about 40."""
    left = 30 + sum(_pixels(c.width) for c in L.PELACAK_COLUMNS[:L.PELACAK_BUTTON_COLUMN])
    pelacak = [b for b in L.BUTTONS if b.sheet == L.PELACAK]
    right = left + len(pelacak) * (L.BUTTON_WIDTH + L.BUTTON_GAP)
    assert right <= 1366 - 40, right


def test_the_aktivitas_buttons_fit_a_1366_by_768_screen_above_the_matrix(built):
    """They sat right of the matrix (column N and further with five Pelaksana), off-screen on a 1366-pixel
    laptop. Now they stand in row 1 over the frozen columns No and Kegiatan, so neither scrolling down the
    steps nor right along the Pelaksana columns takes them out of view, and they cover no label: No and
    Kegiatan stand at the foot of their two header rows, below the buttons."""
    import openpyxl

    roles = len(sopxl.load(built["import"]).roles)
    row, column = L.button_origin(L.AKTIVITAS, roles)
    assert (row, column) == (0, 0)
    widths = L.aktivitas_widths(roles)
    frozen = sum(_pixels(w) for w in widths[:len(L.AKTIVITAS_BUTTON_HEADERS)])
    aktivitas = [b for b in L.BUTTONS if b.sheet == L.AKTIVITAS]
    right = len(aktivitas) * (L.BUTTON_WIDTH + L.BUTTON_GAP)
    assert right <= frozen and 30 + right <= 1366 - 40, (right, frozen)
    # the buttons' row is tall enough for them, and high on a 768-pixel screen (under Excel's ribbon)
    assert L.BUTTON_HEIGHT + 5 <= L.BUTTON_ROW_HEIGHT * 4 / 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sheet = openpyxl.load_workbook(built["import"])[L.AKTIVITAS]
    assert sheet.freeze_panes == "C3"                      # rows 1-2 and columns A-B stay in view
    assert sheet.row_dimensions[1].height == L.BUTTON_ROW_HEIGHT
    # the foot of the cell: Excel's default vertical alignment (no attribute), where the other headers centre
    assert sheet.cell(1, L.aktivitas_column("keterangan", roles)).alignment.vertical == "center"
    for index, key in enumerate(L.AKTIVITAS_BUTTON_HEADERS, start=1):
        cell = sheet.cell(1, index)
        assert cell.value == L.text(key) and cell.alignment.vertical in (None, "bottom")
        assert f"{cell.column_letter}1:{cell.column_letter}2" in {str(r) for r in sheet.merged_cells.ranges}


def test_settings_sheet_is_hidden_and_filled_for_windows(built):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(built["template"])
    sheet = book[L.XLWINGS_CONF]
    assert sheet.sheet_state == "hidden" and book.sheetnames[-1] == L.XLWINGS_CONF
    settings = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert settings["Interpreter_Win"].endswith(r"\Scripts\pythonw.exe")
    assert settings["Use UDF Server"] is True and settings["Show Console"] is False
    assert settings["Add_Workbook_To_PYTHONPATH"] is False, "a .py beside a shared workbook is never imported"
    assert "PYTHONPATH" in settings


def test_code_names_match_the_document_modules(built):
    with zipfile.ZipFile(built["import"]) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    from sopxl.vba.doctor import _codenames
    assert list(_codenames(parts).values()) == xlsm.document_names(len(xlsm.sheet_names()))[1:]
    assert b'codeName="ThisWorkbook"' in parts["xl/workbook.xml"]


# ---- the package: validator, doctor, committed template -------------------------------------------------

@pytest.mark.slow
def test_every_generated_xlsm_passes_the_open_xml_sdk_validator(built, tmp_path):
    case = shutil.copy(built["import"], tmp_path / "cases.xlsm")
    sopxl.start_case(case, "Monev triwulan")          # sopxl's own writes keep a valid package
    sopxl.validate(case, write=True)
    assert_all_valid([*built.values(), TEMPLATE, case])


def test_committed_template_equals_what_the_code_generates(tmp_path):
    """Regenerate with `sopxl.new("workbooks/sop_template.xlsm", macros=True, today=…, force=True)`, today in
    the year of its first holidays (the Kalender holds that year and the next)."""
    from sopxl.xlsx.workbook import load_calendar

    year = min(h.day.year for h in load_calendar(TEMPLATE).holidays)
    fresh = sopxl.new(tmp_path / "t.xlsm", macros=True, today=dt.date(year, 1, 1))
    assert workbook_dump(fresh) == workbook_dump(TEMPLATE)
    def project(path):
        with zipfile.ZipFile(path) as archive:
            vml = sorted(archive.read(n) for n in archive.namelist() if n.endswith(".vml"))
            return [(m.name, m.kind, m.code) for m in read_vba_project(archive.read("xl/vbaProject.bin"))], vml
    assert project(fresh) == project(TEMPLATE)


@pytest.mark.parametrize("which", ["template", "import"])
def test_doctor_passes_a_generated_workbook(built, which):
    report = sopxl.doctor(built[which])
    assert report.ok and {c.status for c in report.checks} == {"ok"}, report.lines()
    assert [c.name for c in report.checks] == ["sheets", "vba-project", "vba-modules", "buttons", "handlers",
                                               "xlwings-conf", "xlwings-version"]


def _with_vba(source: Path, target: Path, vba: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, vba if info.filename == "xl/vbaProject.bin" else old.read(info.filename))
    return target


def test_doctor_finds_a_truncated_vba_project(tmp_path):
    vba = zipfile.ZipFile(TEMPLATE).read("xl/vbaProject.bin")
    broken = _with_vba(TEMPLATE, tmp_path / "truncated.xlsm", vba[: len(vba) * 2 // 3])
    result = CliRunner().invoke(cli, ["doctor", str(broken), "--lang", "en"])
    assert result.exit_code == 1
    assert "[X] vba-project: the VBA project is damaged: truncated" in result.output
    assert "sopxl new --macros" in result.output
    assert "[ok] sheets" in result.output


def test_doctor_finds_a_module_stream_cut_short(tmp_path):
    streams = read_compound_file(zipfile.ZipFile(TEMPLATE).read("xl/vbaProject.bin"))
    from sopxl.vba.ovba import decompress
    source = decompress(streams["VBA/Tombol"])
    cut = source[: source.index(b"Public Sub Perbarui()") + 30]     # ends inside a Sub, on a chunk boundary or not
    streams["VBA/Tombol"] = compress(cut)
    broken = _with_vba(TEMPLATE, tmp_path / "cut.xlsm", write_compound_file(streams))
    report = sopxl.doctor(broken, lang="en")
    assert not report.ok
    check = next(c for c in report.checks if c.name == "vba-project")
    assert check.status == "error" and "Tombol" in check.message and "cut off" in check.message


def test_doctor_finds_a_damaged_module_stream(tmp_path):
    streams = read_compound_file(zipfile.ZipFile(TEMPLATE).read("xl/vbaProject.bin"))
    streams["VBA/xlwings"] = streams["VBA/xlwings"][:5] + b"\xff" * 40 + streams["VBA/xlwings"][45:]
    broken = _with_vba(TEMPLATE, tmp_path / "damaged.xlsm", write_compound_file(streams))
    report = sopxl.doctor(broken, lang="en")
    check = next(c for c in report.checks if c.name == "vba-project")
    assert check.status == "error" and "'xlwings'" in check.message and "corrupt" in check.message


def test_doctor_finds_a_button_without_its_sub(tmp_path):
    streams = read_compound_file(zipfile.ZipFile(TEMPLATE).read("xl/vbaProject.bin"))
    from sopxl.vba.ovba import decompress
    streams["VBA/Tombol"] = compress(decompress(streams["VBA/Tombol"]).replace(b"Sub Perbarui()", b"Sub Segarkan()"))
    broken = _with_vba(TEMPLATE, tmp_path / "unbound.xlsm", write_compound_file(streams))
    check = next(c for c in sopxl.doctor(broken, lang="en").checks if c.name == "buttons")
    assert check.status == "error" and "Pelacak: Perbarui" in check.message


def test_doctor_finds_the_flowchart_button_without_its_sub(tmp_path):
    streams = read_compound_file(zipfile.ZipFile(TEMPLATE).read("xl/vbaProject.bin"))
    from sopxl.vba.ovba import decompress
    code = decompress(streams["VBA/Tombol"])
    assert b"Public Sub GambarBaganAlir()" in code
    streams["VBA/Tombol"] = compress(code.replace(b"Sub GambarBaganAlir()", b"Sub GambarBagan()"))
    broken = _with_vba(TEMPLATE, tmp_path / "unbound.xlsm", write_compound_file(streams))
    check = next(c for c in sopxl.doctor(broken, lang="en").checks if c.name == "buttons")
    assert check.status == "error" and check.message.endswith("Aktivitas: GambarBaganAlir")


def test_doctor_finds_the_startup_macro_missing_that_shows_the_flowchart_buttons_outcome(tmp_path):
    streams = read_compound_file(zipfile.ZipFile(TEMPLATE).read("xl/vbaProject.bin"))
    from sopxl.vba.ovba import decompress
    code = decompress(streams["VBA/ThisWorkbook"])
    streams["VBA/ThisWorkbook"] = compress(code.replace(b"Sub Workbook_Open()", b"Sub Workbook_Opened()"))
    broken = _with_vba(TEMPLATE, tmp_path / "nostartup.xlsm", write_compound_file(streams))
    check = next(c for c in sopxl.doctor(broken, lang="en").checks if c.name == "vba-modules")
    assert check.status == "error" and check.message == "VBA modules missing: ThisWorkbook.Workbook_Open"


def test_the_note_the_startup_macro_reads_is_the_one_sopxl_writes():
    """Tombol.bas spells the note's suffix (CATATAN_SOPXL), ThisWorkbook.cls reads it at the workbook's
    full name plus that suffix, and the flowchart button's Sub closes the workbook only when it is there."""
    tombol = (ROOT / "macros" / "Tombol.bas").read_text(encoding="cp1252")
    assert f'Public Const CATATAN_SOPXL As String = "{L.NOTE_SUFFIX}"' in tombol
    this = (ROOT / "macros" / "ThisWorkbook.cls").read_text(encoding="cp1252")
    assert "Private Sub Workbook_Open()" in this and "Tombol.BerkasIni() & Tombol.CATATAN_SOPXL" in this
    sub = _subs(tombol)["GambarBaganAlir"]
    lines = [line.strip() for line in sub.splitlines()]
    handing = next(i for i, line in enumerate(lines) if line.startswith("RunPython"))
    assert lines.index("ThisWorkbook.Save") < handing
    assert lines[handing + 2] == "If BerkasAda(berkas & CATATAN_SOPXL) Then ThisWorkbook.Close SaveChanges:=False"


def test_doctor_of_a_plain_workbook_and_of_a_broken_file(tmp_path):
    plain = sopxl.doctor(ROOT / "workbooks" / "sop_template.xlsx", lang="en")
    assert plain.ok and [c.name for c in plain.checks] == ["sheets", "macros"]
    junk = tmp_path / "junk.xlsm"
    junk.write_bytes(b"not a zip")
    result = CliRunner().invoke(cli, ["doctor", str(junk), "--format", "json"])
    assert result.exit_code == 1
    import json
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["checks"][0]["check"] == "workbook"


def test_doctor_warns_when_another_xlwings_is_installed(monkeypatch):
    import sopxl.vba.doctor as doctor

    monkeypatch.setattr(doctor, "_installed_xlwings", lambda: "0.1.0")
    report = sopxl.doctor(TEMPLATE, lang="en")
    check = next(c for c in report.checks if c.name == "xlwings-version")
    assert report.ok and check.status == "warning" and "pip install xlwings==" in check.fix


# ---- what other writers keep ------------------------------------------------------------------------------

def test_openpyxl_keep_vba_keeps_the_macros_and_buttons_byte_for_byte(tmp_path):
    """openpyxl keeps vbaProject.bin and the button drawings (VML) unchanged and links them again;
    it rewrites every other part (sheets, styles, tables, relationships) in its own way."""
    import openpyxl

    saved = tmp_path / "openpyxl.xlsm"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
        book[L.IDENTITAS]["B3"] = "OT.01.02-071"
        book.save(saved)
    with zipfile.ZipFile(TEMPLATE) as before, zipfile.ZipFile(saved) as after:
        kept = [n for n in before.namelist() if n == "xl/vbaProject.bin" or n.endswith(".vml")]
        assert len(kept) == 4
        for name in kept:
            assert after.read(name) == before.read(name), name
        parts = {n: after.read(n) for n in after.namelist()}
    assert sorted(_button_macros(parts)) == sorted((b.sheet, b.macro) for b in L.BUTTONS)
    assert sopxl.load(saved).identity.nomor == "OT.01.02-071"
    assert sopxl.doctor(saved).ok


def test_sopxl_writes_keep_every_part_of_the_xlsm(built, tmp_path):
    original = built["import"]
    path = shutil.copy(original, tmp_path / "kerja.xlsm")
    sop = sopxl.load(path)
    sop.identity.nomor = "OT.01.02-071"
    sopxl.save(sop, path)
    sopxl.validate(path, write=True)
    sopxl.start_case(path, "Monev triwulan")
    sopxl.advance(path, 1)
    sopxl.refresh(path)
    with zipfile.ZipFile(original) as before, zipfile.ZipFile(path) as after:
        assert set(after.namelist()) == set(before.namelist())
        for name in before.namelist():
            if name.endswith((".vml", ".bin", ".rels")) or name in ("[Content_Types].xml", "xl/workbook.xml"):
                assert after.read(name) == before.read(name), name
    assert sopxl.doctor(path).ok


@pytest.mark.slow
def test_the_flowchart_keeps_the_macros_and_buttons(built, tmp_path):
    path = shutil.copy(built["import"], tmp_path / "bagan.xlsm")
    sopxl.flowchart(path)
    with zipfile.ZipFile(built["import"]) as before, zipfile.ZipFile(path) as after:
        for name in before.namelist():
            if name.endswith((".vml", ".bin")):
                assert after.read(name) == before.read(name), name
        assert any(n.startswith("xl/drawings/drawing") for n in after.namelist())
    assert sopxl.doctor(path).ok
    assert_all_valid([path])


def test_new_with_macros_needs_the_xlsm_name(tmp_path):
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "a.xlsx"), "--macros"])
    assert result.exit_code == 1 and ".xlsm" in result.output
    result = CliRunner().invoke(cli, ["import", str(SOURCE), "--macros", "-o", str(tmp_path / "b.xlsm")])
    assert result.exit_code == 0, result.output
    assert sopxl.doctor(tmp_path / "b.xlsm").ok


# ---- (c) LibreOffice opens it, sees the modules and bindings, and runs the probe -------------------------

@pytest.mark.slow
def test_libreoffice_sees_the_modules_and_the_button_bindings(built, tmp_path):
    from helpers.lo_macros import run_macros

    report = run_macros(built["template"], tmp_path / "out.xlsx", [])
    modules = report["libraries"]["VBAProject"]
    assert set(modules) == set(_expected_modules())
    tombol = (ROOT / "macros" / "Tombol.bas").read_text(encoding="cp1252")
    assert _lines(tombol) == [line for line in _lines(modules["Tombol"])
                              if not line.startswith(("Rem Attribute", "Option VBASupport"))]
    bound = sorted((b["sheet"], b["label"], e["script"]) for b in report["buttons"] for e in b["events"])
    assert bound == sorted(
        (b.sheet, L.text(b.key), f"vnd.sun.star.script:VBAProject.{L.BUTTON_MODULE}.{b.macro}"
                                 "?language=Basic&location=document") for b in L.BUTTONS)


def _without_xlwings_vba(path: Path, monkeypatch) -> Path:
    """A blank .xlsm whose project leaves out xlwings' two modules, which LibreOffice Basic cannot compile."""
    monkeypatch.setattr(xlsm, "xlwings_modules", lambda: [])
    xlsm.vba_project.cache_clear()
    try:
        return sopxl.new(path, macros=True)
    finally:
        xlsm.vba_project.cache_clear()


@pytest.mark.slow
def test_libreoffice_compiles_the_project_from_source_and_runs_the_probe(tmp_path, monkeypatch):
    """The pure-VBA probe Sub runs in LibreOffice and writes its cell.

    LibreOffice's Basic cannot compile xlwings' own VBA (its Dictionary class and parts of its module),
    and it runs no macro of a library with a module it cannot compile; so the probe runs in a workbook
    the same builder makes without xlwings' two modules: the project writer and sopxl's own macros.
    """
    from helpers.lo_macros import run_macros
    import python_calamine

    path = _without_xlwings_vba(tmp_path / "probe.xlsm", monkeypatch)
    report = run_macros(path, tmp_path / "probe-out.xlsx", [f"{L.BUTTON_MODULE}.CekMakro"])
    assert report["runs"] == {f"{L.BUTTON_MODULE}.CekMakro": "ok"}
    sheet = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "probe-out.xlsx")).get_sheet_by_name(L.PETUNJUK)
    rows = sheet.to_python(skip_empty_area=False)
    row, column = int(L.PROBE_CELL[1:]) - 1, ord(L.PROBE_CELL[0]) - ord("A")
    written = rows[row][column]
    assert re.fullmatch(r"Makro berjalan \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", written), written
    assert f'Range("{L.PROBE_CELL}")' in (ROOT / "macros" / "Tombol.bas").read_text(encoding="cp1252")


@pytest.mark.slow
def test_libreoffice_runs_the_startup_macro_that_shows_and_removes_sopxls_note(tmp_path, monkeypatch):
    """The workbook's open event is bound to ThisWorkbook's Workbook_Open (LibreOffice's VBA event
    processor, as Excel raises it on opening); the note sopxl writes reads back as the same text (a
    UTF-16 file into a VBA String), and raising the open event shows it (a message box, which headless
    LibreOffice dismisses) and removes it. Built without xlwings' two modules, as the probe test says why."""
    from helpers.lo_macros import OPEN_EVENT, run_macros
    from sopxl.xlsx.desktop import leave_note, note_path

    path = _without_xlwings_vba(tmp_path / "Bagian Ortala – kinerja.xlsm", monkeypatch)
    text = "Bagan alir tidak digambar; buku kerja tetap seperti saat disimpan.\nAktivitas!C2: ✓ “kutip”"
    leave_note(path, text, critical=True)
    read = run_macros(path, tmp_path / "read.xlsx", ["ThisWorkbook.CatatanSopxl"])
    assert read["runs"] == {"ThisWorkbook.CatatanSopxl": "ok"}
    assert read["returned"]["ThisWorkbook.CatatanSopxl"] == "critical\n" + text
    assert not note_path(path).exists(), "read once, then removed"
    leave_note(path, text, critical=False)
    opened = run_macros(path, tmp_path / "open.xlsx", [OPEN_EVENT])
    assert opened["open_event_bound"] is True and opened["runs"] == {OPEN_EVENT: "ok"}
    assert not note_path(path).exists()


def test_building_without_xlwings_vba_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsm, "xlwings_package_dir", lambda: tmp_path)
    xlsm.vba_project.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["new", str(tmp_path / "a.xlsm"), "--macros"])
    finally:
        xlsm.vba_project.cache_clear()
    assert result.exit_code == 1
    assert "xlwings ships no xlwings.bas" in result.output and "pip install" in result.output
    assert not (tmp_path / "a.xlsm").exists()
