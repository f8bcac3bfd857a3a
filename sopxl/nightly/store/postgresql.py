"""The PostgreSQL engine: one central database that many offices' nightly runs write into at the same time.

Connected with psycopg 3 (the optional extra ``sopxl[postgresql]``) from a ``postgresql://`` URL or
libpq key words; the password comes from where libpq looks for it (``PGPASSWORD``, ``~/.pgpass``, a
service file), never from the command line. Each run holds a session advisory lock on its office
(``pg_try_advisory_lock``): a second run of the same office is refused (or waits, ``--wait``), runs of
other offices go on, and a run whose process dies loses its connection and so its lock and its open
transaction — the database stays as the previous run of that office left it. All of a run's rows are
its office's (``base``), so concurrent runs touch disjoint rows. New events go in with ``COPY``.

The schema version is the one row of ``sopxl_schema``; creating or upgrading the schema holds a
transaction-scoped advisory lock, so two offices starting on an empty database do not both create it.
"""

from __future__ import annotations

import functools
import os
import socket
import time

from ...errors import SopxlError
from .base import DEFAULT_OFFICE, Store, StoreBusy
from .rows import PackedRows
from .schema import POSTGRESQL, SCHEMA_VERSION, migration, schema

# advisory lock keys (two 32-bit integers): sopxl's space, then the office's hash or the schema's key
LOCK_SPACE = 0x50_58_4C          # "PXL"
SCHEMA_LOCK_SPACE = 0x50_58_4D
INSTALL_FIX = "install it with: pip install 'sopxl[postgresql]'"


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:
        raise SopxlError("a PostgreSQL database needs the psycopg driver, which is not installed",
                         fix=INSTALL_FIX) from exc
    return psycopg


def safe_url(url: str) -> str:
    """The URL as a person may read it: any password in it left out."""
    psycopg = _psycopg()
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://…"
    params.pop("password", None)
    host = params.pop("host", "") or ""
    port = params.pop("port", None)
    user = params.pop("user", None)
    name = params.pop("dbname", "") or ""
    socket_folder = host.startswith("/")
    if socket_folder:               # a unix socket: its folder and port go after the name
        params.update({"host": host, **({"port": port} if port else {})})
    extra = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    where = "" if socket_folder else host + (f":{port}" if port else "")
    return f"postgresql://{user + '@' if user else ''}{where}/{name}" + (f"?{extra}" if extra else "")


