"""The case commands through click's CliRunner: exit codes, output, the state left, and parity with the API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopxl import api
from sopxl.cli import cli
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.xlsx.workbook import create, template_calendar


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def book(tmp_path: Path) -> Path:
    sop = SOP(roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menyusun konsep", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 jam"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="15 menit", ya=3, tidak=1),
        Step(3, "Mengirim", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="10 menit"),
    ])
    return create(tmp_path / "kasus.xlsx", sop, calendar=template_calendar(dt.date(2026, 11, 20)))


def test_a_case_from_start_to_close(book: Path):
    result = run("case", "start", book, "--subject", "Nota dinas rapat", "--at", "2026-11-16 08:00")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("case 1 started: Nota dinas rapat\n  now at step 1 (Kasubbag), norm 60 min")
    assert result.stdout == ""
    result = run("case", "advance", book, 1, "--at", "2026-11-16 09:30", "--actor", "Budi", "--note", "draf 1")
    assert result.exit_code == 0 and "step 1 finished\n  now at step 2 (Kabag), norm 15 min" in result.stderr
    result = run("case", "advance", book, 1, "--no", "--at", "2026-11-16 09:40")
    assert result.exit_code == 0 and "answered Tidak, returned for rework (returns: 1)" in result.stderr
    assert run("case", "note", book, 1, "menunggu lampiran", "--at", "2026-11-16 09:45").exit_code == 0
    assert run("case", "advance", book, 1, "--at", "2026-11-16 10:00").exit_code == 0
    assert run("case", "advance", book, 1, "--yes", "--at", "2026-11-16 10:05").exit_code == 0
    result = run("case", "advance", book, 1, "--at", "2026-11-16 10:10")
    # 08:00–10:10 = 130 working minutes against 60 + 15 + 10 = 85
    assert result.exit_code == 0
    assert "closed: 130 min of working time against a norm of 85 min (late)" in result.stderr
    figures = api.show_case(book, 1)
    assert [(s.visit.step, s.visit.outcome) for s in figures.steps] == [
        (1, "selesai"), (2, "tidak"), (1, "selesai"), (2, "ya"), (3, "selesai")]
    assert figures.case.events[1].actor == "Budi" and figures.case.events[1].note == "draf 1"
    shown = run("case", "show", book, 1)
    assert shown.exit_code == 0
    assert "total 130 min against a norm of 85 min (late)" in shown.stderr
    assert "(rework)" in shown.stderr and "note 2026-11-16 09:45 (Kasubbag): menunggu lampiran" in shown.stderr


def test_refusals_exit_1_with_one_line_and_leave_the_file(book: Path):
    assert run("case", "start", book, "--subject", "x", "--at", "2026-11-16 08:00").exit_code == 0
    before = book.read_bytes()
    for args, message in [
        (("case", "advance", book, 1, "--yes"), "step 1 is not a decision, so it cannot be answered Ya"),
        (("case", "advance", book, 4), "case 4 does not exist (cases are numbered 1 to 1)"),
        (("case", "advance", book, 1, "--at", "2026-11-13 08:00"), "is before the last event of case 1"),
        (("case", "cancel", book, 2), "case 2 does not exist"),
        (("case", "show", book, 3), "case 3 does not exist"),
        (("case", "start", book, "--subject", " "), "a case needs a subject"),
    ]:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(f"error: {book}: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert book.read_bytes() == before
    run("case", "advance", book, 1, "--at", "2026-11-16 08:30")
    result = run("case", "advance", book, 1, "--at", "2026-11-16 08:40")
    assert result.exit_code == 1 and "step 2 is a decision" in result.stderr and "--yes" in result.stderr


def test_usage_errors_exit_2(book: Path):
    assert run("case", "advance", book, 1, "--at", "kemarin").exit_code == 2
    assert run("case", "advance", book, "satu").exit_code == 2
    assert run("case", "advance", book, 0).exit_code == 2
    both = run("case", "advance", book, 1, "--yes", "--no")
    assert both.exit_code == 2 and "say --yes or --no, not both" in both.stderr
    assert run("case", "start", book).exit_code == 2              # --subject is required
    assert run("refresh", book, "--as-of", "2026-13-01").exit_code == 2


def test_a_bad_log_row_and_a_bad_kalender_hour_exit_1_naming_the_cell(book: Path):
    import openpyxl

    run("case", "start", book, "--subject", "x", "--at", "2026-11-16 08:00")
    workbook = openpyxl.load_workbook(book)
    workbook["Log"]["E2"] = "besok pagi"
    workbook["Kalender"]["C3"] = "16.6O"
    workbook.save(book)
    before = book.read_bytes()
    result = run("case", "advance", book, 1)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {book}: Kalender!C3: '16.6O' is not a time of day")
    workbook = openpyxl.load_workbook(book)
    workbook["Kalender"]["C3"] = "16:00"
    workbook.save(book)
    before = book.read_bytes()
    for args in (("case", "advance", book, 1), ("refresh", book), ("case", "list", book)):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {book}: Log!E2: 'besok pagi' is not a date and time")
    assert book.read_bytes() == before


def test_json_output_equals_the_api_result(book: Path, tmp_path: Path):
    twin = tmp_path / "twin.xlsx"
    twin.write_bytes(book.read_bytes())
    start = run("case", "start", book, "--subject", "Paritas", "--at", "2026-11-16 08:00", "--format", "json")
    api_start = api.start_case(twin, "Paritas", at=dt.datetime(2026, 11, 16, 8))
    cli_data, api_data = json.loads(start.stdout), api_start.to_dict()
    # the same action on two files differs only in the file name and the moment it was recorded
    for data in (cli_data, api_data):
        data.pop("workbook")
        data["event"].pop("recorded_at")
    assert cli_data == api_data
    assert start.stderr == ""
    advance = run("case", "advance", book, 1, "--at", "2026-11-16 08:50", "--format", "json")
    assert json.loads(advance.stdout)["case"]["current_step"] == 2
    as_of = dt.datetime(2026, 11, 16, 9, 0)
    listed = run("case", "list", book, "--as-of", "2026-11-16 09:00", "--format", "json")
    assert json.loads(listed.stdout) == json.loads(json.dumps(api.list_cases(book, as_of=as_of).to_dict()))
    shown = run("case", "show", book, 1, "--as-of", "2026-11-16 09:00", "--format", "json")
    assert json.loads(shown.stdout) == json.loads(json.dumps(api.show_case(book, 1, as_of=as_of).to_dict()))
    refreshed = run("refresh", book, "--as-of", "2026-11-16 09:00", "--format", "json")
    assert json.loads(refreshed.stdout) == json.loads(json.dumps(api.refresh(book, as_of=as_of).to_dict()))
    data = json.loads(shown.stdout)
    assert [(s["step"], s["used_minutes"], s["norm_minutes"], s["status"]) for s in data["steps"]] == [
        (1, 50, 60, "near"), (2, 10, 15, "on_time")]
    assert (data["status"], data["total_used_minutes"], data["total_norm_minutes"]) == ("on_time", 60, 85)


def test_list_and_refresh_for_people(book: Path):
    run("case", "start", book, "--subject", "Satu", "--at", "2026-11-16 08:00")
    run("case", "start", book, "--subject", "Dua", "--at", "2026-11-16 08:10")
    run("case", "cancel", book, 2, "--at", "2026-11-16 08:20", "--note", "ditarik")
    listed = run("case", "list", book, "--as-of", "2026-11-16 09:30")
    assert listed.exit_code == 0 and listed.stdout == ""
    lines = listed.stderr.splitlines()
    assert lines[1].split()[:6] == ["1", "open", "step", "1", "(Kasubbag)", "late"]
    assert lines[2].split()[:2] == ["2", "cancelled"]
    assert lines[-1] == ("2 cases as of 2026-11-16 09:30: 1 open (1 late, 0 near the norm), 0 closed, "
                         "1 cancelled")
    refreshed = run("refresh", book, "--as-of", "2026-11-16 08:30")
    assert refreshed.exit_code == 0
    assert refreshed.stderr == (f"{book}: Pelacak rebuilt as of 2026-11-16 08:30: 2 cases, 1 open "
                                "(0 late, 0 near the norm), 0 closed, 1 cancelled\n")
