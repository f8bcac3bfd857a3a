"""Cases in real workbook files: the Log, the Pelacak sheet, hand-computed times, bad input, what is kept."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from helpers.ooxml import assert_valid
from sopxl import api
from sopxl import layout as L
from sopxl.errors import CaseError, WorkbookError
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.vba.ovba import VbaModule, build_vba_project
from sopxl.xlsx.workbook import create, template_calendar

ROOT = Path(__file__).resolve().parent.parent
MONEV = ROOT / "workbooks" / "sources" / "kemenkopolhukam_monev_sop_ap.txt"
TODAY = dt.date(2026, 11, 20)      # the Kalender holds the holidays of 2026 and 2027


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


def review_sop() -> SOP:
    return SOP(roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep nota dinas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1),
        Step(3, "Menandatangani nota dinas", marks=["Karo"], symbol=Symbol.TERMINATOR, waktu="10 menit"),
    ])


@pytest.fixture
def review_book(tmp_path: Path) -> Path:
    return create(tmp_path / "review.xlsx", review_sop(), calendar=template_calendar(TODAY))


@pytest.fixture
def monev_book(tmp_path: Path) -> Path:
    """The seed SOP made into a decision case, the way an author would do it.

    As written, the Kemenko Polhukam Monev SOP has no decision step. Its step 8 ("Memeriksa dan
    memaraf naskah dinas…", Kabag Ortala) is a check of the draft that step 7 prepared, so the
    author makes it a Keputusan: Tidak returns the draft to step 7, Ya goes on to step 9.
    """
    path = tmp_path / "monev.xlsx"
    api.import_document(MONEV, path, today=TODAY)
    sop = api.load(path)
    check = sop.step(8)
    assert check.kegiatan.startswith("Memeriksa dan memaraf naskah dinas")
    check.symbol, check.ya, check.tidak = Symbol.DECISION, 9, 7
    api.save(sop, path)
    return path


def rows(path: Path, sheet: str) -> list[list]:
    """The rows of a sheet as python-calamine reads them (header included, trailing empty rows dropped)."""
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [row for row in values if any(v != "" for v in row)]


def tracker(path: Path) -> dict[int, dict]:
    """Pelacak rows by case number, as {column key: value}."""
    keys = [c.key for c in L.PELACAK_COLUMNS]
    return {int(row[0]): dict(zip(keys, row)) for row in rows(path, L.PELACAK)[L.PELACAK_HEADER_ROW:]}


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def edit_by_hand(path: Path, sheet: str, cell: str, value) -> None:
    """Change one cell the way a person in a spreadsheet program would (openpyxl saves like Excel)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


# ---- hand-computed times through the workbook --------------------------------------------------------

def test_friday_afternoon_to_monday_morning(review_book: Path):
    # (Friday 20 November and the Monday after is in test_domain_tracker.py; here the Monday must be past)
    api.start_case(review_book, "Nota dinas rapat koordinasi", at=at(11, 13, 15))   # Friday 15:00
    result = api.advance(review_book, 1, at=at(11, 16, 8, 30))                        # Monday 08:30
    first = result.case.steps[0]
    assert (first.used, first.norm, first.status) == (90 + 60, 120, "late")
    assert (result.case.current.visit.step, result.case.current.holder) == (2, "Kabag")
    log = rows(review_book, L.LOG)
    assert log[0] == [L.text(c.key) for c in L.LOG_COLUMNS]
    assert [r[:6] for r in log[1:]] == [
        [1.0, 1.0, 1.0, "mulai", at(11, 13, 15), "Kasubbag"],
        [2.0, 1.0, 1.0, "selesai", at(11, 16, 8, 30), "Kasubbag"]]
    assert log[1][8] == "Nota dinas rapat koordinasi"
    assert all(isinstance(r[7], dt.datetime) and r[6] for r in log[1:])   # recorded at, recorded by
    shown = api.show_case(review_book, 1, as_of=at(11, 16, 8, 30))
    assert [(s.visit.step, s.used) for s in shown.steps] == [(1, 150), (2, 0)]


def test_a_cuti_bersama_day_is_not_counted_unless_the_office_works_it(review_book: Path, tmp_path: Path):
    # Wed 27 May 2026 is Idul Adha (nasional), Thu 28 May cuti bersama: Tue 15:00–16:00 + Fri 07:30–08:00
    office = tmp_path / "works-cuti-bersama.xlsx"
    office.write_bytes(review_book.read_bytes())
    for path in (review_book, office):
        api.start_case(path, "Usulan revisi SOP", at=at(5, 26, 15))
    assert api.advance(review_book, 1, at=at(5, 29, 8)).case.steps[0].used == 60 + 30
    # an office that works on the cuti bersama day deletes it from its Kalender
    grid = rows(office, L.KALENDER)
    date_col = L.KALENDER_HOLIDAYS_ORIGIN[1]
    row = next(i for i, r in enumerate(grid, start=1) if r[date_col - 1] == dt.date(2026, 5, 28))
    assert grid[row - 1][date_col] == "Cuti Bersama Hari Raya Idul Adha"
    for offset in range(3):
        edit_by_hand(office, L.KALENDER, L.cell_ref(row, date_col + offset), None)
    assert api.advance(office, 1, at=at(5, 29, 8)).case.steps[0].used == 60 + 450 + 30


def test_across_the_idul_fitri_holidays(review_book: Path):
    # Nyepi and Idul Fitri 2026: Wed 18 – Tue 24 March off (cuti bersama and national holidays)
    api.start_case(review_book, "Laporan triwulan", at=at(3, 17, 13))
    result = api.advance(review_book, 1, at=at(3, 25, 9))
    # Tue 17 March is the last Ramadan working day (08:00–15:00): 13:00–15:00; Wed 25 07:30–09:00
    assert result.case.steps[0].used == 120 + 90
    # now at step 2 (30 minutes): due at 09:30 that day
    assert (tracker(review_book)[1]["current_step"], tracker(review_book)[1]["step_due"]) == (2, at(3, 25, 9, 30))


def test_the_monev_seed_with_a_tidak_decision(monev_book: Path):
    """A case through all 16 steps of the Monev SOP, returned once at step 8; figures by hand.

    Norms (minutes, 1 hari = 450): 10, 60, 450, 60, 20, 60, 30, 10, 5, 120, 450, 30, 450, 60, 30, 20;
    the total along the main path is 1865.
    """
    api.start_case(monev_book, "Monev SOP AP Biro Umum", at=at(11, 2, 8))     # Monday 2 November
    plan = [  # (when, decision) — the minutes each step used, by hand, on the right
        (at(11, 2, 8, 10), None),    # 1: 10 of 10
        (at(11, 2, 9), None),        # 2: 50 of 60
        (at(11, 3, 10), None),       # 3: Mon 09–12 + 13–16 = 360, Tue 07:30–10:00 = 150: 510 of 450
        (at(11, 3, 10, 45), None),   # 4: 45 of 60
        (at(11, 3, 11), None),       # 5: 15 of 20
        (at(11, 3, 13, 30), None),   # 6: 60 + 30 across the break: 90 of 60
        (at(11, 3, 14), None),       # 7: 30 of 30
        (at(11, 3, 14, 20), False),  # 8: 20 of 10, Tidak: back to 7
    ]
    for moment, decision in plan:
        api.advance(monev_book, 1, at=moment, decision=decision)
    # so far, as of Tue 14:50: the rework of step 7 has taken 30 of its 30 (near the norm);
    # the case has taken Mon 08:00–16:00 (420) + Tue 07:30–14:50 (380) = 800 of 1865
    api.refresh(monev_book, as_of=at(11, 3, 14, 50))
    row = tracker(monev_book)[1]
    # step 7 again from 14:20, norm 30 minutes: due 14:50, nothing left; 800 minutes used = 1 day 5 h 50 min
    # (shown as 1 hari 5 jam), 1865 - 800 = 1065 left = 2 days 2 h 45 min; due 1865 minutes after Mon 08:00
    assert (row["state"], row["current_step"], row["step_due"], row["step_left"], row["status"]) == \
        ("Berjalan", 7, at(11, 3, 14, 50), "0 menit", "Mendekati norma")
    assert (row["total_used_text"], row["case_left"], row["returns"]) == ("1 hari 5 jam", "2 hari 2 jam", 1)
    # Mon 08:00 + 1865: Mon 420, Tue 450, Wed 450, Thu 450 (1770), Fri 07:30 + 95 = 09:05
    assert row["case_due"] == at(11, 6, 9, 5)
    for moment, decision in [
        (at(11, 3, 15), None),       # 7 again: 40 of 30
        (at(11, 3, 15, 5), True),    # 8: 5 of 10, Ya
        (at(11, 3, 15, 10), None),   # 9: 5 of 5
        (at(11, 4, 9), None),        # 10: Tue 15:10–16:00 = 50 + Wed 07:30–09:00 = 90: 140 of 120
        (at(11, 4, 16), None),       # 11: 180 + 180 = 360 of 450
        (at(11, 5, 8), None),        # 12: 30 of 30
        (at(11, 6, 8), None),        # 13: Thu 08:00–16:00 = 420 + Fri 07:30–08:00 = 30: 450 of 450
        (at(11, 6, 9), None),        # 14: 60 of 60
        (at(11, 6, 9, 20), None),    # 15: 20 of 30
        (at(11, 6, 9, 30), None),    # 16: 10 of 20 — the last step: closed
    ]:
        result = api.advance(monev_book, 1, at=moment, decision=decision)
    figures = result.case
    assert [(s.visit.step, s.used, s.norm) for s in figures.steps] == [
        (1, 10, 10), (2, 50, 60), (3, 510, 450), (4, 45, 60), (5, 15, 20), (6, 90, 60), (7, 30, 30), (8, 20, 10),
        (7, 40, 30), (8, 5, 10), (9, 5, 5), (10, 140, 120), (11, 360, 450), (12, 30, 30), (13, 450, 450),
        (14, 60, 60), (15, 20, 30), (16, 10, 20)]
    assert [s.status for s in figures.steps[:9]] == [
        "near", "near", "late", "on_time", "on_time", "late", "near", "late", "late"]
    assert [s.visit.rework for s in figures.steps].index(True) == 8
    # Mon 420 + Tue 450 + Wed 450 + Thu 450 + Fri 07:30–09:30 120 = 1890 = the sum of the steps
    assert figures.total_used == 1890 == sum(s.used for s in figures.steps)
    assert (figures.total_norm, figures.status, figures.case.returns) == (1865, "late", 1)
    row = tracker(monev_book)[1]
    assert (row["state"], row["current_step"], row["status"], row["total_used_text"], row["case_left"],
            row["returns"], row["closed"]) == ("Selesai", "", "Terlambat", "4 hari 1 jam", "", 1, at(11, 6, 9, 30))
    log = rows(monev_book, L.LOG)[1:]
    assert [(r[2], r[3]) for r in log][7:11] == [(7.0, "selesai"), (8.0, "tidak"), (7.0, "selesai"), (8.0, "ya")]
    assert len(log) == 1 + 16 + 2
    assert_valid(monev_book)


def test_refresh_judges_open_cases_as_of_a_moment(review_book: Path):
    api.start_case(review_book, "a", at=at(11, 16, 8))
    api.start_case(review_book, "b", at=at(11, 16, 9))
    api.cancel_case(review_book, 2, at=at(11, 16, 10), note="ditarik")
    log_before = rows(review_book, L.LOG)
    result = api.refresh(review_book, as_of=at(11, 16, 9, 30))     # 90 of 120 minutes: 75 %
    # case 2 is cancelled at 10:00, after the moment: as of 09:30 it is still open
    assert result.counts() == {"open": 2, "closed": 0, "cancelled": 0,
                               "open_by_status": {"on_time": 2, "near": 0, "late": 0, "no_norm": 0}}
    assert tracker(review_book)[2]["state"] == "Berjalan"
    assert tracker(review_book)[1]["step_left"] == "30 menit" and tracker(review_book)[1]["status"] == "Tepat waktu"
    api.refresh(review_book, as_of=at(11, 16, 9, 36))              # 96 of 120: 80 %
    assert tracker(review_book)[1]["status"] == "Mendekati norma"
    api.refresh(review_book, as_of=at(11, 16, 10, 31))
    assert tracker(review_book)[1]["status"] == "Terlambat"
    cancelled = tracker(review_book)[2]
    assert (cancelled["state"], cancelled["status"], cancelled["closed"], cancelled["total_used_text"],
            cancelled["last_note"], cancelled["step_left"]) == ("Batal", "", at(11, 16, 10), "1 jam", "ditarik", "")
    # late and open on top, the cancelled case below it
    assert [row[0] for row in rows(review_book, L.PELACAK)[L.PELACAK_HEADER_ROW:]] == [1, 2]
    assert rows(review_book, L.LOG) == log_before
    assert_valid(review_book)


def test_notes_and_english_labels(tmp_path: Path):
    path = create(tmp_path / "en.xlsx", review_sop(), lang="en", calendar=template_calendar(TODAY))
    api.start_case(path, "=HYPERLINK(\"http://x\",\"klik\")", at=at(11, 16, 8))
    api.add_note(path, 1, "+62 812 menunggu", at=at(11, 16, 8, 30))
    api.advance(path, 1, at=at(11, 16, 9), note="-selesai lebih awal")
    api.refresh(path, as_of=at(11, 16, 9))
    row = tracker(path)[1]
    assert (row["state"], row["status"], row["subject"]) == ("Open", "On time", '=HYPERLINK("http://x","klik")')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = openpyxl.load_workbook(path)[L.LOG]
    # text that looks like a formula stays text
    assert [(log.cell(r, 9).value, log.cell(r, 9).data_type) for r in (2, 3, 4)] == [
        ('=HYPERLINK("http://x","klik")', "s"), ("+62 812 menunggu", "s"), ("-selesai lebih awal", "s")]
    assert [n.note for n in api.show_case(path, 1).case.notes] == ["+62 812 menunggu"]
    assert_valid(path)


# ---- what is kept, what is refused -----------------------------------------------------------------

def _with_extras(workbook, sheets) -> None:
    """A button, a text box and comments: parts of the workbook sopxl does not own."""
    sheets[L.PETUNJUK].insert_button("D2", {"macro": "MulaiKasus", "caption": "Mulai kasus", "width": 120})
    sheets[L.PETUNJUK].insert_textbox("D6", "Klik tombol untuk memulai kasus", {"width": 240, "height": 40})
    sheets[L.LOG].write_comment("A1", "Diisi oleh sopxl, jangan diketik")
    sheets[L.PELACAK].write_comment("A1", "Dibangun ulang dari Log")


def test_an_advance_keeps_every_part_sopxl_does_not_own(tmp_path: Path):
    vba = build_vba_project([VbaModule("Tombol", 'Sub MulaiKasus()\n    MsgBox "sopxl"\nEnd Sub\n')])
    path = create(tmp_path / "buttons.xlsm", review_sop(), calendar=template_calendar(TODAY), vba_project=vba,
                  before_close=[_with_extras])
    with zipfile.ZipFile(path) as archive:
        before = {name: archive.read(name) for name in archive.namelist()}
    assert any(n.startswith("xl/drawings/") for n in before) and "xl/vbaProject.bin" in before
    assert sum(n.startswith("xl/comments") for n in before) == 2
    api.start_case(path, "Kasus dengan tombol", at=at(11, 16, 8))
    api.advance(path, 1, at=at(11, 16, 9))
    with zipfile.ZipFile(path) as archive:
        after = {name: archive.read(name) for name in archive.namelist()}
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    log_parts = {L.LOG: "xl/worksheets/sheet7.xml", L.PELACAK: "xl/worksheets/sheet4.xml",
                 L.BEBAN_KERJA: "xl/worksheets/sheet5.xml", L.LINI_WAKTU: "xl/worksheets/sheet6.xml"}
    # the four sheets and the Log's table (now two rows long); the Pelacak table still has one row
    assert changed == {*log_parts.values(), "xl/tables/table2.xml"}
    log_xml = after[log_parts[L.LOG]].decode()
    assert "<legacyDrawing" in log_xml and "<tableParts" in log_xml   # the comment stays attached
    assert after["xl/vbaProject.bin"] == vba
    assert_valid(path)


@pytest.mark.parametrize("cell, value, message", [
    ("B3", 99, "Log!B3: event 2 cannot be replayed: case 99 does not exist (cases are numbered 1 to 1)"),
    ("E3", "kemarin sore", "Log!E3: 'kemarin sore' is not a date and time like 2026-11-20 15:00"),
    ("D3", "lanjut", "Log!D3: 'lanjut' is not an action (mulai, selesai, ya, tidak, batal, catatan)"),
    ("A3", "dua", "Log!A3: 'dua' is not an event number"),
    ("C3", 7, "Log!C3: event 2 cannot be replayed: case 1 is at step 1, not at step 7"),
    ("E3", dt.datetime(2026, 11, 1, 8), "Log!E3: event 2 cannot be replayed: 2026-11-01 08:00 is before"),
    ("H2", "tadi pagi", "Log!H2: 'tadi pagi' is not a date and time"),
])
def test_a_log_edited_into_nonsense_is_named_and_nothing_is_written(review_book: Path, cell, value, message):
    api.start_case(review_book, "a", at=at(11, 16, 8))
    api.advance(review_book, 1, at=at(11, 16, 9))
    edit_by_hand(review_book, L.LOG, cell, value)
    before = snapshot(review_book)
    for act in (lambda: api.advance(review_book, 1), lambda: api.refresh(review_book),
                lambda: api.start_case(review_book, "b"), lambda: api.list_cases(review_book)):
        with pytest.raises(WorkbookError) as info:
            act()
        assert str(info.value).startswith(f"{review_book}: {message}")
        assert info.value.fix
    assert snapshot(review_book) == before


@pytest.mark.parametrize("cell, value, message", [
    ("B3", "7.3O", "Kalender!B3: '7.3O' is not a time of day (00:00 to 23:59) — write it as 07:30 or 07.30"),
    ("C5", "25:00", "Kalender!C5: '25:00' is not a time of day (00:00 to 23:59)"),
    ("B4", "", "Kalender!B4: a working day needs both a start and an end"),
])
def test_a_malformed_kalender_hour_is_named_and_nothing_is_written(review_book: Path, cell, value, message):
    api.start_case(review_book, "a", at=at(11, 16, 8))
    edit_by_hand(review_book, L.KALENDER, cell, value or None)
    before = snapshot(review_book)
    for act in (lambda: api.advance(review_book, 1), lambda: api.refresh(review_book)):
        with pytest.raises(WorkbookError, match="^" + str(review_book).replace(".", r"\.") + ": ") as info:
            act()
        assert message in str(info.value)
    assert snapshot(review_book) == before


def test_an_edited_kalender_and_log_still_read_after_a_spreadsheet_saved_them(review_book: Path):
    """A file saved by another program (shared strings, its own styles) is read and extended."""
    api.start_case(review_book, "a", at=at(11, 16, 8))
    edit_by_hand(review_book, L.LOG, "F2", "Kasubbag TU")
    result = api.advance(review_book, 1, at=at(11, 16, 9))
    assert result.event.id == 2 and result.case.steps[0].used == 60
    assert [r[5] for r in rows(review_book, L.LOG)[1:]] == ["Kasubbag TU", "Kasubbag"]
    assert_valid(review_book)


def test_illegal_actions_leave_the_file_untouched(review_book: Path):
    api.start_case(review_book, "a", at=at(11, 16, 8))
    api.advance(review_book, 1, at=at(11, 16, 9))
    before = snapshot(review_book)
    refusals = [
        (lambda: api.advance(review_book, 1), "step 2 is a decision"),
        (lambda: api.advance(review_book, 2), "case 2 does not exist"),
        (lambda: api.advance(review_book, 1, decision=True, at=at(11, 16, 8, 59)), "is before the last event"),
        (lambda: api.advance(review_book, 1, decision=True, at=dt.datetime(2099, 1, 1)), "is in the future"),
        (lambda: api.add_note(review_book, 1, "  "), "a note needs text"),
        (lambda: api.start_case(review_book, ""), "a case needs a subject"),
        (lambda: api.show_case(review_book, 5), "case 5 does not exist"),
    ]
    for act, message in refusals:
        with pytest.raises(CaseError, match=message) as info:
            act()
        assert info.value.file == str(review_book)
    assert snapshot(review_book) == before


def test_a_workbook_open_in_excel_is_not_written(review_book: Path):
    api.start_case(review_book, "a", at=at(11, 16, 8))
    lock = review_book.with_name("~$" + review_book.name)
    lock.write_bytes(b"owner")
    before = snapshot(review_book)
    with pytest.raises(WorkbookError, match="open in Excel or LibreOffice"):
        api.advance(review_book, 1, at=at(11, 16, 9))
    assert snapshot(review_book) == before
    lock.unlink()
    assert api.advance(review_book, 1, at=at(11, 16, 9)).event.id == 2


def test_a_workbook_that_is_not_sopxl_is_refused(tmp_path: Path):
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(other)
    with pytest.raises(WorkbookError, match="this is not an sopxl workbook"):
        api.start_case(other, "a")


# ---- Pelacak: every action rebuilds it, open and urgent cases first -----------------------------------

def test_an_action_brings_every_open_case_up_to_date_in_the_trackers_order(review_book: Path):
    api.start_case(review_book, "satu", at=at(11, 16, 8))
    api.start_case(review_book, "dua", at=at(11, 16, 8, 30))
    api.start_case(review_book, "tiga", at=at(11, 16, 8, 45))
    api.advance(review_book, 2, at=at(11, 16, 9))                 # dua at step 2 (30 minutes) from 09:00
    api.cancel_case(review_book, 3, at=at(11, 16, 9, 10), note="salah kirim")
    api.refresh(review_book, as_of=at(11, 16, 9, 50))
    table = tracker(review_book)
    # dua: 50 of 30 minutes at step 2, late; satu: 110 of 120 at step 1, near the norm; tiga cancelled
    assert [row[0] for row in rows(review_book, L.PELACAK)[L.PELACAK_HEADER_ROW:]] == [2, 1, 3]
    assert (table[2]["status"], table[2]["step_left"], table[2]["step_due"]) == ("Terlambat", "lewat 20 menit",
                                                                                  at(11, 16, 9, 30))
    assert (table[1]["status"], table[1]["step_left"], table[1]["case_left"]) == ("Mendekati norma", "10 menit",
                                                                                  "50 menit")
    assert (table[3]["state"], table[3]["current_step"], table[3]["last_note"]) == ("Batal", "", "salah kirim")
    title = rows(review_book, L.PELACAK)[0][0]
    assert title == "Keadaan per 16/11/2026 09:50"
    # an action judges every open case as of the moment it is recorded, not only its own
    api.advance(review_book, 1, at=at(11, 16, 9, 55))
    assert tracker(review_book)[2]["step_left"] != "lewat 20 menit"


def test_a_pelacak_sorted_by_hand_is_put_back_in_order_by_the_next_action(review_book: Path):
    for n, subject in enumerate(("satu", "dua", "tiga")):
        api.start_case(review_book, subject, at=at(11, 16, 8, n))
    first = L.PELACAK_FIRST_ROW
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(review_book)
    sheet = book[L.PELACAK]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=first, max_row=first + 2)]
    for r, row in enumerate(sorted(values, key=lambda v: v[1], reverse=True), start=first):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value)
    book.save(review_book)
    assert [row[0] for row in rows(review_book, L.PELACAK)[L.PELACAK_HEADER_ROW:]] == [3, 1, 2]
    api.advance(review_book, 1, at=at(11, 16, 9))
    # the action judges every case as of the moment it is recorded (today, long after): all three are late,
    # and the one whose step norm ran out first is on top: case 1 (step 2 due 09:30), 2 (10:01), 3 (10:02)
    assert [int(row[0]) for row in rows(review_book, L.PELACAK)[L.PELACAK_HEADER_ROW:]] == [1, 2, 3]
    assert tracker(review_book)[1]["current_step"] == 2 and tracker(review_book)[3]["current_step"] == 1
    assert_valid(review_book)


