"""Reminders after a night: an office's cases overdue and due today, per unit and Pelaksana, on both engines."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

import sopxl
from helpers.ooxml import assert_all_valid
from sopxl import layout as L
from sopxl.cli import cli, render_consolidation
from sopxl.domain.cases import Ledger
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.nightly.reminders import page_breaks, reminders_folder, unit_file_names
from sopxl.sheets.log import event_row
from sopxl.xlsx.create import WorkbookContent, write_workbook
from sopxl.xlsx.workbook import template_calendar

# Wednesday 23 December 2026, 23:00: Thursday 24 is cuti bersama, Friday 25 Christmas, then the weekend
# (the holidays package's data), so "today" for the work still to be done is Monday 28 December
NIGHT = dt.datetime(2026, 12, 23, 23, 0)
MONDAY = dt.date(2026, 12, 28)
ODD_UNIT = "Bagian Keuangan/Perbendaharaan & T.U.: <Gaji>"
FIRST_DAY = dt.datetime(2026, 12, 21, 8, 0)


def _sop(unit: str, nomor: str) -> SOP:
    return SOP(identity=Identity(instansi=f"KEMENTERIAN CONTOH\nSEKRETARIAT JENDERAL\n{unit}", nomor=nomor,
                                 nama=f"Layanan {nomor}"), roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menerima berkas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 jam"),
        Step(2, "Memeriksa berkas", marks=["Kabag"], symbol=Symbol.PROCESS, waktu="2 jam"),
        Step(3, "Menandatangani surat", marks=["Karo"], symbol=Symbol.PROCESS, waktu="2 hari"),
        Step(4, "Mengirim jawaban", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="30 menit")])


def _write(path: Path, sop: SOP, story) -> None:
    ledger = Ledger(sop)
    story(ledger)
    write_workbook(str(path), sop, WorkbookContent(calendar=template_calendar(NIGHT.date()),
                                                   log_rows=[event_row(e) for e in ledger.events]))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute)


def umum(ledger: Ledger) -> None:
    ledger.start("Surat permohonan data kepegawaian", at(22, 8))          # 1: step 1 due 22/12 09:00: overdue
    ledger.start("Undangan rapat koordinasi", at(23, 14))                  # 2: step 2 from 14:30, due Monday 08:00
    ledger.advance(2, at(23, 14, 30))
    ledger.start("Nota dinas anggaran", at(23, 10))                        # 3: step 3 (2 days): on time
    ledger.advance(3, at(23, 10, 30))
    ledger.advance(3, at(23, 11))
    ledger.start("Laporan bulanan", at(21, 8))                             # 4: closed
    for hour in (9, 10, 11, 14):
        ledger.advance(4, at(21, hour))
    ledger.start("Permohonan yang ditarik", at(21, 8))                     # 5: cancelled where it stood
    ledger.cancel(5, at(21, 9), note="ditarik pemohon")


def keuangan(ledger: Ledger) -> None:
    ledger.start("Pencairan honor narasumber", at(21, 8))                  # 1: step 2 due 21/12 11:00: overdue
    ledger.advance(1, at(21, 9))
    ledger.start("Pengembalian kelebihan bayar", at(23, 15, 30))           # 2: step 1 due Monday 08:00


def umum_capitals(ledger: Ledger) -> None:
    ledger.start("Peminjaman ruang rapat", at(23, 8))                      # 1: step 2 due 23/12 11:00: overdue
    ledger.advance(1, at(23, 9))


def night_office(folder: Path) -> Path:
    """Three workbooks of two units (one unit spelled two ways), with every kind of case."""
    (folder / "umum").mkdir(parents=True)
    _write(folder / "umum" / "layanan_umum.xlsx", _sop("Biro Umum", "UM.01/2026"), umum)
    _write(folder / "umum" / "ruang_rapat.xlsx", _sop("BIRO  UMUM", "UM.02/2026"), umum_capitals)
    _write(folder / "keuangan.xlsx", _sop(ODD_UNIT, "KU.01/2026"), keuangan)
    return folder


def listed(result) -> list[tuple]:
    return [(r["unit"], r["pelaksana"], r["kind"], r["workbook"].replace("\\", "/"), r["case"], r["step"])
            for r in result.to_dict()["reminders"]["items"]]


def sheet_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_an_office_night_lists_the_overdue_and_due_today_per_unit_and_pelaksana(tmp_path: Path, database):
    office = night_office(tmp_path / "kantor")
    out = tmp_path / "out"
    result = sopxl.consolidate([office], master=out / "master.xlsx", db=database, as_of=NIGHT, report=False)
    assert result.ok, result.to_dict()
    # per unit by name (Bagian… before Biro…; BIRO  UMUM is Biro Umum), per Pelaksana, overdue first; the
    # case on time, the closed and the cancelled one are not listed
    assert listed(result) == [
        (ODD_UNIT, "Kabag", "overdue", "keuangan.xlsx", 1, 2),
        (ODD_UNIT, "Kasubbag", "due_today", "keuangan.xlsx", 2, 1),
        ("Biro Umum", "Kabag", "overdue", "umum/ruang_rapat.xlsx", 1, 2),
        ("Biro Umum", "Kabag", "due_today", "umum/layanan_umum.xlsx", 2, 2),
        ("Biro Umum", "Kasubbag", "overdue", "umum/layanan_umum.xlsx", 1, 1),
    ]
    items = result.to_dict()["reminders"]["items"]
    # due "today" is Monday: the cuti bersama, Christmas and the weekend lie between the night and it
    assert {item["day"] for item in items} == {MONDAY.isoformat()}
    assert [item["due"] for item in items if item["kind"] == "due_today"] == ["2026-12-28T08:00:00"] * 2
    # 22/12 09:00 to 23/12 16:00 in working time: 6 h on the 22nd, 7 h 30 on the 23rd (450 minutes a day)
    kasubbag = next(item for item in items if item["pelaksana"] == "Kasubbag" and item["kind"] == "overdue")
    assert kasubbag["overdue_minutes"] == 6 * 60 + 450 and kasubbag["subject"] == "Surat permohonan data kepegawaian"

    # the master's sheet, after the first, says the same in Indonesian
    names = CalamineWorkbook.from_path(str(out / "master.xlsx")).sheet_names
    assert names[:2] == ["Ringkasan", "Pengingat"]
    rows = sheet_rows(out / "master.xlsx", "Pengingat")
    header = rows[L.REMINDER_TITLE_ROWS]
    assert header == [L.text(column.key, "id") for column in L.REMINDER_COLUMNS]
    body = rows[L.REMINDER_TITLE_ROWS + 1:]
    assert [(row[0], row[1], row[2], row[4], row[5]) for row in body] == [
        (ODD_UNIT, "Kabag", "Terlambat", "lewat 2 hari 4 jam", 1),
        (ODD_UNIT, "Kasubbag", "Jatuh tempo Senin 28/12", "30 menit", 2),
        ("Biro Umum", "Kabag", "Terlambat", "lewat 4 jam", 1),
        ("Biro Umum", "Kabag", "Jatuh tempo Senin 28/12", "30 menit", 2),
        ("Biro Umum", "Kasubbag", "Terlambat", "lewat 1 hari 6 jam", 1),
    ]
    assert body[4][6:] == ["Surat permohonan data kepegawaian", "1. Menerima berkas", "umum/layanan_umum.xlsx"]
    assert body[4][3] == dt.datetime(2026, 12, 22, 9, 0)
    assert "Rabu, 23/12/2026 23:00" in rows[1][0] and "Senin 28/12/2026" in rows[1][0]

    # one workbook per unit beside the master, each with its unit's rows only
    folder = reminders_folder(out / "master.xlsx")
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["bagian-keuangan-perbendaharaan-t-u-gaji.xlsx", "biro-umum.xlsx"]
    umum_rows = sheet_rows(folder / "biro-umum.xlsx", "Pengingat")
    assert umum_rows[0][0] == "Pengingat batas waktu langkah — Biro Umum"
    # a unit's workbook names its unit in the title, not in a column
    assert umum_rows[L.REMINDER_TITLE_ROWS][:2] == ["Pelaksana", "Keadaan"]
    assert [(row[0], row[4]) for row in umum_rows[L.REMINDER_TITLE_ROWS + 1:]] == [("Kabag", 1), ("Kabag", 2),
                                                                                  ("Kasubbag", 1)]
    assert_all_valid([out / "master.xlsx", *folder.iterdir()])


def test_units_with_nothing_due_lose_their_workbook_and_unchanged_ones_are_not_rewritten(tmp_path: Path, database):
    office = night_office(tmp_path / "kantor")
    out = tmp_path / "out"
    master = out / "master.xlsx"
    sopxl.consolidate([office], master=master, db=database, as_of=NIGHT, report=False)
    folder = reminders_folder(master)
    umum, keuangan = folder / "biro-umum.xlsx", folder / "bagian-keuangan-perbendaharaan-t-u-gaji.xlsx"
    (folder / "catatan-kantor.txt").write_text("kept", encoding="utf-8")
    stamp = umum.stat().st_mtime_ns
    # Keuangan closes its cases; Biro Umum's list is the same at a later moment of the same night
    (office / "keuangan.xlsx").unlink()

    def all_done(ledger: Ledger) -> None:
        ledger.start("Pencairan honor narasumber", at(21, 8))
        for hour in (9, 10, 11, 14):
            ledger.advance(1, at(21, hour))

    _write(office / "keuangan.xlsx", _sop(ODD_UNIT, "KU.01/2026"), all_done)
    again = sopxl.consolidate([office], master=master, db=database, as_of=NIGHT + dt.timedelta(minutes=30),
                              report=False)
    written = again.to_dict()["reminders"]
    assert [unit["unit"] for unit in written["units"]] == ["Biro Umum"]
    assert written["removed"] == [str(keuangan)] and not keuangan.exists()
    assert umum.stat().st_mtime_ns == stamp and written["units"][0]["rewritten"] is False
    assert (folder / "catatan-kantor.txt").read_text(encoding="utf-8") == "kept"     # not sopxl's: left alone
    # the next night Biro Umum's overdue cases are a day later: its workbook is written again
    monday = sopxl.consolidate([office], master=master, db=database, as_of=dt.datetime(2026, 12, 28, 12, 0),
                               report=False)
    assert monday.to_dict()["reminders"]["units"][0]["rewritten"] is True
    assert_all_valid([master, umum])


def test_english_run_and_the_command_line(tmp_path: Path, database, monkeypatch):
    office = night_office(tmp_path / "kantor")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["consolidate", str(office), "--master", "out/master.xlsx", "--db", str(database),
                                 "--as-of", "2026-12-23 23:00", "--no-report", "--quiet", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ("reminders: 5 case(s) (3 overdue, 2 due today) for 2 unit(s): sheet Reminders in the master and "
            f"out{os.sep}pengingat-master{os.sep}") in result.stdout
    rows = sheet_rows(tmp_path / "out" / "master.xlsx", "Reminders")
    assert rows[L.REMINDER_TITLE_ROWS][:3] == ["Unit", "Implementer", "State"]
    assert [row[2] for row in rows[L.REMINDER_TITLE_ROWS + 1:]] == ["Overdue", "Due Monday 28/12", "Overdue",
                                                                      "Due Monday 28/12", "Overdue"]
    assert rows[L.REMINDER_TITLE_ROWS + 1][4] == "2 d 4 h over"
    assert_all_valid([tmp_path / "out" / "master.xlsx", *reminders_folder(tmp_path / "out" / "master.xlsx").iterdir()])
    # --format json carries them; a new day in Indonesian renames the sheet and rewrites every workbook
    shown = runner.invoke(cli, ["consolidate", str(office), "--master", "out/master.xlsx", "--db", str(database),
                                "--as-of", "2026-12-28 09:00", "--no-report", "--format", "json"])
    data = json.loads(shown.stdout)["reminders"]
    assert data["sheet"] == "Pengingat" and data["count"] == 5 and all(u["rewritten"] for u in data["units"])
    assert "Reminders" not in CalamineWorkbook.from_path(str(tmp_path / "out" / "master.xlsx")).sheet_names


def test_unit_file_names_are_safe_and_distinct():
    names = unit_file_names(["Biro Umum", "BIRO UMUM.", "", "CON", "局", "Bagian Ke/Uangan\\..", "Ünit Ä " * 20])
    assert names[""] == "tanpa-unit" and names["CON"] == "con-unit"
    assert names["Biro Umum"] != names["BIRO UMUM."] and names["Biro Umum"].startswith("biro-umum-")
    assert names["局"].startswith("unit-") and names["Bagian Ke/Uangan\\.."] == "bagian-ke-uangan"
    assert len(names["Ünit Ä " * 20]) <= 60 and names["Ünit Ä " * 20].startswith("unit-a-unit-a")
    assert all(name == name.strip(" .-") and not set(name) & set('<>:"/\\|?* ') for name in names.values())
    assert unit_file_names(["Biro Umum", "BIRO UMUM."]) == {k: names[k] for k in ("Biro Umum", "BIRO UMUM.")}


def test_page_breaks_keep_a_block_on_one_page():
    # page 600 points; the first page holds 100 of title and header; blocks of 10 rows of 20 points
    assert page_breaks(5, 100.0, [[20.0] * 10] * 3, 30.0, page=600.0) == [25]
    # a block taller than a page starts a page and is split where it must be
    assert page_breaks(5, 100.0, [[20.0] * 5, [20.0] * 40], 30.0, page=600.0) == [30]
    # the first block goes on where the page starts, and is split only where it must
    assert page_breaks(5, 300.0, [[20.0] * 20, [20.0] * 2], 30.0, page=600.0) == [20]


def many_overdue(folder: Path, per_role: int) -> list[str]:
    """One workbook of Biro Umum with `per_role` overdue cases at each of its four steps (one Pelaksana each)."""
    roles = ["Pengadministrasi Umum", "Kasubbag", "Kabag", "Karo"]
    sop = SOP(identity=Identity(instansi="KEMENTERIAN CONTOH\nBiro Umum", nomor="UM.09/2026", nama="Layanan"),
              roles=roles, steps=[Step(n, f"Langkah {n} dengan uraian kegiatan yang cukup panjang untuk dua baris",
                                       marks=[role], symbol=Symbol.PROCESS, waktu="1 jam")
                                  for n, role in enumerate(roles, start=1)])

    def story(ledger: Ledger) -> None:
        for number in range(1, 4 * per_role + 1):
            ledger.start(f"Permohonan nomor {number} tentang data kepegawaian pegawai", at(21, 8))
            for _ in range((number - 1) % 4):
                ledger.advance(number, at(21, 9))

    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "layanan.xlsx", sop, story)
    return roles


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_reminders_print_cleanly_on_a4(tmp_path: Path, lang: str):
    """LibreOffice prints the master's sheet and a unit's workbook: A4 landscape, every column on the page,
    the header on every page, no Pelaksana's cases split over two pages."""
    from sopxl.xlsx.pdf import convert_to_pdf

    roles = many_overdue(tmp_path / "kantor", 9)
    master = tmp_path / "out" / "master.xlsx"
    result = sopxl.consolidate([tmp_path / "kantor"], master=master, as_of=NIGHT, report=False, lang=lang)
    assert len(result.reminders.reminders) == 36
    sheet = L.text("rem_sheet", lang)
    for workbook, columns in ((reminders_folder(master) / "biro-umum.xlsx", ("pelaksana", "subject", "rem_workbook")),
                              (master, ("cons_unit", "pelaksana", "subject", "rem_workbook"))):
        pdf = convert_to_pdf(workbook, tmp_path / (workbook.stem + ".pdf"))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"Page size:\s+841.\d* x 595.\d*", info), info                  # A4 landscape
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        # the sheet's pages: their footer names it (the master prints its other sheets too)
        pages = [page for page in text.split("\f")
                 if page.strip() and page.strip().splitlines()[-1].split()[0] == sheet]
        assert len(pages) >= 3, text
        header = [L.text(key, lang).split()[0] for key in columns]
        for page in pages:
            assert all(word in page for word in header), page              # the header, last column included
            assert L.text("rem_title", lang) in page                        # the page header: title and moment
            assert L.text("tracker_as_of", lang).format(moment="") in page
            for role in roles:                                              # all 9 rows of a Pelaksana or none
                word = role.split()[0]
                assert len(re.findall(rf"^\s*(Biro Umum\s+)?{word}\s", page, re.MULTILINE)) in (0, 9), (role, page)
        assert sum(len(re.findall(rf"^\s*(Biro Umum\s+)?{word}\s", page, re.MULTILINE)) for page in pages) == 9


