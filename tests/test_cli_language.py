"""One language per run: every command's output follows --lang, and results go to stdout.

Each command is run in-process on a real workbook (and a folder of it for report and consolidate)
with --lang id, then with --lang en, and its output is searched for words of the other language.
Diagnostics (progress, notes, errors) go to stderr; a run without problems prints none of them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopxl.cli import cli
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.xlsx.workbook import create, template_calendar

ENGLISH = ("case", "cases", "step", "opened", "closed", "cancelled", "late", "norm", "running", "open", "files",
           "read", "events", "created", "finished", "returned", "left", "over", "due", "subject", "used", "error",
           "warning", "report", "database", "unchanged", "skipped", "failed", "sheets", "macros", "buttons", "drawn",
           "arrows", "pages", "printed", "flowchart", "not", "time", "write", "expected", "empty")
INDONESIAN = ("kasus", "langkah", "dibuka", "selesai", "batal", "terlambat", "berjalan", "sisa", "lewat", "berkas",
              "dibaca", "peristiwa", "dibuat", "catatan", "kesalahan", "peringatan", "norma", "perihal", "terpakai",
              "laporan", "tepat", "waktu", "dari", "dan", "per", "lembar", "makro", "tombol", "bagan", "alir", "digambar",
              "panah", "halaman", "bukan", "jam", "tulis", "seperti", "atau", "kosong", "kesalahan")


def sop() -> SOP:
    identity = Identity(instansi="KEMENTERIAN X\nBIRO Y", nomor="1/2026", nama="Nota", disahkan_oleh="Karo",
                        tanggal_pembuatan="02 Mei 2026", tanggal_efektif="04 Mei 2026",
                        dasar_hukum=["UU 1"], kualifikasi=["S1"], keterkaitan=["-"], peralatan=["PC"],
                        peringatan=["-"], pencatatan=["Arsip"])
    return SOP(identity=identity, roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menyusun konsep", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 jam", output="Konsep"),
        Step(2, "Memeriksa konsep", marks=["Kabag"], symbol=Symbol.DECISION, waktu="15 menit", ya=3, tidak=1,
             kelengkapan="Konsep", output="Konsep"),
        Step(3, "Mengirim konsep", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="10 menit", kelengkapan="Konsep"),
    ])


def commands(folder: Path, lang: str) -> list[list[str]]:
    book = str(folder / "sop" / "w.xlsx")
    at = lambda h, m=0: f"16/11/2026 {h:02d}:{m:02d}"          # noqa: E731
    return [
        ["new", str(folder / f"blank-{lang}.xlsm"), "--macros"],
        ["doctor", str(folder / f"blank-{lang}.xlsm")],
        ["flowchart", book],
        ["case", "start", book, "--subject", "X1", "--at", at(8)],
        ["case", "start", book, "--subject", "X2", "--at", at(8, 5)],
        ["case", "advance", book, "1", "--at", at(8, 30)],
        ["case", "advance", book, "1", "--no", "--at", at(8, 40)],
        ["case", "note", book, "1", "Q", "--at", at(8, 45)],
        ["case", "cancel", book, "2", "--at", at(9)],
        ["case", "list", book, "--as-of", at(10)],
        ["case", "show", book, "1", "--as-of", at(10)],
        ["refresh", book, "--as-of", at(10)],
        ["validate", book],
        ["report", str(folder / "sop"), "--month", "2026-11", "-o", str(folder / f"r-{lang}.xlsx")],
        ["consolidate", str(folder / "sop"), "--master", str(folder / f"m-{lang}" / "m.xlsx"), "--no-report",
         "--as-of", at(10)],
    ]


def words(text: str, folder: Path) -> set[str]:
    text = text.replace(str(folder), "")
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


@pytest.mark.parametrize("lang, foreign", [("id", ENGLISH), ("en", INDONESIAN)])
def test_every_command_speaks_the_language_of_the_run_on_stdout(tmp_path: Path, lang: str, foreign):
    (tmp_path / "sop").mkdir()
    create(tmp_path / "sop" / "w.xlsx", sop(), lang=lang, calendar=template_calendar(dt.date(2026, 11, 20)))
    runner = CliRunner()
    for args in commands(tmp_path, lang):
        result = runner.invoke(cli, [*args, "--lang", lang])
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout.strip(), f"{args[:2]}: the result goes to stdout"
        assert result.stderr == "", f"{args[:2]}: nothing to diagnose, yet stderr says {result.stderr!r}"
        found = words(result.stdout, tmp_path) & set(foreign)
        assert not found, f"{args[:2]} --lang {lang} printed {sorted(found)}: {result.stdout}"


def test_results_go_to_stdout_so_they_can_be_redirected(tmp_path: Path):
    """`sopxl case list w.xlsx > list.txt` was empty: what a person reads went to stderr."""
    (tmp_path / "sop").mkdir()
    book = create(tmp_path / "sop" / "w.xlsx", sop(), calendar=template_calendar(dt.date(2026, 11, 20)))
    runner = CliRunner()
    runner.invoke(cli, ["case", "start", str(book), "--subject", "X1", "--at", "2026-11-16 08:00"])
    listed = runner.invoke(cli, ["case", "list", str(book), "--as-of", "2026-11-16 08:30"])
    assert listed.stdout.splitlines()[-1].startswith("1 kasus per 16/11/2026 08:30") and listed.stderr == ""
    refused = runner.invoke(cli, ["case", "advance", str(book), "9", "--at", "2026-11-16 08:30"])
    assert refused.exit_code == 1 and refused.stdout == "" and refused.stderr.count("\n") == 1


@pytest.mark.parametrize("lang, foreign", [("id", ENGLISH), ("en", INDONESIAN)])
def test_a_refusal_and_a_usage_error_of_ours_speak_the_language_of_the_run(tmp_path: Path, lang: str, foreign):
    """The sheet reader's detail ("'16.6O' is not a time of day") and sopxl's own option errors follow --lang."""
    import openpyxl

    (tmp_path / "sop").mkdir()
    book = create(tmp_path / "sop" / "w.xlsx", sop(), lang=lang, calendar=template_calendar(dt.date(2026, 11, 20)))
    workbook = openpyxl.load_workbook(book)
    workbook["Kalender"]["C3"] = "16.6O"
    workbook.save(book)
    runner = CliRunner()
    refused = runner.invoke(cli, ["case", "list", str(book), "--lang", lang])
    assert refused.exit_code == 1 and refused.stdout == "" and refused.stderr.count("\n") == 1
    assert "Kalender!C3: '16.6O' " in refused.stderr
    found = words(refused.stderr.replace("16.6O", ""), tmp_path) & set(foreign)
    assert not found, f"--lang {lang} printed {sorted(found)}: {refused.stderr}"
    both = runner.invoke(cli, ["case", "advance", str(book), "1", "--yes", "--no", "--lang", lang])
    timeout = runner.invoke(cli, ["flowchart", str(book), "--timeout", "3", "--lang", lang])
    for usage in (both, timeout):
        assert usage.exit_code == 2
        ours = usage.stderr.strip().splitlines()[-1].split(":", 1)[1]      # after click's own "Error:"
        ours = re.sub(r"--[a-z-]+", "", ours)                               # option names are the same in both
        found = words(ours, tmp_path) & set(foreign)
        assert not found, f"--lang {lang} printed {sorted(found)}: {usage.stderr}"
