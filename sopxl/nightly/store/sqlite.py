"""The SQLite engine: one database file on a local disk, the embedded default for one office.

WAL journal, ``synchronous=FULL``, one write transaction per run (``BEGIN IMMEDIATE``), so a run that
dies half-way leaves the database exactly as the previous run left it. SQLite has one writer at a
time: a lock file beside the database (``<db>.lock``, locked with the operating system's file lock and
holding the PID of the run) keeps two runs from writing at once — of any office — and goes with the
process, so a killed run never leaves a stale lock behind. The schema version is ``PRAGMA user_version``.
Keep the file on a disk of the machine that runs the job: SQLite's WAL needs shared memory, which
network shares do not give (see ``location``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import time
from pathlib import Path

from ...errors import SopxlError
from .base import DEFAULT_OFFICE, Store, StoreBusy
from .schema import SCHEMA_VERSION, SQLITE, migration, schema

NOT_OURS_FIX = "name another file with --db; sopxl creates its database itself"
CACHE_KB = 16 * 1024        # SQLite's page cache of a run, in KiB: what the database adds to a run's memory at most


# ---- the lock ---------------------------------------------------------------------------------------

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


_HOLDER_BYTES = 240        # the lock file's text: who holds it, padded with spaces


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

def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection to the database at `path`; a file that is not sopxl's database is refused untouched."""
    if readonly and not path.exists():
        raise SopxlError("no consolidation database here", file=str(path),
                         fix="run `sopxl consolidate FOLDER --db FILE` first")
    try:
        if readonly:
            # as_uri() escapes what a URI would read otherwise: "kantor #2", "biro 100%25", "?"
            connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=30,
                                         isolation_level=None)
        else:
            # a run's statements are few but some come in several sizes (``Store.insert_packed``): all stay prepared
            connection = sqlite3.connect(path, timeout=30, isolation_level=None, cached_statements=512)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        foreign = version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if foreign or (readonly and version == 0):
            connection.close()
            raise SopxlError("is not a consolidation database of sopxl"
                             + (" (it holds another program's tables)" if foreign else ""), file=str(path),
                             fix=NOT_OURS_FIX)
        if not readonly:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            # a run writes in one transaction: its pages stay in memory up to this cap (16 MB), then go to the
            # write-ahead log before the commit, so a first night of millions of events keeps its memory flat
            connection.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        connection.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        raise SopxlError(f"is not a database sopxl can use ({exc})", file=str(path), fix=NOT_OURS_FIX) from exc
    return connection


class SQLiteStore(Store):
    """The consolidation database in one SQLite file."""

    dialect = SQLITE
    engine = "sqlite"

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: RunLock | None = None,
                 office: str = DEFAULT_OFFICE):
        super().__init__(str(path), office)
        self.file = Path(path)
        self.db = connection
        self.lock = lock
        if hasattr(connection, "getlimit"):         # Python 3.11: SQLite says how many (32766 from 3.32 on)
            self.max_parameters = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)

    @property
    def path(self) -> Path:
        return self.file

    @classmethod
    def open_for_run(cls, path: Path, *, office: str = DEFAULT_OFFICE, wait: float = 0.0) -> "SQLiteStore":
        """Lock the database for a run (StoreBusy when another run holds it) and bring its schema up to date."""
        path = Path(path)
        if not path.parent.is_dir():
            raise SopxlError("the folder for the database does not exist", file=str(path),
                             fix="create the folder first, or give --db another place")
        lock = RunLock(path.with_name(path.name + ".lock"))
        lock.acquire(wait)
        try:
            store = cls(path, _connect(path, readonly=False), lock, office)
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
    def open_readonly(cls, path: Path) -> "SQLiteStore":
        path = Path(path)
        store = cls(path, _connect(path, readonly=True))
        version = store.schema_version()
        store.check_version(version)
        if version < SCHEMA_VERSION:
            store.db.close()
            raise SopxlError(f"the database has schema {version} of an older sopxl; it is upgraded by the next "
                             "`sopxl consolidate` into it (reading never changes it)", file=str(path),
                             fix="run `sopxl consolidate FOLDER --db FILE` once, then read it again")
        return store

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Create the schema, or upgrade an older one in one transaction: completely, or not at all."""
        version = self.schema_version()
        self.check_version(version)
        if version == SCHEMA_VERSION:
            return
        steps = "" if version == 0 else "".join(migration(v, SQLITE) for v in range(version, SCHEMA_VERSION))
        # SQLite's way of changing a table's key: foreign keys off around the transaction, checked before commit
        self.db.execute("PRAGMA foreign_keys=OFF")
        try:
            self.db.executescript(f"BEGIN IMMEDIATE;\n{steps}\n{schema(SQLITE)}\n"
                                  f"PRAGMA user_version={SCHEMA_VERSION};")
            broken = self.db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"{len(broken)} rows point at rows that do not exist ({broken[0][0]})")
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise SopxlError(f"the database of schema {version} cannot be upgraded to {SCHEMA_VERSION} ({exc}); "
                             "it was left exactly as it was", file=str(self.location),
                             fix="keep using the sopxl that made it, or move it away to start a new one") from exc
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    # ---- statements and transactions -------------------------------------------------------------
    def execute(self, sql: str, params: tuple = ()):
        cursor = self.db.execute(sql, params)
        if cursor.rowcount > 0:
            self.changes += cursor.rowcount
        return cursor

    def executemany(self, sql: str, rows) -> None:
        cursor = self.db.executemany(sql, rows)
        if cursor.rowcount > 0:
            self.changes += cursor.rowcount

    def insert_events(self, sop_id: int, rows, run: int) -> None:
        """A SOP's new events; that the SOP exists is checked once for all of them (the events table keeps
        no foreign key: ``schema.SQLITE.event_sop``), so an event never names a SOP that is not there."""
        if self.db.execute("SELECT 1 FROM sops WHERE id = ?", (sop_id,)).fetchone() is None:
            raise sqlite3.IntegrityError(f"FOREIGN KEY constraint failed: events of SOP {sop_id}, which does not exist")
        super().insert_events(sop_id, rows, run)

    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def begin_read(self) -> None:
        """A snapshot for reading: every query until ``end_read`` sees the database as it was here."""
        self.db.execute("BEGIN")
        self.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()     # the snapshot starts at a read

    def end_read(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
