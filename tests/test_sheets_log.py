"""The Log as cells: events written into a real workbook read back the same, whatever text they carry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopxl.xlsx.casefile import open_casebook, write
from sopxl.sheets.grid import cell_moment
from sopxl.domain.cases import log_text
from sopxl.domain.model import CELL_MAX_CHARS
from sopxl.errors import CaseError
from sopxl.domain.model import SOP, Step, Symbol
from sopxl.xlsx.workbook import create, template_calendar

T0 = dt.datetime(2026, 11, 2, 8, 0)


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> bytes:
    sop = SOP(roles=["Kasubbag", "Kabag"], steps=[
        Step(1, "Menyusun", marks=["Kasubbag"], waktu="1 jam"),
        Step(2, "Memeriksa", marks=["Kabag"], symbol=Symbol.DECISION, waktu="15 menit", ya=3, tidak=1),
        Step(3, "Mengirim", marks=["Kasubbag"], waktu="10 menit"),
    ])
    path = create(tmp_path_factory.mktemp("log") / "blank.xlsx", sop, calendar=template_calendar(dt.date(2026, 11, 20)))
    return path.read_bytes()


TEXT = st.text(max_size=60)       # any characters: control characters, formulas, line ends, emoji


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=TEXT.filter(lambda t: " ".join(log_text(t, "x").split())), notes=st.lists(TEXT, max_size=3),
       actor=TEXT, seconds=st.integers(0, 59))
def test_events_read_back_as_they_were_recorded(tmp_path: Path, blank: bytes, subject, notes, actor, seconds):
    path = tmp_path / "log.xlsx"
    path.write_bytes(blank)
    book = open_casebook(path)
    ledger = book.ledger
    moment = T0 + dt.timedelta(seconds=seconds)
    events = [ledger.start(subject, moment, actor=actor, recorded_by="ani", recorded_at=moment)]
    for index, note in enumerate(notes, start=1):
        at = moment + dt.timedelta(minutes=index, seconds=seconds)
        events.append(ledger.advance(1, at, decision=None if index % 2 else True, actor=actor, note=note,
                                     recorded_by="ani", recorded_at=at))
    write(book, events, moment + dt.timedelta(hours=1))
    again = open_casebook(path)
    assert again.ledger.events == events
    assert again.ledger.cases == ledger.cases
    assert all(e.row == 2 + i for i, e in enumerate(again.ledger.events))


def test_text_is_kept_as_a_cell_keeps_it():
    assert log_text(" =SUM(A1)\r\nbaris dua\x07 ", "x") == "=SUM(A1)\nbaris dua\x07"    # control characters stay
    assert log_text("a\ufffeb\udc00c", "x") == "abc"                                         # non-characters go
    assert log_text(None, "x") == ""
    assert len(log_text("a" * CELL_MAX_CHARS, "x")) == CELL_MAX_CHARS
    with pytest.raises(CaseError, match="the note has 32,768 characters; an Excel cell holds 32,767"):
        log_text("a" * (CELL_MAX_CHARS + 1), "the note")


@pytest.mark.parametrize("value, moment", [
    (dt.datetime(2026, 11, 20, 15, 0, 0, 999_999), dt.datetime(2026, 11, 20, 15, 0, 1)),
    (dt.datetime(2026, 11, 20, 15, 0, 0, 400_000), dt.datetime(2026, 11, 20, 15, 0, 0)),
    (dt.date(2026, 11, 20), dt.datetime(2026, 11, 20)),
    (46346.625, dt.datetime(2026, 11, 20, 15, 0)),            # an Excel serial without a date style
    ("2026-11-20 15:00", dt.datetime(2026, 11, 20, 15, 0)),
    ("2026-11-20T15.00", dt.datetime(2026, 11, 20, 15, 0)),
    ("2026-11-20", dt.datetime(2026, 11, 20)),
    ("kemarin sore", None), ("2026-13-01 10:00", None), ("", None), (None, None), (True, None), (0.5, None),
])
def test_moments_in_log_cells(value, moment):
    assert cell_moment(value) == moment


@pytest.mark.parametrize("value", [dt.datetime(9999, 12, 31, 10, 0), 2958000.0, "9000-01-01 10:00"])
def test_a_date_past_the_year_2999_is_not_a_moment(value):
    # such a date is a typing mistake, and a due moment computed from it would not fit in a datetime
    assert cell_moment(value) is None
    assert cell_moment(dt.datetime(2999, 12, 31, 10, 0)) is not None
