"""Build the validation fixtures: one workbook per rule group, with its expected findings beside it.

Run once after changing a fixture: ``.venv/bin/python tests/data/validation/make_fixtures.py``.
The workbooks are built through sopxl's own writer from a valid SOP, then a few cells are changed
at the zip level (the way a person would type them) where the model cannot hold the mistake.
The expected findings are written here by hand, as ``[code, location]`` pairs; the test compares
them with what ``sopxl.validate`` finds in the committed workbooks.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import zipfile
from pathlib import Path

from sopxl import layout as L
from sopxl.domain.calendar import default_calendar
from sopxl.domain.model import SOP, Identity, Inference, Step, Symbol
from sopxl.xlsx.workbook import create
from sopxl.xlsx.patch import Package
from sopxl.xlsx.read import read_grids

HERE = Path(__file__).resolve().parent
CALENDAR = default_calendar([2025, 2026])
P, D, T = Symbol.PROCESS, Symbol.DECISION, Symbol.TERMINATOR


def valid_sop() -> SOP:
    """A small SOP that meets every rule: six steps, two decisions, every norm, every section."""
    identity = Identity(
        instansi="KEMENTERIAN CONTOH / SEKRETARIAT JENDERAL / BIRO ORGANISASI",
        nomor="OT.01.02-071-097.Set.PO", tanggal_pembuatan="Kamis, 14 Desember 2017", tanggal_revisi="",
        tanggal_efektif="02 Mei 2018", disahkan_oleh="Kepala Biro Organisasi",
        nama_pengesah="Budi Santoso", nip_pengesah="195910081983031001",
        nama="Penyusunan Laporan Kegiatan",
        dasar_hukum=["Permenpan RB No. 35 Tahun 2012 tentang Pedoman Penyusunan SOP AP"],
        kualifikasi=["Memahami tata cara penyusunan laporan"], keterkaitan=["SOP Pendokumentasian"],
        peralatan=["Komputer", "Printer"], peringatan=["Laporan terlambat bila SOP tidak dilaksanakan"],
        pencatatan=["Disimpan sebagai data elektronik dan manual"])
    steps = [
        Step(1, "mengajukan usulan kegiatan kepada Kabag", ["Kasubbag"], T, "Rencana kerja", "30 menit",
             "Usulan kegiatan"),
        Step(2, "memeriksa usulan; jika setuju meneruskan kepada Karo, jika tidak dikembalikan untuk diperbaiki",
             ["Kabag"], D, "Usulan kegiatan", "1 jam", "Usulan kegiatan terparaf", ya=3, tidak=1),
        Step(3, "menyetujui usulan; jika tidak setuju dikembalikan kepada Kabag", ["Karo"], D,
             "Usulan kegiatan terparaf", "1 hari", "Disposisi", ya=4, tidak=2),
        Step(4, "menyusun draf laporan kegiatan", ["Kasubbag"], P, "Disposisi", "3 hari kerja", "Draf laporan"),
        Step(5, "merapikan format draf laporan", ["Pelaksana"], P, "Draf laporan", "2 jam", "Laporan kegiatan"),
        Step(6, "mendokumentasikan laporan kegiatan", ["Kabag"], T, "Laporan kegiatan", "10 menit",
             "Dokumentasi laporan"),
    ]
    return SOP(identity=identity, roles=["Karo", "Kabag", "Kasubbag", "Pelaksana"], steps=steps)


def build(name: str, sop: SOP) -> Path:
    path = HERE / f"{name}.xlsx"
    create(path, sop, calendar=CALENDAR, overwrite=True)
    return path


def patch_cells(path: Path, sheet: str, cells: dict[str, object]) -> None:
    """Type values into cells of an sopxl workbook, keeping everything else (as Excel would)."""
    grid = read_grids(path, (sheet,))[sheet]
    rows: dict[int, dict[int, object]] = {}
    for ref, value in cells.items():
        letters = ref.rstrip("0123456789")
        column = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(letters)))
        rows.setdefault(int(ref[len(letters):]), {})[column] = value
    package = Package(path)
    for row, changes in sorted(rows.items()):
        width = max(grid.last_column, *changes)
        values = [grid.get(row, c) for c in range(1, width + 1)]
        values = [None if v == "" else v for v in values]
        for column, value in changes.items():
            values[column - 1] = value
        package.set_rows(sheet, row, [values], keep_below=True)
    package.save()


def variant(change) -> SOP:
    sop = copy.deepcopy(valid_sop())
    change(sop)
    return sop


def step(sop: SOP, number: int) -> Step:
    return sop.steps[number - 1]


# name -> (how to build it, the findings a reader expects, as [code, location])
FIXTURES: dict[str, tuple] = {}


def fixture(name: str, expected: list[list]):
    def register(make):
        FIXTURES[name] = (make, expected)
        return make
    return register


@fixture("valid", [])
def _valid(name):
    build(name, valid_sop())


# ---- identity ---------------------------------------------------------------------------------

@fixture("identity_missing", [
    ["identity-field-missing", "Identitas!B3"], ["identity-field-missing", "Identitas!B4"],
    ["identity-field-missing", "Identitas!B6"], ["identity-field-missing", "Identitas!B7"],
    ["identity-field-missing", "Identitas!B10"],
])
def _identity_missing(name):
    def change(sop):
        identity = sop.identity
        identity.nomor, identity.tanggal_pembuatan, identity.tanggal_efektif = "", "", "-"
        identity.disahkan_oleh, identity.nama = "  ", "..."
    build(name, variant(change))


@fixture("identity_placeholder", [["identity-placeholder", "Identitas!B3"], ["identity-placeholder", "Identitas!B5"]])
def _identity_placeholder(name):
    def change(sop):
        sop.identity.nomor = "1/.../OT.04.00/./..."
        sop.identity.tanggal_revisi = "Revisi ke"
    build(name, variant(change))


@fixture("nip_invalid", [["nip-invalid", "Identitas!B9"]])
def _nip_invalid(name):
    def change(sop):
        sop.identity.nip_pengesah = "19591008 198303 1"     # 15 digits: a group left out
    build(name, variant(change))


@fixture("identity_punctuation", [
    ["identity-punctuation-only", "Identitas!B2"], ["identity-punctuation-only", "Identitas!B3"],
    ["identity-punctuation-only", "Identitas!B4"], ["identity-punctuation-only", "Identitas!B7"],
    ["identity-punctuation-only", "Identitas!B10"],
])
def _identity_punctuation(name):
    """The ":" column of a "label | : | value" document read as the values (before sopxl skipped it)."""
    def change(sop):
        identity = sop.identity
        identity.instansi, identity.nomor, identity.tanggal_pembuatan = "……………", ":", ": ....."
        identity.disahkan_oleh, identity.nama, identity.tanggal_revisi = "( )", ":", "-"
    build(name, variant(change))


@fixture("norm_ranges", [["waktu-range", "Aktivitas!H4"], ["waktu-range", "Aktivitas!H5"]])
def _norm_ranges(name):
    """Norms as offices write them: ranges (the upper bound is the norm), written-out numbers, 1 x 24 jam."""
    def change(sop):
        step(sop, 1).waktu = "1 (satu) hari"
        step(sop, 2).waktu = "10 - 15 menit"
        step(sop, 3).waktu = "1 - 5 hari kerja"
        step(sop, 4).waktu = "1 x 24 jam"
        step(sop, 5).waktu = "3 hr"
    build(name, variant(change))


@fixture("bad_dates", [["date-weekday-mismatch", "Identitas!B4"], ["date-invalid", "Identitas!B5"],
                       ["date-invalid", "Identitas!B6"]])
def _bad_dates(name):
    def change(sop):
        sop.identity.tanggal_pembuatan = "Senin, 14 Desember 2017"      # a Thursday
        sop.identity.tanggal_revisi = "Revisi ke-2, 2019"
        sop.identity.tanggal_efektif = "31 Februari 2018"
    build(name, variant(change))


@fixture("dates_out_of_order", [["dates-out-of-order", "Identitas!B6"]])
def _dates_out_of_order(name):
    def change(sop):
        sop.identity.tanggal_pembuatan = "02/05/2018"
        sop.identity.tanggal_revisi = "2019-01-07"
        sop.identity.tanggal_efektif = "2018-01-10"
    build(name, variant(change))


@fixture("dates_as_excel_dates", [["dates-out-of-order", "Identitas!B6"]])
def _dates_as_excel_dates(name):
    # dates typed into Excel become date cells (a serial number with a date format), not text
    def dates(workbook, sheets):
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        for row, day in ((3, dt.datetime(2018, 12, 14)), (4, dt.datetime(2019, 1, 7)), (5, dt.datetime(2018, 5, 2))):
            sheets[L.IDENTITAS].write_datetime(row, 1, day, date_format)
    create(HERE / f"{name}.xlsx", valid_sop(), calendar=CALENDAR, overwrite=True, before_close=[dates])


@fixture("empty_sections", [["section-empty", "Identitas!B14"], ["section-empty", "Identitas!B19"]])
def _empty_sections(name):
    def change(sop):
        sop.identity.kualifikasi = []
        sop.identity.pencatatan = []
    # rows: 2-12 fields, 13 dasar hukum, 14 kualifikasi (empty), 15 keterkaitan, 16-17 peralatan, 18 peringatan,
    # 19 pencatatan (empty)
    build(name, variant(change))


@fixture("identity_label_unknown", [["identity-label-unknown", "Identitas!A20"]])
def _identity_label_unknown(name):
    path = build(name, valid_sop())
    package = Package(path)
    package.append_rows(L.IDENTITAS, [["Catatan Tambahan", "ditulis di luar format"]])
    package.save()


# ---- the matrix -------------------------------------------------------------------------------

@fixture("bad_numbers", [["step-number-sequence", "Aktivitas!A4"], ["step-number-duplicate", "Aktivitas!A5"],
                         ["step-number-invalid", "Aktivitas!A7"]])
def _bad_numbers(name):
    # No: 1, 3, 3, 4, "5a", 6 down a straight flow (no targets to confuse)
    def change(sop):
        step(sop, 2).number = 3
        for number in (2, 3):
            step(sop, number).symbol, step(sop, number).ya, step(sop, number).tidak = P, None, None
    path = build(name, variant(change))
    patch_cells(path, L.AKTIVITAS, {"A7": "5a"})


@fixture("pelaksana_marks", [["pelaksana-unused", "Aktivitas!C2"], ["pelaksana-multiple", "Aktivitas!E4"],
                             ["pelaksana-missing", "Aktivitas!C5"]])
def _pelaksana_marks(name):
    def change(sop):
        step(sop, 2).marks = ["Kabag", "Kasubbag"]
        step(sop, 3).marks = []          # Karo's only step: Karo's column is never used
    build(name, variant(change))


@fixture("pelaksana_joint", [["pelaksana-joint", "Aktivitas!E4"]])
def _pelaksana_joint(name):
    def change(sop):
        step(sop, 2).co_pelaksana = ["Kasubbag"]     # x for Kabag, o for Kasubbag: a joint step
    build(name, variant(change))


@fixture("pelaksana_duplicate", [["pelaksana-duplicate", "Aktivitas!G2"]])
def _pelaksana_duplicate(name):
    def change(sop):
        sop.roles = ["Karo", "Kabag", "Kasubbag", "Pelaksana", "Kepala Sub Bagian"]
    build(name, variant(change))


@fixture("pelaksana_columns_missing", [["pelaksana-columns-missing", "Aktivitas!C2"]])
def _pelaksana_columns_missing(name):
    def change(sop):
        sop.roles = []
        for s in sop.steps:
            s.marks = []
    build(name, variant(change))


@fixture("kegiatan", [["kegiatan-empty", "Aktivitas!B4"], ["kegiatan-starts-with-actor", "Aktivitas!B6"],
                      ["kegiatan-starts-with-actor", "Aktivitas!B7"]])
def _kegiatan(name):
    def change(sop):
        step(sop, 2).kegiatan = ""
        step(sop, 4).kegiatan = "Kasubbag menyusun draf laporan kegiatan"
        step(sop, 5).kegiatan = "Pejabat Fungsional merapikan format draf laporan"
    build(name, variant(change))


@fixture("bad_norms", [["waktu-bare-unit", "Aktivitas!H3"], ["waktu-empty", "Aktivitas!H4"],
                       ["waktu-invalid", "Aktivitas!H5"], ["waktu-invalid", "Aktivitas!H6"],
                       ["waktu-bare-unit", "Aktivitas!H7"]])
def _bad_norms(name):
    def change(sop):
        step(sop, 1).waktu = "menit"
        step(sop, 2).waktu = ""
        step(sop, 3).waktu = "sebentar"
        step(sop, 5).waktu = "Jam"
    path = build(name, variant(change))
    patch_cells(path, L.AKTIVITAS, {"H6": 30})        # a number with no unit


@fixture("output_not_used", [["output-not-used", "Aktivitas!I5"], ["output-not-used", "Aktivitas!I7"]])
def _output_not_used(name):
    def change(sop):
        step(sop, 3).output = "Nota Dinas"                # step 4 works on the Disposisi
        step(sop, 5).output = "Surat pengantar"           # step 6 works on the Laporan kegiatan
        step(sop, 6).output = "Arsip"                     # the last step: nothing follows
        step(sop, 1).output = "Usulan dan TOR"            # shares "usulan": mentioned
    build(name, variant(change))


# ---- the flow ---------------------------------------------------------------------------------

@fixture("terminators", [["flow-start-not-terminator", "Aktivitas!K3"], ["flow-terminator-inside", "Aktivitas!K6"],
                         ["flow-end-not-terminator", "Aktivitas!K8"]])
def _terminators(name):
    def change(sop):
        step(sop, 1).symbol = P
        step(sop, 4).symbol = T
        step(sop, 6).symbol = P
    build(name, variant(change))


@fixture("symbol_unknown", [["symbol-unknown", "Aktivitas!K6"]])
def _symbol_unknown(name):
    path = build(name, valid_sop())
    patch_cells(path, L.AKTIVITAS, {"K6": "Lingkaran"})


@fixture("decision_branches", [["decision-branch-missing", "Aktivitas!M4"], ["decision-branch-missing", "Aktivitas!L5"]])
def _decision_branches(name):
    def change(sop):
        step(sop, 2).tidak = None
        step(sop, 3).ya = None          # goes on to the next row, but the branch must be written
    build(name, variant(change))


@fixture("bad_targets", [["target-invalid", "Aktivitas!M4"], ["target-missing", "Aktivitas!M5"],
                         ["tidak-without-decision", "Aktivitas!M6"]])
def _bad_targets(name):
    # Tidak targets only, so the Ya path (and with it reachability) stays whole
    def change(sop):
        step(sop, 3).tidak = 9           # no step 9
        step(sop, 4).tidak = 2           # a process step with a Tidak target
    path = build(name, variant(change))
    patch_cells(path, L.AKTIVITAS, {"M4": "dua"})   # step 2's Tidak is not a number


@fixture("tidak_forward", [["tidak-forward", "Aktivitas!M5"]])
def _tidak_forward(name):
    def change(sop):
        step(sop, 3).tidak = 5
    build(name, variant(change))


@fixture("unreachable", [["output-not-used", "Aktivitas!I5"], ["step-unreachable", "Aktivitas!A6"]])
def _unreachable(name):
    def change(sop):
        step(sop, 3).ya = 5              # the approval skips step 4, and nothing returns to it
    build(name, variant(change))


@fixture("loop_no_exit", [["flow-loop-no-exit", "Aktivitas!A6"], ["output-not-used", "Aktivitas!I7"],
                          ["step-unreachable", "Aktivitas!A8"]])
def _loop_no_exit(name):
    def change(sop):
        # 4 -> 5 -> 4 -> …: step 6 can never be reached; steps 1-3 lead into the loop but are not one
        # (and step 5's Output now goes to step 4, whose Kelengkapan does not mention it)
        step(sop, 5).ya = 4
    build(name, variant(change))


@fixture("inference_unreviewed", [["inference-unreviewed", "Aktivitas!N4"]])
def _inference_unreviewed(name):
    def change(sop):
        step(sop, 2).inferences = [Inference("pelaksana", "Kabag", "langkah 1 menyerahkan kepada Kabag"),
                                   Inference("tidak", "1", "dikembalikan kepada Kasubbag")]
        step(sop, 3).inferences = [Inference("pelaksana", "Karo", "langkah 2 meneruskan kepada Karo")]
        step(sop, 3).reviewed = True
    build(name, variant(change))


@fixture("steps_missing", [["steps-missing", "Aktivitas!A3"]])
def _steps_missing(name):
    def change(sop):
        sop.steps = []
    build(name, variant(change))


# ---- the workbook's shape ---------------------------------------------------------------------

@fixture("header_invalid", [["header-invalid", "Aktivitas!B2"]])
def _header_invalid(name):
    path = build(name, valid_sop())
    patch_cells(path, L.AKTIVITAS, {"B1": "Uraian Kegiatan"})


@fixture("sheet_missing", [["sheet-missing", "Kalender"]])
def _sheet_missing(name):
    path = build(name, valid_sop())
    package = Package(path)
    workbook = package.part("xl/workbook.xml").decode("utf-8")
    package.set_part("xl/workbook.xml", workbook.replace('name="Kalender"', 'name="Jadwal"').encode("utf-8"))
    package.save()


@fixture("not_a_workbook", [["workbook-unreadable", None]])
def _not_a_workbook(name):
    path = HERE / f"{name}.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a spreadsheet")


def main() -> None:
    for name, (make, expected) in FIXTURES.items():
        make(name)
        (HERE / f"{name}.findings.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
        print(f"{name}.xlsx: {len(expected)} findings expected")


if __name__ == "__main__":
    main()
