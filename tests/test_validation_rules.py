"""Validation: every rule against its fixture workbook, the catalogue and its docs page, the CLI, --write."""

import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import sopxl
from sopxl import layout as L
from sopxl.cli import cli
from sopxl.validation.findings import CATALOGUE, CATEGORIES, SEVERITIES, Finding, docs_page
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.vba.ovba import VbaModule, build_vba_project
from sopxl.validation.rules import mentions, significant_words, validate_sop
from sopxl.xlsx.workbook import create
from sopxl.xlsx.read import read_grids

from helpers.ooxml import assert_all_valid

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "validation"
WORKBOOKS = sorted(FIXTURES.glob("*.xlsx"))


def expected(workbook: Path) -> list[tuple]:
    return sorted(tuple(pair) for pair in json.loads(workbook.with_suffix(".findings.json").read_text()))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ---- every rule has a fixture, and the fixture gives exactly its expected findings ------------------

REVIEW_DAY = dt.date(2018, 11, 1)      # review dates are judged as of this day (make_profile_fixtures.py)


@pytest.mark.parametrize("workbook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_fixture_gives_its_expected_findings(workbook):
    report = sopxl.validate(workbook, review_as_of=REVIEW_DAY)
    assert sorted(report.codes()) == expected(workbook)
    for lang in L.LANGS:     # every message and fix renders in both languages
        for item in sopxl.validate(workbook, lang=lang, review_as_of=REVIEW_DAY).to_dict()["findings"]:
            assert item["message"] and item["fix"] and "{" not in item["message"] + item["fix"]


def test_every_code_in_the_catalogue_has_a_fixture_that_expects_it():
    covered = {code for workbook in WORKBOOKS for code, _ in expected(workbook)}
    assert set(CATALOGUE) - covered == set()


def test_the_valid_fixture_is_clean_and_every_other_one_is_not():
    assert sopxl.validate(FIXTURES / "valid.xlsx").findings == []
    assert all(expected(w) for w in WORKBOOKS if w.stem != "valid")


# ---- the catalogue and its docs page ----------------------------------------------------------------

def test_catalogue_entries_are_complete():
    for code, rule in CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", code), code
        assert rule.code == code and rule.severity in SEVERITIES and rule.category in CATEGORIES
        assert all(rule.title) and rule.description and all(rule.message) and all(rule.fix)
        # both languages name the same fields, so a message never misses a value in one language
        fields = [set(re.findall(r"{(\w+)}", text)) for text in (*rule.message, *rule.fix)]
        assert fields[0] == fields[1] and fields[2] == fields[3], code


def test_docs_page_is_generated_from_the_catalogue_and_current():
    page = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert page == docs_page(), "docs/findings.md is stale: run `python -m sopxl.validation.findings docs/findings.md`"
    for code in CATALOGUE:
        assert f"\n## {code}\n" in page


def test_the_readers_problem_codes_are_in_the_catalogue():
    codec = (ROOT / "sopxl" / "sheets" / "sop.py").read_text()
    codes = set(re.findall(r'ReadProblem\(\s*"([a-z-]+)"', codec)) | set(re.findall(r'problem\("([a-z-]+)"', codec))
    assert codes >= {"identity-label-unknown", "step-number-invalid", "symbol-unknown", "target-invalid"}
    assert codes <= set(CATALOGUE)


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError, match="no-such-code"):
        Finding("no-such-code")
    with pytest.raises(sopxl.SopxlError, match="no-such-code"):
        sopxl.validate(FIXTURES / "valid.xlsx", ignore=["no-such-code"])


# ---- pure rules on a model that never was a workbook ------------------------------------------------

def small_sop(*steps: Step) -> SOP:
    identity = Identity(nomor="1", nama="X", disahkan_oleh="Karo", tanggal_pembuatan="2024-01-02",
                        tanggal_efektif="2024-01-03", dasar_hukum=["a"], kualifikasi=["b"], keterkaitan=["c"],
                        peralatan=["d"], peringatan=["e"], pencatatan=["f"])
    return SOP(identity=identity, roles=["Kabag", "Kasubbag"], steps=list(steps))


def test_a_model_not_read_from_a_sheet_is_located_where_sopxl_writes_it():
    sop = small_sop(Step(1, "mengajukan", ["Kasubbag"], Symbol.TERMINATOR, waktu="menit"),
                    Step(2, "memeriksa", ["Kabag"], Symbol.TERMINATOR, waktu="1 jam"))
    sop.identity.tanggal_efektif = ""
    assert [(f.code, f.location) for f in validate_sop(sop)] == [
        ("identity-field-missing", "Identitas!B6"), ("waktu-bare-unit", "Aktivitas!F3")]


