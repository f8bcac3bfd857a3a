"""The nightly consolidation on real files: a bad night's office folder, re-runs, changes, locks and kills."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

import sopxl
from helpers.ooxml import assert_valid
from sopxl import layout as L
from sopxl.nightly import master as master_module
from sopxl.sheets.log import event_row, events_from_grid, log_rows
from sopxl.domain.cases import Event, Ledger
from sopxl.cli import cli
from sopxl.sheets.grid import Grid
from sopxl.nightly.analyse import case_figures
from sopxl.domain.model import SOP, Identity, Step, Symbol
from sopxl.domain.simulate import simulate
from sopxl.nightly.store import DATA_TABLES, RunLock, StoreBusy, open_readonly
from sopxl.domain.tracker import Tracker
from sopxl.xlsx.workbook import template_calendar
from sopxl.xlsx.read import read_grids
from sopxl.xlsx.create import WorkbookContent, write_workbook

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "consolidate"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
AS_OF = dt.datetime(2026, 11, 20, 17, 0)
GOOD = [name for name, status in EXPECTED["statuses"].items() if status == "read"]
REASONS = {      # words each failure's reason must carry
    "rusak.xlsx": "cannot be read", "terpotong.xlsx": "truncated", "berpassword.xlsx": "password-protected",
    "bukan_excel.xlsx": "not an Excel workbook", "kosong.xlsx": "empty", "lama.xls": "97-2003",
    "lama_diganti_nama.xlsx": "97-2003", "tanpa_log.xlsx": "'Log' is missing", "judul_berubah.xlsx": "Log!D1",
    "anggaran.xlsx": "not an sopxl workbook", "~$nota_dinas.xlsx": "open in Excel",
    "salinan/nota_dinas - Salinan.xlsx": "duplicate",
}


@pytest.fixture
def office(tmp_path: Path) -> Path:
    folder = tmp_path / "kantor"
    shutil.copytree(DATA / "kantor", folder)
    return folder


def consolidate(folder: Path, out: Path, **options):
    options.setdefault("as_of", AS_OF)
    options.setdefault("report", False)
    return sopxl.consolidate([folder], master=out / "master.xlsx", **options)


def by_name(result, folder: Path) -> dict[str, object]:
    return {Path(f.path).relative_to(folder).as_posix(): f for f in result.files}


def db_rows(db, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of `sql` (``?`` placeholders) from the database `db`, on either engine."""
    store = open_readonly(db)
    try:
        return [tuple(row) for row in store.query(sql, params).fetchall()]
    finally:
        store.close()


def db_dump(db) -> dict:
    store = open_readonly(db)
    try:
        # every row of the data tables, sorted: what two databases are compared by
        return {table: sorted((tuple(row) for row in store.query(f"SELECT * FROM {table}").fetchall()), key=repr)
                for table in DATA_TABLES}
    finally:
        store.close()


def content_dump(db) -> dict:
    """The database without the moment each file was fingerprinted (it differs from run to run)."""
    dump = db_dump(db)
    store = open_readonly(db)
    try:
        columns = [column[0] for column in store.query("SELECT * FROM sources WHERE 1 = 0").description]
    finally:
        store.close()
    at = columns.index("checked_ns")
    dump["sources"] = [row[:at] + row[at + 1:] for row in dump["sources"]]
    return dump


def sheet_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def part_rows(master: Path, sheet: str) -> list[list]:
    """A data-part sheet's header and the rows of every unit's part (``master-unit/*.xlsx``)."""
    rows: list[list] = []
    for part in sorted(master_module.parts_folder(master).glob("*.xlsx")):
        found = sheet_rows(part, sheet)
        rows.extend(found if not rows else found[1:])
    return rows


def log_events(path: Path) -> list[tuple]:
    """The events a workbook's Log holds, as the database stores them."""
    events = events_from_grid(read_grids(path, (L.LOG,))[L.LOG])
    return [(e.id, e.case, e.step, e.action, e.at.isoformat(" "), e.actor, e.recorded_by,
             e.recorded_at.isoformat(" ") if e.recorded_at else None, e.note) for e in events]


def sop_events(db, nomor: str) -> list[tuple]:
    return db_rows(db, "SELECT event_id, case_no, step, action, at, actor, recorded_by, recorded_at, note "
                       "FROM events_readable WHERE nomor = ? ORDER BY event_id", (nomor,))


def nomor_of(path: Path) -> str:
    return sopxl.load(path).identity.nomor


# ---- a bad night: every kind of broken file next to good ones ------------------------------------

@pytest.mark.slow
def test_a_bad_night_is_reported_file_by_file_and_every_good_event_is_consolidated(office: Path, tmp_path: Path, database):
    out = tmp_path / "out"
    result = consolidate(office, out, db=database)
    files = by_name(result, office)
    assert {name: f.status for name, f in files.items()} == EXPECTED["statuses"]
    for name, words in REASONS.items():
        assert words in files[name].reason, (name, files[name].reason)
    assert "nota_dinas.xlsx" in files["salinan/nota_dinas - Salinan.xlsx"].reason
    assert files["log_rusak.xlsx"].reason.startswith("Log events that cannot be replayed: 2")
    assert result.exit_code == 1 and not result.ok and result.master_written

    db = database
    window = part_rows(out / "master.xlsx", L.MASTER_PERISTIWA)
    header = window[0]
    shown = {(row[header.index("Nomor SOP")], int(row[header.index("ID Peristiwa")])) for row in window[1:]}
    for name in GOOD:
        path = office / name
        events = log_events(path)
        assert events and sop_events(db, nomor_of(path)) == events, name
        assert {(nomor_of(path), e[0]) for e in events} <= shown, name   # the window holds October and November
    assert len(shown) == sum(len(log_events(office / name)) for name in GOOD)

    # Sumber: every file with its status and reason, in the workbook's words
    sumber = sheet_rows(out / "master.xlsx", L.MASTER_SUMBER)
    start = next(i for i, row in enumerate(sumber) if row[0] == L.text("cons_file"))
    listed = {row[0].replace(os.sep, "/"): (row[1], row[2]) for row in sumber[start + 1:]}   # relative to the folder
    for name, expected in EXPECTED["statuses"].items():
        assert listed[name][0] == L.text(f"cons_status_{expected}")
        if name in REASONS:
            assert REASONS[name] in listed[name][1]

    # findings per source: the broken ones as the layout findings `sopxl validate` gives
    temuan = part_rows(out / "master.xlsx", L.MASTER_TEMUAN)
    found = {(Path(row[0]).name, row[2], row[5]) for row in temuan[1:]}
    assert ("judul_berubah.xlsx", "header-invalid", "Log!D1") in found
    assert ("tanpa_log.xlsx", "sheet-missing", "Log") in found
    assert ("terpotong.xlsx", "workbook-unreadable", "") in found
    validated = sopxl.validate(office / "nota_dinas.xlsx")
    assert validated.findings and {("nota_dinas.xlsx", code, cell or "") for code, cell in validated.codes()} == \
        {entry for entry in found if entry[0] == "nota_dinas.xlsx"}
    daftar = sheet_rows(out / "master.xlsx", L.MASTER_DAFTAR)
    assert sorted(row[1] for row in daftar[1:]) == sorted(nomor_of(office / n) for n in GOOD)
    assert_valid(out / "master.xlsx")
    for part in master_module.parts_folder(out / "master.xlsx").glob("*.xlsx"):
        assert_valid(part)


