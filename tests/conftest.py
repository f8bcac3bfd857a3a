"""Fixtures shared by the test modules: the two database engines of the consolidation store."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

POSTGRESQL_ENV = "SOPXL_TEST_POSTGRESQL"     # scripts/test starts a throwaway server and sets it


def postgresql_admin_url() -> str:
    """The URL of a PostgreSQL server for the tests (its maintenance database), or skip — never under CI."""
    url = os.environ.get(POSTGRESQL_ENV) or "postgresql:///postgres"
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=5).close()
    except Exception as exc:  # no driver, or no server: a developer without one skips, CI must have one
        reason = (f"no PostgreSQL server reachable ({type(exc).__name__}: {str(exc).strip()[:120]}); "
                  f"`bash scripts/test` starts one and sets {POSTGRESQL_ENV}")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def postgresql_url():
    """A new empty PostgreSQL database for one test (dropped after it): its URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    admin = postgresql_admin_url()
    name = f"sopxl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    params = conninfo_to_dict(admin)
    params["dbname"] = name
    query = "&".join(f"{k}={v}" for k, v in params.items() if k not in ("dbname", "user"))
    url = f"postgresql://{params.get('user', '') + '@' if params.get('user') else ''}/{name}" + (f"?{query}" if query else "")
    assert conninfo_to_dict(make_conninfo(url))["dbname"] == name
    yield url
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path):
    """The consolidation database of a test, once on each engine: an SQLite file, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "out" / "sopxl.db"
    return request.getfixturevalue("postgresql_url")
