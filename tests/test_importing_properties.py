"""Properties of the importer: any SOP printed as offices print it imports back as itself; no text
document makes it fail with anything but a clear DocumentError."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.errors import DocumentError
from sopxl.importing.readers import read_document

from helpers.documents import WRITERS

ROLE_POOL = ["Kepala Biro", "Kabag Umum", "Kasubbag Tata Usaha", "Analis Kebijakan", "Pengadministrasi",
             "Sekretaris", "Kasi Pelayanan", "Bendahara"]
VERBS = ["Menyusun", "Memeriksa", "Menelaah", "Mengolah", "Menyiapkan", "Mengirimkan", "Merekap", "Menilai"]
NOUNS = ["laporan", "rancangan", "nota dinas", "data", "usulan", "surat", "anggaran", "jadwal", "berkas", "daftar hadir"]
NORMS = ["30 menit", "2 jam", "1 hari", "3 hari kerja", "1 minggu", "2 bulan", "1,5 jam", "10 - 15 menit", "3 hr",
         "1 (satu) hari", "1 x 24 jam", "45 mnt", ""]
DATES = ["2 Januari 2025", "14 Februari 2025", "Senin, 3 Maret 2025", "2025-04-21", ""]
AGENCIES = ["KEMENTERIAN CONTOH", "SEKRETARIAT JENDERAL", "BIRO ORGANISASI DAN TATA LAKSANA", "DINAS KOMINFO"]
ITEMS = ["Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara", "Permenpan RB Nomor 35 Tahun 2012",
         "Memahami tata naskah dinas", "Komputer", "Printer", "Jaringan internet", "Arsip elektronik",
         "Buku agenda", "Pekerjaan tertunda bila tidak dilaksanakan"]
LINKED = ["SOP Pengelolaan Arsip", "SOP Penyusunan Laporan", "SOP Penerimaan Surat"]

phrases = st.builds(lambda noun, extra: f"{noun} {extra}".strip(), st.sampled_from(NOUNS),
                    st.sampled_from(["", "kegiatan", "bulanan", "tahunan", "unit kerja terkait"]))


@st.composite
def sops(draw) -> SOP:
    roles = draw(st.lists(st.sampled_from(ROLE_POOL), min_size=2, max_size=4, unique=True))
    count = draw(st.integers(2, 6))
    steps: list[Step] = []
    for number in range(1, count + 1):
        actor = draw(st.sampled_from(roles))
        earlier = [s for s in steps if s.marks[0] in roles]
        decision = 1 < number < count and earlier and draw(st.booleans())
        thing = draw(phrases)
        step = Step(number, f"{draw(st.sampled_from(VERBS))} {thing}", [actor],
                    kelengkapan=draw(phrases), waktu=draw(st.sampled_from(NORMS)), output=draw(phrases),
                    keterangan=draw(st.sampled_from(["", "", *LINKED])))
        if decision:
            back = draw(st.sampled_from(earlier))
            step.kegiatan = (f"Memeriksa {thing}; jika setuju diteruskan, jika tidak dikembalikan kepada "
                             f"{back.marks[0]} untuk diperbaiki")
            step.symbol, step.ya = Symbol.DECISION, number + 1
            step.tidak = next(s.number for s in reversed(steps) if s.marks[0] == back.marks[0])
        elif number in (1, count):
            step.symbol = Symbol.TERMINATOR
        steps.append(step)
    signer = draw(st.sampled_from(["Kepala Biro Organisasi",
                                   "Kepala Bagian Umum\nDr. Siti Rahmawati, M.Si\nNIP. 19750312 200003 2 001"]))
    identity = Identity(
        instansi="\n".join(draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=2, unique=True))),
        nomor=draw(st.sampled_from(["OT.01.02/071/2025", "800/12/ORG/2025", "1/ORG/2025"])),
        tanggal_pembuatan=draw(st.sampled_from(DATES[:-1])), tanggal_revisi=draw(st.sampled_from(DATES)),
        tanggal_efektif=draw(st.sampled_from(DATES[:-1])), disahkan_oleh=signer,
        nama=draw(st.sampled_from(["Penyusunan Laporan Kinerja", "Pengelolaan Surat Masuk", "Evaluasi Jabatan"])))
    for key in ("dasar_hukum", "kualifikasi", "peralatan", "peringatan", "pencatatan"):
        setattr(identity, key, draw(st.lists(st.sampled_from(ITEMS), max_size=3, unique=True)))
    identity.keterkaitan = draw(st.lists(st.sampled_from(LINKED), max_size=2, unique=True))
    # the SOP as `sopxl export` gives it
    return SOP.from_dict(SOP(identity=identity, roles=roles, steps=steps).to_dict())


def comparable(sop: SOP) -> dict:
    """What a printed document carries: everything but the import's review notes."""
    data = sop.to_dict()
    for step in data["steps"]:
        step.pop("inferences")
        step.pop("reviewed")
    return data


@pytest.mark.slow
@pytest.mark.parametrize("form", sorted(WRITERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sop=sops())
def test_any_sop_printed_imports_back_as_itself(form, sop, tmp_path_factory):
    path = WRITERS[form](sop, tmp_path_factory.mktemp("doc") / f"sop.{form}")
    imported, _ = read_document(path)
    assert comparable(imported) == comparable(sop)


LINES = st.sampled_from([
    "No\tKegiatan\tPelaksana\t\tMutu Baku\t\t\tKet", "\t\tKabag\tStaf\tKelengkapan\tWaktu\tOutput\t",
    "No   Kegiatan      Pelaksana        Mutu Baku                Keterangan",
    "                   Kabag   Staf     Kelengkapan  Waktu   Output", "No Kegiatan Pelaksana",
    "1\tmenyusun laporan\tx\t\tData\t30 menit\tLaporan\t", "2   memeriksa      x     Data   1 jam   Nota",
    "Nomor SOP\t:\t800/1", "Disahkan oleh   :   Kepala", "    NIP. 1970", "Dasar Hukum", "1. UU 2. PP",
    "\tT\tY\t", "jika setuju diteruskan, jika tidak dikembalikan kepada Kabag", "", "   ", "x", "\t\t\t",
])


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=25))
def test_text_import_never_fails_with_anything_but_a_document_error(lines, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    try:
        read_document(path)
    except DocumentError as error:
        assert str(path) in str(error)
