"""The Excel door: each button's handler, run on xlwings' remote engine against a generated .xlsm.

The remote engine stands in for Excel: a handler reads the workbook's values from the payload xlwings'
VBA client would send, and records what it writes (values, table sizes, hyperlinks, message boxes).
Those actions, carried out on a copy of the file, must give the same workbook as the command line
gives for the same action: the doors share the code, only reading and writing differ.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import sopxl
import sopxl.xlsx.casefile
import sopxl.excel as x
import sopxl.layout as L
import sopxl.reporting.monthly
from helpers.dump import workbook_dump
from helpers.xlremote import apply_actions, book_json, hyperlinks, remote_book
from sopxl.cli import cli
from sopxl.domain.model import Symbol

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "workbooks" / "sources" / "kemnaker_pengukuran_kinerja.txt"
NOW = dt.datetime(2026, 11, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Both doors record the same moment, and the report says it was made at the same moment."""
    monkeypatch.setattr(sopxl.xlsx.casefile, "now", lambda: NOW)

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW

    monkeypatch.setattr(sopxl.reporting.monthly, "dt", types.SimpleNamespace(datetime=Frozen, date=dt.date))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("excel")
    return sopxl.import_document(SOURCE, folder / "sop.xlsm", macros=True, today=dt.date(2026, 1, 1)).workbook


def _copies(source: Path, folder: Path) -> tuple[Path, Path]:
    return shutil.copy(source, folder / "cli.xlsm"), shutil.copy(source, folder / "excel.xlsm")


def _run(handler, path: Path, *args, sheet: str = L.PELACAK, selection: str | None = "A1", name: str | None = None):
    """Run `handler` on the remote book of `path`; return its actions (alerts kept apart)."""
    import xlwings as xw

    payload = book_json(path, sheet=sheet, selection=selection)
    if name:
        payload["book"]["name"] = name
    book = xw.Book(json=payload)
    handler(*args, book=book)
    return book.json()["actions"]


def _same(cli_file: Path, excel_file: Path) -> None:
    assert workbook_dump(excel_file) == workbook_dump(cli_file)


def _cli(*args: str) -> None:
    result = CliRunner().invoke(cli, [*args])
    assert result.exit_code in (0, 1), result.output
    assert "error:" not in result.output, result.output


def _case_row(path: Path, case: int) -> int:
    cells = workbook_dump(path)[L.PELACAK]["cells"]
    return next(int(ref[1:]) for ref, value in cells.items() if ref.startswith("A") and value == case)


def _at_decision(path: Path) -> int:
    """Start a case (through the API) and finish steps until it waits at a decision; its number."""
    number = sopxl.start_case(path, "Usulan revisi anggaran").event.case
    sop = sopxl.load(path)
    while True:
        figures = sopxl.show_case(path, number)
        step = sop.step(figures.current.visit.step)
        if step.symbol == Symbol.DECISION:
            return number
        sopxl.advance(path, number)


# ---- one test per button ----------------------------------------------------------------------------

def test_validasi_writes_the_findings_the_cli_writes(imported, tmp_path):
    cli_file, excel_file = _copies(imported, tmp_path)
    _cli("validate", str(cli_file), "--write", "--lang", "id")
    actions = _run(x.validasi, excel_file, sheet=L.AKTIVITAS)
    alerts = apply_actions(excel_file, actions)
    _same(cli_file, excel_file)
    assert hyperlinks(excel_file, L.TEMUAN) == hyperlinks(cli_file, L.TEMUAN) != []
    summary = sopxl.validate(cli_file).files[0].summary_line("id").split(": ", 1)[1]
    assert [a["mode"] for a in alerts] == ["info"] and summary in alerts[0]["prompt"]


def test_validasi_again_clears_the_findings_that_went_away(imported, tmp_path):
    cli_file, excel_file = _copies(imported, tmp_path)
    apply_actions(excel_file, _run(x.validasi, excel_file, sheet=L.AKTIVITAS))
    sop = sopxl.load(excel_file)
    sop.steps = sop.steps[:3]                       # fewer steps, fewer findings
    sopxl.save(sop, excel_file)
    sopxl.save(sop, cli_file)
    _cli("validate", str(cli_file), "--write")
    apply_actions(excel_file, _run(x.validasi, excel_file, sheet=L.AKTIVITAS))
    _same(cli_file, excel_file)
    assert hyperlinks(excel_file, L.TEMUAN) == hyperlinks(cli_file, L.TEMUAN)


