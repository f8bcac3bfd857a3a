"""A night that stays flat: only what changed is read and judged again, and the result is a full night's.

Incremental nights (random changes to real workbooks, new days, re-runs) are compared with a night from
scratch over the same files at the same moment, on both engines; the open cases judged again by a query
on a new day are the Tracker's figures; the night's statements use indexes (SQLite's query plans).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

import sopxl
from sopxl.domain.cases import OPEN
from sopxl.domain import tracker as tracker_module
from sopxl.nightly import analyse as analyse_module, consolidation as consolidation_module
from sopxl.nightly.store import CASE_COLUMNS, SCHEMA_VERSION, SQLiteStore, open_for_run, open_readonly
from test_nightly_consolidation import db_rows, small_office

START = dt.datetime(2026, 11, 18, 16, 0)      # the simulated cases' last moment


def office(folder: Path, files: int, cases: int, seed: int) -> list[Path]:
    """`files` workbooks whose cases began on the day before START ends: many still open."""
    return small_office(folder, files, cases, seed, START, start=dt.datetime(2026, 11, 18, 8))


def content(db) -> dict:
    """What a night leaves in the database, without ids, run numbers and file times: the SOPs whose files
    exist, their current events, their cases (with every figure), their findings."""
    store = open_readonly(db)
    try:
        def rows(sql: str) -> list[tuple]:
            return sorted((tuple(row) for row in store.query(sql).fetchall()), key=repr)

        present = "s.present = 1"
        cases = [f"CASE WHEN c.state = '{OPEN}' THEN c.as_of END" if c == "as_of" else "c." + c for c in CASE_COLUMNS]
        return {
            "sops": rows("SELECT identity, instansi, unit, nomor, nama, path, lang, steps, total_norm, errors, "
                         f"warnings, infos, sop_json, calendar_json FROM sops s WHERE {present}"),
            "events": rows("SELECT s.nomor, e.event_id, e.case_no, e.step, e.action, e.at, e.actor, e.recorded_by, "
                           "e.recorded_at, e.note, e.refused FROM events e JOIN sops s ON s.id = e.sop_id "
                           f"WHERE {present} AND e.removed_run IS NULL"),
            # a closed or cancelled case's figures do not move with time: its as_of is when its file was read
            "cases": rows(f"SELECT s.nomor, {', '.join(cases)} FROM cases c JOIN sops s ON s.id = c.sop_id "
                          f"WHERE {present}"),
            "findings": rows("SELECT f.path, f.n, s.nomor, f.code, f.severity, f.location, f.value, f.message_en "
                             f"FROM findings f JOIN sops s ON s.id = f.sop_id WHERE {present}"),
        }
    finally:
        store.close()


def night(folder: Path, out: Path, db, as_of: dt.datetime):
    return sopxl.consolidate([folder], master=out / "master.xlsx", db=db, as_of=as_of, report=False)


def from_scratch(folder: Path, tmp_path: Path, as_of: dt.datetime, n: int) -> dict:
    """A full night over the same files at the same moment into a new SQLite database: the reference."""
    out = tmp_path / f"scratch{n}"
    night(folder, out, out / "sopxl.db", as_of)
    return content(out / "sopxl.db")


def open_cases_of(path: Path, as_of: dt.datetime) -> list[int]:
    return [f.case.number for f in sopxl.list_cases(path, as_of=as_of).cases if f.case.state == OPEN]


def change_something(rng: random.Random, folder: Path, moment: dt.datetime) -> str:
    """One random change an office makes during a day: a case goes on, starts, gets a note, is cancelled,
    a file is copied in, or a workbook is removed."""
    books = sorted(folder.glob("*.xlsx"))
    book = rng.choice(books)
    opened = open_cases_of(book, moment)
    kind = rng.choice(["advance", "advance", "start", "note", "cancel", "new file", "remove"])
    if kind in ("advance", "cancel", "note") and not opened:
        kind = "start"
    if kind == "advance":
        case = rng.choice(opened)
        try:
            sopxl.advance(book, case, at=moment)
        except sopxl.SopxlError:                       # at a decision: answer it
            sopxl.advance(book, case, decision=rng.random() < 0.7, at=moment)
    elif kind == "start":
        sopxl.start_case(book, f"berkas {rng.randrange(1000)}", at=moment)
    elif kind == "note":
        sopxl.add_note(book, rng.choice(opened), "dicek", at=moment)
    elif kind == "cancel":
        sopxl.cancel_case(book, rng.choice(opened), at=moment, note="ditarik")
    elif kind == "new file":
        fresh = folder / f"baru_{rng.randrange(10**6)}.xlsx"
        small_office(folder / ".tmp", 1, 3, rng.randrange(1000), moment - dt.timedelta(hours=1),
                     start=moment - dt.timedelta(days=20))
        shutil.move(folder / ".tmp" / "sop_00.xlsx", fresh)
        shutil.rmtree(folder / ".tmp")
        sop = sopxl.load(fresh)
        sop.identity.nomor = fresh.stem               # its own SOP, not a copy of sop_00
        sopxl.save(sop, fresh)
    elif len(books) > 2:
        book.unlink()
    return f"{kind} {book.name}"


@pytest.mark.slow
def test_incremental_nights_equal_a_night_from_scratch(tmp_path: Path, database):
    folder, out = tmp_path / "kantor", tmp_path / "out"
    office(folder, 4, 14, 3)
    rng = random.Random(19)
    moment = judged = dt.datetime(2026, 11, 19, 2, 0)
    night(folder, out, database, moment)
    for n in range(7):
        steps = []
        # the office's day: a few changes at moments within working hours (or none at all)
        day = moment.date() + dt.timedelta(days=rng.choice([0, 1, 1, 3]))
        for _ in range(rng.choice([0, 1, 2])):
            at = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(seconds=rng.randrange(7 * 3600))
            steps.append(change_something(rng, folder, at))
        # the night: at a moment after them (sometimes within working hours, odd seconds)
        moment = dt.datetime.combine(day, dt.time(rng.choice([2, 15, 17]), rng.randrange(60), rng.randrange(60)))
        result = night(folder, out, database, moment)
        if result.master_written:
            judged = moment
        else:       # the same day, nothing changed: the night leaves everything as the day's first night judged it
            assert not result.data_changed and result.counts["read"] == 0 and moment.date() == judged.date()
        expected = from_scratch(folder, tmp_path, judged, n)
        got = content(database)
        for table in expected:
            assert got[table] == expected[table], (n, table, steps)
        assert result.counts["read"] <= len(steps) + 1, (result.counts, steps)     # changed files only


def test_a_new_day_judges_open_cases_by_query_as_the_tracker_does(tmp_path: Path, database, monkeypatch):
    folder, out = tmp_path / "kantor", tmp_path / "out"
    office(folder, 3, 14, 5)
    first = night(folder, out, database, dt.datetime(2026, 11, 19, 2, 0))
    assert first.counts["read"] == 3 and first.changes.sops and not first.changes.rejudged
    status = f"SELECT s.path, c.case_no, c.status FROM cases c JOIN sops s ON s.id = c.sop_id WHERE c.state = '{OPEN}'"
    before = set(db_rows(database, status))
    # judging open cases again must not replay or re-time a Log, nor build a Tracker
    # (the consolidation imports them where it uses them: taken away at their source)
    monkeypatch.setattr(tracker_module, "Tracker", None)
    monkeypatch.setattr(analyse_module, "analyse", None)
    # the same night again, half an hour on: no working time passed, so no figure moves
    again = night(folder, out, database, dt.datetime(2026, 11, 19, 2, 30))
    assert again.counts["read"] == 0 and not again.data_changed and not again.changes.data
    # the next days: the open cases of every SOP are judged anew by the database, as the Tracker judges them
    for moment in (dt.datetime(2026, 11, 20, 10, 17, 29), dt.datetime(2026, 11, 21, 2, 0),
                   dt.datetime(2026, 11, 27, 15, 59, 1)):
        result = night(folder, out, database, moment)
        assert result.counts["read"] == 0 and result.master_written
        assert result.changes.rejudged == {row[0] for row in db_rows(database, "SELECT id FROM sops")}
        assert result.changes.new_moment and not result.changes.sops
        rows = db_rows(database, f"SELECT s.path, {', '.join('c.' + c for c in CASE_COLUMNS)} FROM cases c JOIN "
                                 "sops s ON s.id = c.sop_id WHERE c.state = 'open' ORDER BY s.path, c.case_no")
        assert rows
        expected = []
        for path in sorted(folder.glob("*.xlsx")):
            for figures in sopxl.list_cases(path, as_of=moment).cases:
                if figures.case.state == OPEN:
                    r = figures.row(2)
                    expected.append((str(path), r.number, r.step_used, r.status, r.total_used, r.total_status))
        columns = [CASE_COLUMNS.index(c) + 1 for c in ("case_no", "step_used", "status", "total_used", "total_status")]
        assert sorted((row[0], *(row[i] for i in columns)) for row in rows) == sorted(expected)
    # lateness came with the days
    became_late = {(path, case) for path, case, status in before if status != "late"}
    assert became_late and {(p, c) for p, c, s in db_rows(database, status) if s == "late"} >= became_late


def test_a_version_2_database_keeps_its_cases_and_judges_them_once_in_python(tmp_path: Path, database):
    folder, out = tmp_path / "kantor", tmp_path / "out"
    office(folder, 2, 10, 7)
    night(folder, out, database, dt.datetime(2026, 11, 19, 2, 0))
    # as a sopxl of schema 2 left it: no clocks, no index of open cases
    if isinstance(database, Path):
        with sqlite3.connect(database) as connection:
            connection.executescript("DROP VIEW cases_readable; DROP INDEX cases_open; DROP INDEX event_versions_sop;"
                                     + "".join(f"ALTER TABLE cases DROP COLUMN {c};" for c in CASE_COLUMNS[-4:])
                                     + "PRAGMA user_version = 2;")
    else:
        import psycopg

        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute("DROP VIEW cases_readable; DROP INDEX cases_open; DROP INDEX event_versions_sop;"
                               + "".join(f"ALTER TABLE cases DROP COLUMN {c};" for c in CASE_COLUMNS[-4:])
                               + "UPDATE sopxl_schema SET version = 2")
    moment = dt.datetime(2026, 11, 23, 11, 5, 7)
    result = night(folder, out, database, moment)
    assert result.counts["read"] == 0 and result.changes.rejudged
    store = open_readonly(database)
    try:
        assert store.schema_version() == SCHEMA_VERSION
    finally:
        store.close()
    assert content(database)["cases"] == from_scratch(folder, tmp_path, moment, 0)["cases"]
    clocked = "SELECT count(*) FROM cases WHERE state = 'open' AND step_clock IS NULL"
    assert db_rows(database, clocked) == [(0,)]          # judged once in Python; by the database from now on


BIG_TABLES = ("events", "cases", "sources", "findings", "event_versions", "run_files")


def test_every_statement_of_a_night_uses_an_index(tmp_path: Path, monkeypatch, database):
    """The plan of each statement a night issues (first night, a changed file, a new day): no table that
    grows with the data is scanned whole, and the open cases are found by their own index. SQLite's
    ``EXPLAIN QUERY PLAN``; PostgreSQL's ``EXPLAIN`` with sequential scans disabled (on a small database
    it would rightly prefer them): a sequential scan left in the plan means no index could serve."""
    from sopxl.nightly.store.postgresql import PostgresStore, _pg_sql

    folder, out = tmp_path / "kantor", tmp_path / "out"
    paths = office(folder, 3, 10, 11)
    engine = SQLiteStore if isinstance(database, Path) else PostgresStore
    seen: dict[str, tuple] = {}
    execute, executemany = engine.execute, engine.executemany

    def recording(self, sql, params=()):
        seen.setdefault(sql, tuple(params))
        return execute(self, sql, params)

    def recording_many(self, sql, rows):
        rows = list(rows)
        if rows:
            seen.setdefault(sql, tuple(rows[0]))
        return executemany(self, sql, rows)

    monkeypatch.setattr(consolidation_module.Run, "_write_outputs", lambda self: None)   # the master's own queries
    monkeypatch.setattr(engine, "execute", recording)
    monkeypatch.setattr(engine, "executemany", recording_many)
    night(folder, out, database, dt.datetime(2026, 11, 19, 2, 0))
    sopxl.add_note(paths[1], 1, "dicek", at=dt.datetime(2026, 11, 19, 9, 0))
    paths[2].unlink()
    night(folder, out, database, dt.datetime(2026, 11, 20, 2, 0))
    monkeypatch.undo()
    assert any("UPDATE cases SET step_used" in sql for sql in seen)
    store = open_for_run(database)
    scans, checked = {}, 0
    try:
        store.begin()
        if engine is PostgresStore:
            store.db.execute("SET LOCAL enable_seqscan = off")
        for sql, params in seen.items():
            if sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "PRAGMA", "SELECT 1 FROM EVENTS LIMIT 1")):
                continue
            if engine is SQLiteStore:
                plan = [row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]
                tables = {alias or table: table for table, alias in re.findall(
                    r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(?!WHERE|ON|SET|JOIN|USING)(\w+))?", sql,
                    flags=re.IGNORECASE)}
                whole = [step for step in plan if step.startswith("SCAN ")
                         and tables.get(step.split()[1], step.split()[1]) in BIG_TABLES]
            else:
                plan = [row[0] for row in store.db.execute(f"EXPLAIN {_pg_sql(sql)}", params).fetchall()]
                whole = [step for step in plan if re.search(r"Seq Scan on (\w+)", step)
                         and re.search(r"Seq Scan on (\w+)", step).group(1) in BIG_TABLES]
            # the open cases judged again on a new day are found by their index, not among all cases
            if whole or ("c.state = 'open'" in sql and not any("cases_open" in step for step in plan)):
                scans[sql] = plan
            checked += 1
        store.rollback()
    finally:
        store.close()
    assert not scans, scans
    assert checked >= 22


def test_reminders_timed_from_the_clocks_are_the_trackers(tmp_path: Path):
    """Reminders time each open case's step from its row's clock and norm on its calendar alone; the same
    reminders as timing it with its SOP's Tracker (the way for rows without clocks), overdue and due today."""
    from sopxl.nightly.reminders import DUE_TODAY, OVERDUE, collect

    folder, out = tmp_path / "kantor", tmp_path / "out"
    office(folder, 4, 14, 13)
    night(folder, out, out / "sopxl.db", dt.datetime(2026, 11, 18, 11, 0))
    unclocked = tmp_path / "unclocked.db"
    shutil.copy(out / "sopxl.db", unclocked)
    with sqlite3.connect(unclocked) as connection:
        connection.execute("UPDATE cases SET step_clock = NULL")
    kinds = set()
    for moment in (dt.datetime(2026, 11, 18, 11, 0), dt.datetime(2026, 11, 18, 12, 31, 7),
                   dt.datetime(2026, 11, 18, 23, 0), dt.datetime(2026, 11, 21, 9, 0)):
        clocked, timed = open_readonly(out / "sopxl.db"), open_readonly(unclocked)
        try:
            got, expected = collect(clocked, moment), collect(timed, moment)
        finally:
            clocked.close()
            timed.close()
        assert got == expected, moment
        kinds |= {r.kind for r in got}
    assert kinds == {OVERDUE, DUE_TODAY}


