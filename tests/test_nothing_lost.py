"""Nothing is lost: two real processes acting on one workbook, the lock after a kill, symlinks, temp files.

The processes are the `sopxl` command line itself (subprocesses, not threads or mocks): each holds the
workbook's lock from before its read to after its replace, so every event a process reports is in the
Log exactly once, whatever the other one did at the same moment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sopxl import api
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.errors import WorkbookError
from sopxl.xlsx import files
from sopxl.xlsx.casefile import open_casebook
from sopxl.xlsx.workbook import create, template_calendar

CLI = [sys.executable, "-c", "from sopxl.cli import main; main()"]
STEPS = 120


def long_sop() -> SOP:
    """An SOP of many process steps, so a case can be advanced a hundred times without closing."""
    steps = [Step(n, f"Langkah {n}", marks=["Kasubbag" if n % 2 else "Kabag"], waktu="1 jam",
                  symbol=Symbol.TERMINATOR if n in (1, STEPS) else Symbol.PROCESS) for n in range(1, STEPS + 1)]
    return SOP(roles=["Kasubbag", "Kabag"], steps=steps)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = create(tmp_path / "bersama.xlsx", long_sop(), calendar=template_calendar(dt.date(2026, 11, 20)))
    for subject in ("Surat masuk satu", "Surat masuk dua", "Surat masuk tiga"):
        api.start_case(path, subject, at=dt.datetime(2026, 11, 16, 8))
    return path


def sopxl(*args) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *map(str, args), "--format", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def log_events(path: Path) -> list:
    return open_casebook(path).ledger.events


# (process A, process B) per round, cycled: notes and advances, on different cases and on the same one
ROUNDS = [
    (("note", 1, "a{i}"), ("note", 2, "b{i}")),
    (("note", 1, "a{i}"), ("note", 1, "b{i}")),
    (("advance", 1), ("advance", 2)),
    (("advance", 3), ("advance", 3)),
    (("advance", 2), ("note", 2, "b{i}")),
]


@pytest.mark.slow
def test_two_processes_acting_at_once_lose_and_duplicate_nothing(book: Path):
    before = {event.id for event in log_events(book)}
    reported: dict[int, tuple] = {}
    refused: list[str] = []
    for i in range(60):
        pair = ROUNDS[i % len(ROUNDS)]
        processes = [sopxl("case", action[0], book, *(str(a).format(i=i) for a in action[1:])) for action in pair]
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert "Traceback" not in err, err
            if process.returncode == 0:
                event = json.loads(out)["event"]
                assert event["id"] not in reported, f"event id {event['id']} reported twice"
                reported[event["id"]] = (event["case"], event["action"], event["note"])
            else:
                refused.append(err)
    assert not refused, refused[:3]          # with a 15 s wait, two actions never refuse each other
    assert len(reported) == 120
    events = log_events(book)
    ids = [event.id for event in events]
    assert len(ids) == len(set(ids))                                      # no event id twice
    new = {event.id: (event.case, event.action, event.note) for event in events if event.id not in before}
    assert new == reported                   # every reported event is in the Log exactly once, and nothing else
    notes = sorted(note for _, action, note in new.values() if action == "catatan")
    assert len(notes) == 60 and len(set(notes)) == 60
    # the Pelacak rows follow the Log: each case stands where its advances took it
    advances = {case: sum(1 for c, action, _ in new.values() if c == case and action == "selesai") for case in (1, 2, 3)}
    figures = {f.case.number: f for f in api.list_cases(book).cases}
    assert {case: figures[case].case.current_step for case in (1, 2, 3)} == {c: 1 + n for c, n in advances.items()}
    assert not list(book.parent.glob(".~sopxl.*")), "no lock or temporary file is left behind"


def _hold_lock(path: Path) -> subprocess.Popen:
    """A process holding sopxl's lock on `path` until killed (it says "held" when it has it)."""
    code = ("import sys, time; from sopxl.xlsx.files import workbook_lock\n"
            "with workbook_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_action_waits_a_bounded_time_then_refuses_with_one_line(book: Path, monkeypatch):
    monkeypatch.setattr(files, "LOCK_WAIT", 0.5)
    holder = _hold_lock(book)
    try:
        before = book.read_bytes()
        started = time.monotonic()
        with pytest.raises(WorkbookError) as refused:
            api.add_note(book, 1, "harus menunggu")
        assert 0.5 <= time.monotonic() - started < 5
        assert str(refused.value) == (f"{book}: another sopxl action is writing this workbook and did not finish "
                                      "within 0.5 seconds; nothing was written — wait until it is done, then run "
                                      "the action again")
        assert book.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_no_stale_lock(book: Path):
    holder = _hold_lock(book)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    result = api.add_note(book, 1, "setelah kill -9")
    assert time.monotonic() - started < files.LOCK_WAIT / 2
    assert result.event.note == "setelah kill -9"
    assert [e.note for e in log_events(book)][-1] == "setelah kill -9"


def test_threads_of_one_process_also_take_turns(book: Path):
    def note(i: int):
        return api.add_note(book, 1 + i % 3, f"utas {i}").event.id

    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(note, range(12)))
    assert len(set(ids)) == 12
    logged = [e for e in log_events(book) if e.note.startswith("utas ")]
    assert sorted(e.id for e in logged) == sorted(ids)


