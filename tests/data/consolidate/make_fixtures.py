"""Make the office folder the consolidation tests read (run once; the files are committed).

``kantor/`` imitates a shared folder of one office on a bad night: two good SOP workbooks with
simulated cases (one in a sub-folder), one holding texts that look like formulas, one whose Log has an
event that cannot be replayed, and next to them every kind of file that must be reported and skipped:
a corrupt one, a truncated one, a password-protected one, one that is not a zip, an empty one, an old
.xls, one with a sheet renamed away, one with a renamed Log header, a workbook that is not an SOP, an
Excel lock file, and a copy of a good workbook. ``expected.json`` says what each file should give.

Run: ``.venv/bin/python tests/data/consolidate/make_fixtures.py``
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from sopxl.sheets.log import event_row
from sopxl.domain.cases import Ledger
from sopxl.vba.cfb import write_compound_file
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.domain.simulate import simulate
from sopxl.xlsx.workbook import template_calendar
from sopxl.xlsx.create import WorkbookContent, write_workbook

HERE = Path(__file__).parent
OFFICE = HERE / "kantor"
TODAY = dt.date(2026, 11, 20)
START, END = dt.datetime(2026, 10, 1, 7, 30), dt.datetime(2026, 11, 19, 16, 0)
INJECTIONS = {
    "nama": '=HYPERLINK("http://contoh.invalid","klik")',
    "instansi": "@SUM(A1:A9)\nBiro Umum",
    "kegiatan": '=HYPERLINK("http://contoh.invalid/x","Buka")',
    "subject": "+62 812 555 0100",
    "note": "@SUM(1+1)",
    "actor": "-2+3",
}


def review_sop(nomor: str, nama: str, instansi: str = "KEMENTERIAN CONTOH\nSEKRETARIAT JENDERAL\nBIRO UMUM") -> SOP:
    identity = Identity(instansi=instansi, nomor=nomor, nama=nama, tanggal_pembuatan="2 Januari 2026",
                        tanggal_efektif="5 Januari 2026", disahkan_oleh="Sekretaris Jenderal",
                        dasar_hukum=["Permenpan RB 35/2012"])
    return SOP(identity=identity, roles=["Kasubbag", "Kabag", "Karo"], steps=[
        Step(1, "Menyusun konsep nota dinas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam",
             output="Konsep"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1,
             kelengkapan="Konsep", output="Konsep diparaf"),
        Step(3, "Menandatangani nota dinas", marks=["Karo"], waktu="1 hari", kelengkapan="Konsep diparaf",
             output="Nota dinas"),
        Step(4, "Mengirim dan mengarsipkan", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="15 menit",
             kelengkapan="Nota dinas", output="Arsip"),
    ])


def sop_workbook(path: Path, sop: SOP, cases: int, seed: int, *, tweak=None, open_at_step_2: bool = False) -> None:
    """An SOP workbook written by sopxl with `cases` simulated cases between START and END.

    `open_at_step_2` adds a case still open at step 2 (the decision) when the Log ends.
    """
    calendar = template_calendar(TODAY)
    ledger = Ledger(sop)
    events = simulate(ledger, calendar, random.Random(seed), start=START, end=END, cases=cases)
    if open_at_step_2:
        events.append(ledger.start("Kasus yang masih berjalan", END.replace(hour=8), recorded_at=END.replace(hour=8)))
        events.append(ledger.advance(events[-1].case, END.replace(hour=10), recorded_at=END.replace(hour=10)))
    if tweak:
        events = tweak(events)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(str(path), sop, WorkbookContent(calendar=calendar, log_rows=[event_row(e) for e in events]))


def rewrite_zip(source: Path, target: Path, change) -> None:
    """A copy of a workbook with `change(name, data) -> data or None (drop)` applied to each part."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)