@pytest.mark.slow
def test_gambar_bagan_alir_hands_the_file_to_sopxl_which_draws_once_excel_lets_go(imported, tmp_path, monkeypatch):
    """The Sub saved the workbook and passes its file (the remote book has no path, Excel's has); the
    handler starts the background sopxl and says nothing (the workbook closes next). "Excel" holds the
    file (its lock file) until it has closed it; then the flowchart is drawn as `sopxl flowchart` draws
    it and the workbook is opened again (the system's opener is a script recording its call)."""
    from helpers.handover import log_lines, note_of, recording_opener, until
    from sopxl.xlsx.desktop import OPENER_VARIABLE

    script, opened = recording_opener(tmp_path)
    monkeypatch.setenv(OPENER_VARIABLE, str(script))
    folder = tmp_path / "Biro Ortala – SOP"
    folder.mkdir()
    cli_file, excel_file = _copies(imported, folder)
    lock = excel_file.with_name("~$" + excel_file.name)
    lock.write_bytes(b"")
    saved = excel_file.read_bytes()
    actions = _run(x.gambar_bagan_alir, excel_file, str(excel_file), sheet=L.AKTIVITAS)
    try:
        assert actions == [], "no message box, no write into the workbook that is about to close"
        mode, text = note_of(excel_file)     # the Sub closes the workbook because this note is there
        assert mode == "critical" and text == L.text("flow_pending").format(log=excel_file.name + L.LOG_SUFFIX)
        until(lambda: len(log_lines(excel_file)) == 2)      # the background sopxl waits
        time.sleep(1)
        assert excel_file.read_bytes() == saved and not opened.exists()
        lock.unlink()
        until(lambda: note_of(excel_file)[0] == "info")
        until(opened.exists)
    finally:
        lock.unlink(missing_ok=True)
    _cli("flowchart", str(cli_file))
    _same(cli_file, excel_file)
    assert opened.read_text(encoding="utf-8").splitlines() == [str(excel_file)]
    assert note_of(excel_file)[1].startswith("Bagan alir digambar ulang: 16 langkah")


def test_gambar_bagan_alir_of_a_workbook_not_saved_in_a_folder_keeps_it_open(imported, tmp_path):
    excel_file = _copies(imported, tmp_path)[1]
    actions = _run(x.gambar_bagan_alir, excel_file, "Book1.xlsm", sheet=L.AKTIVITAS)
    assert [a["func"] for a in actions] == ["alert"]
    prompt, _title, _buttons, mode, _callback = actions[0]["args"]
    assert mode == "critical" and L.text("msg_not_saved") in prompt
    assert not list(tmp_path.glob("*" + L.NOTE_SUFFIX)), "no note: the Sub keeps the workbook open"


def test_kasus_baru_records_what_case_start_records(imported, tmp_path):
    cli_file, excel_file = _copies(imported, tmp_path)
    subject = "=HYPERLINK(\"http://x\") 1/2 'kutip"       # typed text stays text, never a formula or a date
    _cli("case", "start", str(cli_file), "--subject", subject)
    alerts = apply_actions(excel_file, _run(x.kasus_baru, excel_file, subject))
    _same(cli_file, excel_file)
    log = workbook_dump(excel_file)[L.LOG]["cells"]
    assert log["I2"] == subject and log["E2"] == NOW
    assert alerts[0]["mode"] == "info" and alerts[0]["prompt"].startswith("Kasus 1 dibuka: ")


def test_kasus_baru_takes_the_text_python_receives_from_the_inputbox(imported, tmp_path):
    # TeksPython in Tombol.bas sends each UTF-16 unit as \\uXXXX: a character outside the BMP arrives as a pair
    _cli_file, excel_file = _copies(imported, tmp_path)
    received = eval("'" + "".join(f"\\u{unit:04x}" for unit in
                                  memoryview("Rapat 😀 ok".encode("utf-16-le")).cast("H")) + "'")
    apply_actions(excel_file, _run(x.kasus_baru, excel_file, received))
    assert workbook_dump(excel_file)[L.LOG]["cells"]["I2"] == "Rapat 😀 ok"


def test_selesai_finishes_the_selected_case_like_case_advance(imported, tmp_path):
    cli_file, excel_file = _copies(imported, tmp_path)
    for path in (cli_file, excel_file):
        sopxl.start_case(path, "Satu")
        sopxl.start_case(path, "Dua")
    _cli("case", "advance", str(cli_file), "2")
    alerts = apply_actions(excel_file, _run(x.selesai, excel_file, selection=f"C{_case_row(excel_file, 2)}"))
    _same(cli_file, excel_file)
    assert alerts[0]["prompt"].startswith("Kasus 2: Selesai di langkah 1.")