def test_a_changed_pelacak_header_is_refused_naming_the_cell(review_book: Path):
    """Neither today's header nor an older sopxl's (which is upgraded: tests/test_xlsx_upgrade.py)."""
    edit_by_hand(review_book, L.PELACAK, L.cell_ref(L.PELACAK_HEADER_ROW, 1), "Case No")
    with pytest.raises(WorkbookError, match="expected the header 'No'") as refused:
        api.start_case(review_book, "satu", at=at(11, 16, 8))
    assert (refused.value.sheet, refused.value.cell) == (L.PELACAK, "A2")


def test_case_actions_on_a_file_load_no_heavy_library(review_book: Path):
    """The file path of case actions (start, advance, refresh: the CLI's) imports neither pandas nor openpyxl."""
    import subprocess
    import sys

    script = (
        "import sys, datetime as dt\n"
        "from sopxl import api\n"
        f"path = {str(review_book)!r}\n"
        "api.start_case(path, 'tombol', at=dt.datetime(2026, 11, 16, 8))\n"
        "api.advance(path, 1, at=dt.datetime(2026, 11, 16, 9))\n"
        "api.refresh(path)\n"
        "api.show_case(path, 1)\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'numpy', 'xlsxwriter', 'holidays') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert api.show_case(review_book, 1).case.current_step == 2


def test_an_open_workbook_door_gets_the_same_rows_as_the_file(review_book: Path):
    """A door holding the workbook open in Excel reads sheet values and writes the planned update itself.

    Applied to the sheet values in memory, the plan must give what the file writer puts on disk.
    """
    from sopxl.sheets.casebook import CASE_SHEETS, casebook_from_grids, plan_update
    from sopxl.xlsx.casefile import write_update
    from sopxl.sheets.grid import cell_text
    from sopxl.xlsx.read import read_grids

    api.start_case(review_book, "satu", at=at(11, 16, 8))
    api.start_case(review_book, "dua", at=at(11, 16, 8, 5))
    for first_action in (True, False):          # two actions in a row
        grids = read_grids(review_book, CASE_SHEETS)
        book = casebook_from_grids(grids, source=review_book)
        events = [book.ledger.advance(1, at(11, 16, 9) if first_action else at(11, 16, 10), recorded_by="ani",
                                      recorded_at=at(11, 16, 10), decision=None if first_action else True)]
        update = plan_update(book, events, at(11, 16, 10))
        memory = {name: [list(r) for r in grids[name].rows] for name in (L.LOG, L.PELACAK)}
        for offset, values in enumerate(update.log_rows):
            memory[L.LOG].insert(update.log_first_row - 1 + offset, values)
        memory[L.PELACAK][0] = [update.tracker_title]
        memory[L.PELACAK][L.PELACAK_HEADER_ROW:] = update.tracker_rows
        book.signature = None
        write_update(book, update)
        for name in (L.LOG, L.PELACAK):
            on_disk = [[cell_text(v) for v in r] for r in rows(review_book, name)]
            in_memory = [[cell_text(v) for v in r] + [""] * (len(on_disk[0]) - len(r)) for r in memory[name]]
            assert on_disk == in_memory
        assert update.log_count == len(rows(review_book, L.LOG)) - 1
    assert_valid(review_book)


def test_as_of_leaves_out_what_happened_after_the_moment(review_book: Path):
    """case list --as-of "2026-12-01 07:00" showed a case opened at 08:15 and one cancelled at 14:00."""
    api.start_case(review_book, "sudah ada", at=at(11, 30, 9))
    api.start_case(review_book, "dibuka kemudian", at=dt.datetime(2026, 12, 1, 8, 15))
    api.cancel_case(review_book, 1, at=dt.datetime(2026, 12, 1, 14, 0), note="ditarik")
    listed = api.list_cases(review_book, as_of="2026-12-01 07:00")
    assert [(f.case.number, f.case.state) for f in listed.cases] == [(1, "open")]
    assert api.show_case(review_book, 1, as_of="01/12/2026 07:00").case.state == "open"
    with pytest.raises(CaseError):                      # case 2 did not exist yet
        api.show_case(review_book, 2, as_of="2026-12-01 07:00")
    assert [(f.case.number, f.case.state) for f in api.list_cases(review_book, as_of="2026-12-01 15:00").cases] \
        == [(2, "open"), (1, "cancelled")]          # open cases first


def test_the_api_takes_the_texts_the_command_line_takes(review_book: Path):
    """sopxl.start_case(wb, "...", at="2026-12-04 09:00") raised a raw TypeError."""
    from sopxl.domain.dates import MomentError

    result = api.start_case(review_book, "surat masuk", at="2026-11-16 09:00")
    assert result.event.at == at(11, 16, 9)
    assert api.advance(review_book, 1, at="16/11/2026 10.30").event.at == at(11, 16, 10, 30)
    with pytest.raises(MomentError, match="without a time of day"):
        api.add_note(review_book, 1, "x", at="2026-11-16")
    assert len(rows(review_book, L.LOG)) == 3            # header + two events: the refused note wrote nothing


def test_a_note_stamped_now_does_not_stop_recording_earlier_work(review_book: Path):
    """case note without --at stamps now; yesterday's finished step could no longer be recorded after it."""
    api.start_case(review_book, "a", at=at(11, 16, 8))
    api.add_note(review_book, 1, "menunggu paraf")               # now
    result = api.advance(review_book, 1, at=at(11, 16, 9, 30))   # work done before the note was written
    assert result.case.case.current_step == 2
    with pytest.raises(CaseError, match="before case 1 was opened"):
        api.add_note(review_book, 1, "terlalu awal", at=at(11, 16, 7))
    # the Log still replays (a note between events of other times is no obstacle)
    assert [f.case.state for f in api.list_cases(review_book).cases] == ["open"]
