"""The consolidation database as a report source (``sopxl.domain.figures``), and the database a master names."""

from __future__ import annotations

import json
from pathlib import Path

from ...domain.calendar import calendar_from_json
from ...domain.cases import OPEN
from ...errors import SopxlError
from .base import Store, office_filter
from .location import is_url, refuse_password
from .times import stamp, unstamp


_CALENDARS_KEPT = 64          # distinct Kalender sheets kept read while the SOPs are given


class StoreSource:
    """A consolidation database as a *report source*: one ``figures.SopSource`` per SOP it holds.

    Every SOP of the chosen `offices` (None: all) is given, present or not (a file that is gone keeps its
    history); its events are those its workbook held when last read (``removed_run`` empty) that the
    case state machine accepted (an event typed into a Log by hand that cannot be replayed is left out,
    as the consolidation's cases leave it out), in id order. The database is asked twice, whatever the
    number of SOPs, in one snapshot: the SOPs in id order and their events in (SOP, id) order, both
    fetched as they are read (``Store.stream``); items are built one at a time as the two meet, so
    memory follows the largest SOP.
    """

    def __init__(self, store: "Store | str | Path", offices=None):
        from .engines import open_readonly

        self.store = store if isinstance(store, Store) else open_readonly(store)
        self.offices = None if offices is None else tuple(offices)
        self.skipped: list[tuple[str, str]] = []
        self.window: tuple[int, int] | None = None

    def narrowed(self, since, until) -> "StoreSource":
        """The same SOPs with only what a month's report reads (``figures.report_window``): the events before
        `until` of the cases not closed or cancelled before `since`, chosen by the database.

        A case that ended before `since` counts nowhere in the report; its events are replayed for nothing
        (a case's events replay on their own: no other case's events change its state). Which cases ended
        is the database's ``cases`` table, written from the same events in the same transaction: the events
        are those of the cases that count (joined to their rows), read from the first moment one of them
        was opened (none of a case's events comes before it: the Log replay refuses them).
        """
        narrow = StoreSource(self.store, self.offices)
        narrow.window = (stamp(since), stamp(until))
        return narrow

    @property
    def name(self) -> str:
        location = self.store.path
        return Path(location).stem if isinstance(location, Path) else str(location).rsplit("/", 1)[-1]

    def __iter__(self):
        from ...domain.cases import Event
        from ...domain.figures import SopMeta, SopSource
        from ...domain.model import SOP

        self.skipped.clear()
        where, params = office_filter("s.office", self.offices)
        select = ("SELECT e.sop_id, e.event_id, e.case_no, e.step, e.action, e.at, e.actor, e.recorded_by, "
                  "e.recorded_at, e.note FROM events e JOIN sops s ON s.id = e.sop_id")
        condition = f"WHERE {where} AND e.removed_run IS NULL AND e.refused = 0"
        window: tuple = ()
        store = self.store
        store.begin_read()            # one snapshot: the SOPs and their events as one run left them
        try:
            if self.window is not None:
                since, until = self.window
                counted = f"(c.state = '{OPEN}' OR c.closed >= ?)"
                first, = store.query(f"SELECT min(c.opened) FROM cases c JOIN sops s ON s.id = c.sop_id WHERE {where} "
                                     f"AND {counted}", (*params, since)).fetchone()
                if first is None:
                    first = until                  # no case counts: no event is read
                # the events of the cases that count (every accepted event has its case's row: the replay
                # that accepted it wrote it), from the first one's opening
                select += " JOIN cases c ON c.sop_id = e.sop_id AND c.case_no = e.case_no"
                condition += f" AND {counted} AND e.at >= ? AND e.at < ?"
                window = (since, first, until)
            # SOPs are wide rows (their SOP and Kalender as JSON): fetched a few at a time
            sops = store.stream("SELECT s.id, s.instansi, s.nomor, s.nama, s.path, s.sop_json, s.calendar_json "
                                f"FROM sops s WHERE {where} ORDER BY s.id", params, batch=50)
            events = iter(store.stream(f"{select} {condition} ORDER BY e.sop_id, e.event_id", (*params, *window),
                                       every_row=True))
            pending = next(events, None)
            calendars: dict[str, object] = {}
            for sop_id, instansi, nomor, nama, path, sop_json, calendar_json in sops:
                own = []
                while pending is not None and pending[0] <= sop_id:
                    if pending[0] == sop_id:
                        _, event_id, case_no, step, action, at, actor, recorded_by, recorded_at, note = pending
                        own.append(Event(event_id, case_no, step, action, unstamp(at), actor, recorded_by,
                                         unstamp(recorded_at), note))
                    pending = next(events, None)
                try:
                    if calendar_json not in calendars:     # an office's SOPs mostly share a Kalender (read-only)
                        if len(calendars) >= _CALENDARS_KEPT:
                            calendars.clear()
                        calendars[calendar_json] = calendar_from_json(calendar_json)
                    calendar = calendars[calendar_json]
                    sop = SOP.from_dict(json.loads(sop_json))
                except (ValueError, KeyError) as exc:
                    self.skipped.append((path, f"stored SOP cannot be read back ({exc})"))
                    continue
                meta = SopMeta.of(f"sop:{sop_id}", instansi, nama, nomor, Path(path).name)
                yield SopSource(meta=meta, sop=sop, calendar=calendar, events=own)
        finally:
            store.end_read()


def database_of(target) -> "Path | str":
    """The consolidation database `target` stands for: a URL or a database file as it is, a master workbook's
    database (its document property)."""
    if is_url(target):
        return str(target)
    path = Path(target)
    return database_of_master(path) if path.suffix.lower() in (".xlsx", ".xlsm") else path


def database_of_master(path: Path):
    """The database a master workbook was written from (its "sopxl database" document property): a file or a URL.

    The property is data from a file, so it is checked before use: a file must be an SQLite database with
    a database suffix (``_checked_database``), and a URL may not carry a password.
    """
    from ... import layout as L
    from ...xlsx.read import custom_property

    path = Path(path)
    text = custom_property(path, L.MASTER_DATABASE_PROPERTY)
    if text is None:
        raise SopxlError("not a consolidation master (it names no database)", file=str(path),
                         fix="give the master written by `sopxl consolidate`, or its database (.db)")
    if is_url(text):
        refuse_password(text)
        return text
    return _checked_database(path, text)


_SQLITE_HEADER = b"SQLite format 3\x00"


def _checked_database(master: Path, named: str) -> Path:
    """The database file a master names, checked before use: a plain path to an SQLite file of a known suffix."""
    from ... import layout as L

    fix = "run `sopxl consolidate` again to write the master, or give the database (.db) itself"
    if not named or "\x00" in named or len(named) > 4096 or "://" in named or named.lower().startswith("file:"):
        raise SopxlError(f"the master names its database as {named[:80]!r}, which is not a file path",
                         file=str(master), fix=fix)
    database = Path(named)
    if not database.is_absolute():
        database = master.parent / database
    if not database.exists():
        beside = master.parent / database.name
        if beside.exists():
            database = beside         # master and database moved together
    if database.suffix.lower() not in L.DATABASE_SUFFIXES:
        raise SopxlError(f"the master names {database.name!r} as its database, which is not a .db file",
                         file=str(master), fix=fix)
    if database.exists():
        try:
            with open(database, "rb") as handle:
                header = handle.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise SopxlError(f"the database the master names cannot be read ({exc.strerror or exc})",
                             file=str(database), fix="check the path and read access") from exc
        if header and header != _SQLITE_HEADER:
            raise SopxlError("the file the master names as its database is not an SQLite database",
                             file=str(database), fix=fix)
    return database
