"""The consolidation store on both engines: offices side by side, locks, kills, schema versions, where it lives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import sopxl
from helpers.ooxml import assert_valid
from sopxl import layout as L
from sopxl.cli import cli
from sopxl.nightly.store import SCHEMA_VERSION, StoreBusy, open_for_run, open_readonly
from sopxl.nightly.store.location import filesystem_of, on_network_share
from sopxl.domain.cases import Event
from test_nightly_consolidation import AS_OF, DATA, GOOD, db_rows, log_events, nomor_of, sheet_rows, small_office

ROOT = Path(__file__).resolve().parent.parent


def office_copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(DATA / "kantor", folder)
    return folder


def office_events(db, office: str) -> list[tuple]:
    return sorted(db_rows(db, "SELECT s.nomor, e.event_id FROM events e JOIN sops s ON s.id = e.sop_id "
                              "WHERE s.office = ?", (office,)))


def test_offices_with_the_same_paths_do_not_collide_and_are_reported_together(tmp_path: Path, database):
    folder = office_copy(tmp_path, "kantor")
    expected = sorted((nomor_of(folder / n), e[0]) for n in GOOD for e in log_events(folder / n))
    for office in ("jabar", "jatim"):
        result = sopxl.consolidate([folder], master=tmp_path / office / "master.xlsx", db=database, as_of=AS_OF,
                                   report=False, office=office)
        assert result.events_added == len(expected) and result.master_written
        # each office's master holds its own SOPs only, even from one shared database
        daftar = sheet_rows(tmp_path / office / "master.xlsx", L.MASTER_DAFTAR)
        assert len(daftar) - 1 == len(GOOD)
    assert office_events(database, "jabar") == office_events(database, "jatim") == expected
    # the same files are the same sources within an office: a re-run of one office reads nothing
    again = sopxl.consolidate([folder], master=tmp_path / "jabar" / "master.xlsx", db=database, as_of=AS_OF,
                              report=False, office="jabar")
    assert again.events_added == 0 and not again.data_changed
    # the central report: one office, several, or all
    for offices, sops in ((["jabar"], len(GOOD)), (["jabar", "jatim"], 2 * len(GOOD)), (None, 2 * len(GOOD))):
        source = sopxl.consolidated_source(database, offices=offices)
        report = sopxl.report(source, month="2026-11", output=tmp_path / "laporan.xlsx", generated_at=AS_OF)
        assert len(report.figures.sops) == sops, offices
    # the central master of several offices
    written = sopxl.master(database, output=tmp_path / "pusat.xlsx", offices=["jabar", "jatim"], as_of=AS_OF)
    daftar = sheet_rows(written.path, L.MASTER_DAFTAR)
    assert len(daftar) - 1 == 2 * len(GOOD)
    assert_valid(written.path)


def test_the_central_master_has_the_reminders_of_its_offices_each_unit_with_its_office(tmp_path: Path, database):
    """`sopxl master DATABASE` has the Pengingat sheet of an office's own master: for one office the same rows;
    for several, each unit named with its office (two offices' Biro Umum are two units, not one)."""
    from python_calamine import CalamineWorkbook
    from test_nightly_reminders import NIGHT, ODD_UNIT, night_office

    office = night_office(tmp_path / "kantor")
    for name in ("jabar", "jatim"):
        result = sopxl.consolidate([office], master=tmp_path / name / "master.xlsx", db=database, as_of=NIGHT,
                                   report=False, office=name)
        assert result.ok, result.to_dict()
    own = sheet_rows(tmp_path / "jabar" / "master.xlsx", "Pengingat")
    sopxl.master(database, output=tmp_path / "pusat-jabar.xlsx", offices=["jabar"], as_of=NIGHT)
    assert sheet_rows(tmp_path / "pusat-jabar.xlsx", "Pengingat") == own
    assert len(own) == L.REMINDER_TITLE_ROWS + 1 + 5

    result = CliRunner().invoke(cli, ["master", str(database), "-o", str(tmp_path / "pusat.xlsx"), "--as-of",
                                      "2026-12-23 23:00", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert CalamineWorkbook.from_path(str(tmp_path / "pusat.xlsx")).sheet_names.index("Reminders") == 1
    rows = sheet_rows(tmp_path / "pusat.xlsx", "Reminders")
    body = rows[L.REMINDER_TITLE_ROWS + 1:]
    assert [(row[0], row[1], row[5]) for row in body] == [
        (f"{ODD_UNIT} — office jabar", "Kabag", 1), (f"{ODD_UNIT} — office jabar", "Kasubbag", 2),
        (f"{ODD_UNIT} — office jatim", "Kabag", 1), (f"{ODD_UNIT} — office jatim", "Kasubbag", 2),
        ("Biro Umum — office jabar", "Kabag", 1), ("Biro Umum — office jabar", "Kabag", 2),
        ("Biro Umum — office jabar", "Kasubbag", 1),
        ("Biro Umum — office jatim", "Kabag", 1), ("Biro Umum — office jatim", "Kabag", 2),
        ("Biro Umum — office jatim", "Kasubbag", 1)]
    assert "10 case(s)" in rows[2][0] and "in 4 unit(s)" in rows[2][0]
    assert_valid(tmp_path / "pusat-jabar.xlsx")
    assert_valid(tmp_path / "pusat.xlsx")


def test_a_second_run_of_one_office_is_refused_while_other_offices_go_on(tmp_path: Path, postgresql_url):
    folder = office_copy(tmp_path, "kantor")
    holder = open_for_run(postgresql_url, office="jabar")      # what a running consolidation of jabar holds
    try:
        with pytest.raises(StoreBusy, match="another consolidation of office 'jabar'.*sopxl consolidate pid"):
            sopxl.consolidate([folder], master=tmp_path / "a" / "master.xlsx", db=postgresql_url, as_of=AS_OF,
                              report=False, office="jabar")
        other = sopxl.consolidate([folder], master=tmp_path / "b" / "master.xlsx", db=postgresql_url, as_of=AS_OF,
                                  report=False, office="jatim")
        assert other.master_written and other.events_added > 0
    finally:
        holder.close()
    later = sopxl.consolidate([folder], master=tmp_path / "a" / "master.xlsx", db=postgresql_url, as_of=AS_OF,
                              report=False, office="jabar")
    assert later.events_added == other.events_added


@pytest.mark.slow
def test_offices_run_at_once_into_postgresql_and_a_killed_one_leaves_its_office_as_it_was(tmp_path: Path,
                                                                                          postgresql_url):
    offices = ["aceh", "bali", "jambi", "riau"]
    expected = {}
    for index, office in enumerate(offices):
        paths = small_office(tmp_path / office, 12, 30, index + 1, dt.datetime(2026, 11, 10, 16))
        expected[office] = sorted((nomor_of(p), e[0]) for p in paths for e in log_events(p))
    sopxl_command = str(Path(sys.executable).with_name("sopxl"))

    def start(office: str) -> subprocess.Popen:
        return subprocess.Popen([sopxl_command, "consolidate", str(tmp_path / office), "--office", office,
                                 "--db", postgresql_url, "--master", str(tmp_path / "out" / office / "master.xlsx"),
                                 "--as-of", "2026-11-20 17:00", "--quiet", "--no-report", "--workers", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    rng = random.Random(int(os.environ.get("SOPXL_KILL_SEED", "11")))
    victim = rng.choice(offices)
    processes = {office: start(office) for office in offices}
    time.sleep(rng.uniform(0.5, 4.0))
    processes[victim].send_signal(signal.SIGKILL)
    for office, process in processes.items():
        _, stderr = process.communicate(timeout=300)
        if office != victim:
            assert process.returncode == 0, (office, stderr)
    for office in offices:
        events = office_events(postgresql_url, office)
        if office == victim:
            # nothing of the killed run, or all of it: never a part
            assert events in ([], expected[office]), (office, len(events), len(expected[office]))
        else:
            assert events == expected[office], office           # every event exactly once
    # the killed office's next run completes and adds each event once
    finished = start(victim)
    _, stderr = finished.communicate(timeout=300)
    assert finished.returncode == 0, stderr
    assert office_events(postgresql_url, victim) == expected[victim]
    runs = db_rows(postgresql_url, "SELECT office, count(*) FROM runs WHERE finished IS NOT NULL GROUP BY office "
                                   "ORDER BY office")
    assert [office for office, _ in runs] == offices


def make_version_1(path: Path) -> None:
    """A database as sopxl wrote it before offices (schema 1), with a consolidated SOP, source and finding."""
    script = (DATA / "schema-v1.sql").read_text(encoding="utf-8")
    with sqlite3.connect(path) as connection:
        connection.executescript(script)


def test_a_version_1_database_is_upgraded_in_one_transaction(tmp_path: Path):
    folder = office_copy(tmp_path, "kantor")
    db = tmp_path / "out" / "sopxl.db"
    db.parent.mkdir()
    make_version_1(db)
    with sqlite3.connect(db) as connection:
        old_events = connection.execute("SELECT * FROM events ORDER BY sop_id, event_id").fetchall()
        old_sources = connection.execute("SELECT path, sha256, sop_id FROM sources").fetchall()
    with pytest.raises(sopxl.SopxlError, match="schema 1 of an older sopxl"):
        open_readonly(db)          # reading never upgrades
    result = sopxl.consolidate([folder], master=tmp_path / "out" / "master.xlsx", db=db, as_of=AS_OF, report=False)
    assert result.master_written
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        kept = connection.execute("SELECT * FROM events WHERE sop_id IN (1, 2) ORDER BY sop_id, event_id").fetchall()
        assert kept == old_events            # the old office's events, untouched
        assert connection.execute("SELECT office, path, sha256, sop_id FROM sources WHERE path = ?",
                                  (old_sources[0][0],)).fetchall() == [("", *old_sources[0])]
        assert connection.execute("SELECT office, n FROM findings").fetchall()[:1] == [("", 1)]
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "sources_sop" in indexes


def test_an_upgrade_that_fails_leaves_the_database_exactly_as_it_was(tmp_path: Path):
    db = tmp_path / "sopxl.db"
    make_version_1(db)
    with sqlite3.connect(db) as connection:      # another program's object in the way of the upgrade
        connection.execute("CREATE TABLE sops_v2 (x)")
        before = list(connection.iterdump())
    with pytest.raises(sopxl.SopxlError, match=f"schema 1 cannot be upgraded to {SCHEMA_VERSION} .*left exactly as it was"):
        open_for_run(db)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (1,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [r[1] for r in connection.execute("PRAGMA table_info(sources)")][:2] == ["path", "folder"]
        assert list(connection.iterdump()) == before          # every table, row and index as it was


def test_a_version_3_database_is_upgraded_to_keep_the_time_index_only_where_it_is_read(tmp_path: Path, database):
    """Schema 4: SQLite drops the index of event times (none of its plans reads it, and each event added
    wrote it) and the events' foreign key (a lookup of the SOP for each event; the store checks the SOP once
    instead); PostgreSQL keeps both (its report window reads by the index). The events and cases stay as
    they were, and the upgraded database takes the next run as a new one would."""
    folder = office_copy(tmp_path, "kantor")
    master = tmp_path / "out" / "master.xlsx"
    first = sopxl.consolidate([folder], master=master, db=database, as_of=AS_OF, report=False)
    sqlite = isinstance(database, Path)
    events_sql = "SELECT * FROM events ORDER BY sop_id, event_id"
    before = db_rows(database, events_sql), db_rows(database, "SELECT * FROM cases ORDER BY sop_id, case_no")
    index = ("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_at'" if sqlite
             else "SELECT indexname FROM pg_indexes WHERE indexname = 'events_at'")
    assert db_rows(database, index) == ([] if sqlite else [("events_at",)])       # a new database
    if sqlite:      # as sopxl of schema 3 left it
        with sqlite3.connect(database) as connection:
            ddl, = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()
            old_ddl = ddl.replace("CREATE TABLE events", "CREATE TABLE events_v3").replace(
                "sop_id BIGINT NOT NULL,", "sop_id BIGINT NOT NULL REFERENCES sops(id),")
            connection.executescript(f"DROP VIEW events_readable; {old_ddl}; INSERT INTO events_v3 SELECT * FROM events; "
                                     "DROP TABLE events; ALTER TABLE events_v3 RENAME TO events; "
                                     "CREATE INDEX events_at ON events(at); PRAGMA user_version = 3;")
            assert connection.execute(index).fetchall() == [("events_at",)]
            assert len(connection.execute("PRAGMA foreign_key_list(events)").fetchall()) == 1
    else:
        import psycopg

        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute("UPDATE sopxl_schema SET version = 3")
    again = sopxl.consolidate([folder], master=master, db=database, as_of=AS_OF, report=False)
    assert again.events_added == 0 and not again.data_changed and first.events_added > 0
    store = open_readonly(database)
    try:
        assert store.schema_version() == SCHEMA_VERSION == 4
    finally:
        store.close()
    assert db_rows(database, index) == ([] if sqlite else [("events_at",)])
    assert (db_rows(database, events_sql), db_rows(database, "SELECT * FROM cases ORDER BY sop_id, case_no")) == before
    assert db_rows(database, "SELECT count(*) FROM events_readable") == [(len(before[0]),)]
    if sqlite:
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA foreign_key_list(events)").fetchall() == []
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    else:
        references = ("SELECT count(*) FROM information_schema.table_constraints WHERE table_name = 'events' "
                      "AND constraint_type = 'FOREIGN KEY'")
        assert db_rows(database, references) == [(1,)]


def test_events_never_name_a_sop_that_is_not_there(tmp_path: Path, database):
    """Both engines refuse a SOP's events when the SOP does not exist (PostgreSQL by its foreign key,
    SQLite by the store's check of the SOP, once for all its events), and nothing of them is written."""
    from sopxl.nightly.store import pack_events

    if isinstance(database, Path):
        database.parent.mkdir()
    store = open_for_run(database)
    rows = [(1, 1, 1, "mulai", 1_700_000_000, "Kasubbag", "kasubbag", 1_700_000_000, "", 0)]
    try:
        for given in (rows, pack_events(store.engine, rows)):
            store.begin()
            run = store.start_run(dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 1), [])
            with pytest.raises(Exception, match="(?i)foreign key"):
                store.insert_events(424242, given, run)
            store.rollback()
    finally:
        store.close()
    assert db_rows(database, "SELECT count(*) FROM events") == [(0,)]


def test_a_newer_schema_is_refused_untouched(tmp_path: Path, database):
    if isinstance(database, Path):
        database.parent.mkdir()
    store = open_for_run(database)
    store.close()
    if isinstance(database, Path):
        with sqlite3.connect(database) as connection:
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        import psycopg

        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute("UPDATE sopxl_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(sopxl.SopxlError, match=f"schema {SCHEMA_VERSION + 1}, newer than this sopxl knows"):
        open_for_run(database)


def test_a_password_in_the_url_is_refused_and_the_environment_names_the_database(tmp_path: Path, postgresql_url,
                                                                                 monkeypatch):
    folder = office_copy(tmp_path, "kantor")
    runner = CliRunner()
    result = runner.invoke(cli, ["consolidate", str(folder), "--db", "postgresql://sopxl:rahasia@localhost/sopxl"])
    assert result.exit_code == 2 and "PGPASSWORD" in result.output and "Traceback" not in result.output
    monkeypatch.setenv("SOPXL_DB", postgresql_url)
    result = runner.invoke(cli, ["consolidate", str(folder), "--master", str(tmp_path / "m.xlsx"), "--office", "ntb",
                                 "--as-of", "2026-11-20 17:00", "--no-report", "--format", "json"])
    assert result.exit_code == 1, result.output           # the bad night's files fail; the rest is read
    assert office_events(postgresql_url, "ntb")
    report = runner.invoke(cli, ["report", str(tmp_path / "m.xlsx"), "--month", "2026-11", "-o",
                                 str(tmp_path / "r.xlsx")])     # the master names its database (no password)
    assert report.exit_code == 0, report.output


def test_the_default_database_is_on_a_local_disk(tmp_path: Path, monkeypatch):
    mounts = ("/dev/sda1 / ext4 rw 0 0\n//server/sop /mnt/share cifs rw 0 0\n"
              "server:/export /mnt/nfs nfs4 rw 0 0\n/dev/sdb1 /mnt/share/local ext4 rw 0 0\n")
    assert filesystem_of(Path("/mnt/share/laporan/master.xlsx"), mounts) == "cifs"
    assert filesystem_of(Path("/mnt/nfs/a"), mounts) == "nfs4"
    assert filesystem_of(Path("/mnt/share/local/a"), mounts) == "ext4"
    assert filesystem_of(Path("/mnt/sharex/a"), mounts) == "ext4"
    assert not on_network_share(tmp_path)
    from sopxl.nightly.store.location import default_database, local_data_dir

    monkeypatch.delenv("SOPXL_DB", raising=False)
    assert default_database(tmp_path / "master.xlsx") == tmp_path / "sopxl.db"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert local_data_dir() == tmp_path / "data" / "sopxl"
    monkeypatch.setenv("SOPXL_DB", "postgresql://sopxl@pusat/sopxl")
    assert default_database(tmp_path / "master.xlsx") == "postgresql://sopxl@pusat/sopxl"


def sop_by_sop(database, offices, window=None):
    """The report source as sopxl read it before the set-based queries: each SOP's events asked for on their own."""
    import json

    from sopxl.domain.calendar import calendar_from_json
    from sopxl.domain.figures import SopMeta, SopSource
    from sopxl.domain.model import SOP
    from sopxl.nightly.store import office_filter
    from sopxl.nightly.store.times import unstamp

    store = open_readonly(database)
    where, params = office_filter("office", offices)
    select = ("SELECT e.event_id, e.case_no, e.step, e.action, e.at, e.actor, e.recorded_by, e.recorded_at, "
              "e.note FROM events e WHERE e.sop_id=? AND e.removed_run IS NULL AND e.refused = 0")
    extra: tuple = ()
    if window is not None:
        select += (" AND e.at < ? AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.sop_id = e.sop_id AND "
                   "c.case_no = e.case_no AND c.state != 'open' AND c.closed < ?)")
        extra = (window[1], window[0])
    try:
        for sop_id, instansi, nomor, nama, path, sop_json, calendar_json in store.query(
                f"SELECT id, instansi, nomor, nama, path, sop_json, calendar_json FROM sops WHERE {where} ORDER BY id",
                params).fetchall():
            events = [Event(i, c, st, a, unstamp(at), ac, rb, unstamp(ra), n) for i, c, st, a, at, ac, rb, ra, n
                      in store.query(select + " ORDER BY e.event_id", (sop_id, *extra)).fetchall()]
            yield SopSource(meta=SopMeta.of(f"sop:{sop_id}", instansi, nama, nomor, Path(path).name),
                            sop=SOP.from_dict(json.loads(sop_json)), calendar=calendar_from_json(calendar_json),
                            events=events)
    finally:
        store.close()


def test_the_central_report_asks_for_every_sop_at_once_and_counts_as_sop_by_sop(tmp_path: Path, database):
    """A report from a database of several offices asks it twice, whatever the number of SOPs (the SOPs, then
    their events), in one snapshot; its figures are those of asking for each SOP's events on its own (as sopxl
    did before), for one office, several and all, in the months before, during and after the cases, and the
    report of one office from the central database is the report of that office's own database."""
    from sopxl.domain.figures import Month, report_figures, report_window
    from sopxl.nightly.store import StoreSource
    from sopxl.reporting.spool import SpooledSops

    offices = {"jabar": (4, 1, "Biro Umum", "UM"), "jatim": (4, 2, "Biro Hukum", "HK"), "papua": (2, 3, "Biro Umum", "UM")}
    for office, (files, seed, unit, prefix) in offices.items():
        small_office(tmp_path / office, files, 30, seed, dt.datetime(2026, 11, 19, 16), start=dt.datetime(2026, 6, 1, 8),
                     unit=unit, prefix=prefix)
        sopxl.consolidate([tmp_path / office], master=tmp_path / "out" / office / "master.xlsx", db=database,
                          as_of=AS_OF, report=False, office=office)
    asked = []
    for chosen in (["jatim"], ["jabar", "papua"], None):
        source = StoreSource(database, offices=chosen)
        store = source.store
        for name in ("query", "stream"):
            real = getattr(store, name)
            setattr(store, name, lambda sql, params=(), real=real, **how: asked.append(sql) or real(sql, params, **how))
        try:
            for month in (Month(2026, 5), Month(2026, 8), Month(2026, 10), Month(2026, 11)):
                window = report_window(month, AS_OF)
                asked.clear()
                figures = sopxl.report(source, month=str(month), output=tmp_path / "laporan.xlsx",
                                       generated_at=AS_OF).figures
                assert isinstance(figures.sops, SpooledSops)
                assert len(asked) <= 3, asked               # never one query per SOP
                expected = report_figures(sop_by_sop(database, chosen, tuple(map(stamp_of, window))), month, AS_OF)
                assert figures == expected, (chosen, month)
                assert len(figures.sops) == sum(offices[o][0] for o in chosen or offices)
            assert report_figures(source, month, AS_OF) == report_figures(sop_by_sop(database, chosen), month, AS_OF)
        finally:
            store.close()
    assert any(f.opened for f in expected.sops)
    # one office's report from the central database is that office's report from its own database
    sopxl.consolidate([tmp_path / "jatim"], master=tmp_path / "own" / "master.xlsx", db=tmp_path / "own" / "own.db",
                      as_of=AS_OF, report=False)
    reports = [sopxl.report(source, month="2026-10", output=tmp_path / f"{name}.xlsx", generated_at=AS_OF)
               for name, source in (("central", sopxl.consolidated_source(database, offices=["jatim"])),
                                    ("own", tmp_path / "own" / "own.db"))]
    central, own = ({**report.to_dict(), "workbook": None, "sops": [{**sop, "key": None} for sop in report.to_dict()["sops"]]}
                    for report in reports)
    assert central == own and len(central["sops"]) == 4 and any(sop["closed"] for sop in central["sops"])
    assert_valid(tmp_path / "central.xlsx")


def stamp_of(moment: dt.datetime) -> int:
    from sopxl.nightly.store.times import stamp

    return stamp(moment)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_report_reads_only_the_months_cases_from_the_database_and_counts_the_same(tmp_path: Path, database,
                                                                                     seed: int):
    """The database gives a month's report only the events before its end of cases not ended before the month
    before it (``StoreSource.narrowed``); the figures are those of replaying every event, month by month."""
    from sopxl.domain.figures import Month, report_figures, report_window
    from sopxl.nightly.store import StoreSource

    small_office(tmp_path / "kantor", 3, 40, seed, dt.datetime(2026, 11, 19, 16), start=dt.datetime(2026, 3, 2, 8))
    sopxl.consolidate([tmp_path / "kantor"], master=tmp_path / "out" / "master.xlsx", db=database, as_of=AS_OF,
                      report=False)
    source = StoreSource(database)
    everything = sum(len(item.events) for item in source)
    try:
        for month, now in [(Month(2026, m), AS_OF) for m in range(2, 13)] + [(Month(2026, 11), dt.datetime(2026, 11, 9))]:
            narrowed = source.narrowed(*report_window(month, now))
            assert report_figures(narrowed, month, now) == report_figures(source, month, now), month
            read = sum(len(item.events) for item in narrowed)
            if month.start >= dt.datetime(2026, 6, 1):
                assert read < everything / 2, month          # the earlier months' closed cases stay in the database
        # the report through the API narrows too, and counts what the whole replay counts
        report = sopxl.report(sopxl.consolidated_source(database), month="2026-10", output=tmp_path / "l.xlsx",
                              generated_at=AS_OF)
        assert report.figures == report_figures(source, Month(2026, 10), AS_OF)
        assert report.figures.total().opened > 0
    finally:
        source.store.close()
