"""`sopxl flowchart WORKBOOK --when-closed`: what the "Gambar bagan alir" button starts in the background.

The tests play Excel's part with real files and real processes: a lock file beside the workbook while
"Excel" holds it, removed when it "closes". The waiter is the real command line in a process of its own
(``python -m sopxl``); the system's opener is a small script that records its call (``SOPXL_OPENER``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import sopxl
import sopxl.layout as L
from helpers.dump import workbook_dump
from helpers.handover import log_lines, note_of, recording_opener, until
from sopxl.cli import cli
from sopxl.errors import SopxlError, WorkbookError
from sopxl.xlsx import desktop
from sopxl.xlsx.files import held_by, wait_until_released

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "workbooks" / "sources" / "kemnaker_pengukuran_kinerja.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    return sopxl.import_document(SOURCE, folder / "sop.xlsm", macros=True, today=dt.date(2026, 1, 1)).workbook


@pytest.fixture
def opened(tmp_path, monkeypatch) -> Path:
    """The system's opener replaced by a script that records its call; the file it records into."""
    script, record = recording_opener(tmp_path)
    monkeypatch.setenv(desktop.OPENER_VARIABLE, str(script))
    return record


def _workbook(built: Path, folder: Path, name: str = "Bagian Ortala – SOP kinerja.xlsm") -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(built, folder / name))


