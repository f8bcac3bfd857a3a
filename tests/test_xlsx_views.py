"""Beban Kerja and Lini Waktu in real workbook files: a small office day by hand, both languages, an older
workbook upgraded, both doors, and the sheets as LibreOffice prints them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from helpers.ooxml import assert_valid
from sopxl import api
from sopxl import layout as L
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.xlsx.workbook import create, template_calendar

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "views"
TODAY = dt.date(2026, 11, 20)
AS_OF = dt.datetime(2026, 11, 19, 15, 0)      # a Thursday: 07:30-16:00, break 12:00-13:00


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 19, hour, minute)


def review_sop() -> SOP:
    return SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep nota dinas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1),
        Step(3, "Menandatangani nota dinas", marks=["Karo"], symbol=Symbol.TERMINATOR, waktu="10 menit"),
    ])


def office_day(path: Path) -> Path:
    """Three cases on 19/11/2026: one returned by a Tidak and now late at the Karo, one at its step's norm,
    one cancelled; the figures are judged as of 15:00."""
    api.start_case(path, "Nota dinas cuti", at=at(8))                     # case 1
    api.start_case(path, "Permohonan data", at=at(8, 30))                 # case 2
    api.advance(path, 1, at=at(9))                                        # step 1: 60 of 120 min
    api.cancel_case(path, 2, at=at(9, 30), note="ditarik pemohon")
    api.advance(path, 1, decision=False, at=at(10))                       # step 2 Tidak: 60 of 30 min
    api.advance(path, 1, at=at(11))                                       # step 1 again (rework): 60 min
    api.advance(path, 1, decision=True, at=at(11, 10))                    # step 2 Ya: 10 of 30 min
    api.start_case(path, "Surat undangan rapat", at=at(13))               # case 3
    api.refresh(path, as_of=AS_OF)
    return path


@pytest.fixture
def day_book(tmp_path: Path) -> Path:
    return office_day(create(tmp_path / "day.xlsx", review_sop(), calendar=template_calendar(TODAY)))


def values(path: Path, sheet: str) -> list[list]:
    """A sheet's values as python-calamine reads them, every row from row 1 (empty cells as None)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return [[None if v == "" else v for v in row] for row in rows]


def workload(path: Path) -> list[dict]:
    keys = [c.key for c in L.WORKLOAD_COLUMNS]
    return [dict(zip(keys, row)) for row in values(path, L.BEBAN_KERJA)[L.WORKLOAD_FIRST_ROW - 1:] if any(row)]


def timeline(path: Path) -> list[list]:
    """Lini Waktu rows from TIMELINE_FIRST_ROW, each as wide as the sheet's layout (blank rows kept)."""
    rows = values(path, L.LINI_WAKTU)[L.TIMELINE_FIRST_ROW - 1:]
    return [[*row, *[None] * (L.timeline_width() - len(row))][:L.timeline_width()] for row in rows]


def bar_cells(row: list) -> list:
    first, mark, last = L.timeline_bar_columns()
    return row[first - 1:last]


def row_breaks(path: Path, sheet: str) -> list[int]:
    from sopxl.xlsx.patch import Package

    element = Package(path).get_element(sheet, "rowBreaks") or ""
    return [int(n) + 1 for n in re.findall(r'<brk id="(\d+)"', element)]


def test_beban_kerja_lists_who_holds_what_the_most_overdue_first(day_book):
    assert_valid(day_book)
    rows = workload(day_book)
    assert [r["wl_holder"] for r in rows] == ["Karo", "Kasubbag", "Kabag"]
    karo, kasubbag, kabag = rows
    # case 1 stands at step 3 since 11:10: 50 + 120 working minutes against a norm of 10 (due 11:20)
    assert (karo["wl_open"], karo["wl_late"], karo["wl_near"]) == (1, 1, 0)
    assert (karo["wl_case"], karo["wl_subject"], karo["wl_step"]) == (1, "Nota dinas cuti", 3)
    assert karo["wl_due"] == at(11, 20)
    assert karo["wl_left"] == "lewat 2 jam 40 menit"
    assert karo["wl_done"] == 0
    # case 3 has used the whole 2 hours of step 1 at 15:00: near its norm, due now
    assert (kasubbag["wl_open"], kasubbag["wl_late"], kasubbag["wl_near"]) == (1, 0, 1)
    assert (kasubbag["wl_case"], kasubbag["wl_step"], kasubbag["wl_due"]) == (3, 1, at(15))
    assert kasubbag["wl_left"] == "0 menit"
    assert kasubbag["wl_done"] == 2              # step 1 of case 1, twice; the cancelled step does not count
    assert (kabag["wl_open"], kabag["wl_late"], kabag["wl_case"], kabag["wl_done"]) == (0, 0, None, 2)
    title = values(day_book, L.BEBAN_KERJA)[0][0]
    assert title == "Beban kerja per 19/11/2026 15:00: 2 kasus berjalan, 1 terlambat"


