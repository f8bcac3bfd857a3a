"""Build the odd-matrix fixtures: SOP workbooks with random, odd Aktivitas and Identitas cells, each with what
sopxl read from it and found in it when the fixture was made, recorded beside it.

Run once after changing a fixture: ``.venv/bin/python tests/data/matrices/make_fixtures.py``.
Each workbook is written by sopxl's own writer from a random model, then its matrix rows (and a few Identitas
values) are replaced at the zip level with what people type: numbers as text, blank and stray cells, unknown
symbols, targets that are no numbers, duplicate and unused roles, missing and repeated step numbers, actors at
the start of a Kegiatan, bare and ranged norms, inference notes in odd forms. ``<name>.read.json`` holds the SOP
and reader problems ``sop_from_grids`` gave, ``<name>.findings.json`` every finding ``validate_sop`` gave (code,
cell, value, params, messages and fixes in both languages). tests/test_matrix_fixtures.py checks that reading and
validating the committed workbooks still give exactly these: the record is the behaviour of the code that made
it, kept so a faster reader or checker can be held to it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from sopxl import layout as L
from sopxl.domain.calendar import default_calendar
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.sheets.sop import sop_from_grids
from sopxl.validation.rules import validate_sop
from sopxl.xlsx.patch import Package
from sopxl.xlsx.read import read_grids
from sopxl.xlsx.workbook import create

HERE = Path(__file__).resolve().parent
COUNT = 36
CALENDAR = default_calendar([2025, 2026])
CREATED = dt.datetime(2026, 12, 6, 12, 0)
TODAY = dt.date(2026, 12, 1)            # the review rules are judged as of this day for every other workbook

ROLES = ["Kabag", "Kasubbag", "Karo", "Sekjen", "Kepala Bagian Umum", "Kasubag TU", "Kasubbag/Kasi", "Tim",
         "Fungsional Umum", "Staf", "Sekretaris", "Menteri", "Kabag Ortala", "Kabag Umum", "Pelaksana"]
KEGIATAN = ["menerima surat masuk", "memeriksa usulan; jika setuju meneruskan kepada Karo", "Kabag memeriksa draf",
            "Kepala Bagian menandatangani surat", "Sekertaris mengarsipkan dokumen", "Kasub bag menyusun laporan",
            "- Karo menyetujui", "Kasubbag/Kasi menelaah", "Tim Monitoring mengumpulkan data", "Sekretaris Jenderal",
            "<b>Kabag</b> &amp; Karo memeriksa", "membuat konsep nota dinas dan menyerahkan kepada Kabag Umum",
            "Staf mencatat", "kabag umum memaraf", "Menteri", "mendokumentasikan laporan kegiatan.", "", " ", "…",
            "Kabag Ortala dan Kabag Umum membahas", "KASUBBAG mengetik", "memeriksa kembali, jika tidak setuju "
            "dikembalikan kepada Kasubbag untuk diperbaiki", "Fungsional Umum menggandakan berkas", "x"]
TEXTS = ["Disposisi", "Draf laporan", "Laporan kegiatan", "Surat masuk, Lembar disposisi", "Nota dinas",
         "dan atau yang", "Berkas 1", "", "-", "Usulan kegiatan terparaf", "SK Tim", "Laporan", "the report"]
WAKTU = ["30 menit", "1 jam", "menit", "", "1-2 jam", "2 s.d. 3 hari", "lama", "±1 jam", "1/2 hari", "seminggu",
         30.0, "maks. 2 hari kerja", "3 jam (tiga jam)", "Jam", "5 Hari Kerja", "0 menit", "1,5 jam", "2 - 1 jam",
         "100001 hari", "setengah hari", "paling lama 1 minggu"]
MARKS = ["x", "X", "o", "O", "v", "", "", "", "", " ", 1.0, "✓"]
SYMBOLS = [*(L.text(k, lang) for k in ("terminator", "process", "decision") for lang in L.LANGS),
           "terminator", "decision", "Kotak", "?", "", "Proses ", "KEPUTUSAN", 1.0]
TARGETS = [None, None, None, None, "x", "3.5", 2.0, "abc", 99, 0, -1, True, " 4"]
NUMBERS = ["3", " 4", 2.0, "", "x", "1.5", -1, 0, 1_000_000_000, True, "٣"]
INFERENSI = ["", "", "pelaksana → Kabag: langkah 1 menyerahkan kepada Kabag",
             "symbol → decision: teks memuat pilihan [45%]\nya → 3: berikutnya", "catatan bebas", " \n \n"]
DITINJAU = ["", "Ya", "x", "TRUE", True, "Yes", "no", 1.0, "1"]
LABELS = ["", "", "Sudah Benar / Belum Benar", "Benar", "Ya/Tidak", " / Tidak", 3.0]
DATES = ["Kamis, 14 Desember 2017", "Senin, 14 Desember 2017", "02 Mei 2018", "2018-05-02", "02/05/2018",
         "bukan tanggal", "Revisi ke", "", "-", "31 Februari 2018", "14 Desember 2030", "1 Januari 2016"]
PROFILES = ["", "", "", "permenaker-7-2017", "Permenpan RB 35/2012", "profil lain"]


def model(rng: random.Random, lang: str) -> SOP:
    roles = rng.sample(ROLES, rng.randint(1, 7))
    if rng.random() < 0.3:                                          # the same role twice, in other spellings
        roles.append(rng.choice([roles[0].lower(), roles[0].upper(), f" {roles[0]}"]))
    identity = Identity(
        instansi=rng.choice(["KEMENTERIAN CONTOH / BIRO UMUM", "...", ":", ""]),
        nomor=rng.choice(["OT.01.02-071", "1/.../OT.04.00/./...", "", "-", "( )"]),
        tanggal_pembuatan=rng.choice(DATES), tanggal_revisi=rng.choice(DATES), tanggal_efektif=rng.choice(DATES),
        disahkan_oleh=rng.choice(["Kepala Biro Umum", "", ":"]), nama_pengesah=rng.choice(["Budi Santoso", ""]),
        nip_pengesah=rng.choice(["195910081983031001", "19591008 198303 1 001", "12345", "", "NIP"]),
        nama=rng.choice(["Penyusunan Laporan", "", "…"]), profil=rng.choice(PROFILES),
        siklus_tinjauan=rng.choice(["", "", "12", "0", "dua belas", "6"]),
        dasar_hukum=rng.sample(["Permenpan RB No. 35 Tahun 2012", "UU 5/2014"], rng.randint(0, 2)),
        kualifikasi=rng.sample(["Memahami tata naskah", ""], rng.randint(0, 2)),
        keterkaitan=["SOP Pendokumentasian"] if rng.random() < 0.7 else [],
        peralatan=["Komputer"], peringatan=["-"] if rng.random() < 0.5 else [], pencatatan=["Disimpan"])
    steps = [Step(i + 1, "kegiatan", [rng.choice(roles)]) for i in range(rng.randint(1, 6))]
    return SOP(identity=identity, roles=roles, steps=steps)


def step_number(rng: random.Random, index: int):
    roll = rng.random()
    if roll < 0.75:
        return float(index + 1)
    if roll < 0.85:
        return float(rng.randint(1, index + 2))                     # a repeat, or a gap
    return rng.choice(NUMBERS)


def matrix_rows(rng: random.Random, roles: list[str], count: int) -> list[list]:
    keys = L.aktivitas_columns(len(roles))
    rows = []
    for index in range(count):
        if rng.random() < 0.06:
            rows.append([None] * len(keys) if rng.random() < 0.5 else [" "] + [None] * (len(keys) - 1))
            continue
        decision = rng.random() < 0.25
        row = []
        for key in keys:
            if key == "no":
                row.append(step_number(rng, index))
            elif key == "kegiatan":
                row.append(rng.choice(KEGIATAN))
            elif key.startswith("role:"):
                row.append(rng.choice(MARKS))
            elif key in ("kelengkapan", "output", "keterangan"):
                row.append(rng.choice(TEXTS))
            elif key == "waktu":
                row.append(rng.choice(WAKTU))
            elif key == "simbol":
                row.append(L.text("decision", rng.choice(L.LANGS)) if decision and rng.random() < 0.8
                           else rng.choice(SYMBOLS))
            elif key in ("ya", "tidak"):
                if decision and rng.random() < 0.8:
                    row.append(float(rng.randint(1, count + 1)))
                else:
                    row.append(rng.choice(TARGETS))
            elif key == "inferensi":
                row.append(rng.choice(INFERENSI))
            elif key == "ditinjau":
                row.append(rng.choice(DITINJAU))
            else:
                row.append(rng.choice(LABELS))
        rows.append([None if value == "" else value for value in row])
    if rows and rng.random() < 0.8:                                 # mostly a start and an end
        rows[0][keys.index("simbol")] = L.text("terminator", "id")
        rows[-1][keys.index("simbol")] = L.text("terminator", "en")
    return rows


def _plain(value):
    """A value as JSON keeps it (tuples become lists, as the test turns what it finds)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def read_record(sop: SOP, problems) -> dict:
    return _plain({"sop": sop.to_dict(), "rows": [step.row for step in sop.steps],
                   "identity_rows": sop.identity_rows, "problems": [vars(p) for p in problems]})


