"""Import of published SOP PDFs: the official document `sopxl pdf` prints reads back to the same SOP."""

import json
import re
from pathlib import Path

import pytest

from sopxl import api
from sopxl.errors import DocumentError
from sopxl import layout as L
from sopxl.domain.model import SOP
from sopxl.xlsx.read import read_grids
from sopxl.xlsx.workbook import create, template_calendar

import datetime as dt

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"
FLOWCHART_DATA = Path(__file__).resolve().parent / "data" / "flowchart"
TODAY = dt.date(2026, 11, 20)


def _spaces(text: str) -> str:
    """Text with its line breaks as spaces: where a printed line wraps is the page's business (the printout
    also puts each part of an "instansi / unit" text on its own line)."""
    return " ".join(text.replace(" / ", "\n").split())


def assert_same_sop(got: SOP, want: SOP) -> None:
    assert got.roles == want.roles
    for key in ("nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "nama", "nama_pengesah",
                "nip_pengesah"):
        assert getattr(got.identity, key) == getattr(want.identity, key), key
    for key in ("instansi", "disahkan_oleh"):
        assert _spaces(getattr(got.identity, key)) == _spaces(getattr(want.identity, key)), key
    for key in ("dasar_hukum", "kualifikasi", "keterkaitan", "peralatan", "peringatan", "pencatatan"):
        assert getattr(got.identity, key) == getattr(want.identity, key), key
    assert [s.number for s in got.steps] == [s.number for s in want.steps]
    for a, b in zip(got.steps, want.steps):
        assert (a.kegiatan, a.kelengkapan, a.waktu, a.output, a.keterangan) == \
               (b.kegiatan, b.kelengkapan, b.waktu, b.output, b.keterangan), a.number
        assert (a.marks, a.co_pelaksana, a.symbol, a.tidak) == (b.marks, b.co_pelaksana, b.symbol, b.tidak), a.number
        assert (a.ya_label, a.tidak_label) == (b.ya_label, b.tidak_label), a.number
        if b.symbol.value == "decision":    # Ya left empty means the next step
            assert getattr(got.next_step(a), "number", None) == getattr(want.next_step(b), "number", None), a.number
        assert a.norm == b.norm


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each example workbook and the long fixture, with the official PDF sopxl prints for it."""
    folder = tmp_path_factory.mktemp("printed")
    books = {path.stem: path for path in sorted(EXAMPLES.glob("*.xlsx"))}
    sop = SOP.from_dict(json.loads((FLOWCHART_DATA / "sixty_steps.sop.json").read_text(encoding="utf-8")))
    books["sixty_steps"] = create(folder / "sixty_steps.xlsx", sop, calendar=template_calendar(TODAY))
    api.flowchart(books["sixty_steps"])
    return {name: (book, api.pdf(book, folder / f"{name}.pdf").pdf) for name, book in books.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kemenkopolhukam_monev_sop_ap", "kemnaker_pelaksanaan_monitoring",
                                  "kemnaker_pengukuran_kinerja", "sixty_steps"])
def test_the_official_pdf_imports_back_to_the_same_sop(printed, name):
    book, pdf = printed[name]
    result = api.read_document(pdf)
    assert_same_sop(result.sop, api.load(book))
    # what was read from the shapes is recorded for review, with the column and page it came from
    first = result.sop.steps[0]
    assert first.needs_review
    assert any(i.field == "pelaksana" and re.search(r"kolom .+, halaman \d", i.reason) for i in first.inferences)


# ---- joint steps: x for the main Pelaksana, o for co-Pelaksana -------------------------------------

def joint_sop() -> SOP:
    """The Kemnaker monitoring SOP with a start beside the first box, a joint step with roles on both sides
    of its main Pelaksana, and a decision taken together."""
    sop = api.load(EXAMPLES / "kemnaker_pelaksanaan_monitoring.xlsx")
    sop.steps[0].co_pelaksana = ["Tim"]
    sop.steps[4].co_pelaksana = ["Kabag", "Fungsional Umum"]
    sop.steps[6].co_pelaksana = ["Tim"]
    for step in sop.steps:
        step.row = None
    return sop


def test_a_joint_step_is_x_and_o_on_the_sheet_in_the_export_and_in_validation(tmp_path):
    book = create(tmp_path / "joint.xlsx", joint_sop(), calendar=template_calendar(TODAY))
    back = api.load(book)
    assert [(s.number, s.marks, s.co_pelaksana) for s in back.steps if s.co_pelaksana] == [
        (1, ["Kasubbag"], ["Tim"]), (5, ["Kasubbag"], ["Kabag", "Fungsional Umum"]), (7, ["Kasubbag"], ["Tim"])]
    grid = read_grids(book, [L.AKTIVITAS])[L.AKTIVITAS]
    roles = back.roles
    row5 = [grid.text(L.AKTIVITAS_FIRST_ROW + 4, L.aktivitas_column(f"role:{i}", len(roles))) for i in range(len(roles))]
    assert row5 == ["x", "o", "", "", "o"]
    assert api.export(book)["steps"][4]["co_pelaksana"] == ["Kabag", "Fungsional Umum"]
    joint = [f for f in api.validate(book).findings if f.code == "pelaksana-joint"]
    assert [(f.cell, f.severity) for f in joint] == [
        (L.cell_ref(L.AKTIVITAS_FIRST_ROW + n, L.aktivitas_column(f"role:{i}", len(roles))), "info")
        for n, i in ((0, 3), (4, 1), (6, 3))]
    assert "Kasubbag (utama) dengan Kabag, Fungsional Umum" in joint[1].message("id")


@pytest.mark.slow
def test_a_joint_step_is_drawn_printed_and_read_back_from_the_pdf(tmp_path):
    book = create(tmp_path / "joint.xlsx", joint_sop(), calendar=template_calendar(TODAY))
    drawn = api.flowchart(book)
    assert drawn.steps == len(joint_sop().steps)
    assert drawn.symbols - drawn.offpage == drawn.steps + 4         # one more symbol per co-Pelaksana
    pdf = api.pdf(book, tmp_path / "joint.pdf").pdf
    got = api.read_document(pdf).sop
    assert_same_sop(got, api.load(book))
    step5 = got.step(5)
    assert [i.value for i in step5.inferences if i.field == "co_pelaksana"] == ["Kabag", "Fungsional Umum"]


# ---- a decision's branches named in other words than Ya/Tidak ---------------------------------------

def worded_sop() -> SOP:
    """The Kemnaker monitoring SOP with its decisions' branches named as offices write them."""
    sop = api.load(EXAMPLES / "kemnaker_pelaksanaan_monitoring.xlsx")
    decisions = [step for step in sop.steps if step.symbol.value == "decision"]
    assert len(decisions) >= 2
    decisions[0].ya_label, decisions[0].tidak_label = "Sudah Benar", "Belum Benar"
    decisions[1].tidak_label = "Tidak Lengkap"        # Ya stays the plain word
    for step in sop.steps:
        step.row = None
    return sop


