"""Which engine a database target takes: a ``postgresql://`` URL is PostgreSQL, anything else an SQLite file."""

from __future__ import annotations

from pathlib import Path

from .base import DEFAULT_OFFICE, Store
from .location import is_url
from .sqlite import SQLiteStore


def _engine(target):
    if is_url(target):
        from .postgresql import PostgresStore

        return PostgresStore, str(target)
    return SQLiteStore, Path(target)


def open_for_run(target, *, office: str = DEFAULT_OFFICE, wait: float = 0.0) -> Store:
    """The database at `target` (a file or a postgresql:// URL), locked for one run of `office`."""
    engine, where = _engine(target)
    return engine.open_for_run(where, office=office, wait=wait)


def open_readonly(target) -> Store:
    """The database at `target`, for reading (the report, the master of several offices)."""
    engine, where = _engine(target)
    return engine.open_readonly(where)