def test_a_selesai_click_reads_each_sheet_once(imported, tmp_path, monkeypatch):
    """The click's route: excel.selesai -> openbook.actions.record -> openbook.book (the sheets read, once
    each: the language, the selected case and the plan share them) -> sheets.casebook.plan_action ->
    domain.cases; the Log row and the case's Pelacak row written back."""
    from sopxl.openbook.book import OpenBook

    cli_file, excel_file = _copies(imported, tmp_path)
    for path in (cli_file, excel_file):
        sopxl.start_case(path, "Satu")
    reads = []
    read_sheet = OpenBook._read_sheet
    monkeypatch.setattr(OpenBook, "_read_sheet", lambda self, name: reads.append(name) or read_sheet(self, name))
    actions = _run(x.selesai, excel_file, selection=f"C{_case_row(excel_file, 1)}")
    assert sorted(reads) == sorted({L.IDENTITAS, L.AKTIVITAS, L.PELACAK, L.LOG, L.KALENDER})
    _cli("case", "advance", str(cli_file), "1")
    apply_actions(excel_file, actions)
    _same(cli_file, excel_file)


@pytest.mark.parametrize("handler, flag", [(x.setuju_ya, "--yes"), (x.kembalikan_tidak, "--no")])
def test_decisions_answer_the_selected_case_like_case_advance(imported, tmp_path, handler, flag):
    cli_file, excel_file = _copies(imported, tmp_path)
    number = _at_decision(cli_file)
    assert _at_decision(excel_file) == number
    _cli("case", "advance", str(cli_file), str(number), flag)
    alerts = apply_actions(excel_file, _run(handler, excel_file, selection=f"B{_case_row(excel_file, number)}"))
    _same(cli_file, excel_file)
    assert alerts[0]["mode"] == "info"


def test_perbarui_rebuilds_pelacak_like_refresh(imported, tmp_path):
    cli_file, excel_file = _copies(imported, tmp_path)
    for path in (cli_file, excel_file):
        sopxl.simulate_cases(path, cases=12, start=dt.datetime(2026, 9, 1, 8), end=dt.datetime(2026, 10, 30, 16),
                             seed=3)
    _cli("refresh", str(cli_file))
    alerts = apply_actions(excel_file, _run(x.perbarui, excel_file))
    _same(cli_file, excel_file)
    # the views too: a row per Pelaksana, a block per case (the dumps above compare every cell)
    dump = workbook_dump(excel_file)
    kinds = [v for ref, v in dump[L.LINI_WAKTU]["cells"].items() if ref.startswith(L.column_letter(L.timeline_width()))]
    assert kinds.count(L.ROW_CASE) == 12
    assert dump[L.BEBAN_KERJA]["cells"]["A3"]
    counts = sopxl.list_cases(cli_file, as_of=NOW).counts()
    assert alerts[0]["prompt"] == L.text("msg_refreshed").format(open=counts["open"],
                                                                 late=counts["open_by_status"]["late"])


def test_a_workbook_from_before_the_views_is_refreshed_without_them_in_excel(tmp_path):
    """The Excel door writes values only: a workbook lacking Beban Kerja and Lini Waktu is refreshed as before
    (no refusal); `sopxl refresh` or the next case action through the file door adds the two sheets."""
    path = shutil.copy(ROOT / "tests" / "data" / "views" / "before_views_monev.xlsx", tmp_path / "old.xlsx")
    alerts = apply_actions(path, _run(x.perbarui, path))
    assert [a["mode"] for a in alerts] == ["info"]
    assert L.BEBAN_KERJA not in workbook_dump(path)["sheets"]
    _cli("refresh", str(path))
    assert workbook_dump(path)["sheets"] == list(L.SHEETS)


def test_laporan_bulanan_writes_the_report_the_cli_writes(imported, tmp_path, monkeypatch):
    source = shutil.copy(imported, tmp_path / "sop.xlsm")
    sopxl.simulate_cases(source, cases=20, start=dt.datetime(2026, 9, 1, 8), end=dt.datetime(2026, 11, 19, 16), seed=5)
    month = str(sopxl.reporting.monthly.as_month(None))
    (tmp_path / "cli").mkdir()
    _cli("report", str(source), "--month", month, "-o", str(tmp_path / "cli" / "laporan.xlsx"))
    monkeypatch.chdir(tmp_path)                 # a workbook without a local folder reports into the current one
    actions = _run(x.laporan_bulanan, source)
    alerts = apply_actions(shutil.copy(source, tmp_path / "unchanged.xlsm"), actions)
    written = tmp_path / f"laporan-sop-{month}.xlsx"
    assert workbook_dump(written) == workbook_dump(tmp_path / "cli" / "laporan.xlsx")
    assert alerts == [{"prompt": L.text("msg_report").format(month=month, path=written),
                       "title": "sopxl", "mode": "info"}]
    assert [a["func"] for a in actions] == ["alert"], "the SOP workbook itself is not changed"


