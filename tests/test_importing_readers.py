"""Importing SOP documents: the seeds (checked by hand), a .docx and an .xlsx of other layouts."""

import json
from pathlib import Path

import pytest

import sopxl
from sopxl.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"
DATA = Path(__file__).parent / "data" / "import"
SEEDS = sorted(p.stem for p in SOURCES.glob("*.txt"))


def projection(sop):
    return [{"number": s.number, "pelaksana": s.pelaksana, "symbol": s.symbol.value,
             "norm_value": s.norm.value if s.norm else None, "norm_unit": s.norm.unit if s.norm else None,
             "ya": s.ya, "tidak": s.tidak} for s in sop.steps]


def test_every_seed_has_an_expected_file():
    assert SEEDS and all((DATA / f"{seed}.expected.json").exists() for seed in SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_imports_as_read_by_hand(seed):
    expected = json.loads((DATA / f"{seed}.expected.json").read_text())
    sop = sopxl.read_document(SOURCES / f"{seed}.txt").sop
    assert sop.roles == expected["roles"]
    assert projection(sop) == expected["steps"]
    for key, value in expected["identity"].items():
        assert getattr(sop.identity, key) == value
    assert {k: len(getattr(sop.identity, k)) for k in expected["section_items"]} == expected["section_items"]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_inferred_pelaksana_and_route_is_marked_for_review(seed):
    sop = sopxl.read_document(SOURCES / f"{seed}.txt").sop
    for step in sop.steps:
        fields = {i.field for i in step.inferences}
        assert "pelaksana" in fields          # the text exports lost every actor mark
        if step.symbol.value == "decision":
            assert {"symbol", "ya", "tidak"} <= fields
        assert step.needs_review


def test_bare_menit_is_no_norm_and_10_menit_is_ten_minutes():
    kemnaker = sopxl.read_document(SOURCES / "kemnaker_pelaksanaan_monitoring.txt").sop
    assert kemnaker.steps[0].waktu == "menit" and kemnaker.steps[0].norm is None
    kemenko = sopxl.read_document(SOURCES / "kemenkopolhukam_monev_sop_ap.txt").sop
    assert kemenko.steps[0].norm.minutes(450) == 10


def test_shifted_cells_are_realigned_and_noted():
    result = sopxl.read_document(SOURCES / "kemnaker_pengukuran_kinerja.txt")
    step11 = result.sop.step(11)
    assert (step11.kelengkapan, step11.waktu, step11.output) == (
        "Draf Pengukuran Kinerja Kementerian", "", "Pengukuran Kinerja Kementerian")
    assert result.sop.step(16).keterangan == "SOP Pendokumentasian"
    assert any("langkah 16" in note for note in result.notes)


def test_html_and_list_sections_are_cleaned_and_split():
    identity = sopxl.read_document(SOURCES / "kemenkopolhukam_monev_sop_ap.txt").sop.identity
    assert identity.keterkaitan == ["SOP Mikro Penyiapan Rancangan Teknis Monev SOP AP",
                                    "SOP Mikro Pelaksanaan Monev SOP AP"]
    assert identity.peralatan[1] == "Perangkat komputer (komputer, printer, scanner, laptop)"
    assert identity.instansi.splitlines() == [
        "KEMENTERIAN KOORDINATOR BIDANG POLITIK, HUKUM, DAN KEAMANAN REPUBLIK INDONESIA",
        "Sekretariat Kementerian Koordinator", "Biro Perencanaan dan Organisasi"]
    nama = sopxl.read_document(SOURCES / "kemnaker_pengukuran_kinerja.txt").sop.identity.nama
    assert nama == "Penyusunan Pengukuran Kinerja Kementerian"


def test_docx_with_merged_headers_repeated_page_header_and_broken_step():
    result = sopxl.read_document(DATA / "pelaksanaan_monitoring.docx")
    sop = result.sop
    assert sop.roles == ["Kasubbag", "Kabag", "Karo", "Tim", "Fungsional Umum"]
    assert [s.number for s in sop.steps] == list(range(1, 9))
    assert [s.pelaksana for s in sop.steps] == ["Kasubbag", "Kabag", "Karo", "Kabag", "Kasubbag", "Tim",
                                                "Kasubbag", "Kabag"]
    assert [(s.norm.value, s.norm.unit) if s.norm else None for s in sop.steps] == [
        (15, "menit"), (30, "menit"), (1, "jam"), (2, "jam"), (1, "hari"), (5, "hari"), None, None]
    assert sop.step(6).kegiatan.endswith("menyerahkan kepada Kasubbag")
    assert [(s.ya, s.tidak) for s in sop.steps if s.symbol.value == "decision"] == [(3, 1), (4, 2), (8, 6)]
    assert sop.identity.kualifikasi == ["Memahami tata cara monitoring", "Mampu menyusun laporan"]
    assert sop.identity.nomor == "OT.04.00/12/2024"


def test_xlsx_in_the_official_matrix_keeps_its_marks():
    sop = sopxl.read_document(DATA / "peta_proses.xlsx").sop
    assert sop.roles == ["Kepala Biro", "Kabag Organisasi", "Analis"]
    assert [s.pelaksana for s in sop.steps] == ["Kepala Biro", "Analis", "Kabag Organisasi", "Kepala Biro", "Analis"]
    assert not any(i.field == "pelaksana" for s in sop.steps for i in s.inferences)
    assert [str(s.norm) for s in sop.steps] == ["10 menit", "1,5 jam", "3 hari", "1 minggu", "2 bulan"]
    assert (sop.step(3).ya, sop.step(3).tidak) == (4, 2)
    assert sop.identity.dasar_hukum == ["Perka BPS No. 19 Tahun 2013", "Permenpan RB No. 35 Tahun 2012"]


def test_an_sopxl_workbook_imports_as_itself(tmp_path):
    first = sopxl.import_document(SOURCES / "kemnaker_pelaksanaan_monitoring.txt", tmp_path / "a.xlsx")
    again = sopxl.read_document(tmp_path / "a.xlsx")
    assert again.sop == first.sop


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"Ini hanya catatan rapat.\nTidak ada tabel.\n", "no SOP activity table"),
    (b"No.\tKegiatan\tPelaksana\n\t\t\n1\tmulai\n", "Kelengkapan"),
    (b"\x00\x01binary", "binary"),
    (b"Kegiatan\tPelaksana\tWaktu\n1\tmulai\tx\t5 menit\n",
     "closest to one: line 1 \\(Kegiatan, Pelaksana, Waktu\\), but without a No cell followed by a Kegiatan cell"),
])
def test_documents_that_are_no_sop_fail_clearly(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as raised:
        sopxl.read_document(path, lang="en")
    assert str(path) in str(raised.value)


def test_a_truncated_docx_fails_clearly(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes((DATA / "pelaksanaan_monitoring.docx").read_bytes()[:3000])
    with pytest.raises(DocumentError, match="bukan file Office yang sah"):
        sopxl.read_document(path)
    with pytest.raises(DocumentError, match="not a valid Office file"):
        sopxl.read_document(path, lang="en")


def test_a_layout_with_a_single_header_row_and_upper_case_labels():
    sop = sopxl.read_document(DATA / "surat_tugas_one_header_row.txt").sop
    assert sop.roles == ["Staf", "Kasubbag", "Kabag"]
    assert sop.identity.nama == "Penerbitan Surat Tugas" and sop.identity.nomor == "800/12/ORG/2025"
    assert [(s.pelaksana, s.symbol.value, str(s.norm)) for s in sop.steps] == [
        ("Staf", "terminator", "30 menit"), ("Kasubbag", "decision", "15 menit"), ("Kabag", "terminator", "10 menit")]
    assert (sop.step(2).ya, sop.step(2).tidak) == (3, 1)