def main() -> None:
    if OFFICE.exists():
        shutil.rmtree(OFFICE)
    OFFICE.mkdir()
    good_a = OFFICE / "nota_dinas.xlsx"
    good_b = OFFICE / "biro_hukum" / "surat_keluar.xlsx"
    sop_workbook(good_a, review_sop("OT.01/001/2026", "Penyusunan Nota Dinas"), 6, 1, open_at_step_2=True)
    sop_workbook(good_b, review_sop("HK.02/007/2026", "Pengiriman Surat Keluar",
                                    "KEMENTERIAN CONTOH\nSEKRETARIAT JENDERAL\nBIRO HUKUM"), 5, 2)

    def injected(events):
        changed = [replace(events[0], note=INJECTIONS["subject"])]      # the first case's subject
        for event in events[1:]:
            if event.action == "selesai":
                event = replace(event, actor=INJECTIONS["actor"])
            if event.action == "catatan" or event.id == 3:
                event = replace(event, note=INJECTIONS["note"])
            changed.append(event)
        return changed

    sop = review_sop("UM.03/011/2026", INJECTIONS["nama"], INJECTIONS["instansi"])
    sop.steps[1].kegiatan = INJECTIONS["kegiatan"]
    sop_workbook(OFFICE / "rumus.xlsx", sop, 3, 3, tweak=injected, open_at_step_2=True)

    def out_of_order(events):
        # case 1's first finish says step 3 while the case is at step 1: it cannot be replayed
        index = next(i for i, e in enumerate(events) if e.case == 1 and e.action == "selesai")
        return [*events[:index], replace(events[index], step=3), *events[index + 1:]]

    sop_workbook(OFFICE / "log_rusak.xlsx", review_sop("OT.01/002/2026", "Penerimaan Tamu Dinas"), 3, 4,
                 tweak=out_of_order)

    data = good_a.read_bytes()
    # corrupt: a valid zip whose Log sheet is not XML any more
    rewrite_zip(good_a, OFFICE / "rusak.xlsx",
                lambda name, part: b"<worksheet><sheetData><row r=" if name == "xl/worksheets/sheet5.xml" else part)
    (OFFICE / "terpotong.xlsx").write_bytes(data[: len(data) // 2])
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("rahasia", encrypted)     # as Excel's "Encrypt with Password"
    (OFFICE / "berpassword.xlsx").write_bytes(encrypted.getvalue())
    (OFFICE / "bukan_excel.xlsx").write_text("Ini catatan rapat, bukan buku kerja.\n", encoding="utf-8")
    (OFFICE / "kosong.xlsx").write_bytes(b"")
    (OFFICE / "lama.xls").write_bytes(write_compound_file({"Workbook": b"\x09\x08" + bytes(510)}))
    (OFFICE / "lama_diganti_nama.xlsx").write_bytes(write_compound_file({"Workbook": b"\x09\x08" + bytes(510)}))
    rewrite_zip(good_a, OFFICE / "tanpa_log.xlsx",
                lambda name, part: part.replace(b'name="Log"', b'name="Log lama"') if name == "xl/workbook.xml"
                else part)
    rewrite_zip(good_a, OFFICE / "judul_berubah.xlsx",
                lambda name, part: part.replace(b"<t>Aksi</t>", b"<t>Tindakan</t>") if name == "xl/sharedStrings.xml"
                else part)
    other = xlsxwriter.Workbook(str(OFFICE / "anggaran.xlsx"))
    sheet = other.add_worksheet("Anggaran")
    sheet.write_row(0, 0, ["Kegiatan", "Pagu"])
    sheet.write_row(1, 0, ["Rapat koordinasi", 12500000])
    other.close()
    (OFFICE / "~$nota_dinas.xlsx").write_bytes(b"\x05pegawai" + bytes(157))
    copies = OFFICE / "salinan"
    copies.mkdir()
    shutil.copy2(good_a, copies / "nota_dinas - Salinan.xlsx")

    expected = {
        "nota_dinas.xlsx": "read", "biro_hukum/surat_keluar.xlsx": "read", "rumus.xlsx": "read",
        "log_rusak.xlsx": "read", "rusak.xlsx": "failed", "terpotong.xlsx": "failed", "berpassword.xlsx": "failed",
        "bukan_excel.xlsx": "failed", "kosong.xlsx": "failed", "lama.xls": "skipped",
        "lama_diganti_nama.xlsx": "failed", "tanpa_log.xlsx": "failed", "judul_berubah.xlsx": "failed",
        "anggaran.xlsx": "skipped", "~$nota_dinas.xlsx": "skipped", "salinan/nota_dinas - Salinan.xlsx": "failed",
    }
    (HERE / "expected.json").write_text(json.dumps({"today": TODAY.isoformat(), "injections": INJECTIONS,
                                                    "statuses": expected}, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
