"""The consolidation database: SOPs, sources, cases and events of every office workbook, in SQLite.

One file (default ``sopxl.db`` beside the master workbook), WAL journal, one write transaction per
consolidation run, so a run that dies half-way leaves the database exactly as the previous run left
it. A lock file beside it (``sopxl.db.lock``, locked with the operating system's file lock and
holding the PID of the run) keeps two runs from writing at once; the lock goes with the process, so a
killed run never leaves a stale lock behind. The schema is documented in docs/consolidation.md.

Event and case times are whole seconds since 1970-01-01 00:00 of the workbooks' local clock (``stamp``;
``datetime(at, 'unixepoch')`` shows them in SQL, and the ``*_readable`` views do); run times are ISO text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..domain.calendar import calendar_from_json
from ..errors import SopxlError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    as_of TEXT NOT NULL,
    folders TEXT NOT NULL,
    files INTEGER NOT NULL DEFAULT 0,
    read INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    gone INTEGER NOT NULL DEFAULT 0,
    events_added INTEGER NOT NULL DEFAULT 0,
    events_changed INTEGER NOT NULL DEFAULT 0,
    events_removed INTEGER NOT NULL DEFAULT 0,
    master TEXT,
    report TEXT
);
CREATE TABLE IF NOT EXISTS run_files (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (run_id, path)
);
CREATE TABLE IF NOT EXISTS sops (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    instansi TEXT NOT NULL,
    unit TEXT NOT NULL,
    nomor TEXT NOT NULL,
    nama TEXT NOT NULL,
    path TEXT NOT NULL,
    present INTEGER NOT NULL,
    lang TEXT NOT NULL,
    steps INTEGER NOT NULL,
    total_norm REAL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    sop_json TEXT NOT NULL,
    calendar_json TEXT NOT NULL,
    first_run INTEGER NOT NULL,
    read_run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    sha256 TEXT,
    checked_ns INTEGER,
    state TEXT NOT NULL,
    reason TEXT,
    sop_id INTEGER REFERENCES sops(id),
    events INTEGER,
    read_run INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    sop_id INTEGER NOT NULL REFERENCES sops(id),
    event_id INTEGER NOT NULL,
    case_no INTEGER NOT NULL,
    step INTEGER NOT NULL,
    action TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER,
    note TEXT NOT NULL,
    refused INTEGER NOT NULL,
    added_run INTEGER NOT NULL,
    removed_run INTEGER,
    PRIMARY KEY (sop_id, event_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE TABLE IF NOT EXISTS event_versions (
    sop_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    case_no INTEGER NOT NULL,
    step INTEGER NOT NULL,
    action TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER,
    note TEXT NOT NULL,
    refused INTEGER NOT NULL,
    replaced_run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    sop_id INTEGER NOT NULL REFERENCES sops(id),
    case_no INTEGER NOT NULL,
    subject TEXT NOT NULL,
    state TEXT NOT NULL,
    opened INTEGER NOT NULL,
    step INTEGER,
    kegiatan TEXT,
    holder TEXT,
    step_started INTEGER,
    step_used REAL,
    step_norm REAL,
    status TEXT,
    total_used REAL NOT NULL,
    total_norm REAL,
    total_status TEXT,
    returns INTEGER NOT NULL,
    closed INTEGER,
    due INTEGER,
    as_of INTEGER NOT NULL,
    PRIMARY KEY (sop_id, case_no)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
    path TEXT NOT NULL,
    sop_id INTEGER,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    sheet TEXT,
    cell TEXT,
    location TEXT NOT NULL,
    value TEXT NOT NULL,
    message_id TEXT NOT NULL,
    fix_id TEXT NOT NULL,
    message_en TEXT NOT NULL,
    fix_en TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_path ON findings(path);
CREATE VIEW IF NOT EXISTS events_readable AS
    SELECT s.unit, s.nomor, s.nama, e.event_id, e.case_no, e.step, e.action, datetime(e.at, 'unixepoch') AS at,
           e.actor, e.recorded_by, datetime(e.recorded_at, 'unixepoch') AS recorded_at, e.note, e.refused,
           e.added_run, e.removed_run
    FROM events e JOIN sops s ON s.id = e.sop_id;
CREATE VIEW IF NOT EXISTS cases_readable AS
    SELECT s.unit, s.nomor, s.nama, c.case_no, c.subject, c.state, datetime(c.opened, 'unixepoch') AS opened,
           c.step, c.kegiatan, c.holder, datetime(c.step_started, 'unixepoch') AS step_started, c.step_used,
           c.step_norm, c.status, c.total_used, c.total_norm, c.total_status, c.returns,
           datetime(c.closed, 'unixepoch') AS closed, datetime(c.due, 'unixepoch') AS due,
           datetime(c.as_of, 'unixepoch') AS as_of
    FROM cases c JOIN sops s ON s.id = c.sop_id;
"""