def test_lini_waktu_shows_each_case_step_by_step_with_returns_and_the_current_step(day_book):
    rows = timeline(day_book)
    kinds = [row[-1] for row in rows]
    # open cases first (the late one on top), then the cancelled one; a blank row and a new page between
    assert kinds == [L.ROW_CASE, L.ROW_HEAD, L.ROW_STEP, L.ROW_STEP, L.ROW_BACK, L.ROW_STEP, L.ROW_NOW, None,
                     L.ROW_CASE, L.ROW_HEAD, L.ROW_NOW, None,
                     L.ROW_CASE, L.ROW_HEAD, L.ROW_STEP]
    first = L.TIMELINE_FIRST_ROW
    assert row_breaks(day_book, L.LINI_WAKTU) == [first + 8, first + 12]
    case1 = rows[0]
    assert (case1[0], case1[1], case1[2]) == (1, "Nota dinas cuti", "Berjalan\nTerlambat")
    assert case1[3] == at(8)
    assert "dikembalikan 1 kali" in case1[-2]
    assert rows[1][:7] == ["Langkah", "Kegiatan", "Pelaksana", "Mulai", "Selesai", "Waktu terpakai (% norma)",
                           "Norma"]
    steps = rows[2:7]
    assert [r[0] for r in steps] == [1, 2, 1, 2, 3]
    assert [r[3] for r in steps] == [at(8), at(9), at(10), at(11), at(11, 10)]
    assert [r[4] for r in steps] == [at(9), at(10), at(11), at(11, 10), None]
    assert [r[5] for r in steps] == ["1 jam (50 %)", "1 jam (200 %)", "1 jam (50 %)", "10 menit (33 %)",
                                     "2 jam 50 menit (1700 %)"]
    assert [r[6] for r in steps] == ["2 jam", "30 menit", "2 jam", "30 menit", "10 menit"]
    assert steps[1][-2] == "Tidak: dikembalikan ke langkah 1"
    assert steps[2][-2] == "↩ dikerjakan ulang"
    assert steps[3][-2] == "Ya"
    assert steps[4][-2] == "▶ sedang di sini, batas 19/11/2026 11:20"
    on_time, late, norm = L.BAR_CODES["on_time"], L.BAR_CODES["late"], L.NORM_CODE
    half = [on_time] * 5 + [None] * 5
    # a bar cell per 10 % of the norm: 50 %, 200 % (late, past the mark), 50 %, 34 % (4 cells), 1700 % (capped)
    assert bar_cells(steps[0]) == [*half, norm, *[None] * 10]
    assert bar_cells(steps[1]) == [*[late] * 10, norm, *[late] * 10]
    assert bar_cells(steps[3]) == [*[on_time] * 4, *[None] * 6, norm, *[None] * 10]
    assert bar_cells(steps[4]) == [*[late] * 10, norm, *[late] * 10]
    # case 3 at its norm exactly: ten cells in the near colour, none past the mark
    assert bar_cells(rows[10]) == [*[L.BAR_CODES["near"]] * 10, norm, *[None] * 10]
    cancelled = rows[12]
    assert (cancelled[0], cancelled[2]) == (2, "Batal")
    assert rows[14][-2] == "✕ dibatalkan di sini"


def test_english_workbook_reads_in_english(tmp_path):
    path = office_day(create(tmp_path / "en.xlsx", review_sop(), lang="en", calendar=template_calendar(TODAY)))
    assert_valid(path)
    assert values(path, L.BEBAN_KERJA)[0][0] == "Workload as of 19/11/2026 15:00: 2 open cases, 1 late"
    assert values(path, L.BEBAN_KERJA)[1][:4] == ["Role", "Cases held", "Late", "Near the limit"]
    assert workload(path)[0]["wl_left"] == "2 h 40 min over"
    rows = timeline(path)
    assert rows[0][2] == "Open\nLate"
    assert rows[1][:3] == ["Step", "Activity", "Role"]
    assert rows[3][-2] == "No: returned to step 1"
    assert rows[6][-2] == "▶ here now, due 19/11/2026 11:20"
    assert values(path, L.LINI_WAKTU)[1][0].startswith("Bars: working time used against the step's norm")


def test_an_action_rewrites_both_views(day_book):
    api.advance(day_book, 1, at=at(15, 30))         # case 1 closed at step 3
    api.refresh(day_book, as_of=at(15, 30))
    rows = workload(day_book)
    assert [r["wl_holder"] for r in rows][0] == "Kasubbag"
    assert sum(r["wl_open"] for r in rows) == 1
    kinds = [row[-1] for row in timeline(day_book)]
    assert kinds.count(L.ROW_CASE) == 3 and kinds.count(L.ROW_NOW) == 1
    assert timeline(day_book)[0][0] == 3            # the open case first now; case 1 is among the ended ones
    assert_valid(day_book)


