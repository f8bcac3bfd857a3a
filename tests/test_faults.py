"""The fault corpus (tests/data/faults, made by make_faults.py): every bad input gives one clear line.

Every command that reads a workbook is run over every broken file: the line names the file, the sheet and
the cell, says what was expected and what to do; no traceback and no report of a Rust panic reach the
terminal (checked at the file descriptor, where a panic would print); a refused command leaves the file
as it was; a folder run reports the file and goes on with the others.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopxl import api
from sopxl.errors import SopxlError
from sopxl.cli import cli

FAULTS = Path(__file__).parent / "data" / "faults"
EXPECTED = json.loads((FAULTS / "expected.json").read_text(encoding="utf-8"))
ALL_SHEETS = {"Identitas", "Aktivitas", "Kalender", "Log", "Pelacak"}
SOP_SHEETS = {"Identitas", "Aktivitas"}

# command (WORKBOOK stands for the file), the sheets it reads, whether it writes the workbook
COMMANDS = [
    (("case", "list", "WORKBOOK"), ALL_SHEETS, False),
    (("case", "show", "WORKBOOK", "1"), ALL_SHEETS, False),
    (("case", "note", "WORKBOOK", "1", "diperiksa"), ALL_SHEETS, True),
    (("case", "start", "WORKBOOK", "--subject", "Surat baru"), ALL_SHEETS, True),
    (("case", "cancel", "WORKBOOK", "7"), ALL_SHEETS, True),
    (("case", "advance", "WORKBOOK", "7", "--yes"), ALL_SHEETS, True),
    (("refresh", "WORKBOOK"), ALL_SHEETS, True),
    (("report", "WORKBOOK", "--month", "2026-10", "-o", "OUT/laporan.xlsx"), ALL_SHEETS, False),
    (("export", "WORKBOOK"), SOP_SHEETS, False),
    (("validate", "WORKBOOK", "--write"), SOP_SHEETS, True),
    (("flowchart", "WORKBOOK"), SOP_SHEETS, True),
    (("import", "WORKBOOK", "-o", "OUT/salinan.xlsx", "--force"), SOP_SHEETS, False),
    (("import", "OUT/good.json", "--update", "-o", "WORKBOOK"), SOP_SHEETS, True),
    (("doctor", "WORKBOOK"), set(), False),
]


def in_english(args) -> list[str]:
    """`args` with --lang en where the command takes it: the corpus's `says` are the English texts."""
    command, names = cli, list(args)
    while hasattr(command, "commands") and names and names[0] in command.commands:
        command = command.commands[names.pop(0)]
    return [*args, "--lang", "en"] if any(p.name == "lang" for p in command.params) else list(args)


def run(args, capfd):
    result = CliRunner().invoke(cli, in_english(args))
    captured = capfd.readouterr()       # what reached the real file descriptors (a Rust panic would)
    return result, captured.err + captured.out