# as a source holds an event; `refused`: 1 when the case state machine refused it on replay
EVENT_COLUMNS = ("event_id", "case_no", "step", "action", "at", "actor", "recorded_by", "recorded_at", "note",
                 "refused")
CASE_COLUMNS = ("case_no", "subject", "state", "opened", "step", "kegiatan", "holder", "step_started", "step_used",
                "step_norm",
                "status", "total_used", "total_norm", "total_status", "returns", "closed", "due", "as_of")
FINDING_COLUMNS = ("code", "severity", "category", "sheet", "cell", "location", "value", "message_id", "fix_id",
                   "message_en", "fix_en")
# tables whose rows are the consolidated data (the others log runs)
DATA_TABLES = ("sops", "sources", "events", "event_versions", "cases", "findings")


EPOCH = dt.datetime(1970, 1, 1)
SECOND = dt.timedelta(seconds=1)


def iso(moment: dt.datetime | None) -> str | None:
    """A local date-time as text: ``2026-11-20 15:00:00``."""
    return None if moment is None else moment.isoformat(sep=" ", timespec="seconds")


def moment(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def stamp(moment: dt.datetime | None) -> int | None:
    """A local date-time as stored for events and cases: whole seconds since 1970-01-01 00:00."""
    return None if moment is None else (moment - EPOCH) // SECOND


def unstamp(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else EPOCH + dt.timedelta(seconds=seconds)


# ---- the lock ---------------------------------------------------------------------------------------

class StoreBusy(SopxlError):
    """Another consolidation holds the database."""


_HOLDER_BYTES = 240        # the lock file's text: who holds it, padded with spaces


class RunLock:
    """An exclusive lock on ``<db>.lock`` for one run; the operating system drops it when the process ends."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._handle = None

    def acquire(self, wait: float = 0.0) -> None:
        handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644), "r+b")
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                _lock(handle)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    holder = self._holder()
                    handle.close()
                    raise StoreBusy(f"another consolidation is writing this database ({holder})",
                                    file=str(self.path.with_suffix("")),
                                    fix="wait until it finishes (or pass --wait SECONDS to wait for it); "
                                        "the lock goes away by itself when that run ends") from None
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0.01)))
        started = dt.datetime.now().isoformat(sep=" ", timespec="seconds")
        holder = f"pid {os.getpid()} on {socket.gethostname()}, started {started}"
        handle.seek(0)
        handle.write(holder.encode("utf-8")[:_HOLDER_BYTES].ljust(_HOLDER_BYTES))   # over the last one, no truncation
        handle.flush()
        self._handle = handle

    def _holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            text = ""
        return text or "a run that has not written its name yet"

    def release(self) -> None:
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None


if os.name == "nt":       # pragma: no cover - exercised on Windows only
    import msvcrt

    # Windows locks byte ranges and a locked byte cannot be read by others: lock one far past the text,
    # so a second run can still read who holds the lock
    _LOCKED_BYTE = 1 << 20

    def _lock(handle) -> None:
        handle.seek(_LOCKED_BYTE)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(_LOCKED_BYTE)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# ---- the store ----------------------------------------------------------------------------------------

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


@dataclass
class KnownSop:
    id: int
    identity: str
    path: str
    present: bool


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the database at `path` (WAL, foreign keys, a busy timeout for readers)."""
    path = Path(path)
    if readonly and not path.exists():
        raise SopxlError("no consolidation database here", file=str(path),
                         fix="run `sopxl consolidate FOLDER --db FILE` first")
    fix = "name another file with --db; sopxl creates its database itself"
    try:
        if readonly:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        else:
            connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        # before changing anything: a file that is not sopxl's database is refused untouched
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        foreign = version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if foreign or (readonly and version != SCHEMA_VERSION):
            connection.close()
            raise SopxlError("is not a consolidation database of sopxl"
                             + (" (it holds another program's tables)" if foreign else ""), file=str(path), fix=fix)
        if not readonly:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            # a run writes in one transaction: keep its pages in memory (256 MB at most) instead of spilling them
            connection.execute("PRAGMA cache_size=-262144")
        connection.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        raise SopxlError(f"is not a database sopxl can use ({exc})", file=str(path), fix=fix) from exc
    return connection


class Store:
    """The consolidation database, open for one run (locked) or for reading."""

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: RunLock | None = None):
        self.path = Path(path)
        self.db = connection
        self.lock = lock

    @classmethod
    def open_for_run(cls, path: Path, *, wait: float = 0.0) -> "Store":
        """Lock the database for a run (StoreBusy when another run holds it) and bring its schema up to date."""
        path = Path(path)
        if not path.parent.is_dir():
            raise SopxlError("the folder for the database does not exist", file=str(path),
                             fix="create the folder first, or give --db another place")
        lock = RunLock(path.with_name(path.name + ".lock"))
        lock.acquire(wait)
        try:
            connection = connect(path)
            store = cls(path, connection, lock)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            lock.release()
            raise SopxlError(f"the database cannot be opened ({exc})", file=str(path),
                             fix="restore it from a backup, or move it away to start a new one") from exc
        except BaseException:
            lock.release()
            raise
        return store

    @classmethod
    def open_readonly(cls, path: Path) -> "Store":
        return cls(path, connect(path, readonly=True))

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SopxlError(f"the database has schema {version}, newer than this sopxl knows ({SCHEMA_VERSION})",
                             file=str(self.path), fix="update sopxl")
        if version < SCHEMA_VERSION:
            self.db.executescript(f"BEGIN IMMEDIATE;\n{SCHEMA}\nPRAGMA user_version={SCHEMA_VERSION};\nCOMMIT;")

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    # ---- transactions ---------------------------------------------------------------------------
    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    @property
    def changes(self) -> int:
        return self.db.total_changes

    # ---- meta -----------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                        "value=excluded.value WHERE value IS NOT excluded.value", (key, value))

    # ---- runs -----------------------------------------------------------------------------------
    def start_run(self, started: dt.datetime, as_of: dt.datetime, folders: list[str]) -> int:
        cursor = self.db.execute("INSERT INTO runs(started, as_of, folders) VALUES (?, ?, ?)",
                                 (iso(started), iso(as_of), json.dumps(folders, ensure_ascii=False)))
        return cursor.lastrowid

    def finish_run(self, run: int, counts: dict, finished: dt.datetime) -> None:
        keys = ("files", "read", "unchanged", "skipped", "failed", "gone", "events_added", "events_changed",
                "events_removed")
        self.db.execute(f"UPDATE runs SET finished=?, {', '.join(f'{k}=?' for k in keys)} WHERE id=?",
                        (iso(finished), *(counts.get(k, 0) for k in keys), run))

    def set_run_output(self, run: int, *, master: str | None = None, report: str | None = None) -> None:
        if master is not None:
            self.db.execute("UPDATE runs SET master=? WHERE id=?", (master, run))
        if report is not None:
            self.db.execute("UPDATE runs SET report=? WHERE id=?", (report, run))

    def record_run_files(self, run: int, rows: list[tuple[str, str, str | None]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO run_files(run_id, path, status, reason) VALUES (?, ?, ?, ?)",
                            [(run, *row) for row in rows])

    # ---- sources --------------------------------------------------------------------------------
    def known_sources(self) -> dict[str, KnownSource]:
        rows = self.db.execute("SELECT path, size, mtime_ns, sha256, checked_ns, state, reason, sop_id, events, "
                               "read_run FROM sources")
        return {row[0]: KnownSource(*row) for row in rows}

    def save_source(self, path: str, folder: str, *, size: int | None, mtime_ns: int | None, sha256: str | None,
                    checked_ns: int | None, state: str, reason: str | None, sop_id: int | None,
                    events: int | None, read_run: int | None) -> None:
        """Insert or update a source; an unchanged row is left untouched (no change is counted)."""
        values = (folder, size, mtime_ns, sha256, checked_ns, state, reason, sop_id, events, read_run)
        self.db.execute(
            "INSERT INTO sources(path, folder, size, mtime_ns, sha256, checked_ns, state, reason, sop_id, events, "
            "read_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET "
            "folder=excluded.folder, size=excluded.size, mtime_ns=excluded.mtime_ns, sha256=excluded.sha256, "
            "checked_ns=excluded.checked_ns, state=excluded.state, reason=excluded.reason, sop_id=excluded.sop_id, "
            "events=excluded.events, read_run=excluded.read_run WHERE "
            "(folder, size, mtime_ns, sha256, checked_ns, state, reason, sop_id, events, read_run) IS NOT "
            "(excluded.folder, excluded.size, excluded.mtime_ns, excluded.sha256, excluded.checked_ns, "
            "excluded.state, excluded.reason, excluded.sop_id, excluded.events, excluded.read_run)",
            (path, *values))

    def mark_gone(self, path: str) -> None:
        self.db.execute("UPDATE sources SET state='gone', reason=NULL WHERE path=? AND state!='gone'", (path,))
        self.db.execute("DELETE FROM findings WHERE path=?", (path,))

    # ---- SOPs -----------------------------------------------------------------------------------
    def sop_by_identity(self, identity: str) -> KnownSop | None:
        row = self.db.execute("SELECT id, identity, path, present FROM sops WHERE identity=?", (identity,)).fetchone()
        return KnownSop(row[0], row[1], row[2], bool(row[3])) if row else None

    def sop_by_id(self, sop_id: int) -> KnownSop | None:
        row = self.db.execute("SELECT id, identity, path, present FROM sops WHERE id=?", (sop_id,)).fetchone()
        return KnownSop(row[0], row[1], row[2], bool(row[3])) if row else None

    def save_sop(self, sop_id: int | None, values: dict, run: int) -> int:
        """Insert a new SOP (sop_id None) or update one; returns its id."""
        keys = ("identity", "instansi", "unit", "nomor", "nama", "path", "present", "lang", "steps", "total_norm",
                "errors", "warnings", "infos", "sop_json", "calendar_json")
        row = tuple(values[k] for k in keys)
        if sop_id is None:
            cursor = self.db.execute(
                f"INSERT INTO sops({', '.join(keys)}, first_run, read_run) VALUES ({', '.join('?' * len(keys))}, ?, ?)",
                (*row, run, run))
            return cursor.lastrowid
        self.db.execute(
            f"UPDATE sops SET {', '.join(f'{k}=?' for k in keys)}, read_run=? WHERE id=? AND "
            f"({', '.join(keys)}) IS NOT ({', '.join('?' * len(keys))})", (*row, run, sop_id, *row))
        return sop_id

    def set_sop_presence(self) -> None:
        """An SOP is present when a source file that still exists holds it."""
        self.db.execute("UPDATE sops SET present = EXISTS (SELECT 1 FROM sources s WHERE s.sop_id = sops.id AND "
                        "s.state = 'read') WHERE present IS NOT EXISTS (SELECT 1 FROM sources s WHERE "
                        "s.sop_id = sops.id AND s.state = 'read')")

    # ---- events ---------------------------------------------------------------------------------
    def merge_events(self, sop_id: int, rows: list[tuple], run: int, *, new_sop: bool) -> tuple[int, int, int]:
        """Bring the SOP's events in line with `rows` (EVENT_COLUMNS order, as a source holds them now).

        New events are added, changed ones keep their old content in ``event_versions``, events no longer
        in the source stay and get ``removed_run``. Returns (added, changed, removed).
        """
        if new_sop:
            self.db.executemany(f"INSERT INTO events(sop_id, {', '.join(EVENT_COLUMNS)}, added_run) VALUES "
                                f"({int(sop_id)}, {', '.join('?' * len(EVENT_COLUMNS))}, {int(run)})", rows)
            return len(rows), 0, 0
        existing = {row[0]: row for row in self.db.execute(
            f"SELECT {', '.join(EVENT_COLUMNS)}, removed_run FROM events WHERE sop_id=?", (sop_id,))}
        added, changed, back = [], [], []
        for row in rows:
            old = existing.pop(row[0], None)
            if old is None:
                added.append(row)
            elif old[:-1] != row:
                changed.append((old, row))
            elif old[-1] is not None:
                back.append(row[0])
        if added:
            self.db.executemany(f"INSERT INTO events(sop_id, {', '.join(EVENT_COLUMNS)}, added_run) VALUES "
                                f"({int(sop_id)}, {', '.join('?' * len(EVENT_COLUMNS))}, {int(run)})", added)
        if changed:
            self.db.executemany(f"INSERT INTO event_versions(sop_id, {', '.join(EVENT_COLUMNS)}, replaced_run) VALUES "
                                f"({int(sop_id)}, {', '.join('?' * len(EVENT_COLUMNS))}, {int(run)})",
                                [old[:-1] for old, _ in changed])
            self.db.executemany(f"UPDATE events SET {', '.join(f'{c}=?' for c in EVENT_COLUMNS[1:])}, "
                                f"removed_run=NULL WHERE sop_id={int(sop_id)} AND event_id=?",
                                [(*new[1:], new[0]) for _, new in changed])
        if back:
            self.db.executemany(f"UPDATE events SET removed_run=NULL WHERE sop_id={int(sop_id)} AND event_id=?",
                                [(number,) for number in back])
        removed = [(number,) for number, old in existing.items() if old[-1] is None]
        if removed:
            self.db.executemany(f"UPDATE events SET removed_run={int(run)} WHERE sop_id={int(sop_id)} AND event_id=?",
                                removed)
        return len(added), len(changed), len(removed)

    def begin_bulk_load(self) -> bool:
        """On an empty database, drop the index on event times for this transaction (built once at the end)."""
        if self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None:
            return False
        self.db.execute("DROP INDEX IF EXISTS events_at")
        return True

    def end_bulk_load(self) -> None:
        self.db.execute("CREATE INDEX IF NOT EXISTS events_at ON events(at)")

    # ---- cases and findings ---------------------------------------------------------------------
    def replace_cases(self, sop_id: int, rows: list[tuple]) -> None:
        """The SOP's cases as `rows` (CASE_COLUMNS order); rows equal to the stored ones are not rewritten."""
        existing = {row[0]: row[1:] for row in self.db.execute(
            f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE sop_id=?", (sop_id,))}
        changed = [row for row in rows if existing.pop(row[0], None) != row]
        if existing:
            self.db.executemany(f"DELETE FROM cases WHERE sop_id={int(sop_id)} AND case_no=?",
                                [(number,) for number in existing])
        if changed:
            self.db.executemany(f"INSERT OR REPLACE INTO cases(sop_id, {', '.join(CASE_COLUMNS)}) VALUES "
                                f"({int(sop_id)}, {', '.join('?' * len(CASE_COLUMNS))})", changed)

    def open_cases(self, sop_id: int) -> list[tuple]:
        return self.db.execute(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE sop_id=? AND state='open' "
                               "ORDER BY case_no", (sop_id,)).fetchall()

    def sops_with_stale_open_cases(self, as_of: int) -> list[tuple[int, str, str]]:
        """(id, sop_json, calendar_json) of present SOPs with open cases judged before `as_of`."""
        return self.db.execute(
            "SELECT id, sop_json, calendar_json FROM sops WHERE present AND EXISTS (SELECT 1 FROM cases c WHERE "
            "c.sop_id = sops.id AND c.state = 'open' AND c.as_of != ?) ORDER BY id", (as_of,)).fetchall()

    def replace_findings(self, path: str, sop_id: int | None, rows: list[tuple]) -> None:
        existing = [row for row in self.db.execute(
            f"SELECT sop_id, {', '.join(FINDING_COLUMNS)} FROM findings WHERE path=? ORDER BY rowid", (path,))]
        wanted = [(sop_id, *row) for row in rows]
        if existing == wanted:
            return
        self.db.execute("DELETE FROM findings WHERE path=?", (path,))
        self.db.executemany(f"INSERT INTO findings(path, sop_id, {', '.join(FINDING_COLUMNS)}) VALUES "
                            f"(?, {', '.join('?' * (len(FINDING_COLUMNS) + 1))})", [(path, *row) for row in wanted])

    # ---- reading ----------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        return self.db.execute(sql, params)

    def dump(self, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, list[tuple]]:
        """Every row of `tables`, sorted: what two databases are compared by."""
        out = {}
        for table in tables:
            out[table] = sorted(self.db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        return out


# ---- the database as a report source (sopxl.domain.figures) ------------------------------------------------

class StoreSource:
    """A consolidation database as a *report source*: one ``figures.SopSource`` per SOP it holds.

    Every SOP is given, present or not (a file that is gone keeps its history); its events are those its
    workbook held when last read (``removed_run`` empty) that the case state machine accepted (an event
    typed into a Log by hand that cannot be replayed is left out, as the consolidation's cases leave it
    out), in id order. Items are built one at a time, so memory follows the largest SOP.
    """

    def __init__(self, store: "Store | str | Path"):
        self.store = store if isinstance(store, Store) else Store.open_readonly(Path(store))
        self.skipped: list[tuple[str, str]] = []

    @property
    def name(self) -> str:
        return self.store.path.stem

    def __iter__(self):
        from ..domain.cases import Event
        from ..domain.figures import SopMeta, SopSource
        from ..domain.model import SOP

        self.skipped.clear()
        sops = self.store.query("SELECT id, instansi, nomor, nama, path, sop_json, calendar_json FROM sops "
                                "ORDER BY id").fetchall()
        for sop_id, instansi, nomor, nama, path, sop_json, calendar_json in sops:
            try:
                calendar = calendar_from_json(calendar_json)
                sop = SOP.from_dict(json.loads(sop_json))
            except (ValueError, KeyError) as exc:
                self.skipped.append((path, f"stored SOP cannot be read back ({exc})"))
                continue
            meta = SopMeta.of(f"sop:{sop_id}", instansi, nama, nomor, Path(path).name)
            events = [Event(event_id, case_no, step, action, unstamp(at), actor, recorded_by, unstamp(recorded_at), note)
                      for event_id, case_no, step, action, at, actor, recorded_by, recorded_at, note
                      in self.store.query("SELECT event_id, case_no, step, action, at, actor, recorded_by, "
                                          "recorded_at, note FROM events WHERE sop_id=? AND removed_run IS NULL "
                                          "AND NOT refused ORDER BY event_id", (sop_id,))]
            yield SopSource(meta=meta, sop=sop, calendar=calendar, events=events)


def database_of_master(path: Path) -> Path:
    """The database a master workbook was written from (its "sopxl database" document property)."""
    import zipfile
    from xml.etree import ElementTree

    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            custom = archive.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise SopxlError("not a consolidation master (it names no database)", file=str(path),
                         fix="give the master written by `sopxl consolidate`, or its database (.db)") from exc
    namespace = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    for prop in ElementTree.fromstring(custom).iter(f"{namespace}property"):
        if prop.get("name") == "sopxl database" and len(prop):
            database = Path(prop[0].text or "")
            if not database.is_absolute():
                database = path.parent / database
            if not database.exists():
                beside = path.parent / database.name
                if beside.exists():
                    return beside         # master and database moved together
            return database
    raise SopxlError("not a consolidation master (it names no database)", file=str(path),
                     fix="give the master written by `sopxl consolidate`, or its database (.db)")