def test_branch_words_are_a_column_of_the_sheet_and_go_through_the_export(tmp_path):
    sop = worded_sop()
    book = create(tmp_path / "worded.xlsx", sop, calendar=template_calendar(TODAY))
    first, second = [s for s in sop.steps if s.symbol.value == "decision"][:2]
    grid = read_grids(book, [L.AKTIVITAS])[L.AKTIVITAS]
    column = L.aktivitas_column("label_cabang", len(sop.roles))
    assert grid.text(1, column) == "Label Ya/Tidak"
    assert grid.text(L.AKTIVITAS_FIRST_ROW + sop.steps.index(first), column) == "Sudah Benar / Belum Benar"
    assert grid.text(L.AKTIVITAS_FIRST_ROW + sop.steps.index(second), column) == "Ya / Tidak Lengkap"
    exported = api.export(book)
    by_number = {s["number"]: s for s in exported["steps"]}
    assert (by_number[first.number]["ya_label"], by_number[first.number]["tidak_label"]) == ("Sudah Benar", "Belum Benar")
    assert (by_number[second.number]["ya_label"], by_number[second.number]["tidak_label"]) == ("", "Tidak Lengkap")
    assert all(s["ya_label"] == s["tidak_label"] == "" for n, s in by_number.items() if n not in (first.number, second.number))
    path = tmp_path / "worded.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    again = api.read_document(path).sop                # the export imports back with its words
    assert [(s.ya_label, s.tidak_label) for s in again.steps] == [(s.ya_label, s.tidak_label) for s in sop.steps]
    assert L.aktivitas_column("label_cabang", len(sop.roles)) > L.printed_columns(len(sop.roles))   # not printed


