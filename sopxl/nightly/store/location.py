"""Where the consolidation database is: a file on a local disk by default, or a PostgreSQL URL.

SQLite's WAL journal needs shared memory, which network shares (SMB/CIFS, NFS) do not give, and its own
documentation warns against a database file on one. So the default database sits beside the master
only when the master's folder is on a local disk; when the master is on a share, the database goes to
the local data folder of the account that runs the job (``%LOCALAPPDATA%\\sopxl`` on Windows,
``$XDG_DATA_HOME/sopxl`` or ``~/.local/share/sopxl`` elsewhere), named after the master.
``SOPXL_DB`` names the database when ``--db`` is not given (a file, or a ``postgresql://`` URL).
"""

from __future__ import annotations

import os
from pathlib import Path

from ...errors import SopxlError

DATABASE_ENV = "SOPXL_DB"
URL_PREFIXES = ("postgresql://", "postgres://")
NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "9p", "fuse.sshfs", "ncpfs", "davfs",
                       "fuse.davfs2", "glusterfs", "ceph", "fuse.rclone"}


def is_url(target) -> bool:
    """True for a PostgreSQL connection URL (``postgresql://…``); False for a file path."""
    return isinstance(target, str) and target.lower().startswith(URL_PREFIXES)


def refuse_password(target) -> None:
    """A password typed into a URL on the command line ends up in shell histories and process lists: refused."""
    if not is_url(target):
        return
    from .postgresql import _psycopg

    psycopg = _psycopg()
    try:
        params = psycopg.conninfo.conninfo_to_dict(target)
    except psycopg.ProgrammingError as exc:
        raise SopxlError(f"the database URL cannot be read ({exc})", fix="e.g. postgresql://sopxl@server/sopxl") from exc
    if params.get("password"):
        raise SopxlError("the database URL holds a password; a password on the command line is seen by every "
                         "user of the machine", fix="leave it out of the URL and put it in PGPASSWORD, ~/.pgpass "
                         "(%APPDATA%\\postgresql\\pgpass.conf on Windows) or a service file")


def filesystem_of(path: Path, mounts: str) -> str:
    """The file system type holding `path`, from a mount table in /proc/self/mounts form."""
    best, kind = "", ""
    target = os.path.abspath(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def on_network_share(path: Path) -> bool:
    """True when `path` is on a network share (a UNC path or a remote drive on Windows; cifs, nfs… elsewhere)."""
    path = Path(os.path.abspath(path))
    if os.name == "nt":      # pragma: no cover - exercised on Windows only
        text = str(path)
        if text.startswith("\\\\"):
            return True
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(text[:3]) == 4      # DRIVE_REMOTE
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return filesystem_of(path, mounts) in NETWORK_FILESYSTEMS


def local_data_dir() -> Path:
    if os.name == "nt":      # pragma: no cover - exercised on Windows only
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "sopxl"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "sopxl"


def default_database(master: Path):
    """The database of a master when --db is not given: SOPXL_DB, else beside it on a local disk, else local."""
    named = os.environ.get(DATABASE_ENV)
    if named:
        return named if is_url(named) else Path(os.path.abspath(named))
    master = Path(os.path.abspath(master))
    if not on_network_share(master.parent):
        return master.with_name("sopxl.db")
    import hashlib

    digest = hashlib.sha256(str(master).encode("utf-8")).hexdigest()[:10]
    return local_data_dir() / f"{master.stem}-{digest}.db"