@pytest.fixture(scope="module")
def good_json(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sop")
    path = folder / "good.json"
    path.write_text(json.dumps(api.export(FAULTS / "good.xlsx")), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_command_gives_one_clear_line_and_leaves_the_file(name: str, tmp_path: Path, good_json: Path, capfd):
    expected = EXPECTED[name]
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(good_json, out / "good.json")
    for args, reads, writes in COMMANDS:
        workbook = tmp_path / name
        shutil.copy(FAULTS / name, workbook)
        before = workbook.read_bytes()
        argv = [str(workbook) if a == "WORKBOOK" else a.replace("OUT", str(out)) for a in args]
        result, native = run(argv, capfd)
        shown = f"{' '.join(args)} on {name}: exit {result.exit_code}\n{result.output}"
        assert "Traceback" not in result.output and "panicked" not in native and "Traceback" not in native, shown
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        container = expected["sheet"] is None
        affected = container or expected["sheet"] in reads
        if expected.get("only_writes"):
            affected = affected and writes and args[0] == "case"
        if expected.get("only_validation"):
            affected = args[0] == "validate"
        if expected.get("only_cases"):
            affected = reads == ALL_SHEETS or args[0] == "validate"
        if args[0] == "doctor":
            # doctor reads the container and the sheet names only: it reports, never fails with a traceback
            assert result.exit_code == (1 if container else 0), shown
            if container:
                assert expected["says"] in result.output, shown
            continue
        if args[0] == "validate" and affected:
            assert result.exit_code == 1, shown
            code = expected.get("validation_code")
            place = f"{expected['sheet']}!{expected['cell']}" if expected["sheet"] else ""
            lines = [line for line in result.output.splitlines() if place in line and (code or "") in line]
            assert lines, shown
            if not code and not expected.get("only_validation"):
                assert expected["says"] in lines[0], shown
            continue
        if not affected:
            # a command that does not need the broken cell works, or stops on a consequence in the same sheet
            assert result.exit_code == 0 or (
                len(result.stderr.strip().splitlines()) == 1 and f": {expected['sheet']}!" in result.stderr
                and " — " in result.stderr and workbook.read_bytes() == before), shown
            continue
        assert result.exit_code == 1, shown
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, shown
        line = lines[0]
        assert line.startswith(f"error: {workbook}") or line.startswith(f"error: {workbook.name}"), shown
        if expected["sheet"]:
            assert f": {expected['sheet']}!{expected['cell']}: " in line, shown
        assert expected["says"] in line and " — " in line, shown          # what is wrong — what to do
        assert workbook.read_bytes() == before, shown


@pytest.mark.slow
def test_a_folder_run_reports_each_bad_file_and_goes_on(tmp_path: Path, capfd):
    folder = tmp_path / "kantor"
    folder.mkdir()
    # the files whose cases read (a full Log, a bad Waktu) hold the same SOP as good.xlsx: left out, so that
    # good.xlsx is the one file of its SOP
    readable_cases = {name for name, e in EXPECTED.items() if e.get("only_writes") or e.get("only_validation")}
    for name in ["good.xlsx", *(set(EXPECTED) - readable_cases)]:
        shutil.copy(FAULTS / name, folder / name)
    result = api.consolidate([folder], master=tmp_path / "master.xlsx", report=False)
    capfd.readouterr()
    statuses = {Path(f.path).name: f for f in result.files}
    assert statuses["good.xlsx"].status == "read" and statuses["good.xlsx"].events > 0
    for name, expected in EXPECTED.items():
        if name in readable_cases:
            continue
        status = statuses[name]
        assert status.status == "failed", (name, status)
        if expected["sheet"]:
            assert status.reason.startswith(f"{expected['sheet']}!{expected['cell']}: "), (name, status.reason)
        assert expected["says"] in status.reason, (name, status.reason)
    # the monthly report of the folder lists the bad files and reports the good one
    report, native = run(["report", str(folder), "--month", "2026-10", "-o", str(tmp_path / "laporan.xlsx")], capfd)
    assert report.exit_code == 0 and "Traceback" not in report.output and "panicked" not in native, report.output
    # validation of the folder goes through every file
    validation = api.validate([folder])
    assert {Path(f.file).name for f in validation.files} == {"good.xlsx", *(set(EXPECTED) - readable_cases)}


@pytest.mark.parametrize("document, says", [
    ("norm_past_output.txt", None),
    ("steps_not_a_list.json", 'does not fit the schema: steps: expected a list of steps, found "x"'),
    ("nested_deeply.json", "is nested too deeply"),
])
def test_documents_that_broke_the_importer(document: str, says: str | None, tmp_path: Path, capfd):
    result, native = run(["import", str(FAULTS / document), "-o", str(tmp_path / "hasil.xlsx"), "--lang", "en"], capfd)
    assert "Traceback" not in result.output + native
    if says is None:       # a norm past the Output column: read, realigned, and noted
        assert result.exit_code == 0, result.output
        sop = api.load(tmp_path / "hasil.xlsx")
        assert [(s.number, s.kegiatan, s.waktu) for s in sop.steps] == [(1, "Menyusun konsep", "30 menit")]
        return
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error: {FAULTS / document}: {says}") and " — " in result.stderr
    assert not (tmp_path / "hasil.xlsx").exists()


def test_texts_that_look_like_escapes_or_hold_control_characters_come_back_as_typed(tmp_path: Path):
    book = tmp_path / "kasus.xlsx"
    shutil.copy(FAULTS / "good.xlsx", book)
    subject = "Surat _x0041_ nomor _x005F_ \x07 bel"
    number = api.start_case(book, subject).event.case
    assert api.show_case(book, number).case.subject == subject      # not "Surat A nomor _ bel", nothing dropped


def test_a_workbook_without_its_log_imports_as_its_sop_and_not_as_log_rows(tmp_path: Path):
    import openpyxl

    workbook = openpyxl.load_workbook(FAULTS / "good.xlsx")
    del workbook["Log"]
    source = tmp_path / "tanpa_log.xlsx"
    workbook.save(source)
    result = api.import_document(source, tmp_path / "baru.xlsx")
    assert [step.number for step in result.sop.steps] == [1, 2, 3, 4]
    with pytest.raises(SopxlError, match="Log"):
        api.list_cases(source)