def findings_record(findings) -> list:
    return _plain([[f.code, f.sheet, f.cell, f.value, f.params, f.file, f.profile,
                    *(f.message(lang) for lang in L.LANGS), *(f.fix(lang) for lang in L.LANGS)] for f in findings])


def observed(path: Path, index: int) -> tuple[dict, list]:
    """What reading and validating the workbook gives, as recorded (the test calls this too)."""
    grids = read_grids(path, (L.IDENTITAS, L.AKTIVITAS))
    sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
    findings = validate_sop(sop, problems, file=path.name, today=TODAY if index % 2 else None)
    return read_record(sop, problems), findings_record(findings)


def build(index: int) -> Path:
    rng = random.Random(index)
    lang = "en" if index % 5 == 4 else "id"
    sop = model(rng, lang)
    path = HERE / f"odd_{index:02d}.xlsx"
    create(path, sop, lang=lang, calendar=CALENDAR, overwrite=True, created=CREATED)
    package = Package(path)
    count = rng.choice([0, 1, 2, *(rng.randint(3, 24) for _ in range(5))])
    package.set_rows(L.AKTIVITAS, L.AKTIVITAS_FIRST_ROW, matrix_rows(rng, sop.roles, count))
    package.save()
    return path


def main() -> None:
    for index in range(COUNT):
        path = build(index)
        read, findings = observed(path, index)
        path.with_suffix(".read.json").write_text(json.dumps(read, ensure_ascii=False) + "\n", encoding="utf-8")
        path.with_suffix(".findings.json").write_text(        # a finding a line
            "[\n" + ",\n".join(json.dumps(f, ensure_ascii=False) for f in findings) + "\n]\n", encoding="utf-8")
        print(path.name, len(read["sop"]["steps"]), "steps,", len(read["problems"]), "problems,",
              len(findings), "findings")


if __name__ == "__main__":
    main()