def test_text_that_looks_like_a_formula_stays_text(office: Path, tmp_path: Path):
    out = tmp_path / "out"
    consolidate(office, out)
    injections = EXPECTED["injections"]
    books = [out / "master.xlsx", *master_module.parts_folder(out / "master.xlsx").glob("*.xlsx")]
    texts = set()
    for path in books:
        book = openpyxl.load_workbook(path)
        texts |= {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                  if isinstance(cell.value, str)}
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    assert b"<f>" not in archive.read(name), name
    for key in ("nama", "kegiatan", "subject", "note", "actor"):
        assert injections[key] in texts, key
    assert any(injections["instansi"].splitlines()[-1] == text for text in texts)


def test_every_master_sheet_prints_its_name_and_page_numbers(office: Path, tmp_path: Path):
    """The master printed without page numbers; dates now show day first, as in the SOP workbooks."""
    out = tmp_path / "out"
    consolidate(office, out)
    parts = list(master_module.parts_folder(out / "master.xlsx").glob("*.xlsx"))
    assert parts
    for path in (out / "master.xlsx", *parts):
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
            assert len(sheets) >= (len(master_module.SUMMARY_SHEETS) if path.name == "master.xlsx" else 3)
            for name in sheets:
                assert "<oddFooter>&amp;L&amp;8&amp;A&amp;R&amp;8&amp;P / &amp;N</oddFooter>" in \
                    archive.read(name).decode(), (path.name, name)
            assert "dd/mm/yyyy hh:mm" in archive.read("xl/styles.xml").decode()


# ---- re-runs and changes ----------------------------------------------------------------------------

def test_a_second_run_reads_nothing_and_changes_nothing(office: Path, tmp_path: Path, database):
    out = tmp_path / "out"
    first = consolidate(office, out, db=database)
    before = db_dump(database)
    written = (out / "master.xlsx").stat().st_mtime_ns
    second = consolidate(office, out, db=database)
    assert db_dump(database) == before
    statuses = by_name(second, office)
    assert all(statuses[name].status == "unchanged" for name in GOOD)
    assert {n: f.status for n, f in statuses.items() if n not in GOOD} == \
        {n: f.status for n, f in by_name(first, office).items() if n not in GOOD}
    assert second.events_added == 0 and not second.data_changed and not second.master_written
    assert (out / "master.xlsx").stat().st_mtime_ns == written
    # a touched file (same content) is hashed, found equal, and still not parsed
    os.utime(office / GOOD[0], None)
    third = consolidate(office, out, db=database)
    assert by_name(third, office)[GOOD[0]].status == "unchanged"
    after = db_dump(database)
    assert {t: after[t] for t in DATA_TABLES if t != "sources"} == {t: before[t] for t in DATA_TABLES if t != "sources"}
    # the next day the open cases are judged again and the master is written anew
    fourth = consolidate(office, out, db=database, as_of=AS_OF + dt.timedelta(days=1))
    assert fourth.master_written and fourth.events_added == 0
    assert fourth.backup == out / "master.2026-11-20.xlsx" and fourth.backup.exists()     # yesterday's master
    judged = "SELECT DISTINCT as_of FROM cases_readable WHERE state = 'open'"
    assert db_rows(database, judged) == [("2026-11-21 17:00:00",)]


def rewrite_log(path: Path, change) -> None:
    """Write the workbook again with `change(events)` as its Log (as if sopxl had recorded them so)."""
    from sopxl.xlsx.workbook import load_calendar

    sop = sopxl.load(path)
    events = events_from_grid(read_grids(path, (L.LOG,))[L.LOG])
    write_workbook(str(path), sop, WorkbookContent(calendar=load_calendar(path),
                                                   log_rows=[event_row(e) for e in change(events)]))


def test_new_changed_removed_moved_and_gone(office: Path, tmp_path: Path, database):
    out = tmp_path / "out"
    consolidate(office, out, db=database)
    db = database
    a, b = office / "nota_dinas.xlsx", office / "biro_hukum" / "surat_keluar.xlsx"
    nomor_a, nomor_b = nomor_of(a), nomor_of(b)
    old_a = sop_events(db, nomor_a)
    sop_id_b = db_rows(db, "SELECT id FROM sops WHERE nomor = ?", (nomor_b,))[0][0]
    # a (closed in Excel now): one more note, one note edited, one event gone from the Log
    (office / "~$nota_dinas.xlsx").unlink()
    sopxl.add_note(a, 1, "berkas lengkap", at=dt.datetime(2026, 11, 20, 9, 0))
    rewrite_log(a, lambda events: [dataclasses.replace(e, note="diubah") if e.id == 3 else e
                                   for e in events if e.id != 5])
    # b moves to another folder; the copy of a goes away, so nothing is a duplicate any more
    moved = office / "arsip" / "surat_keluar.xlsx"
    moved.parent.mkdir()
    shutil.move(b, moved)
    (office / "salinan" / "nota_dinas - Salinan.xlsx").unlink()
    result = consolidate(office, out, db=database)
    files = by_name(result, office)
    assert files["nota_dinas.xlsx"].status == "read" and files["arsip/surat_keluar.xlsx"].status == "read"
    assert files["biro_hukum/surat_keluar.xlsx"].status == "gone"
    assert files["salinan/nota_dinas - Salinan.xlsx"].status == "gone"
    assert (result.events_added, result.events_changed, result.events_removed) == (1, 1, 1)
    new_a = db_rows(db, "SELECT event_id, note, removed_run FROM events e JOIN sops s ON s.id = e.sop_id "
                        "WHERE s.nomor = ? ORDER BY event_id", (nomor_a,))
    assert len(new_a) == len(old_a) + 1 and new_a[4] == (5, old_a[4][8], 2)     # removed at source, kept
    assert new_a[2][1] == "diubah" and new_a[-1][1] == "berkas lengkap"
    assert db_rows(db, "SELECT event_id, note, replaced_run FROM event_versions") == [(3, old_a[2][8], 2)]
    # the moved workbook kept its SOP and added nothing twice
    assert db_rows(db, "SELECT id, path, present FROM sops WHERE nomor = ?", (nomor_b,)) == \
        [(sop_id_b, str(moved), 1)]
    assert db_rows(db, "SELECT count(*) FROM events WHERE sop_id = ?", (sop_id_b,)) == [(len(log_events(moved)),)]
    assert db_rows(db, "SELECT count(*) FROM sops") == [(len(GOOD),)]
    sumber = sheet_rows(out / "master.xlsx", L.MASTER_SUMBER)
    assert [os.path.join("biro_hukum", "surat_keluar.xlsx"), L.text("cons_status_gone")] in \
        [row[:2] for row in sumber]


