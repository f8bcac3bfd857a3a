"""The command line: bad inputs give one clear line and exit 1, JSON equals the API, every command is documented."""

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import sopxl
from sopxl.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "workbooks" / "sources"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_clear_line(result, lang="id"):
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith({"id": "kesalahan: ", "en": "error: "}[lang]), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_import_and_export_json_equal_the_api(tmp_path):
    result = run("import", SOURCES / "kemenkopolhukam_monev_sop_ap.txt", "-o", tmp_path / "k.xlsx", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["sop"] == sopxl.read_document(SOURCES / "kemenkopolhukam_monev_sop_ap.txt").sop.to_dict()
    exported = run("export", tmp_path / "k.xlsx")
    assert json.loads(exported.stdout) == sopxl.export(tmp_path / "k.xlsx")


def test_import_prints_a_summary_for_people(tmp_path):
    result = run("import", SOURCES / "kemnaker_pelaksanaan_monitoring.txt", "-o", tmp_path / "k.xlsx")
    assert result.exit_code == 0
    assert "12 langkah, 5 pelaksana, 5 keputusan, 0 norma waktu (12 tanpa norma)" in result.output
    assert "catatan: baris 32: 'Norma Waktu:' dilewati (bukan langkah)" in result.output
    english = run("import", SOURCES / "kemnaker_pelaksanaan_monitoring.txt", "-o", tmp_path / "e.xlsx", "--lang", "en")
    assert "12 steps, 5 roles, 5 decisions, 0 norms (12 without)" in english.output
    assert "note: line 32: skipped 'Norma Waktu:' (not a step)" in english.output


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    line = one_clear_line(run("import", tmp_path / "empty.txt", "-o", tmp_path / "o.xlsx"))
    assert "empty.txt" in line and "file kosong" in line
    assert not (tmp_path / "o.xlsx").exists()


def test_text_file_that_is_no_sop(tmp_path):
    (tmp_path / "notes.txt").write_text("Notulen rapat\nHadir: semua\n")
    line = one_clear_line(run("import", tmp_path / "notes.txt", "-o", tmp_path / "o.xlsx"))
    assert "tidak ada tabel kegiatan SOP" in line
    line = one_clear_line(run("import", tmp_path / "notes.txt", "-o", tmp_path / "o.xlsx", "--lang", "en"), "en")
    assert "no SOP activity table" in line


def test_truncated_xlsx(tmp_path):
    good = sopxl.new(tmp_path / "good.xlsx")
    (tmp_path / "cut.xlsx").write_bytes(good.read_bytes()[:2000])
    line = one_clear_line(run("export", tmp_path / "cut.xlsx"))
    assert "cut.xlsx" in line and "truncated" in line


def test_xlsx_without_the_aktivitas_sheet(tmp_path):
    path = sopxl.new(tmp_path / "t.xlsx")
    broken = tmp_path / "noaktivitas.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb'<sheet name="Aktivitas"[^>]*/>', b"", data)
            dst.writestr(item, data)
    line = one_clear_line(run("export", broken))
    assert "noaktivitas.xlsx" in line and "Aktivitas" in line


def test_workbook_locked_by_a_lock_file_is_not_overwritten(tmp_path):
    path = sopxl.new(tmp_path / "t.xlsx")
    (tmp_path / "~$t.xlsx").write_text("owner")
    before = path.read_bytes()
    line = one_clear_line(run("import", SOURCES / "kemenkopolhukam_monev_sop_ap.txt", "-o", path, "--force"))
    assert "terbuka di Excel atau LibreOffice (berkas kunci ~$t.xlsx)" in line
    english = one_clear_line(run("import", SOURCES / "kemenkopolhukam_monev_sop_ap.txt", "-o", path, "--force",
                                 "--lang", "en"), "en")
    assert "open in Excel or LibreOffice (lock file ~$t.xlsx)" in english
    assert path.read_bytes() == before


def test_existing_output_is_not_replaced_without_force(tmp_path):
    path = sopxl.new(tmp_path / "t.xlsx")
    before = path.read_bytes()
    line = one_clear_line(run("import", SOURCES / "kemenkopolhukam_monev_sop_ap.txt", "-o", path))
    assert "berkas sudah ada; tidak ada yang ditulis" in line and path.read_bytes() == before


def test_debug_shows_the_traceback(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(cli, ["--debug", "import", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1 and isinstance(result.exception, sopxl.SopxlError)


def test_usage_errors_exit_2():
    assert run("import").exit_code == 2
    assert run("nonsense").exit_code == 2


def all_commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path, command", list(all_commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_and_a_readme_entry(path, command):
    assert command.help and len(command.help.split()) >= 3
    assert run(*path, "--help").exit_code == 0
    readme = (ROOT / "README.md").read_text()
    assert f"sopxl {' '.join(path)}" in readme, f"README has no entry for `sopxl {' '.join(path)}`"


def test_export_json_edited_and_imported_with_update_is_save(tmp_path):
    path = tmp_path / "k.xlsx"
    run("import", SOURCES / "kemnaker_pelaksanaan_monitoring.txt", "-o", path)
    data = json.loads(run("export", path).stdout)
    data["steps"][0]["waktu"] = "30 menit"
    data["steps"][0]["reviewed"] = True
    (tmp_path / "sop.json").write_text(json.dumps(data))
    result = run("import", tmp_path / "sop.json", "-o", path, "--update")
    assert result.exit_code == 0, result.output
    sop = sopxl.load(path)
    assert sop.steps[0].norm.minutes(450) == 30 and sop.steps[0].reviewed


def test_json_that_is_no_sop(tmp_path):
    (tmp_path / "x.json").write_text('{"a": 1}')
    line = one_clear_line(run("import", tmp_path / "x.json", "-o", tmp_path / "o.xlsx"))
    assert "sopxl.sop/1" in line
