"""The three real SOP documents, imported and validated: the findings a careful reader of the text expects.

The expectations below were written by reading workbooks/sources/*.txt, not by running the validator.
Step n sits on row n + 2 of Aktivitas; the Waktu and Inferensi columns move with the number of
Pelaksana columns (5 roles: Waktu I, Inferensi O; 7 roles: Waktu K, Inferensi Q).
"""

from pathlib import Path

import pytest

import sopxl

SOURCES = Path(__file__).resolve().parent.parent / "workbooks" / "sources"


def at(code: str, column: str, steps) -> list[tuple[str, str]]:
    return [(code, f"Aktivitas!{column}{step + 2}") for step in steps]


EXPECTED = {
    # Kemenko Polhukam, Monev SOP AP: a complete identity block (both dates are real dates on the right
    # weekdays, in order); Tanggal Revisi holds only the label of an unticked "Revisi ke" checkbox.
    # Every Waktu is a real norm (10 Menit … 1 Hari), every Output is the next step's Kelengkapan, no
    # decisions. The export lost every Pelaksana mark, so each of the 16 steps carries the importer's guesses.
    "kemenkopolhukam_monev_sop_ap": [
        ("identity-placeholder", "Identitas!B5"),
        *at("inference-unreviewed", "O", range(1, 17)),
    ],
    # Kemnaker, Pelaksanaan Monitoring: the number is a template ("1/.../OT.04.00/./...."), there is no
    # Tanggal Pembuatan and the Tanggal Pengesahan (= Tanggal Efektif) is empty; "-" for Tanggal Revisi is
    # "not revised". Steps 1-5 say a bare "menit", steps 6-12 have no Waktu at all. The five decisions
    # (2, 3, 7, 8, 9) each return to the step before; outputs and Kelengkapan chain; every step's actor
    # was inferred.
    "kemnaker_pelaksanaan_monitoring": [
        ("identity-placeholder", "Identitas!B3"),
        ("identity-field-missing", "Identitas!B4"),
        ("identity-field-missing", "Identitas!B6"),
        *at("waktu-bare-unit", "I", range(1, 6)),
        *at("waktu-empty", "I", range(6, 13)),
        *at("inference-unreviewed", "O", range(1, 13)),
    ],
    # Kemnaker, Pengukuran Kinerja: the same identity gaps. Waktu is a bare "menit" in steps 1-10 and
    # 14-16 and missing in 11-13 (the shifted rows). Step 4 opens with its actor: "Kabag memerintahkan
    # Kasubbag …". Seven decisions (2, 3, 7-11), each returning one step back; every actor inferred.
    "kemnaker_pengukuran_kinerja": [
        ("identity-placeholder", "Identitas!B3"),
        ("identity-field-missing", "Identitas!B4"),
        ("identity-field-missing", "Identitas!B6"),
        ("kegiatan-starts-with-actor", "Aktivitas!B6"),
        *at("waktu-bare-unit", "K", [*range(1, 11), 14, 15, 16]),
        *at("waktu-empty", "K", range(11, 14)),
        *at("inference-unreviewed", "Q", range(1, 17)),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_gives_what_a_careful_reader_expects(tmp_path, name):
    workbook = tmp_path / f"{name}.xlsx"
    sopxl.import_document(SOURCES / f"{name}.txt", workbook)
    report = sopxl.validate(workbook)
    assert sorted(report.codes()) == sorted(EXPECTED[name])


def test_every_bare_menit_in_the_seed_text_is_reported_at_its_waktu_cell(tmp_path):
    for name in EXPECTED:
        text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
        bare = sum(1 for line in text.splitlines() for cell in line.split("\t") if cell.strip().lower() == "menit")
        workbook = tmp_path / f"{name}.xlsx"
        sopxl.import_document(SOURCES / f"{name}.txt", workbook)
        report = sopxl.validate(workbook, select=["waktu-bare-unit"])
        assert len(report.findings) == bare
        assert all(f.value == "menit" for f in report.findings)


def test_the_seeds_fail_on_their_identity_gaps_only_where_the_text_has_them(tmp_path):
    errors = {}
    for name in EXPECTED:
        workbook = tmp_path / f"{name}.xlsx"
        sopxl.import_document(SOURCES / f"{name}.txt", workbook)
        errors[name] = sopxl.validate(workbook).counts["error"]
    assert errors == {"kemenkopolhukam_monev_sop_ap": 0, "kemnaker_pelaksanaan_monitoring": 2,
                      "kemnaker_pengukuran_kinerja": 2}