def test_a_file_deleted_during_the_run_is_reported_and_the_rest_goes_on(office: Path, tmp_path: Path):
    victim = office / "rumus.xlsx"

    def progress(done, total, events, path):
        if done == 1 and victim.exists():
            victim.unlink()

    result = consolidate(office, tmp_path / "out", progress=progress, workers=1)
    files = by_name(result, office)
    assert files["rumus.xlsx"].status == "failed" and "disappeared" in files["rumus.xlsx"].reason
    assert [files[n].status for n in GOOD if n != "rumus.xlsx"] == ["read"] * (len(GOOD) - 1)


def test_unreadable_files_and_folders_are_reported(tmp_path: Path):
    """A workbook another program locks (PermissionError on open) and a folder that cannot be listed."""
    base = Path(tempfile.mkdtemp(prefix="sopxl-perm-"))
    try:
        os.chmod(base, 0o777)
        office = base / "kantor"
        shutil.copytree(DATA / "kantor" / "biro_hukum", office / "biro_hukum")
        shutil.copy2(DATA / "kantor" / "nota_dinas.xlsx", office / "terkunci.xlsx")
        shutil.copy2(DATA / "kantor" / "rumus.xlsx", office / "rumus.xlsx")
        (office / "rahasia").mkdir()
        shutil.copy2(DATA / "kantor" / "log_rusak.xlsx", office / "rahasia" / "log_rusak.xlsx")
        out = base / "out"
        out.mkdir()
        for path in [base, *base.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(office / "terkunci.xlsx", 0)
        os.chmod(office / "rahasia", 0)
        code = (f"import json, datetime as dt, sopxl\n"
                f"r = sopxl.consolidate([{str(office)!r}], master={str(out / 'master.xlsx')!r}, report=False, "
                f"as_of=dt.datetime(2026, 11, 20, 17))\n"
                f"print(json.dumps(r.to_dict()))")
        prefix = []
        if os.geteuid() == 0:          # root reads everything: drop the capabilities an office account lacks
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: permissions cannot be taken away")
            caps = "-dac_override,-dac_read_search"
            prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
        run = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True, cwd=base)
        assert run.returncode == 0, run.stderr
        files = {Path(f["path"]).relative_to(office).as_posix(): f for f in json.loads(run.stdout)["files"]}
        assert files["terkunci.xlsx"]["status"] == "failed" and "cannot be opened" in files["terkunci.xlsx"]["reason"]
        assert files["rahasia"]["status"] == "failed" and "folder cannot be read" in files["rahasia"]["reason"]
        assert files["rumus.xlsx"]["status"] == "read" and files["biro_hukum/surat_keluar.xlsx"]["status"] == "read"
    finally:
        for path in [base, *base.rglob("*")]:
            try:
                os.chmod(path, 0o777)
            except OSError:
                pass
        shutil.rmtree(base, ignore_errors=True)


def test_folders_named_inside_one_another_read_each_file_once(office: Path, tmp_path: Path):
    result = sopxl.consolidate([office, office / "biro_hukum", office / "biro_hukum" / "surat_keluar.xlsx"],
                               master=tmp_path / "out" / "m.xlsx", as_of=AS_OF, report=False)
    paths = [f.path for f in result.files]
    assert len(paths) == len(set(paths)) == len(EXPECTED["statuses"])
    assert result.events_added == sum(len(log_events(office / name)) for name in GOOD)


def test_a_reading_process_that_dies_fails_its_file_and_a_new_one_goes_on(office: Path):
    from sopxl.nightly.bulkread import events_in
    from sopxl.nightly.readpool import ReadPool, WorkerDied

    with ReadPool(1) as pool:
        dying = pool.submit(os._exit, 3)
        with pytest.raises(WorkerDied, match="exit code 3"):
            dying.value()
        assert pool.submit(events_in, office / "nota_dinas.xlsx").value() == len(log_events(office / "nota_dinas.xlsx"))
        with pytest.raises(sopxl.SopxlError, match="password-protected"):
            pool.submit(events_in, office / "berpassword.xlsx").value()


def test_a_reading_process_runs_a_request_without_the_cyclic_collector_and_sweeps_after_each_answer():
    import gc

    from sopxl.nightly.readpool import ReadPool

    with ReadPool(1) as pool:
        assert pool.submit(gc.isenabled).value() is False
        swept = [pool.submit(gc.get_stats).value()[0]["collections"] for _ in range(3)]
    assert swept[0] < swept[1] < swept[2]


def test_a_missing_folder_is_reported_and_the_others_are_read(office: Path, tmp_path: Path):
    result = sopxl.consolidate([office / "biro_hukum", tmp_path / "tidak_ada"], master=tmp_path / "out" / "m.xlsx",
                               as_of=AS_OF, report=False)
    statuses = {Path(f.path).name: (f.status, f.reason) for f in result.files}
    assert statuses["tidak_ada"][0] == "failed" and "no such folder" in statuses["tidak_ada"][1]
    assert statuses["surat_keluar.xlsx"][0] == "read" and result.exit_code == 1


# ---- the database lock, kills, limits ---------------------------------------------------------------------