def test_a_workbook_from_before_the_label_column_still_reads(tmp_path):
    import openpyxl

    book = create(tmp_path / "new.xlsx", api.load(EXAMPLES / "kemnaker_pelaksanaan_monitoring.xlsx"),
                  calendar=template_calendar(TODAY))
    workbook = openpyxl.load_workbook(book)
    sheet = workbook[L.AKTIVITAS]
    sheet.delete_cols(L.aktivitas_column("label_cabang", len(api.load(book).roles)))
    workbook.save(book := tmp_path / "old.xlsx")
    assert [(s.ya, s.tidak, s.ya_label, s.tidak_label) for s in api.load(book).steps] == \
        [(s.ya, s.tidak, "", "") for s in api.load(EXAMPLES / "kemnaker_pelaksanaan_monitoring.xlsx").steps]


@pytest.mark.slow
def test_branch_words_are_drawn_printed_and_read_back_from_the_pdf(tmp_path):
    book = create(tmp_path / "worded.xlsx", worded_sop(), calendar=template_calendar(TODAY))
    api.flowchart(book)
    pdf = api.pdf(book, tmp_path / "worded.pdf").pdf
    got = api.read_document(pdf).sop
    assert_same_sop(got, api.load(book))
    first = next(s for s in got.steps if s.ya_label)
    assert (first.ya_label, first.tidak_label) == ("Sudah Benar", "Belum Benar")
    reasons = [i.reason for i in first.inferences if i.field == "tidak"]
    assert reasons and "'Belum Benar' dibaca sebagai Tidak" in reasons[0]


# ---- a second producer: an SOP drawn by reportlab the way offices lay it out ------------------------

PDF_DATA = Path(__file__).resolve().parent / "data" / "pdf"


def test_a_pdf_from_another_producer_reads_headers_page_breaks_joint_steps_and_branch_words():
    want = json.loads((PDF_DATA / "drawn_sop.expected.json").read_text(encoding="utf-8"))
    result = api.read_document(PDF_DATA / "drawn_sop.pdf")
    sop = result.sop
    assert sop.roles == want["roles"]                      # role names wrapped over two header lines
    for key, value in want["identity"].items():
        assert getattr(sop.identity, key) == value, key
    got = [{"number": s.number, "kegiatan": s.kegiatan, "kelengkapan": s.kelengkapan, "waktu": s.waktu,
            "output": s.output, "pelaksana": s.pelaksana, "co_pelaksana": s.co_pelaksana, "symbol": s.symbol.value,
            "ya": s.ya if s.symbol.value == "decision" else None, "tidak": s.tidak, "ya_label": s.ya_label,
            "tidak_label": s.tidak_label} for s in sop.steps]
    assert got == want["steps"]
    # a branch named in other words than Ya/Tidak: the workbook says which word is which
    for number, (yes, no) in want["branch_words"].items():
        reasons = {i.field: i.reason for i in sop.step(int(number)).inferences if i.field in ("ya", "tidak")}
        assert f"'{yes}' dibaca sebagai Ya" in reasons["ya"] and f"'{no}' dibaca sebagai Tidak" in reasons["tidak"]
    joint = {i.field: i.reason for i in sop.step(4).inferences}
    assert "kolom Kepala Bagian" in joint["pelaksana"] and "pelaksana bersama" in joint["co_pelaksana"]


def test_the_drawn_fixture_is_what_its_generator_makes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("pdf_fixtures", PDF_DATA / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    assert (tmp_path / "drawn_sop.expected.json").read_text() == (PDF_DATA / "drawn_sop.expected.json").read_text()
    fresh = api.read_document(tmp_path / "drawn_sop.pdf").sop.to_dict()
    assert fresh == api.read_document(PDF_DATA / "drawn_sop.pdf").sop.to_dict()


# ---- refusals: one clear line, never a traceback ------------------------------------------------------

def _reportlab_pdf(path: Path, lines: list[str], **options) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1, **options)
    for index, line in enumerate(lines):
        c.drawString(72, 720 - 14 * index, line)
    c.save()
    return path