def test_an_unchanged_night_lists_asks_once_and_loads_nothing_else(tmp_path: Path, database):
    """A night that finds nothing changed (same day): in a fresh process, as `sopxl consolidate` runs it, it
    loads neither the reading nor the master's modules (nor the domain, nor a workbook library); of the data
    tables it asks only the one query of the sources (by the office's key), and writes only its run's row."""
    import json
    import subprocess
    import sys

    import os
    import time

    folder, out = tmp_path / "kantor", tmp_path / "out"
    for path in office(folder, 3, 6, 17):       # saved an hour ago (a file saved within 2 s of a night is hashed)
        os.utime(path, (time.time() - 3600,) * 2)
    night(folder, out, database, dt.datetime(2026, 11, 19, 2, 0))
    probe = (
        "import json, sys\n"
        "from sopxl.nightly.store import sqlite as s, postgresql as p\n"      # (both engines' statements recorded)
        "seen = []\n"
        "for engine in (s.SQLiteStore, p.PostgresStore):\n"
        "    def recording(self, sql, params=(), _execute=engine.execute):\n"
        "        seen.append(sql)\n"
        "        return _execute(self, sql, params)\n"
        "    def recording_many(self, sql, rows, _many=engine.executemany):\n"
        "        rows = list(rows)\n"
        "        if rows: seen.append(sql)\n"
        "        return _many(self, sql, rows)\n"
        "    engine.execute, engine.executemany = recording, recording_many\n"
        "loaded = set(sys.modules)\n"
        "from sopxl.cli import main\n"
        "sys.argv = ['sopxl', 'consolidate', sys.argv[1], '--master', sys.argv[2], '--db', sys.argv[3], '--quiet',\n"
        "            '--no-report', '--as-of', '2026-11-19 02:30']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as end:\n"
        "    code = end.code\n"
        "print(json.dumps({'code': code, 'modules': sorted(set(sys.modules) - loaded), 'sql': seen}))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(folder), str(out / "master.xlsx"), str(database)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done
    as_of_text = {"sopxl.domain", "sopxl.domain.dates", "sopxl.domain.norms",    # reading --as-of's text
                      "sopxl.domain.memo"}
    heavy = [m for m in set(report["modules"]) - as_of_text if m.startswith(("sopxl.domain.", "sopxl.nightly.master",
                                                           "sopxl.nightly.reminders", "sopxl.nightly.bulkread",
                                                           "sopxl.nightly.analyse", "sopxl.nightly.readpool",
                                                           "sopxl.sheets", "sopxl.xlsx.read", "sopxl.validation",
                                                           "sopxl.reporting", "python_calamine", "xlsxwriter",
                                                           "openpyxl"))]
    assert not heavy, heavy
    data = [sql for sql in report["sql"] if re.search(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:events|event_versions|cases|"
                                                       r"findings|sops|sources|run_files)\b", sql, re.IGNORECASE)]
    assert len(data) == 1 and "FROM sources r" in data[0] and "WHERE r.office=?" in data[0], data
    writes = [sql for sql in report["sql"] if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes and all(re.search(r"\b(?:INTO|UPDATE)\s+runs\b", sql) for sql in writes), writes
def summary_values(master: Path) -> dict:
    """What the summary shows that does not depend on which parts a night wrote: Ringkasan, Kasus Berjalan,
    Daftar and the totals of Teknis."""
    from sopxl import layout as L

    book = CalamineWorkbook.from_path(str(master))
    values = {name: book.get_sheet_by_name(name).to_python() for name in
              (L.MASTER_RINGKASAN, L.MASTER_BERJALAN, L.MASTER_DAFTAR)}
    teknis = book.get_sheet_by_name(L.MASTER_TEKNIS).to_python()
    first = next(i for i, row in enumerate(teknis) if row[0] == L.text(L.MASTER_TOTALS_COLUMNS[0].key))
    last = next(i for i, row in enumerate(teknis) if row[0] == L.text("mr_parts_title"))
    values[L.MASTER_TEKNIS] = teknis[first:last]
    return values


@pytest.mark.slow
def test_a_nights_summary_counts_only_the_merged_sops_and_equals_one_counted_afresh(tmp_path: Path, database):
    """The summary keeps each SOP's case counts between nights (its parts' list) and counts again only the SOPs
    a night merged: after nights of random changes, new days and re-runs its Ringkasan, Kasus Berjalan, Daftar
    and Teknis totals equal a summary counted afresh from the same database at the same moment."""
    from sopxl.nightly.master import MasterOptions, Touched, parts_folder, write_master

    folder, out = tmp_path / "kantor", tmp_path / "out"
    # cases over fourteen months, so that the twelve Ringkasan shows move with the moment
    small_office(folder, 4, 20, 5, START, start=START - dt.timedelta(days=430))
    rng = random.Random(23)
    moment = dt.datetime(2026, 11, 19, 2, 0)
    night(folder, out, database, moment)
    counted = 0
    for n in range(6):
        day = moment.date() + dt.timedelta(days=rng.choice([0, 1, 1, 3]))
        for _ in range(rng.choice([1, 1, 2])):
            change_something(rng, folder, dt.datetime.combine(day, dt.time(8)) + dt.timedelta(seconds=rng.randrange(7 * 3600)))
        moment = dt.datetime.combine(day, dt.time(rng.choice([2, 15]), rng.randrange(60)))
        result = night(folder, out, database, moment)
        if not result.master_written:
            continue
        manifest = json.loads((parts_folder(out / "master.xlsx") / ".sopxl-parts.json").read_text(encoding="utf-8"))
        assert set(manifest["cases"]["sops"]) >= {str(sop) for sop in result.changes.sops}
        store = open_readonly(database)
        try:
            write_master(store, tmp_path / f"afresh{n}" / "master.xlsx", result, MasterOptions(), offices=[""])
        finally:
            store.close()
        assert summary_values(out / "master.xlsx") == summary_values(tmp_path / f"afresh{n}" / "master.xlsx"), n
        counted += 1
    assert counted >= 3
    # a master written back in time (its twelve months begin earlier than the kept counts'): counted afresh
    earlier = dataclasses.replace(result, as_of=moment - dt.timedelta(days=70))
    store = open_readonly(database)
    try:
        write_master(store, out / "master.xlsx", earlier, MasterOptions(), offices=[""], touched=Touched())
        write_master(store, tmp_path / "afresh-earlier" / "master.xlsx", earlier, MasterOptions(), offices=[""])
    finally:
        store.close()
    assert summary_values(out / "master.xlsx") == summary_values(tmp_path / "afresh-earlier" / "master.xlsx")
