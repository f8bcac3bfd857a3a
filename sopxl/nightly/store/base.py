"""The store interface: what a consolidation run and the master ask of the database, written once for both engines.

``Store`` holds the plan — every query a run, the master and the report make — in SQL both engines
understand (``?`` placeholders; ``schema.Dialect`` for the few words they spell differently). An engine
module (``sqlite``, ``postgresql``) subclasses it with how to connect, lock an office, run statements,
keep the schema version and load many rows fast; nothing else differs.

Every row a run writes belongs to its office (``self.office``): sources are keyed by (office, path),
SOPs by (office, identity), and every statement a run issues touches only its own office's rows, so
runs of different offices into one PostgreSQL database never wait for each other's rows.
"""

from __future__ import annotations

import abc

import datetime as dt
import json
from dataclasses import dataclass
from itertools import chain
from typing import Iterator

from ...errors import SopxlError
from .rows import AT, CASE_COLUMNS, EVENT_COLUMNS, OPENED, PackedRows, values_terms, years_of
from .schema import SCHEMA_VERSION, Dialect
from .times import iso

# a new SOP's events and cases go into SQLite up to this many rows to an INSERT: one statement step for many
# rows (a power of two: the rest of a SOP's rows go in halves, so a run prepares a few statement sizes)
ROWS_PER_INSERT = 128
# the parameters a statement may bind where the engine does not say (SQLite before 3.32)
MAX_PARAMETERS = 999
FINDING_COLUMNS = ("code", "severity", "category", "sheet", "cell", "location", "value", "message_id", "fix_id",
                   "message_en", "fix_en")
# tables whose rows are the consolidated data (the others log runs)
DATA_TABLES = ("sops", "sources", "events", "event_versions", "cases", "findings")
SOP_KEYS = ("identity", "instansi", "unit", "nomor", "nama", "path", "present", "lang", "steps", "total_norm",
            "errors", "warnings", "infos", "sop_json", "calendar_json")
SOURCE_KEYS = ("folder", "size", "mtime_ns", "sha256", "checked_ns", "state", "reason", "sop_id", "events",
               "read_run")
DEFAULT_OFFICE = ""


class StoreBusy(SopxlError):
    """Another consolidation of the same office holds the database."""


@dataclass
class KnownSource:
    """What the database remembers of a source file."""

    path: str
    size: int | None
    mtime_ns: int | None
    sha256: str | None
    checked_ns: int | None
    state: str
    reason: str | None
    sop_id: int | None
    events: int | None
    read_run: int | None
    nomor: str = ""          # of the SOP it holds (empty when none)
    nama: str = ""


@dataclass
class KnownSop:
    id: int
    identity: str
    path: str
    present: bool


def office_filter(column: str, offices) -> tuple[str, tuple]:
    """(SQL condition, parameters) keeping the rows of `offices` (None: every office)."""
    if offices is None:
        return "1 = 1", ()
    offices = tuple(offices)
    if not offices:
        return "1 = 0", ()
    return f"{column} IN ({', '.join('?' * len(offices))})", offices