def test_a_second_run_at_the_same_time_refuses_or_waits(office: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    holder = RunLock(out / "sopxl.db.lock")       # what a running consolidation holds
    holder.acquire()
    try:
        with pytest.raises(StoreBusy, match=f"another consolidation is writing this database \\(pid {os.getpid()}"):
            consolidate(office, out)
        result = CliRunner().invoke(cli, ["consolidate", str(office), "--master", str(out / "master.xlsx")])
        assert result.exit_code == 1 and "another consolidation is writing" in result.stderr
        assert not (out / "sopxl.db").exists() or db_rows(out / "sopxl.db", "SELECT count(*) FROM runs") == [(0,)]
        threading.Timer(0.5, holder.release).start()
        waited = consolidate(office, out, wait=10)
        assert waited.master_written
    finally:
        holder.release()


def small_office(folder: Path, files: int, cases: int, seed: int, end: dt.datetime,
                 start: dt.datetime = dt.datetime(2026, 8, 3, 8), unit: str = "Biro Umum",
                 prefix: str = "UM") -> list[Path]:
    """`files` SOP workbooks of `unit` written by sopxl, each with simulated cases from `start` up to `end`."""
    calendar = template_calendar(dt.date(2026, 11, 20))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        sop = SOP(identity=Identity(instansi=f"KEMENTERIAN CONTOH\n{unit}", nomor=f"{prefix}.{i:02d}/2026",
                                    nama=f"Layanan {i}"), roles=["Kasubbag", "Kabag"], steps=[
            Step(1, "Menerima berkas", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="1 jam"),
            Step(2, "Memeriksa berkas", marks=["Kabag"], symbol=Symbol.DECISION, waktu="30 menit", ya=3, tidak=1),
            Step(3, "Mengirim jawaban", marks=["Kasubbag"], symbol=Symbol.TERMINATOR, waktu="2 jam")])
        events = simulate(Ledger(sop), calendar, random.Random(seed * 100 + i), start=start, end=end, cases=cases)
        path = folder / f"sop_{i:02d}.xlsx"
        write_workbook(str(path), sop, WorkbookContent(calendar=calendar, log_rows=[event_row(e) for e in events]))
        paths.append(path)
    return paths


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_the_previous_state_and_the_next_run_completes(tmp_path: Path):
    office, out = tmp_path / "kantor", tmp_path / "out"
    small_office(office, 14, 40, 1, dt.datetime(2026, 10, 30, 16))
    command = [str(Path(sys.executable).with_name("sopxl")), "consolidate", str(office), "--master",
               str(out / "master.xlsx"), "--as-of", "2026-11-20 17:00", "--quiet", "--no-report"]
    assert subprocess.run(command, capture_output=True, cwd=tmp_path).returncode == 0
    saved = tmp_path / "saved"
    shutil.copytree(out, saved)
    before = content_dump(out / "sopxl.db")
    old_master = (out / "master.xlsx").read_bytes()
    # the office works on: more cases in every workbook, one new workbook, one gone
    shutil.rmtree(office)
    small_office(office, 15, 45, 1, dt.datetime(2026, 11, 19, 16))
    (office / "sop_03.xlsx").unlink()
    clock = time.perf_counter()
    assert subprocess.run(command, capture_output=True, cwd=tmp_path).returncode == 0
    duration = time.perf_counter() - clock
    after = content_dump(out / "sopxl.db")
    assert after != before
    rng = random.Random(int(os.environ.get("SOPXL_KILL_SEED", "7")))
    outcomes = set()
    attempts = 8
    for attempt in range(attempts):       # one kill in each eighth of a run's time, at a random moment in it
        shutil.rmtree(out)
        shutil.copytree(saved, out)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
        time.sleep(rng.uniform(attempt, attempt + 1) * duration * 1.1 / attempts)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(out / "sopxl.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        state = content_dump(out / "sopxl.db")
        assert state in (before, after), f"attempt {attempt}: the database is neither the old nor the new state"
        outcomes.add("old" if state == before else "new")
        master = out / "master.xlsx"
        # the previous master, or a complete new one (15 SOPs: one is gone from the folder, not from the register)
        assert master.read_bytes() == old_master or len(sheet_rows(master, L.MASTER_DAFTAR)) == 16, attempt
        finished = subprocess.run(command, capture_output=True, cwd=tmp_path, text=True)
        assert finished.returncode == 0, finished.stderr
        assert content_dump(out / "sopxl.db") == after
        assert len(sheet_rows(out / "master.xlsx", L.MASTER_DAFTAR)) == 16
        assert not list(out.glob(".*.tmp")), "a killed run's temporary files are cleaned by the next run"
    # the first kill comes in the first eighth of a run, long before its commit: the rollback path was taken
    assert "old" in outcomes
    # the reading processes of a killed run end by themselves
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _readers_in(tmp_path):
        time.sleep(0.2)
    assert not _readers_in(tmp_path)


def _readers_in(folder: Path) -> list[int]:
    """Reading processes (sopxl.nightly.readpool) started from `folder` that are still alive."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"sopxl.nightly.readpool" in (entry / "cmdline").read_bytes() and \
                    os.readlink(entry / "cwd") == str(folder):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_sheet_that_would_pass_the_row_limit_keeps_the_latest_rows(office: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(master_module, "SHEET_ROWS", 21)
    out = tmp_path / "out"
    result = consolidate(office, out)
    master = out / "master.xlsx"
    noted = 0
    for part in sorted(master_module.parts_folder(master).glob("*.xlsx")):
        events = sheet_rows(part, L.MASTER_PERISTIWA)
        header = events[0]
        at, unit_at = header.index(L.text("at")), header.index(L.text("cons_unit"))
        units = {row[unit_at] for row in events[1:]}
        if not units:
            continue
        (unit,) = units                     # a part holds one unit's rows
        all_times = sorted(r[0] for r in db_rows(out / "sopxl.db", "SELECT at FROM events_readable WHERE unit = ?",
                                                 (unit,)))
        assert [row[at].strftime("%Y-%m-%d %H:%M:%S") for row in events[1:]] == all_times[-20:]
        total = len(all_times)
        if total <= 20:
            continue
        note = (f"{part.name}: {L.MASTER_PERISTIWA}: {total:,} baris; lembar memuat 20 baris terbaru, {total - 20:,} "
                "baris lainnya hanya ada di basis data (tabel events)")
        assert note in result.left_to_database
        assert any(row[0] == note for row in sheet_rows(master, L.MASTER_TEKNIS))
        assert any(row[0] == note for row in sheet_rows(master, L.MASTER_RINGKASAN))   # said on the first sheet too
        noted += 1
    assert noted


def test_sheets_past_the_row_limit_split_per_year_and_say_so_on_the_first_sheet(tmp_path: Path, monkeypatch,
                                                                               database):
    office, out = tmp_path / "kantor", tmp_path / "out"
    paths = small_office(office, 2, 30, 3, dt.datetime(2026, 3, 20, 16), start=dt.datetime(2025, 9, 1, 8))
    years: dict[int, int] = {}
    for path in paths:
        for event in log_events(path):
            years[int(event[4][:4])] = years.get(int(event[4][:4]), 0) + 1
    assert sorted(years) == [2025, 2026]
    limit = max(years.values()) + 1                      # each year fits a sheet, all of them do not
    monkeypatch.setattr(master_module, "SHEET_ROWS", limit)
    result = consolidate(office, out, db=database, window_months=24, as_of=dt.datetime(2026, 3, 20, 17))
    master = out / "master.xlsx"
    assert CalamineWorkbook.from_path(str(master)).sheet_names[:2] == [L.MASTER_RINGKASAN,
                                                                        L.text(L.REMINDER_SHEET_KEY)]
    (part,) = master_module.parts_folder(master).glob("*.xlsx")         # the office's one unit
    names = CalamineWorkbook.from_path(str(part)).sheet_names
    assert names == [L.MASTER_KASUS, f"{L.MASTER_PERISTIWA} 2025", f"{L.MASTER_PERISTIWA} 2026", L.MASTER_TEMUAN]
    for year, count in years.items():
        rows = sheet_rows(part, f"{L.MASTER_PERISTIWA} {year}")
        at = rows[0].index(L.text("at"))
        assert len(rows) - 1 == count and all(row[at].year == year for row in rows[1:]), year
    note = (f"{part.name}: {L.MASTER_PERISTIWA}: {sum(years.values()):,} baris melebihi batas Excel ({limit:,} baris "
            f"per lembar), jadi dibagi per tahun ke lembar {L.MASTER_PERISTIWA} 2025, {L.MASTER_PERISTIWA} 2026; "
            "basis data memuat semua baris")
    assert note in result.left_to_database
    assert any(row[0] == note for row in sheet_rows(master, L.MASTER_RINGKASAN))
    assert db_rows(database, "SELECT count(*) FROM events") == [(sum(years.values()),)]
    assert_valid(master)
    assert_valid(part)
    # the next night, nothing changed in the office: the split part is left as it was and still said so
    before = (part.stat().st_mtime_ns, part.read_bytes())
    again = consolidate(office, out, db=database, window_months=24, as_of=dt.datetime(2026, 3, 21, 17))
    assert again.master_written and (part.stat().st_mtime_ns, part.read_bytes()) == before
    assert note in again.left_to_database
    assert any(row[0] == note for row in sheet_rows(master, L.MASTER_RINGKASAN))


# ---- pieces --------------------------------------------------------------------------------------------------

def test_the_log_parser_reads_rows_sopxl_wrote_and_rows_typed_by_hand(office: Path):
    grid = read_grids(office / GOOD[0], (L.LOG,))[L.LOG]
    written = log_rows(grid)
    assert len(written) == sum(1 for r in grid.rows[1:] if any(v not in ("", None) for v in r)) > 0
    assert [row[-1] for row in written] == sorted({row[-1] for row in written})      # sheet rows, each once
    ledger = Ledger.replay(sopxl.load(office / GOOD[0]), [Event(*row) for row in written])
    assert sum(len(case.events) for case in ledger.cases.values()) == len(written)
    # a row typed by hand (numbers as text, an English action, a date as text) takes the careful path
    rows = [list(r) for r in grid.rows]
    rows[1][0], rows[1][3], rows[1][4] = "1", "start", "2026-10-01 08:00"
    typed = Grid(L.LOG, rows)
    assert log_rows(typed)[0][:5] == (1, 1, 1, "mulai", dt.datetime(2026, 10, 1, 8, 0))
    rows[2][0] = "dua"
    with pytest.raises(sopxl.SopxlError, match="A3"):
        log_rows(Grid(L.LOG, rows))


def test_only_what_a_case_row_shows_is_timed_and_the_rows_are_the_full_trackers(office: Path, tmp_path: Path):
    """``case_figures`` times a case's last step instance only, and no step of a closed case; the database row
    it gives is the row of the case timed in full, for every case of generated workbooks at several moments."""
    from sopxl.domain.cases import CANCELLED, CLOSED, OPEN
    from sopxl.nightly.analyse import case_row
    from sopxl.nightly.bulkread import read_file

    paths = [office / "rumus.xlsx"]
    for seed in (1, 2, 3):
        paths += small_office(tmp_path / f"kantor{seed}", 2, 25, seed, dt.datetime(2026, 11, 19, 16))
    states = set()
    for path in paths:
        read = read_file(path)
        tracker = Tracker(read.sop, read.calendar)
        ledger = Ledger.replay(read.sop, [Event(*row) for row in read.events])
        for as_of in (AS_OF, dt.datetime(2026, 9, 1, 10), dt.datetime(2027, 2, 1)):
            for case in ledger.cases.values():
                states.add(case.state)
                full = tracker.case_time(case, as_of)
                light = case_figures(tracker, case, as_of)
                assert case_row(light, as_of, read.calendar) == case_row(full, as_of, read.calendar), \
                    (path.name, case.number, as_of)
                assert len(light.steps) == (0 if case.state == CLOSED else 1)
    assert states == {OPEN, CLOSED, CANCELLED}


# ---- the doors -----------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_cli_exit_codes_json_parity_and_no_bar_off_a_terminal(office: Path, tmp_path: Path):
    runner = CliRunner()
    good = tmp_path / "good"
    shutil.copytree(office / "biro_hukum", good)
    result = runner.invoke(cli, ["consolidate", str(good), "--master", str(tmp_path / "a" / "m.xlsx"),
                                 "--as-of", "2026-11-20 17:00", "--no-report"])
    assert result.exit_code == 0, result.output
    assert "1 berkas: 1 dibaca" in result.stdout and "reading workbooks" not in result.stderr
    result = runner.invoke(cli, ["consolidate", str(office), "--master", str(tmp_path / "b" / "m.xlsx"),
                                 "--as-of", "2026-11-20 17:00", "--no-report", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout.replace(str(tmp_path / "b"), "OUT"))       # the same but for the output folder
    api = sopxl.consolidate([office], master=tmp_path / "c" / "m.xlsx", as_of=AS_OF, report=False).to_dict()
    api = json.loads(json.dumps(api).replace(str(tmp_path / "c"), "OUT"))
    volatile = ("run", "started", "duration_seconds", "timings", "db", "master", "reminders")
    assert {k: v for k, v in data.items() if k not in volatile} == {k: v for k, v in api.items() if k not in volatile}
    # the reminders name the folder beside each master; what they list is the same
    assert data["reminders"]["items"] == api["reminders"]["items"] and len(api["reminders"]["items"]) == 2
    assert runner.invoke(cli, ["consolidate"]).exit_code == 2
    assert runner.invoke(cli, ["consolidate", str(office), "--window-months", "0"]).exit_code == 2
    assert runner.invoke(cli, ["schedule", str(office), "--at", "25:00"]).exit_code == 2


def test_schedule_once_logs_the_run(office: Path, tmp_path: Path):
    log = tmp_path / "malam.log"
    result = CliRunner().invoke(cli, ["schedule", str(office), "--once", "--master", str(tmp_path / "out" / "m.xlsx"),
                                      "--log", str(log), "--quiet", "--no-report"])
    assert result.exit_code == 1
    text = log.read_text(encoding="utf-8")
    assert "run started" in text and "files: 16 (read 4, unchanged 0, skipped 3, failed 9, gone 0)" in text
    assert re.search(r"failed: .*berpassword\.xlsx: the workbook is password-protected", text)
    assert "master written" in text and "duration" in text


def test_the_nightly_loop_schedules_the_run_and_logs_it(tmp_path: Path):
    from sopxl.nightly.schedule import run_nightly

    log, said, checks = tmp_path / "malam.log", [], []
    run_nightly(lambda: None, at="23:00", log_file=log, say=said.append,
                stop=lambda: checks.append(1) or len(checks) > 1)
    assert re.fullmatch(r"consolidating every day at 23:00; next run \d{4}-\d{2}-\d{2} 23:00; log: .*malam\.log "
                        r"\(Ctrl\+C stops\)", said[0])
    assert "scheduled every day at 23:00" in log.read_text(encoding="utf-8")
    with pytest.raises(sopxl.SopxlError, match="not a time of day"):
        run_nightly(lambda: None, at="7pm", log_file=log)


def test_the_first_run_of_a_month_writes_last_months_report_once(office: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = consolidate(office, out, report=True)
    report = out / "laporan-master-2026-10.xlsx"
    assert first.report == report and report.exists()
    assert L.REPORT_SHEETS[0] in CalamineWorkbook.from_path(str(report)).sheet_names
    again = consolidate(office, out, report=True, as_of=AS_OF + dt.timedelta(days=2))
    assert again.report is None
    december = consolidate(office, out, report=True, as_of=dt.datetime(2026, 12, 1, 23, 0))
    assert december.report == out / "laporan-master-2026-11.xlsx" and december.report.exists()
    # the master (or its database) is a report source for `sopxl.report`
    source = sopxl.consolidated_source(out / "master.xlsx")
    result = sopxl.report(source, month="2026-11", output=tmp_path / "laporan.xlsx", generated_at=AS_OF)
    assert sorted(f.meta.nomor for f in result.figures.sops) == sorted(nomor_of(office / n) for n in GOOD)


def test_a_database_that_is_not_sopxls_is_refused_untouched(tmp_path):
    import sqlite3

    other = tmp_path / "keuangan.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE anggaran (x)")
    before = other.read_bytes()
    (tmp_path / "garbage.db").write_text("not a database")
    folder = tmp_path / "kantor"
    folder.mkdir()
    runner = CliRunner()
    for db in (other, tmp_path / "garbage.db"):
        result = runner.invoke(cli, ["consolidate", str(folder), "--master", str(tmp_path / "m.xlsx"), "--db", str(db)])
        assert result.exit_code == 1 and result.output.startswith("kesalahan: ") and "Traceback" not in result.output
        report = runner.invoke(cli, ["report", str(db), "--month", "2026-10", "-o", str(tmp_path / "r.xlsx")])
        assert report.exit_code == 1 and "is not a" in report.output and "unexpected" not in report.output
    assert other.read_bytes() == before


def test_schedule_once_creates_the_missing_master_folder_for_its_log(office: Path, tmp_path: Path):
    master = tmp_path / "belum-ada" / "m.xlsx"
    result = CliRunner().invoke(cli, ["schedule", str(office), "--once", "--master", str(master), "--quiet",
                                      "--no-report"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1            # some files in the office folder fail, on purpose
    assert "run started" in (master.parent / "sopxl-consolidate.log").read_text(encoding="utf-8")
    assert master.exists()


# ---- the master for its reader, and in parts ----------------------------------------------------------------

def two_units(folder: Path, end: dt.datetime = dt.datetime(2026, 11, 19, 16)) -> dict[str, list[Path]]:
    """Two units' workbooks with simulated cases since August: Biro Umum (3) and Biro Hukum (2)."""
    return {"Biro Umum": small_office(folder / "umum", 3, 25, 4, end),
            "Biro Hukum": small_office(folder / "hukum", 2, 25, 5, end, unit="Biro Hukum", prefix="HK")}


def test_the_first_sheet_is_for_the_head_of_the_bureau(tmp_path: Path, database):
    office, out = tmp_path / "kantor", tmp_path / "out"
    two_units(office)
    as_of = dt.datetime(2026, 11, 20, 17)
    result = consolidate(office, out, db=database, as_of=as_of)
    master = out / "master.xlsx"
    names = [name for name, _ in master_module.SUMMARY_SHEETS]
    assert CalamineWorkbook.from_path(str(master)).sheet_names == [names[0], L.text(L.REMINDER_SHEET_KEY), *names[1:]]
    rows = CalamineWorkbook.from_path(str(master)).get_sheet_by_name(L.MASTER_RINGKASAN).to_python(
        skip_empty_area=False)
    assert rows[0][0] == L.text("mr_title")

    # what the database says, counted here from its rows: closed cases with a norm per unit and month of closing
    cases = db_rows(database, "SELECT unit, state, closed, total_used, total_norm, status FROM cases_readable")
    judged: dict[tuple[str, str], list[int]] = {}
    for unit, state, closed, used, norm, _ in cases:
        if state == "closed" and norm:
            counts = judged.setdefault((unit, str(closed)[:7]), [0, 0])
            counts[0] += 1
            counts[1] += used <= norm
    open_ = {unit: [sum(1 for u, s, *_ in cases if u == unit and s == "open"),
                    sum(1 for u, s, _, _, _, st in cases if u == unit and s == "open" and st == "late")]
             for unit in ("Biro Umum", "Biro Hukum")}
    months = sorted({month for _, month in judged})
    assert months[0] > "2026-07" and months[-1] == "2026-11"      # cases since August: no empty months before

    # the unit × month table: no empty lead-in months, each share as the cases give it, open and late now
    title = L.text("mr_units_title").format(threshold="80%")
    top = next(i for i, row in enumerate(rows) if row[0] == title) + 1
    header = rows[top]
    labels = [f"{L.MONTHS[int(m[5:]) - 1][0][:3]} {m[:4]}" for m in months]
    assert header[1:1 + len(months)] == labels and header[1 + len(months)] == L.text("cons_open")
    for row in rows[top + 1:top + 3]:
        unit = row[0]
        for index, month in enumerate(months):
            counts = judged.get((unit, month))
            assert row[1 + index] == (pytest.approx(counts[1] / counts[0]) if counts else "–"), (unit, month)
        assert row[1 + len(months):3 + len(months)] == open_[unit]
    assert sorted(row[0] for row in rows[top + 1:top + 3]) == ["Biro Hukum", "Biro Umum"]
    total = rows[top + 3]
    assert total[0] == L.text("mr_all_units")
    for index, month in enumerate(months):
        whole = [sum(c[i] for (u, m), c in judged.items() if m == month) for i in (0, 1)]
        assert total[1 + index] == pytest.approx(whole[1] / whole[0])
    assert rows[top + 4][0] == L.text("mr_threshold") and rows[top + 4][1:1 + len(months)] == [0.8] * len(months)

    # the key figures: open and overdue cases now
    figures = {row[0]: row[1] for row in rows[:20] if row and row[0]}
    assert figures[L.text("mr_open")] == sum(v[0] for v in open_.values())
    assert figures[L.text("mr_open_late")] == sum(v[1] for v in open_.values())
    # the units that lag, lowest on-time share of the last three months first
    lag = next(i for i, row in enumerate(rows) if str(row[0]).startswith(L.text("mr_worst_units_title")[:20])) + 2
    recent = {unit: [sum(c[i] for (u, m), c in judged.items() if u == unit and m >= "2026-09") for i in (0, 1)]
              for unit in open_}
    expected = sorted((c[1] / c[0], unit) for unit, c in recent.items() if c[0])
    assert [row[0] for row in rows[lag:lag + len(expected)]] == [unit for _, unit in expected]
    assert [row[3] for row in rows[lag:lag + len(expected)]] == [pytest.approx(share) for share, _ in expected]
    # the steps holding the most late open cases
    late_steps = db_rows(database, "SELECT unit, nomor, step, count(*) FROM cases_readable WHERE state = 'open' AND "
                                   "status = 'late' GROUP BY unit, nomor, step")
    steps = next(i for i, row in enumerate(rows) if row[0] == L.text("mr_worst_steps_title")) + 2
    if late_steps:
        assert rows[steps][13] == max(count for *_, count in late_steps)
    else:
        assert rows[steps - 1][0] == L.text("mr_no_late_steps")
    # one chart: every unit's share per month as columns, the threshold as a line, over the months shown
    with zipfile.ZipFile(master) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
        assert chart.count("<c:ser>") == 2 and f"$B${top + 4}:${L.column_letter(len(months) + 1)}${top + 4}" in chart
        # the chart ends above the line under it, whatever the workbook's default row height (no chart over text)
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
        chart_end = int(re.search(r"<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>",
                                  drawing).group(1))
    below = next(i for i, row in enumerate(rows) if str(row[0]).startswith(L.text("mr_where")[:30]))
    assert chart_end < below
    # no path on the head's sheet; the files relative to the folder consolidated on Daftar and Sumber
    text = " ".join(str(value) for row in rows for value in row)
    assert str(tmp_path) not in text and str(database) not in text
    for sheet, column in ((L.MASTER_DAFTAR, 3), (L.MASTER_SUMBER, 0)):
        listed = [row[column] for row in sheet_rows(master, sheet)[1:]]
        assert listed and all(not os.path.isabs(path) and (office / path).exists() for path in listed), sheet
    teknis = sheet_rows(master, L.MASTER_TEKNIS)
    assert [L.text("mr_folder"), str(office)] == teknis[3][:2]
    assert_valid(master)
    for part in master_module.parts_folder(master).glob("*.xlsx"):
        assert_valid(part)
    assert result.to_dict()["master_parts"] == 2

    # one language per run: the same master in English
    english = consolidate(office, out, db=database, as_of=as_of, lang="en")
    rows = sheet_rows(master, L.MASTER_RINGKASAN)
    assert english.master_written and rows[0][0] == L.TEXTS["mr_title"][1]
    assert not any(L.TEXTS[key][0] in " ".join(str(v) for row in rows for v in row)
                   for key in ("mr_figures_title", "mr_open", "mr_threshold", "mr_all_units"))


def _state(path: Path) -> tuple[int, bytes]:
    return path.stat().st_mtime_ns, path.read_bytes()


def test_a_night_writes_again_only_the_parts_that_changed(tmp_path: Path, database):
    office, out = tmp_path / "kantor", tmp_path / "out"
    units = two_units(office)
    master = out / "master.xlsx"
    first = consolidate(office, out, db=database, as_of=dt.datetime(2026, 11, 20, 17))
    folder = master_module.parts_folder(master)
    umum, hukum = folder / "Biro Umum.xlsx", folder / "Biro Hukum.xlsx"
    assert (first.parts, first.parts_written) == (2, 2)
    before = {part: _state(part) for part in (umum, hukum)}
    summary = _state(master)

    # a new day, nothing changed in the folder: the summary is written (open cases judged again), no part is
    again = consolidate(office, out, db=database, as_of=dt.datetime(2026, 11, 21, 17))
    assert again.master_written and (again.parts, again.parts_written) == (2, 0)
    assert {part: _state(part) for part in before} == before
    assert _state(master) != summary

    # one workbook of Biro Hukum changed: its part is written again, Biro Umum's is left as it was
    changed = units["Biro Hukum"][0]
    case = sopxl.list_cases(changed).cases[0].case.number
    sopxl.add_note(changed, case, "berkas diperbaiki", at=dt.datetime(2026, 11, 21, 9))
    night = consolidate(office, out, db=database, as_of=dt.datetime(2026, 11, 22, 17))
    assert night.counts["read"] == 1 and (night.parts, night.parts_written) == (2, 1)
    assert _state(umum) == before[umum]
    assert _state(hukum) != before[hukum]
    notes = [row[header.index(L.text("note"))] for header, *rest in [sheet_rows(hukum, L.MASTER_PERISTIWA)]
             for row in rest]
    assert "berkas diperbaiki" in notes
    teknis = {row[0]: row[3] for row in sheet_rows(master, L.MASTER_TEKNIS) if row and str(row[0]).endswith(".xlsx")}
    assert teknis == {f"{folder.name}/Biro Hukum.xlsx": L.text("cons_yes"), f"{folder.name}/Biro Umum.xlsx":
                      L.text("cons_no")}

    # a part deleted by hand comes back on the next night; a part edited by hand is written again
    umum.unlink()
    with open(hukum, "ab") as edited:
        edited.write(b" ")
    restored = consolidate(office, out, db=database, as_of=dt.datetime(2026, 11, 23, 17))
    assert restored.parts_written == 2 and umum.exists()
    assert sheet_rows(umum, L.MASTER_KASUS)[1:]
    for part in (umum, hukum):
        assert_valid(part)
    assert not list(folder.glob(".*.tmp")) and not list(out.glob(".*.tmp"))


def test_a_big_unit_has_numbered_parts_and_a_night_writes_only_the_merged_sops_part(tmp_path: Path, monkeypatch):
    """A unit of more SOPs than a part holds (here 2, in real use ``MASTER_PART_SOPS``) has numbered parts; a
    night that merged one SOP writes that SOP's part only, whatever the size of its unit; no row is lost."""
    monkeypatch.setattr(L, "MASTER_PART_SOPS", 2)
    office, out = tmp_path / "kantor", tmp_path / "out"
    units = two_units(office)
    master = out / "master.xlsx"
    first = consolidate(office, out, db=out / "sopxl.db", as_of=dt.datetime(2026, 11, 20, 17))
    folder = master_module.parts_folder(master)
    names = {"Biro Umum bagian 1.xlsx", "Biro Umum bagian 2.xlsx", "Biro Hukum.xlsx"}
    assert {p.name for p in folder.glob("*.xlsx")} == names and (first.parts, first.parts_written) == (3, 3)
    closed = db_rows(out / "sopxl.db", "SELECT count(*) FROM cases WHERE state != 'open'")[0][0]
    kasus = [row for name in names for row in sheet_rows(folder / name, L.MASTER_KASUS)[1:]]
    assert len(kasus) == closed and {row[0] for row in kasus} == {"Biro Umum", "Biro Hukum"}
    before = {name: _state(folder / name) for name in names}

    changed = units["Biro Umum"][2]
    case = sopxl.list_cases(changed).cases[0].case.number
    sopxl.add_note(changed, case, "berkas diperbaiki", at=dt.datetime(2026, 11, 21, 9))
    night = consolidate(office, out, db=out / "sopxl.db", as_of=dt.datetime(2026, 11, 22, 17))
    assert night.counts["read"] == 1 and (night.parts, night.parts_written) == (3, 1)
    rewritten = [name for name in names if _state(folder / name) != before[name]]
    assert len(rewritten) == 1 and rewritten[0].startswith("Biro Umum bagian")
    notes = [row[header.index(L.text("note"))] for header, *rest in [sheet_rows(folder / rewritten[0],
                                                                                L.MASTER_PERISTIWA)] for row in rest]
    assert "berkas diperbaiki" in notes
    for name in names:
        assert_valid(folder / name)


def test_the_parts_beside_a_master_inside_the_folder_are_never_read_as_sources(tmp_path: Path):
    office = tmp_path / "kantor"
    two_units(office)
    master = office / "master.xlsx"             # the master kept in the folder it consolidates
    sopxl.consolidate([office], master=master, as_of=dt.datetime(2026, 11, 20, 17), report=False)
    parts = list(master_module.parts_folder(master).glob("*.xlsx"))
    assert len(parts) == 2
    again = sopxl.consolidate([office], master=master, as_of=dt.datetime(2026, 11, 21, 17), report=False)
    seen = {Path(f.path) for f in again.files}
    assert not seen & {master, *parts} and again.counts["files"] == 5 and again.counts["unchanged"] == 5



@pytest.mark.parametrize("name", [L.MASTER_RINGKASAN, L.MASTER_TEKNIS])
def test_summary_text_cells_show_whole_words_and_every_wrapped_line(tmp_path: Path, name: str):
    """Printed, the lagging tables cut headers mid-word ("Terlamb|at") and wrapped texts ran out of their rows
    (a step's Kegiatan of four lines in a row of two; on Teknis, a long unit's part name over the next
    column): every word of a wrapping cell fits its (merged) width, and every row is as tall as its wrapped
    texts need. The demo's examples: long unit names, late steps."""
    examples = tmp_path / "examples"
    shutil.copytree(Path(__file__).resolve().parents[1] / "workbooks" / "examples", examples)
    consolidate(examples, tmp_path / "out", as_of=dt.datetime(2026, 11, 20, 16, 30))
    sheet = openpyxl.load_workbook(tmp_path / "out" / "master.xlsx")[name]
    spans = {(r.min_row, r.min_col): r.max_col for r in sheet.merged_cells.ranges}
    width = {col: sheet.column_dimensions[openpyxl.utils.get_column_letter(col)].width for col in range(1, 20)}
    checked = 0
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text or cell.row <= 2:
                continue
            last = spans.get((cell.row, cell.column), cell.column)
            room = sum(width[col] for col in range(cell.column, last + 1)) * 7 - 3
            for word in cell.value.split():
                assert L.text_pixels(word) <= room, (cell.coordinate, word)
            lines, used = 1, 0.0
            for word in cell.value.split():
                size = L.text_pixels(word)
                if used and used + L.text_pixels(" ") + size > room:
                    lines, used = lines + 1, size
                else:
                    used += (L.text_pixels(" ") if used else 0) + size
            height = sheet.row_dimensions[cell.row].height or L.MIN_ROW_HEIGHT
            assert height >= lines * L.LINE_HEIGHT, (cell.coordinate, cell.value, lines, height)
            checked += 1
    assert checked > 10


def test_the_part_of_a_unit_gone_that_cannot_be_removed_is_removed_on_a_later_night(tmp_path: Path):
    """A unit's part that could not be removed (open in Excel) was forgotten and stayed in the folder for good."""
    office, out = tmp_path / "kantor", tmp_path / "out"
    two_units(office)
    master = out / "master.xlsx"
    consolidate(office, out, as_of=dt.datetime(2026, 11, 20, 17))
    umum = master_module.parts_folder(master) / "Biro Umum.xlsx"
    assert umum.exists()
    # Biro Umum's SOPs move to Biro Hukum: Biro Umum has no SOP left, its part goes
    shutil.rmtree(office / "umum")
    small_office(office / "umum", 3, 25, 4, dt.datetime(2026, 11, 19, 16), unit="Biro Hukum")
    umum.unlink()
    (umum / "terbuka").mkdir(parents=True)           # what cannot be removed as a file, even by root
    second = consolidate(office, out, as_of=dt.datetime(2026, 11, 21, 17))
    assert second.master_written and umum.is_dir()
    shutil.rmtree(umum)
    umum.write_bytes(b"left from before")
    third = consolidate(office, out, as_of=dt.datetime(2026, 11, 22, 17))
    assert third.master_written and not umum.exists()
    assert (master_module.parts_folder(master) / "Biro Hukum.xlsx").exists()


def test_a_reading_process_builds_each_kalender_once_and_tells_different_ones_apart(tmp_path: Path):
    """The reading processes keep the calendar of each distinct Kalender sheet they read (an office's workbooks
    share one): the same sheet gives the same calendar, another sheet its own, each as the sheet alone gives it,
    and a Kalender that is refused is refused again after a good one with the same cells elsewhere."""
    from sopxl.domain.calendar import calendar_to_json
    from sopxl.nightly import bulkread
    from sopxl.sheets.sop import calendar_from_grid
    from sopxl.xlsx.read import read_grids

    paths = {name: tmp_path / f"{name}.xlsx" for name in ("a2026", "b2030", "c2026")}
    for name, path in paths.items():
        sopxl.new(path, today=dt.date(int(name[1:]), 1, 5))
    broken = tmp_path / "rusak.xlsx"
    shutil.copy(paths["a2026"], broken)
    book = openpyxl.load_workbook(broken)
    hours = book[L.KALENDER]
    row, column = L.KALENDER_HOURS_ORIGIN
    hours.cell(row + 1, column + 1).value = "jam delapan"
    book.save(broken)
    bulkread._CALENDARS.clear()
    read = {name: bulkread.read_file(path) for name, path in paths.items()}
    assert read["a2026"].calendar is read["c2026"].calendar
    assert calendar_to_json(read["a2026"].calendar) != calendar_to_json(read["b2030"].calendar)
    for name, path in paths.items():
        alone = calendar_from_grid(read_grids(path, (L.KALENDER,))[L.KALENDER])
        assert calendar_to_json(read[name].calendar) == calendar_to_json(alone), name
    with pytest.raises(sopxl.SopxlError) as refused:
        bulkread.read_file(broken)
    assert refused.value.sheet == L.KALENDER
    assert len(bulkread._CALENDARS) == 2


def test_a_backup_already_linked_to_the_master_leaves_no_temporary_link(tmp_path: Path):
    """A run killed inside the backup leaves the day's backup as a second link of the master itself; the next
    run's backup renames a third link onto it, which the file system does nothing for: the link must go."""
    master = tmp_path / "master.xlsx"
    master.write_bytes(b"the master of the night before")
    day = dt.date(2026, 11, 20)
    os.link(master, tmp_path / f"master.{day.isoformat()}.xlsx")     # as the killed run left it
    backup = master_module._backup(master, day, keep=30)
    assert backup == tmp_path / "master.2026-11-20.xlsx" and backup.read_bytes() == master.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_parts_read_the_usual_way_are_the_bytes_the_general_way_writes(office: Path, tmp_path: Path, database,
                                                                       monkeypatch):
    """A data part's usual reading (each row's SOP as its id, shown as its unit, number and name through labels; a
    SOP's cases in key order on SQLite; no count when every case and every event of the window fit a sheet) writes
    the very sheets the general way (every column read, one sorted query, rows counted) writes."""
    from sopxl.nightly.store.engines import open_for_run

    out = tmp_path / "out"
    small_office(office / "lain", 3, 12, 5, dt.datetime(2026, 11, 19, 16), unit="Biro Hukum", prefix="HK")
    result = consolidate(office, out, db=database)
    written = {}
    for way in ("usual", "general"):
        if way == "general":
            monkeypatch.setattr(master_module, "_bounds", lambda *args: (None, None))
            monkeypatch.setattr(master_module._Part, "usual", False)
        store = open_for_run(database)
        try:
            written[way] = master_module.write_master(store, tmp_path / way / "master.xlsx", result,
                                                      master_module.MasterOptions())
        finally:
            store.close()
    parts = {way: sorted(master_module.parts_folder(tmp_path / way / "master.xlsx").glob("*.xlsx")) for way in written}
    assert [p.name for p in parts["usual"]] == [p.name for p in parts["general"]] and len(parts["usual"]) >= 2
    sheets = 0
    for usual, general in zip(parts["usual"], parts["general"]):
        with zipfile.ZipFile(usual) as one, zipfile.ZipFile(general) as other:
            assert one.namelist() == other.namelist()
            for name in one.namelist():
                assert one.read(name) == other.read(name), (usual.name, name)
                sheets += name.startswith("xl/worksheets/")
    assert sheets >= 6
    rows = part_rows(tmp_path / "usual" / "master.xlsx", L.MASTER_KASUS)
    assert {row[0] for row in rows[1:]} >= {"Biro Hukum"} and len(rows) > 20
    assert_valid(parts["usual"][0])
