"""New SOPs' events and cases packed by the reading processes (``store.rows``) store exactly what the rows store.

A reading process packs the events and cases of a file whose SOP is most likely new: for SQLite as flat
lists of values, for PostgreSQL as COPY text the run writes as it is. These tests hold the packed forms to the
general path (rows as tuples; PostgreSQL's ``Copy.write_row``): the codec round-trips awkward texts, both
forms store the same rows on both engines, a night with packing stores what a night without stores, and
the years of the changed events a run keeps are those the database's own query finds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopxl.nightly import consolidation as consolidation_module
from sopxl.nightly.store import (CASE_COLUMNS, EVENT_COLUMNS, PackedRows, open_for_run, pack_cases, pack_events,
                                 stamp, unstamp)
from sopxl.nightly.store.base import SOP_KEYS
from sopxl.nightly.store.rows import CASE_KINDS, copy_text, rows_of_copy
from test_nightly_consolidation import consolidate, db_rows, rewrite_log, small_office
from test_nightly_flat import content

AWKWARD = ["", "biasa", "tab\there", "baris\nbaru", "cr\r\nlf", "back\\slash", "\\N", "\\", "\\\\t", "\\.",
           "ends with \\", "— Direktorat Jenderal ✓", "\x0b\x0c\x08", "é\u2028ü", "\t\n\r\\"]

texts = st.one_of(st.sampled_from(AWKWARD), st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                                            blacklist_characters="\x00")))
whole = st.integers(min_value=-2**63, max_value=2**63 - 1)
times = st.integers(min_value=stamp(dt.datetime(1, 1, 1)), max_value=stamp(dt.datetime(9999, 12, 31, 23, 59, 59)))
rows = st.lists(st.tuples(whole, whole, whole, texts, times, texts, texts, st.one_of(st.none(), whole), texts,
                          st.integers(0, 1)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(rows)
def test_copy_text_gives_back_exactly_the_rows_it_was_made_of(drawn):
    data = copy_text(drawn)
    assert data is not None
    assert rows_of_copy(data) == drawn
    assert data.count(b"\n") == len(drawn)          # a line ends only at a row's end: the run adds its ids there
    for form in ("sqlite", "postgresql"):
        packed = pack_events(form, drawn)
        assert isinstance(packed, PackedRows) and packed.rows() == drawn and len(packed) == len(drawn)
        assert packed.marks == {unstamp(row[4]).year for row in drawn}


def case_values(kind: str):
    drawn = {"int": whole, "text": texts, "float": st.floats(allow_nan=False, allow_infinity=False)}[kind.rstrip("?")]
    return st.one_of(st.none(), drawn) if kind.endswith("?") else drawn


case_rows = st.lists(st.tuples(*map(case_values, CASE_KINDS)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(case_rows)
def test_case_rows_packed_give_back_the_same_rows(drawn):
    assert rows_of_copy(copy_text(drawn, CASE_KINDS), CASE_KINDS) == drawn
    for form in ("sqlite", "postgresql"):
        packed = pack_cases(form, drawn)
        assert isinstance(packed, PackedRows) and len(packed) == len(drawn)
        assert sorted(packed.rows(), key=repr) == sorted(drawn, key=repr)
        assert packed.marks == {row[3] for row in drawn}
    assert copy_text([*drawn, (1, "a", "open", 0, *[float("nan")] * 18)], CASE_KINDS) is None


def row(event_id: int, note: str = "", recorded_at: int | None = 0, **values) -> tuple:
    base = dict(event_id=event_id, case_no=1, step=1, action="mulai", at=1_790_000_000 + event_id, actor="Kabag",
                recorded_by="kabag", recorded_at=recorded_at, note=note, refused=0)
    base.update(values)
    return tuple(base[c] for c in EVENT_COLUMNS)


@pytest.mark.parametrize("odd", [
    row(1, recorded_at=True), row(1, case_no=1.0), row(1, note=None), row(1, note="nul\x00"),
    row(1, note="lone \ud800"), row(1, actor=b"bytes"), (1, 2, 3)])
def test_a_value_copy_text_cannot_carry_exactly_sends_the_rows_the_general_way(odd):
    assert copy_text([row(2), odd]) is None
    assert pack_events("postgresql", [row(2), odd]) == [row(2), odd]


def case(number: int, closed: bool, text: str) -> tuple:
    values = dict(case_no=number, subject=text, state="closed" if closed else "open", opened=1_790_000_000 + number,
                  step=None if closed else 2, kegiatan=None if closed else text, holder=None if closed else "Kabag",
                  step_started=None if closed else 1_790_000_100, step_used=None if closed else 12.5,
                  step_norm=None if closed else 30.0, status="late", total_used=1e-7 * number, total_norm=None,
                  total_status="late" if number % 2 else None, returns=number % 3, closed=1_790_100_000 if closed else
                  None, due=None, as_of=1_790_200_000, step_clock=None if closed else 10**12 + number, open_clock=None,
                  step_norm_exact=None if closed else 1 / 3, total_norm_exact=2.0 ** -40)
    return tuple(values[c] for c in CASE_COLUMNS)


def test_packed_and_plain_rows_store_the_same_events_and_cases(tmp_path: Path, database):
    """Awkward notes through both forms into the same database: the rows read back are the rows given."""
    given_rows = [row(n + 1, note=note, recorded_at=None if n % 3 == 0 else 1_790_000_000 + n)
                  for n, note in enumerate(AWKWARD * 5)]
    given_rows.append(row(10_000, at=stamp(dt.datetime(2025, 12, 31, 23, 59, 59))))
    given_cases = [case(n + 1, n % 3 != 0, text) for n, text in enumerate(AWKWARD * 4)]
    opened = {1_790_000_000 + n + 1 for n in range(len(given_cases))}
    if isinstance(database, Path):
        database.parent.mkdir(parents=True)
    store = open_for_run(database)
    try:
        store.begin()
        ids = []
        for n in range(3):
            values = {k: "" for k in SOP_KEYS} | dict(identity=f"sop:{n}", present=1, steps=1, total_norm=None,
                                                       errors=0, warnings=0, infos=0)
            ids.append(store.save_sop(None, values, 1))
        store.insert_events(ids[0], given_rows, 1)
        assert store.replace_cases(ids[0], given_cases, new_sop=True) == opened
        for sop_id, form in zip(ids[1:], ("sqlite", "postgresql")):
            packed = pack_events(form, given_rows)
            assert isinstance(packed, PackedRows)
            years = set()
            store.merge_events(sop_id, packed, 1, new_sop=True, years=years)
            assert years == {2025, 2026}
            packed = pack_cases(form, given_cases)
            assert isinstance(packed, PackedRows) and (len(packed.data) == 4 or form == "postgresql")
            assert store.replace_cases(sop_id, packed, new_sop=True) == opened
        store.commit()
    finally:
        store.close()
    for sop_id in ids:
        stored = db_rows(database, f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE sop_id = ? "
                                   "ORDER BY event_id", (sop_id,))
        assert stored == given_rows
        stored = db_rows(database, f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE sop_id = ? ORDER BY case_no",
                         (sop_id,))
        assert stored == given_cases


def test_a_night_with_packed_events_stores_what_a_night_without_stores(tmp_path: Path, database, monkeypatch):
    folder = tmp_path / "kantor"
    paths = small_office(folder, 3, 8, 5, dt.datetime(2026, 11, 18, 16))
    rewrite_log(paths[0], lambda events: [dataclasses.replace(e, note=AWKWARD[e.id % len(AWKWARD)]) for e in events])
    packed = []
    read_one = consolidation_module._read_one

    def reading(*args):
        outcome = read_one(*args)
        packed.append(isinstance(outcome.events, PackedRows) and isinstance(outcome.cases, PackedRows))
        return outcome

    monkeypatch.setattr(consolidation_module, "_read_one", reading)
    consolidate(folder, tmp_path / "out", db=database)
    assert packed == [True] * 3
    monkeypatch.setattr(consolidation_module, "_read_one", lambda *args: reading(*args[:4]))
    packed.clear()
    consolidate(folder, tmp_path / "plain", db=tmp_path / "plain" / "sopxl.db")
    assert packed == [False] * 3
    assert content(database) == content(tmp_path / "plain" / "sopxl.db")


def test_the_years_of_a_runs_changed_events_are_those_the_database_finds(tmp_path: Path, database):
    """Events added, changed (before and after) and removed: the run keeps their years as it merges them."""
    folder = tmp_path / "kantor"
    paths = small_office(folder, 2, 6, 7, dt.datetime(2026, 11, 18, 16))
    first = consolidate(folder, tmp_path / "out", db=database)
    assert first.changes.event_years == first.changes.case_years == {2026}
    old_year = dt.datetime(2024, 5, 6, 7, 8)
    rewrite_log(paths[0], lambda events: [dataclasses.replace(e, at=old_year) if e.id == 2 else e
                                          for e in events if e.id != 4])
    second = consolidate(folder, tmp_path / "out", db=database, as_of=dt.datetime(2026, 11, 21, 2))
    assert second.events_changed >= 1 and second.events_removed == 1     # (replayed anew: some now refused)
    run = second.run
    year = "substr(strftime('%Y-%m', {}, 'unixepoch'), 1, 4)" if isinstance(database, Path) else \
        "to_char(to_timestamp({}) AT TIME ZONE 'UTC', 'YYYY')"
    found = set()
    for sql in (f"SELECT DISTINCT {year.format('at')} FROM events WHERE added_run = ? OR removed_run = ?",
                f"SELECT DISTINCT {year.format('at')} FROM event_versions WHERE replaced_run = ? AND replaced_run = ?",
                f"SELECT DISTINCT {year.format('e.at')} FROM events e WHERE EXISTS (SELECT 1 FROM event_versions v "
                "WHERE v.sop_id = e.sop_id AND v.event_id = e.event_id AND v.replaced_run = ? AND v.replaced_run = ?)"):
        found.update(int(y) for y, in db_rows(database, sql, (run, run)))
    assert second.changes.event_years == found == {2024, 2026}