@functools.lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """The shared SQL (``?`` placeholders) as psycopg takes it (``%s``; a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _connect(url: str, purpose: str):
    psycopg = _psycopg()
    name = f"sopxl {purpose} pid {os.getpid()} on {socket.gethostname()}"[:63]
    try:
        # UTF-8 on the wire whatever the database's encoding (the server converts): COPY text made by the
        # reading processes is UTF-8
        return psycopg.connect(url, autocommit=True, application_name=name, connect_timeout=15,
                               client_encoding="UTF8")
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SopxlError(f"the PostgreSQL database cannot be reached ({detail})", file=safe_url(url),
                         fix="check the server, the database name and the user; the password goes in PGPASSWORD, "
                             "~/.pgpass or a service file, never in the URL") from exc


# the office's lock key, computed by the server from the office name (a %s parameter)
OFFICE_KEY = "hashtext('sopxl office:' || %s)"


class PostgresStore(Store):
    """The consolidation database in PostgreSQL, shared by many offices."""

    dialect = POSTGRESQL
    engine = "postgresql"

    def __init__(self, url: str, connection, office: str = DEFAULT_OFFICE, locked: bool = False):
        super().__init__(safe_url(url), office)
        self.url = url
        self.db = connection
        self.locked = locked

    @property
    def path(self) -> str:
        return self.location

    # ---- opening ----------------------------------------------------------------------------------
    @classmethod
    def open_for_run(cls, url: str, *, office: str = DEFAULT_OFFICE, wait: float = 0.0) -> "PostgresStore":
        """Lock the office for a run (StoreBusy when another run of it holds it) and bring the schema up to date."""
        psycopg = _psycopg()
        connection = _connect(url, "consolidate")
        store = cls(url, connection, office)
        try:
            store._lock_office(wait)
            store._migrate()
        except psycopg.Error as exc:
            connection.close()
            raise SopxlError(f"the PostgreSQL database cannot be used ({str(exc).strip().splitlines()[0]})",
                             file=store.location, fix="check the user's rights on the database") from exc
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def open_readonly(cls, url: str) -> "PostgresStore":
        connection = _connect(url, "report")
        store = cls(url, connection)
        version = store.schema_version()
        if version == 0:
            connection.close()
            raise SopxlError("is not a consolidation database of sopxl (it has no sopxl_schema table)",
                             file=store.location, fix="run `sopxl consolidate FOLDER --db URL` into it first")
        store.check_version(version)
        return store

    def _lock_office(self, wait: float) -> None:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            got = self.db.execute(f"SELECT pg_try_advisory_lock({LOCK_SPACE}, {OFFICE_KEY})",
                                  (self.office,)).fetchone()[0]
            if got:
                self.locked = True
                return
            if time.monotonic() >= deadline:
                raise StoreBusy(f"another consolidation of office {self.office or '(default)'!r} is writing this "
                                f"database ({self._holder()})", file=self.location,
                                fix="wait until it finishes (or pass --wait SECONDS to wait for it); the lock goes "
                                    "away by itself when that run ends")
            time.sleep(min(0.5, max(deadline - time.monotonic(), 0.01)))

    def _holder(self) -> str:
        row = self.db.execute(
            "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l JOIN pg_stat_activity a "
            f"ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {LOCK_SPACE} AND "
            f"l.objid = CAST({OFFICE_KEY} AS oid) AND l.objsubid = 2",
            (self.office,)).fetchone()
        if row is None:
            return "a run that just ended"
        name, address, since = row
        return f"{name or 'a connection'}{' from ' + str(address) if address else ''}, since {since:%Y-%m-%d %H:%M:%S}"

    def schema_version(self) -> int:
        # a catalog query with the statement's own snapshot (to_regclass may answer from a cache that does not
        # yet know a table another session just committed)
        if not self.db.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                               "current_schema() AND table_name = 'sopxl_schema'").fetchone()[0]:
            return 0
        row = self.db.execute("SELECT max(version) FROM sopxl_schema").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        """Create the schema, or upgrade an older one, in one transaction under the schema lock."""
        version = self.schema_version()
        self.check_version(version)
        if version == SCHEMA_VERSION:
            return
        psycopg = _psycopg()
        try:
            with self.db.transaction():
                self.db.execute(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_SPACE}, 0)")
                version = self.schema_version()       # another office may have made it while we waited
                if version == SCHEMA_VERSION:
                    return
                if version == 0:
                    others = self.db.execute(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                    ).fetchone()[0]
                    if others:
                        raise SopxlError("is not a consolidation database of sopxl (it holds another program's "
                                         "tables)", file=self.location,
                                         fix="create an empty database for sopxl (createdb sopxl) and name it "
                                             "with --db")
                # PostgreSQL databases start at schema 2: each later version's steps run in this same
                # transaction, so a database is upgraded completely or not at all
                for step in range(max(version, 2), SCHEMA_VERSION) if version else ():
                    if steps := migration(step, POSTGRESQL):       # (3 -> 4 has none here)
                        self.db.execute(steps)
                self.db.execute(schema(POSTGRESQL))
                self.db.execute("CREATE TABLE IF NOT EXISTS sopxl_schema (version INTEGER NOT NULL)")
                self.db.execute("DELETE FROM sopxl_schema")
                self.db.execute("INSERT INTO sopxl_schema(version) VALUES (%s)", (SCHEMA_VERSION,))
        except psycopg.Error as exc:
            raise SopxlError(f"the database of schema {version} cannot be brought to {SCHEMA_VERSION} "
                             f"({str(exc).strip().splitlines()[0]}); it was left exactly as it was",
                             file=self.location, fix="check the user's rights to create tables") from exc

    def close(self) -> None:
        """End the session: its advisory lock and any open transaction go with it.

        The lock is given back first, in a statement the server answers: closing alone only asks the server
        to end the session, so a run started right after this one ended could still find the lock held.
        """
        try:
            if self.locked and not self.db.closed:
                self.db.rollback()
                self.db.execute(f"SELECT pg_advisory_unlock({LOCK_SPACE}, {OFFICE_KEY})", (self.office,))
                self.locked = False
        except Exception:       # noqa: BLE001 - a broken connection: the server ends the session, and the lock
            pass
        finally:
            self.db.close()

    # ---- statements and transactions ---------------------------------------------------------------
    def execute(self, sql: str, params: tuple = ()):
        cursor = self.db.execute(_pg_sql(sql), params)
        if cursor.rowcount > 0 and sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.changes += cursor.rowcount
        return cursor

    def executemany(self, sql: str, rows) -> None:
        rows = list(rows)
        if not rows:
            return
        cursor = self.db.cursor()
        cursor.executemany(_pg_sql(sql), rows)
        if cursor.rowcount > 0:
            self.changes += cursor.rowcount

    def stream(self, sql: str, params: tuple = (), *, batch: int = 5000, every_row: bool = False):
        """Rows of a big query fetched `batch` at a time (a server-side cursor: memory stays flat).

        With `every_row`, the query is planned to give all its rows soonest, not its first ones (a cursor's
        plan otherwise favours the first tenth: ``cursor_tuple_fraction``), for the rest of the transaction.
        """
        if every_row:
            self.db.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        cursor = self.db.cursor(name=f"sopxl_{id(sql):x}_{time.monotonic_ns():x}")
        cursor.itersize = batch
        cursor.execute(_pg_sql(sql), params)
        return cursor

    def insert_packed(self, table: str, ids: dict[str, int], columns: tuple[str, ...],
                      rows: "list[tuple] | PackedRows") -> None:
        """With COPY: many times faster than INSERTs for a workbook's thousands of rows.

        Rows a reading process packed as COPY text (``rows.copy_text``) are written as they are, each line
        given the `ids` at its end (one bytes replace: a line ends only at a row's end, a newline in a text
        being escaped); the connection speaks UTF-8 (``_connect``)."""
        if isinstance(rows, PackedRows) and rows.form == "copy":
            if rows.count:
                end = b"".join(b"\t%d" % int(value) for value in ids.values()) + b"\n"
                with self.db.cursor().copy(f"COPY {table} ({', '.join([*columns, *ids])}) FROM STDIN") as copy:
                    copy.write(rows.data.replace(b"\n", end))
                self.changes += rows.count
            return
        rows = rows.rows() if isinstance(rows, PackedRows) else rows
        if rows:
            first = tuple(ids.values())
            self._copy(table, (*ids, *columns), ((*first, *row) for row in rows))

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """With COPY, as events (a new SOP's cases, a file's findings)."""
        if rows:
            self._copy(table, columns, rows)

    def _copy(self, table: str, columns: tuple[str, ...], rows) -> None:
        count = 0
        with self.db.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        self.changes += count

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def begin_read(self) -> None:
        """A snapshot for reading: every query until ``end_read`` sees the database as it was here."""
        self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def end_read(self) -> None:
        self.db.execute("COMMIT")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.info.transaction_status != 0:       # not idle: a transaction is open (or failed)
            self.db.execute("ROLLBACK")