def _waiter(workbook: Path, timeout: float, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sopxl", "flowchart", str(workbook), "--when-closed",
                             "--timeout", str(timeout), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def drawing_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/drawings/drawing")}


# ---- the waiter, a real process -----------------------------------------------------------------------

@pytest.mark.slow
def test_the_waiter_draws_only_once_excel_lets_go_then_opens_the_workbook_again(built, tmp_path, opened):
    workbook = _workbook(built, tmp_path / "kantor")
    twin = _workbook(built, tmp_path / "cli")
    lock = workbook.with_name("~$" + workbook.name)          # Excel has the workbook open
    lock.write_bytes(b"\x0bOrtala")
    before = workbook.read_bytes()
    waiter = _waiter(workbook, 60)
    try:
        until(lambda: log_lines(workbook))                   # it started and is waiting
        time.sleep(1.5)
        assert waiter.poll() is None, waiter.communicate()
        assert workbook.read_bytes() == before and not opened.exists() and note_of(workbook) is None
        lock.unlink()                                         # Excel closed the workbook
        out, err = waiter.communicate(timeout=60)
    finally:
        if waiter.poll() is None:
            waiter.kill()
    assert waiter.returncode == 0, err
    # the result, in the run's language (Indonesian by default)
    assert out.startswith(f"{workbook}: dilepas sesudah ") and "bagan alir 16 langkah digambar" in out
    assert out.rstrip().endswith("; dibuka lagi")
    # drawn by the same code as `sopxl flowchart` on the closed file
    assert CliRunner().invoke(cli, ["flowchart", str(twin)]).exit_code == 0
    assert workbook_dump(workbook) == workbook_dump(twin)
    assert drawing_parts(workbook) == drawing_parts(twin) != {}
    assert opened.read_text(encoding="utf-8").splitlines() == [str(workbook)]
    result = sopxl.flowchart(twin)
    drawn = L.text("flow_drawn").format(steps=result.steps, connectors=result.connectors, pages=result.pages)
    assert note_of(workbook) == ("info", drawn)
    assert log_lines(workbook) == [L.text("flow_waiting").format(seconds="60"), drawn, L.text("flow_reopened")]


@pytest.mark.slow
def test_a_lock_that_never_goes_away_ends_in_the_time_limit_with_the_file_untouched(built, tmp_path, opened):
    workbook = _workbook(built, tmp_path, "monev.xlsm")
    lock = workbook.with_name(f".~lock.{workbook.name}#")      # LibreOffice, this time
    lock.write_text("ortala,host,2026-12-06\n")
    before, stamp = workbook.read_bytes(), workbook.stat().st_mtime_ns
    started = time.monotonic()
    waiter = _waiter(workbook, 1.5, "--lang", "en")
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 1 and out == ""
    assert time.monotonic() - started >= 1.5
    reason = f"{workbook}: the workbook was still open after 1.5 s (lock file {lock.name})"
    assert err.splitlines() == [f"error: {reason} — {L.text('flow_fix_close', 'en')}"], err
    assert workbook.read_bytes() == before and workbook.stat().st_mtime_ns == stamp
    mode, text = note_of(workbook)
    assert mode == "critical" and reason in text and text.startswith("The flowchart was not drawn")
    assert log_lines(workbook)[1:] == [" ".join(text.split("\n")), L.text("flow_reopened", "en")]
    assert opened.read_text().splitlines() == [str(workbook)], "opened again, so the note is shown"
    assert lock.exists()


def test_a_workbook_the_drawing_refuses_is_left_as_saved_and_the_reason_noted(tmp_path, opened):
    workbook = tmp_path / "no_roles.xlsx"
    shutil.copy(ROOT / "tests" / "data" / "validation" / "pelaksana_columns_missing.xlsx", workbook)
    before = workbook.read_bytes()
    with pytest.raises(SopxlError, match="Aktivitas!C2: the matrix has no Pelaksana columns"):
        sopxl.flowchart(workbook, when_closed=True, timeout=5)
    assert workbook.read_bytes() == before
    mode, text = note_of(workbook)
    assert mode == "critical" and "Aktivitas!C2: the matrix has no Pelaksana columns" in text
    assert text.startswith("Bagan alir tidak digambar") and text.endswith(f"Catatan: {workbook.name}{L.LOG_SUFFIX}")
    assert opened.read_text().splitlines() == [str(workbook)]


def test_an_opener_that_fails_is_logged_and_the_drawing_stands(built, tmp_path, monkeypatch):
    workbook = _workbook(built, tmp_path)
    monkeypatch.setenv(desktop.OPENER_VARIABLE, "/bin/false")
    result = sopxl.flowchart(workbook, when_closed=True, timeout=5)
    assert result.reopened is False and result.waited is not None and drawing_parts(workbook)
    assert note_of(workbook)[0] == "info"
    assert log_lines(workbook)[-1].startswith("buku kerja tidak dapat dibuka lagi: ")
    assert "could not open it (exit code 1)" in log_lines(workbook)[-1]
    json_keys = set(result.to_dict())
    assert {"waited", "reopened"} <= json_keys


def test_timeout_and_no_reopen_belong_to_when_closed(built, tmp_path):
    for option in (["--timeout", "5"], ["--no-reopen"]):
        result = CliRunner().invoke(cli, ["flowchart", str(_workbook(built, tmp_path)), *option])
        assert result.exit_code == 2 and "--timeout dan --no-reopen hanya bersama --when-closed" in result.output


def test_no_reopen_draws_notes_and_logs_without_opening(built, tmp_path, opened):
    workbook = _workbook(built, tmp_path)
    result = CliRunner().invoke(cli, ["flowchart", str(workbook), "--when-closed", "--no-reopen", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"reopened": false' in result.stdout and not opened.exists()
    assert note_of(workbook)[0] == "info" and len(log_lines(workbook)) == 2


# ---- waiting: the lock rule ----------------------------------------------------------------------------

def test_held_by_names_the_lock_file_and_frees_when_it_goes(tmp_path):
    workbook = tmp_path / "Laporan kinerja tahunan.xlsm"
    workbook.write_bytes(b"PK")
    assert held_by(workbook) is None
    short = tmp_path / "~$poran kinerja tahunan.xlsm"       # Excel's lock of a long name
    short.write_bytes(b"")
    assert held_by(workbook) == short.name
    short.unlink()
    assert held_by(workbook) is None
    assert wait_until_released(workbook, 0) < 1


def test_waiting_for_a_workbook_that_disappeared_stops_at_once(tmp_path):
    with pytest.raises(WorkbookError, match="not there any more"):
        wait_until_released(tmp_path / "gone.xlsm", 30)


def test_a_file_the_system_will_not_open_for_writing_counts_as_held(tmp_path):
    """Excel on Windows holds a workbook with writing denied to others; a directory stands in here, as a
    path that exists and that no process may open for writing (root may write to any file)."""
    folder = tmp_path / "a folder.xlsm"
    folder.mkdir()
    assert held_by(folder) is not None


# ---- the hand-over: started detached ---------------------------------------------------------------------

@pytest.mark.slow
def test_the_background_process_is_detached_and_leaves_the_pending_note_first(built, tmp_path, opened):
    workbook = _workbook(built, tmp_path)
    lock = workbook.with_name("~$" + workbook.name)
    lock.write_bytes(b"")
    pid = sopxl.api.start_flowchart_when_closed(workbook, timeout=30, lang="en")
    try:
        assert note_of(workbook) == ("critical", L.text("flow_pending", "en").format(log=workbook.name + L.LOG_SUFFIX))
        assert os.getsid(pid) == pid != os.getsid(0), "a session of its own"
        until(lambda: len(log_lines(workbook)) == 2)        # pending note, then waiting
        lock.unlink()
        until(lambda: (note_of(workbook) or ("",))[0] == "info")
        until(opened.exists)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    assert drawing_parts(workbook)
    assert opened.read_text().splitlines() == [str(workbook)]


def test_the_hand_over_of_an_unsaved_workbook_is_refused(tmp_path):
    with pytest.raises(WorkbookError, match="save this workbook in a folder"):
        sopxl.api.start_flowchart_when_closed("Book1", lang="en")
    with pytest.raises(WorkbookError, match="Simpan dulu buku kerja"):
        sopxl.api.start_flowchart_when_closed(tmp_path / "missing.xlsm")
    assert list(tmp_path.iterdir()) == []


def test_the_demo_plays_excels_part_and_shows_the_note(built, tmp_path, opened):
    from sopxl.demo import flowchart_button

    workbook = _workbook(built, tmp_path)
    result, note = flowchart_button(workbook, held=0.3)
    assert result.waited >= 0.3 and result.reopened is False and not opened.exists()
    assert note == L.text("flow_drawn", "en").format(steps=16, connectors=result.connectors, pages=result.pages)
    assert not workbook.with_name("~$" + workbook.name).exists() and drawing_parts(workbook)