def test_a_field_whose_row_was_deleted_points_at_the_identitas_header():
    sop = small_sop(Step(1, "mulai", ["Kabag"], Symbol.TERMINATOR, waktu="1 jam"),
                    Step(2, "selesai", ["Kasubbag"], Symbol.TERMINATOR, waktu="1 jam"))
    sop.identity.nomor = ""
    sop.identity_rows = {"nama": 3, "disahkan_oleh": 4, "tanggal_pembuatan": 5, "tanggal_efektif": 6}
    findings = [f for f in validate_sop(sop) if f.code == "identity-field-missing"]
    assert [(f.location, f.params["field"][0]) for f in findings] == [("Identitas!A1", "Nomor SOP")]
    sections = [f.location for f in validate_sop(sop) if f.code == "section-empty"]
    assert sections == []          # the sections have items, even without rows to point at


def test_only_the_loop_that_leads_nowhere_is_reported():
    # 2 <-> 3 leads on to 4 <-> 5, which never reaches 6: only 4-5 is the loop without an exit
    steps = [Step(1, "mulai", ["Kabag"], Symbol.TERMINATOR, waktu="1 jam"),
             Step(2, "a", ["Kabag"], Symbol.DECISION, waktu="1 jam", ya=4, tidak=3),
             Step(3, "b", ["Kasubbag"], waktu="1 jam", ya=2),
             Step(4, "c", ["Kabag"], waktu="1 jam"),
             Step(5, "d", ["Kasubbag"], waktu="1 jam", ya=4),
             Step(6, "selesai", ["Kabag"], Symbol.TERMINATOR, waktu="1 jam")]
    codes = [(f.code, f.location) for f in validate_sop(small_sop(*steps))]
    assert ("flow-loop-no-exit", "Aktivitas!A6") in codes and ("step-unreachable", "Aktivitas!A8") in codes
    assert [c for c in codes if c[0] == "flow-loop-no-exit"] == [("flow-loop-no-exit", "Aktivitas!A6")]
    loop = next(f for f in validate_sop(small_sop(*steps)) if f.code == "flow-loop-no-exit")
    assert loop.value == "4, 5"


def test_a_ya_target_that_is_no_step_is_reported_at_the_ya_cell():
    steps = [Step(1, "mulai", ["Kabag"], Symbol.TERMINATOR, waktu="1 jam"),
             Step(2, "memeriksa", ["Kabag"], Symbol.DECISION, waktu="1 jam", ya=7, tidak=1),
             Step(3, "selesai", ["Kasubbag"], Symbol.TERMINATOR, waktu="1 jam")]
    codes = [(f.code, f.location) for f in validate_sop(small_sop(*steps))]
    # two Pelaksana columns: Simbol is I, Jika Ya J, Jika Tidak K; the broken Ya is not also called a loop
    assert codes == [("target-missing", "Aktivitas!J4"), ("step-unreachable", "Aktivitas!A5")]


@pytest.mark.parametrize("kelengkapan, output, mentioned", [
    ("Rencana Kerja, Disposisi", "Rencana Kerja, Disposisi", True),
    ("SK TIM, Bahan", "Disposisi, SK", True),                          # two-letter abbreviations count
    ("Draf Laporan Monitoring", "Bimtek, konsep laporan", True),       # case does not matter
    ("Disposisi", "Nota Dinas", False),
    ("", "Nota Dinas", False),
    ("Konsep 2 dan telah", "Nota 2 dan telah", False),                 # numbers and connecting words do not count
    ("Apa saja", "", True),                                            # nothing to mention
])
def test_what_mentions_means(kelengkapan, output, mentioned):
    assert mentions(kelengkapan, output) is mentioned


def test_significant_words_drop_html_numbers_and_stop_words():
    assert significant_words("<b>Konsep</b> Laporan dan 2 lampiran + TOR") == {"konsep", "laporan", "lampiran", "tor"}


# ---- the command line -------------------------------------------------------------------------------

def test_cli_json_is_exactly_the_api_report():
    for workbook in (FIXTURES / "bad_norms.xlsx", FIXTURES / "not_a_workbook.xlsx"):
        result = run("validate", workbook, "--format", "json", "--lang", "en")
        assert json.loads(result.stdout) == sopxl.validate(workbook, lang="en").to_dict()