def test_a_unit_workbook_that_cannot_be_written_is_said_and_written_on_the_next_run(tmp_path: Path):
    office = night_office(tmp_path / "kantor")
    master = tmp_path / "out" / "master.xlsx"
    blocked = reminders_folder(master) / "biro-umum.xlsx"
    blocked.mkdir(parents=True)                       # a folder where the workbook should go
    result = sopxl.consolidate([office], master=master, as_of=NIGHT, report=False)
    assert not result.ok and result.exit_code == 1
    assert "biro-umum.xlsx" in result.reminders_error
    assert (reminders_folder(master) / "bagian-keuangan-perbendaharaan-t-u-gaji.xlsx").is_file()
    blocked.rmdir()
    again = sopxl.consolidate([office], master=master, as_of=NIGHT, report=False)     # nothing else changed
    assert again.ok and again.reminders is not None and blocked.is_file()
    assert [unit["rewritten"] for unit in again.to_dict()["reminders"]["units"]] == [False, True]


def test_a_unit_workbook_that_cannot_be_removed_is_said_and_removed_on_the_next_run(tmp_path: Path):
    office = night_office(tmp_path / "kantor")
    master = tmp_path / "out" / "master.xlsx"
    sopxl.consolidate([office], master=master, as_of=NIGHT, report=False)
    keuangan = reminders_folder(master) / "bagian-keuangan-perbendaharaan-t-u-gaji.xlsx"
    keuangan.unlink()
    (keuangan / "terkunci").mkdir(parents=True)       # stands in for a file Windows will not let go of
    (office / "keuangan.xlsx").unlink()               # Keuangan's cases are gone: nothing due there
    result = sopxl.consolidate([office], master=master, as_of=NIGHT, report=False)
    assert result.exit_code == 1 and "cannot be removed" in result.reminders_error and keuangan.exists()
    (keuangan / "terkunci").rmdir()
    keuangan.rmdir()
    keuangan.write_bytes(b"old")
    again = sopxl.consolidate([office], master=master, as_of=NIGHT, report=False)
    assert again.ok and again.to_dict()["reminders"]["removed"] == [str(keuangan)] and not keuangan.exists()