def test_temp_files_of_a_killed_write_are_removed_by_the_next_write(book: Path):
    folder = book.parent
    stale = [folder / f".~sopxl.{book.name}.ab12cd_9.tmp", folder / f".{book.stem}.q1w2e3r4{book.suffix}.tmp"]
    others = [folder / ".~sopxl.lain.xlsx.ab12cd_9.tmp", folder / f".{book.stem}-2.q1w2e3r4.xlsx.tmp",
              folder / "catatan.tmp"]
    for path in stale + others:
        path.write_bytes(b"PK half a workbook")
    api.add_note(book, 1, "membersihkan")
    assert [p.exists() for p in stale] == [False, False]
    assert [p.exists() for p in others] == [True, True, True]


def test_a_write_that_is_killed_leaves_the_workbook_and_the_next_action_works(book: Path):
    """kill -9 in the middle of a write: the old file stays whole, its temporary file goes at the next write."""
    code = ("import sys, os, signal\n"
            "from sopxl.xlsx import files\n"
            "real_replace = os.replace\n"
            "def die(*a):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
            "os.replace = die\n"
            "from sopxl import api\napi.add_note(sys.argv[1], 1, 'hilang')\n")
    before = book.read_bytes()
    subprocess.run([sys.executable, "-c", code, str(book)], check=False)
    assert book.read_bytes() == before
    assert list(book.parent.glob(f".~sopxl.{book.name}.*.tmp"))          # what the kill left
    api.add_note(book, 1, "sesudahnya")
    assert not list(book.parent.glob(f".~sopxl.{book.name}.*.tmp"))
    assert [e.note for e in log_events(book)][-1] == "sesudahnya"


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_symlinked_workbook_is_written_through_to_the_real_file(book: Path, tmp_path: Path):
    link = tmp_path / "pintasan" / "kasus.xlsx"
    link.parent.mkdir()
    link.symlink_to(book)
    result = api.add_note(link, 2, "lewat tautan")
    assert link.is_symlink() and link.resolve() == book.resolve()
    assert [e.note for e in log_events(book)][-1] == "lewat tautan"
    assert result.event.note == "lewat tautan"
    assert not list(link.parent.glob(".*")), "nothing of sopxl's beside the link"
    # Excel holding the real file open is seen through the link
    excel_lock = book.with_name("~$" + book.name)
    excel_lock.write_bytes(b"x")
    before = book.read_bytes()
    with pytest.raises(WorkbookError, match="open in Excel or LibreOffice"):
        api.add_note(link, 2, "tidak boleh")
    assert book.read_bytes() == before and link.is_symlink()
