"""The domain's refusals speak both languages and no door: the calendar's, the norms' and the moments'.

Each error carries its message and fix in Indonesian and English and a code, and names no option or
command; the command line shows the one of `--lang` (Indonesian by default), for real bad input: a Kalender
giving a weekday hours twice, a Waktu too large to be a number, an unreadable moment in --at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopxl import layout as L
from sopxl.cli import cli
from sopxl.domain.calendar import DEFAULT_HOURS, CalendarError, WorkCalendar
from sopxl.domain.dates import MomentError, read_moment
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.domain.norms import parse_norm
from sopxl.errors import NormError, SopxlError
from sopxl.xlsx.workbook import create, template_calendar

HUGE = "9" * 400 + " menit"


def run(*args) -> "CliRunner":
    return CliRunner().invoke(cli, [str(a) for a in args])


def refusal(call) -> SopxlError:
    with pytest.raises(SopxlError) as error:
        call()
    return error.value


@pytest.mark.parametrize("call, kind, code, id_words, en_words", [
    (lambda: WorkCalendar(DEFAULT_HOURS + DEFAULT_HOURS[:1]), CalendarError, "weekday-twice",
     "hari Senin punya jam kerja dua kali", "Monday (Senin) has working hours twice"),
    (lambda: WorkCalendar([]).day_minutes(), CalendarError, "no-working-day",
     "tidak punya satu hari kerja pun", "has no working weekday"),
    (lambda: parse_norm(HUGE), NormError, "number-too-large", "memuat angka di atas 100.000",
     "has a number above 100,000"),
    (lambda: parse_norm("sebentar saja"), NormError, "not-a-norm", "bukan norma waktu", "is not a time norm"),
    (lambda: read_moment("kemarin sore"), MomentError, "moment-unreadable", "bukan tanggal dan jam",
     "not a date and time"),
    (lambda: read_moment("2026-12-01"), MomentError, "moment-without-time", "tanggal tanpa jam",
     "a date without a time of day"),
])
def test_each_domain_error_carries_both_languages_and_no_door(call, kind, code, id_words, en_words):
    error = refusal(call)
    assert isinstance(error, kind) and error.code == code
    assert id_words in error.message_in("id") and en_words in error.message_in("en")
    assert error.message == error.message_in("en") != error.message_in("id")
    assert error.fix_in("id") and error.fix_in("en") and error.fix_in("id") != error.fix_in("en")
    for lang in L.LANGS:
        shown = error.render(lang)
        assert "--" not in shown and "sopxl " not in shown, shown
    if isinstance(error, CalendarError):
        assert isinstance(error, ValueError)         # callers catching bad values in general still do


def test_a_huge_number_in_waktu_is_refused_without_repeating_it_whole():
    for lang in L.LANGS:
        assert len(refusal(lambda: parse_norm(HUGE)).message_in(lang)) < 120


def _sop(waktu: str) -> SOP:
    return SOP(roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menyusun konsep", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu=waktu),
        Step(2, "Mengirim", marks=["Kabag"], symbol=Symbol.TERMINATOR, waktu="10 menit"),
    ])


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return create(tmp_path / "kasus.xlsx", _sop("1 jam"), calendar=template_calendar(dt.date(2026, 11, 20)))


def test_a_kalender_giving_a_weekday_twice_is_refused_in_the_runs_language(book: Path):
    import openpyxl

    workbook = openpyxl.load_workbook(book)               # typed as a person would: Selasa's row made Senin
    row, column = L.KALENDER_HOURS_ORIGIN
    sheet = workbook[L.KALENDER]
    assert (sheet.cell(row + 1, column).value, sheet.cell(row + 2, column).value) == ("Senin", "Selasa")
    sheet.cell(row + 2, column).value = "Senin"
    workbook.save(book)
    where = f"{book}: Kalender!{L.cell_ref(row + 2, column)}: "
    other = L.cell_ref(row + 1, column)
    for args in (("case", "list", book), ("refresh", book), ("case", "start", book, "--subject", "x")):
        indonesian, english = run(*args), run(*args, "--lang", "en")
        assert indonesian.exit_code == english.exit_code == 1
        assert indonesian.stderr == "kesalahan: " + where + (f"'Senin' muncul dua kali (juga di {other}); setiap hari kerja cukup "
                                             "sekali — beri setiap hari satu baris jam kerja: perbaiki namanya atau "
                                             "kosongkan barisnya\n")
        assert english.stderr == "error: " + where + (f"'Senin' appears twice (also in {other}); expected each weekday once — "
                                          "give each weekday one row of working hours: correct the name or clear "
                                          "the row\n")


def test_a_waktu_too_large_is_reported_in_the_runs_language(tmp_path: Path):
    book = create(tmp_path / "norma.xlsx", _sop(HUGE), calendar=template_calendar(dt.date(2026, 11, 20)))
    indonesian, english = run("validate", book), run("validate", book, "--lang", "en")
    assert indonesian.exit_code == english.exit_code == 1
    assert "Aktivitas!F3: kesalahan waktu-invalid:" in indonesian.stdout and "bukan norma waktu" in indonesian.stdout
    assert "Aktivitas!F3: error waktu-invalid:" in english.stdout and "is not a time norm" in english.stdout
    # the step has no norm (never an infinite one): a case runs on it
    started = run("case", "start", book, "--subject", "x", "--at", "2026-11-16 08:00", "--lang", "en")
    assert started.exit_code == 0 and "no norm" in started.stdout, started.output


def test_an_unreadable_moment_in_at_is_refused_in_the_runs_language(book: Path):
    before = book.read_bytes()
    indonesian = run("case", "start", book, "--subject", "x", "--at", "kemarin sore")
    for args in (("--at", "kemarin sore", "--lang", "en"), ("--lang", "en", "--at", "kemarin sore")):
        english = run("case", "start", book, "--subject", "x", *args)       # --lang read first wherever it is
        assert english.exit_code == indonesian.exit_code == 2
        assert "not a date and time" in english.stderr and "bukan" not in english.stderr
    assert ("'kemarin sore': bukan tanggal dan jam — tulis sebagai \"YYYY-MM-DD HH:MM\", \"DD/MM/YYYY HH:MM\", "
            "\"DD-MM-YYYY HH:MM\", mis. \"2026-12-01 15:00\"") in indonesian.stderr
    assert ("'kemarin sore': not a date and time — write it as \"YYYY-MM-DD HH:MM\", \"DD/MM/YYYY HH:MM\", "
            "\"DD-MM-YYYY HH:MM\", e.g. \"2026-12-01 15:00\"") in english.stderr
    assert book.read_bytes() == before