def test_a_night_with_nothing_due_says_so(tmp_path: Path, database):
    office = tmp_path / "kantor"
    office.mkdir()

    def closed(ledger: Ledger) -> None:
        ledger.start("Laporan bulanan", at(21, 8))
        for hour in (9, 10, 11, 14):
            ledger.advance(1, at(21, hour))

    _write(office / "a.xlsx", _sop("Biro Umum", "UM.01/2026"), closed)
    master = tmp_path / "out" / "master.xlsx"
    result = sopxl.consolidate([office], master=master, db=database, as_of=NIGHT, report=False)
    assert result.ok and result.to_dict()["reminders"]["count"] == 0
    assert list(reminders_folder(master).iterdir()) == []
    rows = sheet_rows(master, "Pengingat")
    assert rows[L.REMINDER_TITLE_ROWS + 1][0] == "Tidak ada kasus yang terlambat atau jatuh tempo hari ini."
    assert "pengingat: tidak ada kasus yang terlambat atau jatuh tempo hari ini" in render_consolidation(result)


@pytest.mark.slow
def test_a_unit_with_more_pages_than_a_sheet_may_break_gets_a_valid_workbook_with_every_row(tmp_path: Path):
    """Past the schema's 1,022 page breaks (a unit of about 40,000 cases due) the workbook stays valid: the
    first 1,022 breaks keep their blocks together, the rest of the list goes on over pages as they fall;
    every row is written, an empty cell keeps its border."""
    from sopxl.nightly.reminders import OVERDUE, Reminder, write_unit_workbooks

    as_of = dt.datetime(2026, 12, 14, 2)
    reminders = [Reminder(unit="Biro Umum", pelaksana=f"Staf {n // 30:04d}", kind=OVERDUE,
                          due=as_of - dt.timedelta(hours=n % 7 + 1), left=-60.0 * (n % 7 + 1), day_minutes=450.0,
                          day=as_of.date(), case_no=n + 1, subject="" if n % 2 else f"Surat {n}", step=2,
                          kegiatan="Memeriksa berkas", path=f"/srv/sop/{n % 50}.xlsx", workbook=f"{n % 50}.xlsx",
                          nomor=f"UM.{n % 50:02d}", nama="Layanan") for n in range(40_000)]
    written, _ = write_unit_workbooks(tmp_path / "pengingat", reminders, lang="id", as_of=as_of)
    path = written.files["Biro Umum"]
    assert_all_valid([path])
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(L.text(L.REMINDER_SHEET_KEY)).to_python()
    header = L.REMINDER_TITLE_ROWS
    assert len(rows) == header + 1 + len(reminders)
    assert [row[4] for row in rows[header + 1:header + 4]] == [1, 2, 3]      # No, in order
    import zipfile
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert f'<rowBreaks count="{L.MAX_PAGE_BREAKS}"' in sheet
    assert re.search(r'<c r="F\d+" s="\d+"/>', sheet)       # an empty Perihal keeps its bordered cell