def test_pdfs_that_cannot_be_imported_are_refused_with_their_reason(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    cases = {
        "letter.pdf": (_reportlab_pdf(tmp_path / "letter.pdf", ["Dengan hormat,", "Bersama ini kami sampaikan"]),
                       "is not an SOP document"),
        "secret.pdf": (_reportlab_pdf(tmp_path / "secret.pdf", ["Nomor SOP"],
                                      encrypt=StandardEncryption("rahasia", canPrint=0)), "is encrypted"),
        "renamed.pdf": (tmp_path / "renamed.pdf", "is not a PDF"),
    }
    (tmp_path / "renamed.pdf").write_text("No\tKegiatan\n1\tmenyusun\n", encoding="utf-8")
    for name, (path, reason) in cases.items():
        with pytest.raises(DocumentError) as caught:
            api.read_document(path, lang="en")
        assert reason in caught.value.message, name
        assert caught.value.file == str(path)
        with pytest.raises(DocumentError) as indonesian:      # one language per run: --lang id is the default
            api.read_document(path)
        assert indonesian.value.message != caught.value.message


@pytest.mark.slow
def test_truncated_and_garbled_pdfs_give_a_clear_error_or_an_sop(tmp_path):
    import random

    data = (PDF_DATA / "drawn_sop.pdf").read_bytes()
    rng = random.Random(13)
    variants = [data[:len(data) * k // 10] for k in (1, 3, 5, 7, 9)]
    for _ in range(8):
        garbled = bytearray(data)
        start = rng.randrange(200, len(data) - 200)
        for offset in range(rng.randrange(1, 120)):
            garbled[start + offset] = rng.randrange(256)
        variants.append(bytes(garbled))
    outcomes = []
    for index, variant in enumerate(variants):
        path = tmp_path / f"variant{index}.pdf"
        path.write_bytes(variant)
        try:
            outcomes.append(len(api.read_document(path).sop.steps))
        except DocumentError as error:
            assert error.file == str(path) and "\n" not in error.message
            outcomes.append(error.message)
    assert any(isinstance(o, str) for o in outcomes)          # the truncated ones are refused


def test_folder_import_goes_past_bad_files_and_prints_a_table_and_json(tmp_path):
    from click.testing import CliRunner
    from sopxl.cli import cli

    folder = tmp_path / "published"
    (folder / "bagian").mkdir(parents=True)
    (folder / "bagian" / "atk.pdf").write_bytes((PDF_DATA / "drawn_sop.pdf").read_bytes())
    _reportlab_pdf(folder / "surat.pdf", ["Dengan hormat,"])
    (folder / "kosong.docx").write_bytes(b"")
    (folder / "~$atk.xlsx").write_bytes(b"lock")
    out = tmp_path / "workbooks"
    result = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["file", "SOP"]
    assert any(line.startswith("bagian/atk.pdf") and "Pengadaan Alat Tulis Kantor" in line and "bagian/atk.xlsx" in line
               for line in lines)
    assert any(line.startswith("surat.pdf") and "refused: is not an SOP document" in line for line in lines)
    assert any(line.startswith("kosong.docx") and "refused: the file is empty" in line for line in lines)
    assert lines[-1] == f"1 SOP(s) imported into {out}, 2 refused"
    assert "[1/3]" in result.stderr and "[3/3]" in result.stderr
    assert api.load(out / "bagian" / "atk.xlsx").step(4).co_pelaksana == ["Kepala Sub Bagian"]
    indonesian = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out), "--force"])
    assert indonesian.stdout.splitlines()[-1] == f"1 SOP diimpor ke {out}, 2 ditolak"
    again = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out), "--format", "json", "--force"])
    data = json.loads(again.stdout)
    assert (data["imported"], data["refused"]) == (1, 2)
    assert data == api.import_folder(folder, out, force=True).to_dict()


def test_a_flowchart_that_is_a_picture_still_gives_the_table_and_actors_from_the_text_flagged():
    result = api.read_document(PDF_DATA / "picture_flowchart.pdf")
    sop = result.sop
    assert [(s.number, s.pelaksana, s.waktu) for s in sop.steps] == [
        (1, "Kepala Sub Bagian", "1 hari"), (2, "Kepala Bagian", "2 jam"), (3, "Pelaksana Teknis", "15 menit")]
    assert any("bagan alir berupa gambar" in note for note in result.notes)
    for step in sop.steps:
        assert step.needs_review
        fields = {i.field: i.reason for i in step.inferences}
        assert "berupa gambar" in fields["note"] and "kegiatan diawali nama" in fields["pelaksana"]
