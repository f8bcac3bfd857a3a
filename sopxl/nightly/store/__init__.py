"""The consolidation database: one store interface (``base.Store``), one module per engine.

``sqlite`` is the embedded default (one file on a local disk, one office); ``postgresql`` is the central
database many offices' nightly runs write into at the same time (``pip install 'sopxl[postgresql]'``).
A database is named by a file path or a ``postgresql://`` URL (``target``); ``open_for_run`` locks the
run's office and brings the schema up to date, ``open_readonly`` opens it for the report and the master.
The schema is documented in docs/consolidation.md.
"""

from __future__ import annotations

from .base import DATA_TABLES, DEFAULT_OFFICE, FINDING_COLUMNS, KnownSop, KnownSource, Store, StoreBusy, office_filter
from .rows import CASE_COLUMNS, EVENT_COLUMNS, PackedRows, pack_cases, pack_events, years_of
from .location import DATABASE_ENV, default_database, is_url, on_network_share, refuse_password
from .schema import SCHEMA_VERSION
from .engines import open_for_run, open_readonly
from .sqlite import RunLock, SQLiteStore
from .times import EPOCH, SECOND, iso, moment, stamp, unstamp

__all__ = ["CASE_COLUMNS", "DATA_TABLES", "DATABASE_ENV", "DEFAULT_OFFICE", "EPOCH", "EVENT_COLUMNS",
           "FINDING_COLUMNS", "KnownSop", "KnownSource", "RunLock", "SCHEMA_VERSION", "SECOND", "SQLiteStore",
           "Store", "StoreBusy", "StoreSource", "database_of", "database_of_master", "default_database", "is_url", "iso",
           "moment", "office_filter", "on_network_share", "open_for_run", "open_readonly", "pack_cases", "pack_events", "PackedRows",
           "refuse_password", "years_of",
           "stamp", "unstamp"]

# the report's source (``source``) needs the domain's calendar: imported when first asked for, so a night
# that finds nothing changed does not load it
_LAZY = ("StoreSource", "database_of", "database_of_master")


def __getattr__(name: str):
    if name in _LAZY:
        from . import source

        return getattr(source, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
