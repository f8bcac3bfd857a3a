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
    # results on stdout, in Indonesian by default; judged as of now (long after 16 November): past the norm
    assert result.stdout.startswith("kasus 1 dibuka: Nota dinas rapat\n  sekarang di langkah 1 (Kasubbag), "
                                    "batas waktu 16/11/2026 09:00, lewat ")
    assert result.stderr == ""
    result = run("case", "advance", book, 1, "--at", "2026-11-16 09:30", "--actor", "Budi", "--note", "draf 1",
                 "--lang", "en")
    assert result.exit_code == 0
    assert "case 1: step 1 finished\n  now at step 2 (Kabag), due 16/11/2026 09:45, " in result.stdout
    assert result.stdout.rstrip().endswith(" over")
    result = run("case", "advance", book, 1, "--no", "--at", "2026-11-16 09:40")
    assert result.exit_code == 0
    assert "langkah 2 dijawab Tidak, dikembalikan untuk diperbaiki (sudah 1 kali)" in result.stdout
    assert run("case", "note", book, 1, "menunggu lampiran", "--at", "2026-11-16 09:45").exit_code == 0
    assert run("case", "advance", book, 1, "--at", "2026-11-16 10:00").exit_code == 0
    assert run("case", "advance", book, 1, "--yes", "--at", "2026-11-16 10:05").exit_code == 0
    result = run("case", "advance", book, 1, "--at", "2026-11-16 10:10")
    # 08:00–10:10 = 130 working minutes against 60 + 15 + 10 = 85
    assert result.exit_code == 0
    assert "selesai: 2 jam 10 menit waktu kerja terhadap norma 1 jam 25 menit (Terlambat)" in result.stdout
    figures = api.show_case(book, 1)
    assert [(s.visit.step, s.visit.outcome) for s in figures.steps] == [
        (1, "selesai"), (2, "tidak"), (1, "selesai"), (2, "ya"), (3, "selesai")]
    assert figures.case.events[1].actor == "Budi" and figures.case.events[1].note == "draf 1"
    shown = run("case", "show", book, 1)
    assert shown.exit_code == 0
    assert "terpakai 2 jam 10 menit dari norma 1 jam 25 menit (Terlambat)" in shown.stdout
    assert "(perbaikan)" in shown.stdout and "catatan 16/11/2026 09:45 (Kasubbag): menunggu lampiran" in shown.stdout
    english = run("case", "show", book, 1, "--lang", "en").stdout
    assert "used 2 h 10 min of a norm of 1 h 25 min (Late)" in english and "(rework)" in english


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
        result = run(*args, "--lang", "en")
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(f"error: {book}: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    # without --lang the refusal is in Indonesian, the option the command line adds too
    result = run("case", "advance", book, 1, "--yes")
    assert result.exit_code == 1 and result.stderr == (
        f"kesalahan: {book}: langkah 1 bukan keputusan, jadi tidak dapat dijawab Ya — selesaikan langkahnya "
        "(tanpa --yes atau --no)\n")
    assert book.read_bytes() == before
    run("case", "advance", book, 1, "--at", "2026-11-16 08:30")
    result = run("case", "advance", book, 1, "--at", "2026-11-16 08:40", "--lang", "en")
    assert result.exit_code == 1 and "step 2 is a decision" in result.stderr and "--yes" in result.stderr


def test_usage_errors_exit_2(book: Path):
    assert run("case", "advance", book, 1, "--at", "kemarin").exit_code == 2
    assert run("case", "advance", book, "satu").exit_code == 2
    assert run("case", "advance", book, 0).exit_code == 2
    both = run("case", "advance", book, 1, "--yes", "--no")
    assert both.exit_code == 2 and "pilih --yes atau --no, tidak keduanya" in both.stderr
    both = run("case", "advance", book, 1, "--yes", "--no", "--lang", "en")
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
    assert result.stderr == (f"kesalahan: {book}: Kalender!C3: '16.6O' bukan jam (00:00 sampai 23:59) — "
                             "tulis seperti 07:30 atau 07.30\n"), "the reader's detail in the run's language"
    english = run("case", "advance", book, 1, "--lang", "en")
    assert english.stderr == (f"error: {book}: Kalender!C3: '16.6O' is not a time of day (00:00 to 23:59) — "
                              "write it as 07:30 or 07.30\n")
    workbook = openpyxl.load_workbook(book)
    workbook["Kalender"]["C3"] = "16:00"
    workbook.save(book)
    before = book.read_bytes()
    for args in (("case", "advance", book, 1), ("refresh", book), ("case", "list", book)):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"kesalahan: {book}: Log!E2: 'besok pagi' bukan tanggal dan jam seperti "
                                        "2026-11-20 15:00 (paling lambat tahun 2999) — Log hanya ditulis oleh sopxl")
    assert book.read_bytes() == before


def test_json_output_equals_the_api_result(book: Path, tmp_path: Path, monkeypatch):
    # both doors judge the new case "as of now": one clock for both, or a second ticking between the two calls
    # (a loaded machine) makes the results differ in as_of and the minutes used
    from sopxl.xlsx import casefile

    monkeypatch.setattr(casefile, "now", lambda: dt.datetime(2026, 12, 6, 13, 0))
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
    assert cli_data["case"]["as_of"] == "2026-12-06T13:00:00"
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
    assert listed.exit_code == 0 and listed.stderr == ""
    lines = listed.stdout.splitlines()
    # case 1: 90 of 60 minutes at step 1 (due 09:00): 30 minutes past it; the same figures as Pelacak
    assert lines[1].split() == ["1", "Berjalan", "Terlambat", "1", "Kasubbag", "16/11/2026", "09:00", "lewat", "30",
                                "menit", "1", "jam", "30", "menit", "Satu"]
    assert lines[2].split()[:2] == ["2", "Batal"]
    assert lines[-1] == ("2 kasus per 16/11/2026 09:30: 1 berjalan (1 terlambat, 0 mendekati norma), 0 selesai, "
                         "1 batal")
    refreshed = run("refresh", book, "--as-of", "2026-11-16 08:30", "--lang", "en")
    assert refreshed.exit_code == 0
    assert refreshed.stdout == (f"{book}: Pelacak and its two views rebuilt as of 16/11/2026 08:30: "
                                "2 case(s), 1 open "
                                "(0 late, 0 near the norm), 0 closed, 1 cancelled\n")