def test_periksa_pemasangan_shows_the_versions_and_the_doctor(imported, tmp_path):
    import platform

    import xlwings

    path = shutil.copy(imported, tmp_path / "sop.xlsm")
    actions = _run(x.periksa_pemasangan, path, sheet=L.PETUNJUK, name=str(path))
    (alert,) = [a for a in actions if a["func"] == "alert"]
    prompt = alert["args"][0]
    assert f"Python {platform.python_version()}" in prompt and f"sopxl {sopxl.__version__}" in prompt
    assert f"xlwings {xlwings.__version__}" in prompt
    assert all(line in prompt for line in sopxl.doctor(path, lang="id").lines())
    assert len(actions) == 1


# ---- refusals: a message box, nothing written ---------------------------------------------------------------

def test_a_button_without_a_selected_case_asks_for_one(imported, tmp_path):
    path = shutil.copy(imported, tmp_path / "sop.xlsm")
    sopxl.start_case(path, "Satu")
    for selection, sheet in (("A1", L.PELACAK), ("A2", L.PELACAK), ("A3", L.LOG), (None, L.PELACAK), ("A9", L.PELACAK)):
        actions = _run(x.selesai, path, sheet=sheet, selection=selection)
        assert [(a["func"], a["args"][0]) for a in actions] == [("alert", L.text("msg_select_case"))]


def test_an_illegal_action_is_a_critical_message_and_writes_nothing(imported, tmp_path):
    path = shutil.copy(imported, tmp_path / "sop.xlsm")
    sopxl.start_case(path, "Satu")                     # at step 1, not a decision
    actions = _run(x.setuju_ya, path, selection=L.cell_ref(L.PELACAK_FIRST_ROW, 1))
    assert [a["func"] for a in actions] == ["alert"]
    prompt, title, _buttons, mode, _ = actions[0]["args"]
    assert mode == "critical" and title == "sopxl: Tidak dapat dijalankan"
    # in the workbook's language, with the button to click instead (the domain names no button)
    assert "sop.xlsm" in prompt and "bukan keputusan" in prompt and f"klik {L.text('button_finish')}" in prompt


def test_a_broken_log_cell_is_named_in_the_message(imported, tmp_path):
    from sopxl.xlsx.patch import Package

    path = shutil.copy(imported, tmp_path / "sop.xlsm")
    sopxl.start_case(path, "Satu")
    package = Package(path)
    package.set_rows(L.LOG, 2, [[1, 1, 1, "mulai", "kemarin", None, None, None, "Satu"]], keep_below=True)
    package.save()
    actions = _run(x.kasus_baru, path, "Dua")
    assert [a["func"] for a in actions] == ["alert"]
    assert "Log!E2" in actions[0]["args"][0] and actions[0]["args"][3] == "critical"


def test_a_workbook_of_an_older_sopxl_open_in_excel_says_to_refresh_the_file(tmp_path):
    """Its Pelacak (an older layout) is upgraded in the file by the next action there, never under Excel."""
    path = shutil.copy(Path(__file__).parent / "data" / "old_pelacak" / "lama.xlsm", tmp_path / "lama.xlsm")
    before = path.read_bytes()
    actions = _run(x.perbarui, path)
    assert [a["func"] for a in actions] == ["alert"]
    prompt, _title, _buttons, mode, _ = actions[0]["args"]
    assert mode == "critical" and "Pelacak!A1" in prompt and "tata letak lama" in prompt
    assert "sopxl refresh" in prompt and path.read_bytes() == before
    assert sopxl.refresh(path).upgraded       # the file door upgrades it; then the button works
    alerts = apply_actions(path, _run(x.perbarui, path))
    assert [a["prompt"].split(":")[0] for a in alerts] == [L.text("msg_refreshed").split(":")[0]]


def test_an_unexpected_error_is_a_message_not_a_traceback(imported, tmp_path, monkeypatch):
    import sopxl.openbook.actions

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sopxl.openbook.actions, "refresh", broken)
    actions = _run(x.perbarui, shutil.copy(imported, tmp_path / "sop.xlsm"))
    assert [a["func"] for a in actions] == ["alert"]
    assert "ZeroDivisionError: division by zero" in actions[0]["args"][0]