def test_an_older_workbook_gets_both_sheets_on_its_next_action(tmp_path):
    path = shutil.copy(DATA / "before_views_monev.xlsx", tmp_path / "monev.xlsx")
    assert L.BEBAN_KERJA not in CalamineWorkbook.from_path(str(path)).sheet_names
    api.start_case(path, "Nota dinas baru", at=dt.datetime(2026, 11, 20, 9))
    assert CalamineWorkbook.from_path(str(path)).sheet_names == list(L.SHEETS)
    assert_valid(path)
    cases = [row for row in timeline(path) if row[-1] == L.ROW_CASE]
    assert "Nota dinas baru" in [row[1] for row in cases]
    assert sum(row["wl_open"] for row in workload(path)) == api.list_cases(path).counts()["open"]
    # the next action finds them and only rewrites them
    api.advance(path, cases[0][0], at=dt.datetime(2026, 11, 20, 10))
    assert CalamineWorkbook.from_path(str(path)).sheet_names == list(L.SHEETS)
    assert_valid(path)


def test_an_older_macro_workbook_keeps_its_buttons_and_macros_when_refresh_adds_the_views(tmp_path):
    path = shutil.copy(DATA / "before_views.xlsm", tmp_path / "sop.xlsm")
    with zipfile.ZipFile(path) as archive:
        before = {n: archive.read(n) for n in archive.namelist()}
    api.refresh(path, as_of=dt.datetime(2026, 11, 20, 10))
    assert CalamineWorkbook.from_path(str(path)).sheet_names == [*L.SHEETS, L.XLWINGS_CONF]
    assert_valid(path)
    assert values(path, L.LINI_WAKTU)[0][0] == "Belum ada kasus"
    with zipfile.ZipFile(path) as archive:
        after = {n: archive.read(n) for n in archive.namelist()}
    kept = [p for p in before if p.startswith(("xl/vbaProject", "xl/drawings/", "xl/tables/", "xl/theme/"))]
    assert any(p.startswith("xl/vbaProject") for p in kept) and any(p.startswith("xl/drawings/") for p in kept)
    for part in kept:
        assert after[part] == before[part], part
    # the sheet-scoped names of the sheets after the new ones moved along with them
    import warnings

    import openpyxl
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        titles = {ws.title: ws.print_title_rows for ws in openpyxl.load_workbook(path, keep_vba=True).worksheets}
    assert (titles[L.PELACAK], titles[L.LOG], titles[L.KALENDER], titles[L.TEMUAN]) == ("$2:$2", "$1:$1", "$2:$2", "$1:$1")


@pytest.mark.slow
def test_libreoffice_prints_each_case_on_its_own_page_and_the_workload_on_one(day_book, tmp_path):
    from helpers.office import convert

    pdf = convert(day_book, "pdf", tmp_path)
    pages = _pages_of(pdf)
    assert len(pages[L.BEBAN_KERJA]) == 1
    timeline_pages = [_page_text(pdf, n) for n in pages[L.LINI_WAKTU]]
    assert len(timeline_pages) == 3                  # three cases, a page each, none split
    for text, (number, subject) in zip(timeline_pages, [(1, "Nota dinas cuti"), (3, "Surat undangan rapat"),
                                                         (2, "Permohonan data")]):
        assert subject in text
        assert text.count("Langkah") >= 1
    assert "Tidak: dikembalikan ke langkah 1" in timeline_pages[0]
    assert "Beban kerja per 19/11/2026 15:00" in _page_text(pdf, pages[L.BEBAN_KERJA][0])


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _pages_of(pdf: Path) -> dict[str, list[int]]:
    """The PDF's pages by the sheet named in their footer (every page's footer starts with its sheet name)."""
    from helpers.office import pdf_page_count

    found: dict[str, list[int]] = {}
    for page in range(1, pdf_page_count(pdf) + 1):
        lines = [line.strip() for line in _page_text(pdf, page).splitlines() if line.strip()]
        sheet = next((s for s in L.SHEETS if lines and lines[-1].startswith(s)), None)
        found.setdefault(sheet, []).append(page)
    return found


def test_lini_waktu_shows_at_most_its_limit_and_says_how_many_were_left_out(day_book):
    from sopxl.sheets.views import timeline as timeline_of

    cases = api.list_cases(day_book, as_of=AS_OF).cases          # in Pelacak's order
    some = timeline_of(cases, AS_OF, "id", 450, limit=2)
    assert some.title == ("Lini waktu per 19/11/2026 15:00: 2 dari 3 kasus (yang berjalan dahulu, lalu yang "
                          "terakhir selesai)")
    assert [row[0] for row in some.rows if row and row[-1] == L.ROW_CASE] == [1, 3]
    assert some.breaks == [L.TIMELINE_FIRST_ROW + 8]
    assert len(some.heights) == len(some.rows)
    english = timeline_of(cases, AS_OF, "en", 450, limit=1)
    assert english.title == "Timeline as of 19/11/2026 15:00: 1 of 3 cases (open ones first, then the latest ended)"
    assert english.breaks == []


def test_text_with_markup_and_escapes_reads_back_as_typed(day_book):
    subject = "Surat <A&B> _x0041_ \"kutip\""
    api.start_case(day_book, subject, at=at(15, 30))
    assert_valid(day_book)
    assert subject in [row[1] for row in timeline(day_book) if row[-1] == L.ROW_CASE]