def test_cli_text_names_the_cell_the_value_and_the_fix():
    result = run("validate", FIXTURES / "bad_norms.xlsx", "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert 'Aktivitas!H3: warning waktu-bare-unit: "menit" has no number — write the norm as e.g. "30 menit"' in lines
    assert lines[-1].endswith("bad_norms.xlsx: 2 errors, 3 warnings, 0 info")
    assert result.stderr == ""


def test_exit_codes_errors_warnings_clean_usage():
    assert run("validate", FIXTURES / "valid.xlsx").exit_code == 0
    assert run("validate", FIXTURES / "empty_sections.xlsx").exit_code == 0          # warnings only
    assert run("validate", FIXTURES / "output_not_used.xlsx").exit_code == 0         # info only
    assert run("validate", FIXTURES / "bad_numbers.xlsx").exit_code == 1
    assert run("validate", FIXTURES / "not_a_workbook.xlsx").exit_code == 1
    assert run("validate").exit_code == 2
    assert run("validate", FIXTURES / "valid.xlsx", "--select", "no-such-code").exit_code == 2
    assert run("validate", FIXTURES / "no-such-file.xlsx").exit_code == 2


def test_select_and_ignore():
    workbook = FIXTURES / "bad_norms.xlsx"
    selected = run("validate", workbook, "--select", "waktu-bare-unit", "--format", "json")
    assert [f["cell"] for f in json.loads(selected.stdout)["findings"]] == ["H3", "H7"]
    assert selected.exit_code == 0                   # the errors were not selected
    ignored = run("validate", workbook, "--ignore", "waktu-invalid,waktu-empty", "--ignore", "waktu-bare-unit")
    assert ignored.exit_code == 0 and ignored.stdout.strip().endswith("tidak ada temuan")
    both = sopxl.validate(workbook, select=["waktu-invalid", "waktu-empty"], ignore=["waktu-empty"])
    assert both.codes() == [("waktu-invalid", "Aktivitas!H5"), ("waktu-invalid", "Aktivitas!H6")]


def test_messages_in_indonesian_by_default_and_english_on_request():
    indonesian = run("validate", FIXTURES / "bad_norms.xlsx").stdout
    english = run("validate", FIXTURES / "bad_norms.xlsx", "--lang", "en").stdout
    assert '"menit" tanpa angka — tulis normanya, mis. "30 menit"' in indonesian and "kesalahan" in indonesian
    assert '"menit" has no number' in english and "kesalahan" not in english


def test_a_folder_gives_one_summary_line_per_workbook_and_a_total(tmp_path):
    for name in ("valid", "bad_norms", "sheet_missing"):
        shutil.copy(FIXTURES / f"{name}.xlsx", tmp_path / f"{name}.xlsx")
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "kegiatan.xlsx", tmp_path / "sub" / "kegiatan.xlsx")
    (tmp_path / "~$valid.xlsx").write_bytes(b"lock")                 # Excel's lock file is no workbook
    (tmp_path / "notes.txt").write_text("not a workbook")
    result = run("validate", tmp_path, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'bad_norms.xlsx'}: 2 errors, 3 warnings, 0 info",
        f"{tmp_path / 'sheet_missing.xlsx'}: 1 error, 0 warnings, 0 info",
        f"{tmp_path / 'sub' / 'kegiatan.xlsx'}: 1 error, 2 warnings, 0 info",
        f"{tmp_path / 'valid.xlsx'}: no findings",
        "4 workbooks: 4 errors, 5 warnings, 0 info",
    ]
    detailed = run("validate", tmp_path, "--details").stdout
    assert f"{tmp_path / 'bad_norms.xlsx'}: Aktivitas!H3: peringatan waktu-bare-unit" in detailed


def test_an_empty_folder_is_a_clear_error(tmp_path):
    result = run("validate", tmp_path)
    assert result.exit_code == 1 and "holds no .xlsx or .xlsm workbook" in result.stderr


# ---- --write: findings into the Temuan sheet, nothing else touched -----------------------------------

def macro_workbook(path: Path) -> Path:
    """An .xlsm with a VBA project, a text box (a drawing) and a comment, and findings to write."""
    def extras(workbook, sheets):
        sheets[L.AKTIVITAS].insert_textbox("Q3", "catatan penyusun", {"width": 200, "height": 60})
        sheets[L.IDENTITAS].write_comment("B3", "periksa nomor ini")
    sop = sopxl.load(FIXTURES / "bad_norms.xlsx")
    sop.identity.nomor = "1/.../OT.04.00"
    vba = build_vba_project([VbaModule("ThisWorkbook", "", "document"),
                             *(VbaModule(f"Sheet{i}", "", "document") for i in range(1, len(L.SHEETS) + 1)),
                             VbaModule("Tombol", 'Sub Halo()\n    MsgBox "halo"\nEnd Sub\n')])
    return create(path, sop, vba_project=vba, before_close=[extras])


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def temuan_parts(path: Path) -> set[str]:
    from sopxl.xlsx.patch import Package

    package = Package(path)
    return {package.sheet_path(L.TEMUAN), *package.table_paths(L.TEMUAN)}