class Store(abc.ABC):
    """The consolidation database, open for one office's run (locked) or for reading.

    Engines implement: ``execute``, ``executemany``, ``begin``/``commit``/``rollback``, ``in_transaction``,
    ``read_snapshot``, ``close``, ``insert_returning_id``, ``insert_events``, ``schema_version``; and the
    class methods that open a database (``sqlite.open_*``, ``postgresql.open_*``).
    """

    dialect: Dialect
    engine = ""
    max_parameters = MAX_PARAMETERS         # what one statement may bind

    def __init__(self, location: str, office: str = DEFAULT_OFFICE):
        self.location = location           # what a person reads: a file path, or a URL without password
        self.office = office
        self.changes = 0                   # rows this connection inserted, updated or deleted

    # ---- what an engine provides -------------------------------------------------------------------
    @abc.abstractmethod
    def execute(self, sql: str, params: tuple = ()):
        """Provided by each engine."""

    @abc.abstractmethod
    def executemany(self, sql: str, rows) -> None:
        """Provided by each engine."""

    @abc.abstractmethod
    def begin(self) -> None:
        """Provided by each engine."""

    @abc.abstractmethod
    def commit(self) -> None:
        """Provided by each engine."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Provided by each engine."""

    @abc.abstractmethod
    def close(self) -> None:
        """Provided by each engine."""

    @abc.abstractmethod
    def begin_read(self) -> None:
        """Provided by each engine."""

    @abc.abstractmethod
    def end_read(self) -> None:
        """Provided by each engine."""

    def stream(self, sql: str, params: tuple = (), *, batch: int = 5000, every_row: bool = False):
        """Rows of a big query, fetched as they are read (the engine keeps memory flat), `batch` at a time
        where the engine fetches in batches (fewer for wide rows); `every_row`: every row will be read, so
        plan for all of them (where the engine plans for the first ones)."""
        return self.execute(sql, params)

    def insert_returning_id(self, sql: str, params: tuple) -> int:
        return self.execute(sql + " RETURNING id", params).fetchone()[0]

    def insert_events(self, sop_id: int, rows: "list[tuple] | PackedRows", run: int) -> None:
        """A new SOP's events (``insert_packed``)."""
        self.insert_packed("events", {"sop_id": sop_id, "added_run": run}, EVENT_COLUMNS, rows)

    def insert_cases(self, sop_id: int, rows: "list[tuple] | PackedRows") -> None:
        """A new SOP's cases (``insert_packed``)."""
        self.insert_packed("cases", {"sop_id": sop_id}, CASE_COLUMNS, rows)

    def insert_packed(self, table: str, ids: dict[str, int], columns: tuple[str, ...],
                      rows: "list[tuple] | PackedRows") -> None:
        """Rows of `columns` (tuples, or packed by a reading process: ``rows.PackedRows``) with the same `ids`
        into `table`: up to ROWS_PER_INSERT rows to a statement (SQLite's VALUES list of many rows costs
        about half of one statement step per row; more than 128 save little more per row and take longer to
        prepare: 16 ms for 256), their values bound from flat lists, missing ones written NULL; the rows that
        do not fill one go in statements of the next smaller powers of two, so a run prepares a few sizes,
        not one for each remainder. The ids are bound too (?1, ?2…), so each statement is prepared once per
        run, not per SOP."""
        if isinstance(rows, PackedRows) and rows.form == "values":
            groups = rows.data
        else:
            rows = rows.rows() if isinstance(rows, PackedRows) else rows
            groups = [((False,) * len(columns), len(rows), list(chain.from_iterable(rows)))]
        head = f"INSERT INTO {table}({', '.join([*ids, *columns])}) VALUES "
        fixed = list(ids.values())
        for nulls, count, values in groups:
            width = nulls.count(False)
            if len(nulls) != len(columns) or len(values) != count * width:
                raise ValueError(f"{table} rows of {len(columns)} values expected")
            # no more parameters to a statement than the engine takes
            most = max(1, min(ROWS_PER_INSERT, (self.max_parameters - len(fixed)) // max(width, 1)))
            done = 0
            while done < count:
                per = min(most, 1 << ((count - done).bit_length() - 1))
                whole = (count - done) // per * per
                step = per * width
                self.executemany(head + values_terms(len(fixed), nulls, per),
                                 [fixed + values[first:first + step]
                                  for first in range(done * width, (done + whole) * width, step)])
                done += whole

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Rows that cannot meet a stored one (a new SOP's cases, findings just deleted); an engine may load
        them faster than one INSERT each (PostgreSQL: COPY)."""
        if rows:
            self.executemany(f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             rows)

    @property
    def path(self):
        """The database file (SQLite) or the URL without password (PostgreSQL), for messages and the master."""
        return self.location

    # ---- reading -----------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        return self.execute(sql, params)

    def offices(self) -> list[str]:
        return [row[0] for row in self.execute("SELECT DISTINCT office FROM sops ORDER BY office")]

    # ---- meta (per office) -------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.execute("SELECT value FROM meta WHERE office=? AND key=?", (self.office, key)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT INTO meta(office, key, value) VALUES (?, ?, ?) ON CONFLICT(office, key) DO UPDATE SET "
                     f"value=excluded.value WHERE meta.value {self.dialect.distinct} excluded.value",
                     (self.office, key, value))

    # ---- runs ----------------------------------------------------------------------------------------
    def start_run(self, started: dt.datetime, as_of: dt.datetime, folders: list[str]) -> int:
        return self.insert_returning_id("INSERT INTO runs(office, started, as_of, folders) VALUES (?, ?, ?, ?)",
                                        (self.office, iso(started), iso(as_of),
                                         json.dumps(folders, ensure_ascii=False)))

    def finish_run(self, run: int, counts: dict, finished: dt.datetime) -> None:
        keys = ("files", "read", "unchanged", "skipped", "failed", "gone", "events_added", "events_changed",
                "events_removed")
        self.execute(f"UPDATE runs SET finished=?, {', '.join(f'{k}=?' for k in keys)} WHERE id=?",
                     (iso(finished), *(counts.get(k, 0) for k in keys), run))

    def set_run_output(self, run: int, *, master: str | None = None, report: str | None = None) -> None:
        if master is not None:
            self.execute("UPDATE runs SET master=? WHERE id=?", (master, run))
        if report is not None:
            self.execute("UPDATE runs SET report=? WHERE id=?", (report, run))

    def record_run_files(self, run: int, rows: list[tuple[str, str, str | None]]) -> None:
        self.executemany("INSERT INTO run_files(run_id, path, status, reason) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(run_id, path) DO UPDATE SET status=excluded.status, reason=excluded.reason",
                         [(run, *row) for row in rows])

    # ---- sources -------------------------------------------------------------------------------------
    def known_sources(self) -> dict[str, KnownSource]:
        """Every source of this office with its SOP's Nomor and Nama: one query, however many files."""
        rows = self.execute(f"SELECT r.path, {', '.join('r.' + k for k in SOURCE_KEYS[1:])}, coalesce(s.nomor, ''), "
                            "coalesce(s.nama, '') FROM sources r LEFT JOIN sops s ON s.id = r.sop_id WHERE r.office=?",
                            (self.office,))
        return {row[0]: KnownSource(*row) for row in rows}

    def listed_paths(self, run: int) -> list[str]:
        """The paths run `run` recorded (every file whose status was not "unchanged")."""
        return [row[0] for row in self.execute("SELECT path FROM run_files WHERE run_id=?", (run,))]

    def units_of(self, sop_ids) -> set[str]:
        ids = sorted(sop_ids)
        units: set[str] = set()
        for first in range(0, len(ids), 500):
            chunk = ids[first:first + 500]
            units.update(row[0] for row in self.execute(
                f"SELECT DISTINCT unit FROM sops WHERE id IN ({', '.join('?' * len(chunk))})", tuple(chunk)))
        return units

    def save_source(self, path: str, folder: str, *, size: int | None, mtime_ns: int | None, sha256: str | None,
                    checked_ns: int | None, state: str, reason: str | None, sop_id: int | None,
                    events: int | None, read_run: int | None) -> None:
        """Insert or update a source; an unchanged row is left untouched (no change is counted)."""
        values = (folder, size, mtime_ns, sha256, checked_ns, state, reason, sop_id, events, read_run)
        keys = ", ".join(SOURCE_KEYS)
        self.execute(
            f"INSERT INTO sources(office, path, {keys}) VALUES (?, ?, {', '.join('?' * len(SOURCE_KEYS))}) "
            f"ON CONFLICT(office, path) DO UPDATE SET {', '.join(f'{k}=excluded.{k}' for k in SOURCE_KEYS)} "
            f"WHERE ({', '.join(f'sources.{k}' for k in SOURCE_KEYS)}) {self.dialect.distinct} "
            f"({', '.join(f'excluded.{k}' for k in SOURCE_KEYS)})",
            (self.office, path, *values))

    def mark_gone(self, path: str) -> None:
        self.execute("UPDATE sources SET state='gone', reason=NULL WHERE office=? AND path=? AND state!='gone'",
                     (self.office, path))
        self.execute("DELETE FROM findings WHERE office=? AND path=?", (self.office, path))

    # ---- SOPs ----------------------------------------------------------------------------------------
    def sop_by_identity(self, identity: str) -> KnownSop | None:
        row = self.execute("SELECT id, identity, path, present FROM sops WHERE office=? AND identity=?",
                           (self.office, identity)).fetchone()
        return KnownSop(row[0], row[1], row[2], bool(row[3])) if row else None

    def sop_by_id(self, sop_id: int) -> KnownSop | None:
        row = self.execute("SELECT id, identity, path, present FROM sops WHERE id=?", (sop_id,)).fetchone()
        return KnownSop(row[0], row[1], row[2], bool(row[3])) if row else None

    def save_sop(self, sop_id: int | None, values: dict, run: int) -> int:
        """Insert a new SOP (sop_id None) or update one; returns its id."""
        row = tuple(values[k] for k in SOP_KEYS)
        if sop_id is None:
            return self.insert_returning_id(
                f"INSERT INTO sops(office, {', '.join(SOP_KEYS)}, first_run, read_run) VALUES "
                f"(?, {', '.join('?' * len(SOP_KEYS))}, ?, ?)", (self.office, *row, run, run))
        self.execute(
            f"UPDATE sops SET {', '.join(f'{k}=?' for k in SOP_KEYS)}, read_run=? WHERE id=? AND "
            f"({', '.join(SOP_KEYS)}) {self.dialect.distinct} ({', '.join('?' * len(SOP_KEYS))})",
            (*row, run, sop_id, *row))
        return sop_id

    def set_sop_presence(self) -> set[int]:
        """An SOP of this office is present when a source file that still exists holds it; returns the SOPs
        whose presence changed."""
        held = "(SELECT count(*) FROM sources s WHERE s.sop_id = sops.id AND s.state = 'read' AND s.office = ?)"
        flipped = [row[0] for row in self.execute(
            f"SELECT id FROM sops WHERE office = ? AND present != CASE WHEN {held} > 0 THEN 1 ELSE 0 END",
            (self.office, self.office)).fetchall()]
        self.executemany("UPDATE sops SET present = 1 - present WHERE id = ?", [(sop_id,) for sop_id in flipped])
        return set(flipped)

    # ---- events --------------------------------------------------------------------------------------
    def merge_events(self, sop_id: int, rows: "list[tuple] | PackedRows", run: int, *, new_sop: bool,
                     years: set[int] | None = None) -> tuple[int, int, int]:
        """Bring the SOP's events in line with `rows` (EVENT_COLUMNS order, as a source holds them now).

        New events are added, changed ones keep their old content in ``event_versions``, events no longer
        in the source stay and get ``removed_run``. Returns (added, changed, removed). `years`, when given,
        gains the years of the times of the events added or removed, and of changed ones before and after.
        """
        if new_sop:
            self.insert_events(sop_id, rows, run)
            if years is not None:
                years |= rows.marks if isinstance(rows, PackedRows) else years_of(row[AT] for row in rows)
            return len(rows), 0, 0
        if isinstance(rows, PackedRows):
            rows = rows.rows()
        existing = {row[0]: tuple(row) for row in self.execute(
            f"SELECT {', '.join(EVENT_COLUMNS)}, removed_run FROM events WHERE sop_id=?", (sop_id,))}
        added, changed, back = [], [], []
        for row in rows:
            old = existing.pop(row[0], None)
            if old is None:
                added.append(row)
            elif old[:-1] != tuple(row):
                changed.append((old, row))
            elif old[-1] is not None:
                back.append(row[0])
        if added:
            self.insert_events(sop_id, added, run)
        if changed:
            self.executemany(f"INSERT INTO event_versions(sop_id, {', '.join(EVENT_COLUMNS)}, replaced_run) VALUES "
                             f"({int(sop_id)}, {', '.join('?' * len(EVENT_COLUMNS))}, {int(run)})",
                             [old[:-1] for old, _ in changed])
            self.executemany(f"UPDATE events SET {', '.join(f'{c}=?' for c in EVENT_COLUMNS[1:])}, "
                             f"removed_run=NULL WHERE sop_id={int(sop_id)} AND event_id=?",
                             [(*new[1:], new[0]) for _, new in changed])
        if back:
            self.executemany(f"UPDATE events SET removed_run=NULL WHERE sop_id={int(sop_id)} AND event_id=?",
                             [(number,) for number in back])
        removed = [(number,) for number, old in existing.items() if old[-1] is None]
        if removed:
            self.executemany(f"UPDATE events SET removed_run={int(run)} WHERE sop_id={int(sop_id)} AND event_id=?",
                             removed)
        if years is not None:
            years |= years_of([row[AT] for row in added] + [row[AT] for pair in changed for row in pair]
                                 + [existing[number][AT] for number, in removed])
        return len(added), len(changed), len(removed)

    # ---- cases and findings --------------------------------------------------------------------------
    def replace_cases(self, sop_id: int, rows: "list[tuple] | PackedRows", *, new_sop: bool = False) -> set[int]:
        """The SOP's cases as `rows` (CASE_COLUMNS order); rows equal to the stored ones are not rewritten.
        A `new_sop` (added by this run) has none stored yet.

        Returns the opening times (stamps) of the cases written or deleted, old and new.
        """
        existing = {} if new_sop else {row[0]: tuple(row[1:]) for row in self.execute(
            f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE sop_id=?", (sop_id,))}
        if not existing:        # a new SOP, or one without cases: nothing to compare or overwrite
            self.insert_cases(sop_id, rows)
            return rows.marks if isinstance(rows, PackedRows) else {row[OPENED] for row in rows}
        if isinstance(rows, PackedRows):
            rows = rows.rows()
        opened = OPENED - 1
        touched: set[int] = set()
        changed = []
        for row in rows:
            old = existing.pop(row[0], None)
            if old != tuple(row[1:]):
                changed.append(row)
                touched.add(row[opened + 1])
                if old is not None:
                    touched.add(old[opened])
        if existing:
            self.executemany(f"DELETE FROM cases WHERE sop_id={int(sop_id)} AND case_no=?",
                             [(number,) for number in existing])
            touched.update(old[opened] for old in existing.values())
        self.upsert_cases(sop_id, changed)
        return touched

    def upsert_cases(self, sop_id: int, rows: list[tuple]) -> None:
        """Insert or overwrite the SOP's cases `rows` (CASE_COLUMNS order)."""
        if rows:
            self.executemany(
                f"INSERT INTO cases(sop_id, {', '.join(CASE_COLUMNS)}) VALUES "
                f"({int(sop_id)}, {', '.join('?' * len(CASE_COLUMNS))}) ON CONFLICT(sop_id, case_no) DO UPDATE SET "
                f"{', '.join(f'{c}=excluded.{c}' for c in CASE_COLUMNS[1:])}", rows)

    def open_cases(self, sop_id: int) -> list[tuple]:
        from ...domain.cases import OPEN

        return self.execute(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE sop_id=? AND state='{OPEN}' "
                            "ORDER BY case_no", (sop_id,)).fetchall()

    # An open case's figures as of a moment T, from what its row keeps (``CASE_COLUMNS``): the working time
    # of its step is clock(T) - step_clock (zero before the step began), of the case clock(T) - open_clock,
    # clock being its SOP calendar's working clock in microseconds (``WorkCalendar.position``); each against
    # its exact norm as ``tracker.status_of`` judges (late over the norm, near from NEAR_SHARE of it), the
    # case's status the worse of the two; minutes rounded to 2 digits as the rows are. Integer differences
    # and IEEE divisions and products, as Python computes them: the same values a Tracker gives.
    @property
    def _STALE_OPEN(self) -> str:
        from ...domain.cases import OPEN       # (the domain is loaded only by the nights that judge cases)

        return (f"FROM cases c JOIN sops s ON s.id = c.sop_id WHERE s.office = ? AND s.present = 1 AND "
                f"c.state = '{OPEN}' AND c.as_of != ?")

    def stale_open_calendars(self, as_of: int) -> list[str]:
        """The calendars (JSON) of this office's present SOPs that have open cases judged at another moment
        than `as_of` and keeping their clocks; an office's SOPs mostly share one or a few."""
        return [row[0] for row in self.execute(
            f"SELECT DISTINCT s.calendar_json {self._STALE_OPEN} AND c.step_clock IS NOT NULL",
            (self.office, as_of)).fetchall()]

    def stale_open_moments(self, calendar_json: str, as_of: int) -> list[tuple[int, int, int]]:
        """(SOP id, moment judged at, year opened) of the open cases `rejudge_open_cases` would judge again."""
        year = f"substr({self.dialect.month_of_stamp('c.opened')}, 1, 4)"
        return [(row[0], row[1], int(row[2])) for row in self.execute(
            f"SELECT DISTINCT c.sop_id, c.as_of, {year} {self._STALE_OPEN} AND c.step_clock IS NOT NULL AND "
            "s.calendar_json = ?", (self.office, as_of, calendar_json)).fetchall()]

    def rejudge_open_cases(self, calendar_json: str, clock: int, as_of: int, near_share: float,
                           names: tuple[str, str, str, str]) -> int:
        """Judge, as of `as_of`, the open cases (with clocks) of this office's present SOPs on the calendar
        `calendar_json`, whose working clock at `as_of` is `clock`: one statement, no case read into Python.

        `names`: the statuses by severity (no norm, on time, near, late). Returns the cases judged.
        """
        def severity(used: str, norm: str) -> str:
            return (f"CASE WHEN {norm} IS NULL THEN 0 WHEN {used} > {norm} THEN 3 "
                    f"WHEN {used} >= ? * {norm} THEN 2 ELSE 1 END")

        def named(value: str) -> str:
            return f"CASE {value} " + " ".join(f"WHEN {n} THEN '{name}'" for n, name in enumerate(names)) + " END"

        rounded = "round({} / 600000) / 100"          # microseconds -> minutes, 2 digits
        worse = "CASE WHEN j.step_severity > j.total_severity THEN j.step_severity ELSE j.total_severity END"
        sql = (f"UPDATE cases SET step_used = j.step_used, total_used = j.total_used, "
               f"total_status = {named('j.total_severity')}, "
               f"status = {named(worse)}, "
               f"as_of = ? FROM (SELECT k.sop_id, k.case_no, {rounded.format('k.step_us')} AS step_used, "
               f"{rounded.format('k.open_us')} AS total_used, "
               f"{severity('k.step_us / 60000000', 'k.step_norm_exact')} AS step_severity, "
               f"{severity('k.open_us / 60000000', 'k.total_norm_exact')} AS total_severity "
               f"FROM (SELECT c.sop_id, c.case_no, c.step_norm_exact, c.total_norm_exact, "
               f"CAST(CASE WHEN ? > c.step_clock THEN ? - c.step_clock ELSE 0 END AS DOUBLE PRECISION) AS step_us, "
               f"CAST(CASE WHEN ? > c.open_clock THEN ? - c.open_clock ELSE 0 END AS DOUBLE PRECISION) AS open_us "
               f"{self._STALE_OPEN} AND c.step_clock IS NOT NULL AND s.calendar_json = ?) AS k) AS j "
               f"WHERE cases.sop_id = j.sop_id AND cases.case_no = j.case_no")
        before = self.changes
        self.execute(sql, (as_of, near_share, near_share, clock, clock, clock, clock, self.office, as_of,
                           calendar_json))
        return self.changes - before

    def sops_with_unclocked_open_cases(self, as_of: int) -> Iterator[tuple[int, str, str]]:
        """(id, sop_json, calendar_json) of this office's present SOPs with open cases judged before `as_of`
        that keep no clocks (judged by a sopxl before schema 3): those are judged in Python, once.

        One SOP at a time: the JSON of all of them grows with the number of SOPs, one SOP's does not.
        """
        ids = [row[0] for row in self.execute(
            f"SELECT DISTINCT s.id {self._STALE_OPEN} AND c.step_clock IS NULL ORDER BY s.id",
            (self.office, as_of)).fetchall()]
        for sop_id in ids:
            row = self.execute("SELECT sop_json, calendar_json FROM sops WHERE id=?", (sop_id,)).fetchone()
            yield sop_id, row[0], row[1]

    def replace_findings(self, path: str, sop_id: int | None, rows: list[tuple], *, new_path: bool = False) -> None:
        """The findings of the file at `path` as `rows`; a `new_path` (no source of it is recorded) has none
        stored: findings are written and deleted only beside their file's source row."""
        existing = [] if new_path else [tuple(row) for row in self.execute(
            f"SELECT sop_id, {', '.join(FINDING_COLUMNS)} FROM findings WHERE office=? AND path=? ORDER BY n",
            (self.office, path))]
        wanted = [(sop_id, *row) for row in rows]
        if existing == wanted:
            return
        if existing:
            self.execute("DELETE FROM findings WHERE office=? AND path=?", (self.office, path))
        self.insert_rows("findings", ("office", "path", "n", "sop_id", *FINDING_COLUMNS),
                         [(self.office, path, n, *row) for n, row in enumerate(wanted, start=1)])

    def has_events_before(self, at: int) -> bool:
        return self.execute("SELECT 1 FROM events e JOIN sops s ON s.id = e.sop_id WHERE s.office=? AND e.at < ? "
                            "LIMIT 1", (self.office, at)).fetchone() is not None

    # ---- the schema ----------------------------------------------------------------------------------
    def check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise SopxlError(f"the database has schema {version}, newer than this sopxl knows ({SCHEMA_VERSION}); "
                             "nothing was changed", file=str(self.location), fix="update sopxl")