def test_messages_follow_the_workbook_language(tmp_path):
    path = sopxl.new(tmp_path / "en.xlsm", lang="en", macros=True, today=dt.date(2026, 1, 1))
    actions = _run(x.selesai, path, selection="A1")
    assert actions[0]["args"][0] == L.text("msg_select_case", "en")


def test_the_handlers_use_only_the_open_source_part_of_xlwings():
    import ast

    tree = ast.parse((ROOT / "sopxl" / "excel.py").read_text())
    tree_adapter = ast.parse((ROOT / "sopxl" / "openbook" / "book.py").read_text() + (ROOT / "sopxl" / "openbook" / "actions.py").read_text())
    names = {node.module for t in (tree, tree_adapter) for node in ast.walk(t)
             if isinstance(node, ast.ImportFrom) and node.module} | \
            {alias.name for t in (tree, tree_adapter) for node in ast.walk(t) if isinstance(node, ast.Import)
             for alias in node.names}
    assert not any(name.startswith("xlwings.pro") for name in names)


def test_values_from_any_engine_reach_the_codec_as_excel_holds_them():
    from sopxl.openbook.book import cell_value, plain

    utc = dt.timezone.utc
    assert plain(3) == 3.0 and type(plain(3)) is float            # the remote engine's whole numbers
    assert plain(True) is True and plain(None) is None and plain("") is None
    assert plain("2026-11-20T15:00:00.000Z") == dt.datetime(2026, 11, 20, 15, 0)     # remote engine dates
    assert plain(dt.datetime(2026, 11, 20, 15, 0, tzinfo=utc)) == dt.datetime(2026, 11, 20, 15, 0)   # pywin32
    assert plain("2026-11-20 catatan yang panjang sekali Z") == "2026-11-20 catatan yang panjang sekali Z"
    assert cell_value("=1+1") == "'=1+1" and cell_value("") is None and cell_value(2.5) == 2.5
    assert cell_value(dt.datetime(2026, 11, 20, 18, 0)) == 46346.75          # Excel's serial number
    assert cell_value(dt.time(7, 30)) == 0.3125


class _Recorder:
    """Stands in for the object model of desktop Excel (pywin32 or appscript): records every call."""

    def __init__(self, calls, protected):
        self._calls, self._protected = calls, protected

    def __getattr__(self, name):
        if name in ("ProtectContents",):
            return self._protected
        if name == "protect_contents":
            return types.SimpleNamespace(get=lambda: self._protected)
        return lambda *args, **kwargs: self._calls.append((name, args, kwargs))


@pytest.mark.parametrize("windows, off, on", [
    (True, "Unprotect", "Protect"), (False, "unprotect", "protect_worksheet")])
def test_protected_sheets_are_unprotected_around_a_write_and_protected_again(windows, off, on):
    """Desktop Excel refuses writes into Pelacak, Log and Temuan while they are protected."""
    from sopxl.errors import WorkbookError
    from sopxl.openbook.book import _Protection

    calls = []
    sheet = types.SimpleNamespace(name=L.LOG, api=_Recorder(calls, protected=True))
    protection = _Protection(sheet, windows)
    assert protection.remove() is True
    calls.append(("write",))
    protection.restore()
    assert [c[0] for c in calls] == [off, "write", on]
    options = calls[-1][2]
    assert {k.lower().replace("_", "") for k, v in options.items() if v is True} >= {
        "allowsorting", "allowfiltering", "allowformattingcolumns", "contents"}
    assert _Protection(types.SimpleNamespace(name=L.LOG, api=_Recorder([], protected=False)), windows).remove() is False

    class Refusing:
        ProtectContents = True
        protect_contents = types.SimpleNamespace(get=lambda: True)

        def Unprotect(self, *args):
            raise OSError("access denied")
        unprotect = Unprotect

    with pytest.raises(WorkbookError, match="could not unprotect"):
        _Protection(types.SimpleNamespace(name=L.LOG, api=Refusing()), windows).remove()


@pytest.mark.slow
def test_the_excel_door_adds_no_heavy_library_to_what_xlwings_loads():
    """xlwings brings pandas with it; sopxl's button modules add no openpyxl, XlsxWriter, holidays or docx."""
    import subprocess
    import sys

    script = ("import sys, xlwings\nbefore = set(sys.modules)\n"
              "import sopxl.excel, sopxl.openbook.actions, sopxl.openbook.book, sopxl.sheets.casebook, sopxl.domain.tracker\n"
              "print(' '.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))")
    loaded = set(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "sopxl" in loaded
    assert not loaded & {"openpyxl", "xlsxwriter", "holidays", "docx", "pandas", "lxml"}