def test_write_puts_findings_into_temuan_and_keeps_every_other_part_byte_for_byte(tmp_path):
    path = macro_workbook(tmp_path / "sop.xlsm")
    before = parts(path)
    assert {"xl/vbaProject.bin", "xl/drawings/drawing1.xml", "xl/comments1.xml"} <= set(before)
    result = run("validate", path, "--write", "--lang", "en")
    assert result.exit_code == 1
    assert "findings written to the Temuan sheet" in result.stdout
    after = parts(path)
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= temuan_parts(path) and changed
    report = sopxl.validate(path, lang="en")
    grid = read_grids(path, (L.TEMUAN,))[L.TEMUAN]
    rows = [[grid.text(r, c) for c in range(1, len(L.TEMUAN_COLUMNS) + 1)] for r in range(2, grid.last_row + 1)]
    assert rows == [[f.code, f.severity, f.category, f.location, f.value, f.message("en"), f.fix("en")]
                    for f in report.findings]
    sheet = next(after[p].decode() for p in temuan_parts(path) if "worksheets" in p)
    links = re.findall(r'<hyperlink ref="(D\d+)" location="([^"]+)"', sheet)
    assert links == [(f"D{row}", f"'{f.sheet}'!{f.cell}") for row, f in enumerate(report.findings, start=2)]
    table = next(after[p].decode() for p in temuan_parts(path) if "tables" in p)
    assert f'ref="A1:G{len(report.findings) + 1}"' in table


def test_write_again_after_fixing_replaces_the_old_rows(tmp_path):
    path = tmp_path / "sop.xlsx"
    shutil.copy(FIXTURES / "bad_norms.xlsx", path)
    sopxl.validate(path, write=True)
    sop = sopxl.load(path)
    for step in sop.steps:
        step.waktu = "30 menit"
    sopxl.save(sop, path)
    report = sopxl.validate(path, write=True)
    assert report.findings == [] and report.files[0].written
    grid = read_grids(path, (L.TEMUAN,))[L.TEMUAN]
    assert grid.last_row <= 2 and not any(grid.text(2, c) for c in range(1, 8))
    assert "<hyperlink " not in parts(path)[next(p for p in temuan_parts(path) if "worksheets" in p)].decode()


@pytest.mark.slow
def test_written_workbooks_pass_the_open_xml_validator(tmp_path):
    written = []
    for name in ("bad_norms", "valid", "header_invalid", "identity_label_unknown"):
        path = tmp_path / f"{name}.xlsx"
        shutil.copy(FIXTURES / f"{name}.xlsx", path)
        assert sopxl.validate(path, write=True).files[0].written
        written.append(path)
    written.append(macro_workbook(tmp_path / "sop.xlsm"))
    sopxl.validate(written[-1], write=True)
    assert_all_valid(written)


def test_a_workbook_open_in_excel_is_not_written_and_the_run_fails(tmp_path):
    path = tmp_path / "sop.xlsx"
    shutil.copy(FIXTURES / "empty_sections.xlsx", path)
    (tmp_path / "~$sop.xlsx").write_bytes(b"lock")
    before = path.read_bytes()
    result = run("validate", tmp_path / "sop.xlsx", "--write")
    assert result.exit_code == 1                      # only warnings, but the write failed
    assert "Temuan tidak ditulis" in result.stdout and "Excel" in result.stdout
    assert path.read_bytes() == before


def test_a_workbook_without_a_temuan_sheet_is_reported_not_crashed(tmp_path):
    report = sopxl.validate(FIXTURES / "not_a_workbook.xlsx", write=True)
    assert report.files[0].written is False and report.files[0].write_error
    assert report.codes() == [("workbook-unreadable", None)]


def test_the_demo_writes_indonesian_findings_into_the_indonesian_examples(tmp_path):
    """The demo validated with lang="en", so English findings sat in the Indonesian example workbooks."""
    from sopxl import demo

    examples = sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))
    indonesian = {L.text(key, "id") for key in ("severity_error", "severity_warning", "severity_info")}

    def severities(path):
        rows = read_grids(path, [L.TEMUAN])[L.TEMUAN].rows
        assert rows[0][:2] == [L.text("code", "id"), L.text("severity", "id")]
        return {row[1] for row in rows[1:] if row[0]}

    copy = shutil.copy(examples[0], tmp_path / examples[0].name)
    demo.validate_examples([copy])
    assert severities(copy) and severities(copy) <= indonesian
    for path in examples:                   # the committed examples are what the demo writes
        assert severities(path) <= indonesian, path.name
