"""Fuzz: any value in any cell of Identitas, Aktivitas, Kalender and Log gives a result or one SopxlError.

Two levels, as a workbook is read: the sheet values python-calamine hands over (every type it gives:
text, floats of any size, booleans, dates, times, durations, empty) through everything an action and
the nightly job do with them (the SOP, the calendar, the Log replayed, the cases timed, Pelacak planned,
validation, the nightly job's Log rows and analysis); and, fewer, real files whose cells hold numbers of
any size under a date or time style, through the whole reader (where a Rust panic used to escape).

The number of examples comes from SOPXL_FUZZ_EXAMPLES (CI keeps the default); the long run is in
bench/fuzz.md.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.errors import SopxlError
from sopxl.nightly.analyse import analyse
from sopxl.nightly.bulkread import Fingerprint, SourceRead, log_rows, read_file
from sopxl.domain.cases import Ledger
from sopxl.domain.tracker import Tracker
from sopxl.sheets.casebook import casebook_from_grids, check_step_numbers, plan_update
from sopxl.sheets.log import events_from_grid
from sopxl.validation.rules import validate_sop
from sopxl.sheets.grid import Grid
from sopxl.sheets.sop import calendar_from_grid, sop_from_grids
from sopxl.xlsx.casefile import open_casebook
from sopxl.xlsx.patch import Package
from sopxl.xlsx.read import read_grids

GOOD = Path(__file__).parent / "data" / "faults" / "good.xlsx"
SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.KALENDER, L.LOG)
BASE = read_grids(GOOD, (*SHEETS, L.PELACAK))
EXAMPLES = int(os.environ.get("SOPXL_FUZZ_EXAMPLES", "2000"))
REPEATABLE = "SOPXL_FUZZ_EXAMPLES" not in os.environ      # CI: the same examples every run; a long run: new ones
AS_OF = dt.datetime(2026, 11, 20, 12)

# values of every type python-calamine gives, the ordinary and the extreme
VALUES = st.one_of(
    st.just(""),
    st.text(max_size=20),
    st.sampled_from(["Senin", "Minggu", "mulai", "selesai", "ya", "tidak", "batal", "catatan", "30 menit",
                     "9" * 400 + " menit", "07:30", "24:00", "2026-11-20 15:00", "9999-12-31", "x", "Ya",
                     "Keputusan", "Proses", "=1+1", "_x0041_", "1e300", "-0"]),
    st.floats(),                                                     # nan, inf, 1e300, -0.0 …
    st.integers(-10**20, 10**20).map(float),                         # whole numbers as calamine gives them
    st.integers(-3, 50).map(float),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-10**6), max_value=dt.timedelta(days=10**6)),
)


def _rows_of(sheet: str) -> int:
    return BASE[sheet].last_row


# a cell: mostly where the sheet holds something, sometimes just below it or far away
CELLS = st.tuples(st.sampled_from(SHEETS),
                  st.integers(0, 39).flatmap(lambda i: st.just(1_048_576) if i == 0 else st.integers(1, 60)),
                  st.integers(0, 39).flatmap(lambda i: st.just(16_384) if i == 0 else st.integers(1, 16)))


_NO_CELLS: list = []


def with_values(changes) -> dict[str, Grid]:
    """The good workbook's sheet values with `changes` ((sheet, row, column), value) made, as the reader gives them."""
    grids = {name: Grid(name, [list(row) for row in grid.rows], grid.first_row, grid.first_column)
             for name, grid in BASE.items()}
    for (sheet, row, column), value in changes:
        rows = grids[sheet].rows
        if len(rows) < row:
            rows.extend([_NO_CELLS] * (row - len(rows)))        # the reader's empty rows: one shared list
        cells = rows[row - 1] = list(rows[row - 1])
        if len(cells) < column:
            cells.extend([""] * (column - len(cells)))
        cells[column - 1] = value
    return grids


def everything_read(grids: dict[str, Grid]) -> None:
    """What a case action, validation and the nightly job do with the sheet values; only SopxlError may come out."""
    try:
        book = casebook_from_grids(grids, source=GOOD)
        update = plan_update(book, [], AS_OF)
        assert update.tracker_count == len(book.ledger.cases)
    except SopxlError as error:
        check(error)
    try:
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        source = SourceRead(path=GOOD, fingerprint=Fingerprint(1, 1, "0"), sop=sop, problems=problems,
                            calendar=calendar_from_grid(grids[L.KALENDER]), lang="id", events=log_rows(grids[L.LOG]))
        analyse(source, AS_OF)                     # replays, times and validates, as the nightly job does
    except SopxlError as error:
        check(error)


def check(error: SopxlError) -> None:
    """A refusal names a sheet of the workbook (or none) and is one line."""
    assert error.sheet is None or error.sheet in (*SHEETS, L.PELACAK), error
    assert "\n" not in error.message, error.message


GOOD_BOOK = casebook_from_grids(BASE, source=GOOD)
ROWS = st.integers(0, 39).flatmap(lambda i: st.just(1_048_576) if i == 0 else
                                  st.integers(1, 3000) if i < 8 else st.integers(1, 60))
COLUMNS = st.integers(0, 39).flatmap(lambda i: st.just(16_384) if i == 0 else st.integers(1, 16))


def read_sheet(sheet: str, grid: Grid) -> None:
    """What reading one changed sheet leads to, the other sheets as the good workbook has them."""
    book = GOOD_BOOK
    if sheet == L.LOG:
        events = events_from_grid(grid)
        log_rows(grid)                                  # the nightly job's fast path and its fallback
        ledger = Ledger.replay(book.sop, events)
        Tracker(book.sop, book.calendar).track(ledger.cases.values(), AS_OF)
    elif sheet == L.KALENDER:
        calendar = calendar_from_grid(grid)
        Tracker(book.sop, calendar).track(book.ledger.cases.values(), AS_OF)
    else:
        grids = {**BASE, sheet: grid}
        sop, problems = sop_from_grids(grids[L.IDENTITAS], grids[L.AKTIVITAS])
        validate_sop(sop, problems, file="fuzz.xlsx")
        check_step_numbers(problems)
        ledger = Ledger.replay(sop, book.ledger.events)
        Tracker(sop, book.calendar).track(ledger.cases.values(), AS_OF)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, derandomize=REPEATABLE)
@given(sheet=st.sampled_from(SHEETS), changes=st.lists(st.tuples(ROWS, COLUMNS, VALUES), min_size=1, max_size=3))
def test_any_values_in_one_sheet_give_a_result_or_one_sopxl_error(sheet, changes):
    grid = with_values([((sheet, row, column), value) for row, column, value in changes])[sheet]
    try:
        read_sheet(sheet, grid)
    except SopxlError as error:
        check(error)


@settings(max_examples=max(EXAMPLES // 10, 20), deadline=None, derandomize=REPEATABLE)
@given(st.lists(st.tuples(CELLS, VALUES), min_size=1, max_size=3))
def test_any_cell_values_through_an_action_and_the_nightly_job(changes):
    everything_read(with_values(changes))


# numbers of any size under the styles the cells have (dates, times, numbers), written into a real file
NUMBERS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**16, 10**16),
                    st.sampled_from([-1e13, -1, -0.5, 0.99999, 1.0, 2958465.99999, 2958466, 1e300, -1e300]))
FILE_CELLS = st.tuples(st.sampled_from(SHEETS), st.integers(2, 12), st.integers(1, 9))


@settings(max_examples=max(EXAMPLES // 20, 20), deadline=None, derandomize=REPEATABLE,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=FILE_CELLS, number=NUMBERS)
def test_any_number_in_a_styled_cell_of_a_file_gives_a_result_or_one_sopxl_error(tmp_path: Path, cell, number):
    sheet, row, column = cell
    path = tmp_path / "fuzz.xlsx"
    shutil.copy(GOOD, path)
    package = Package(path)
    ref = L.cell_ref(row, column)
    xml = package.sheet_xml(sheet)
    found = re.search(rf'<c r="{ref}"(?=[\s/>])([^>]*?)(/>|>.*?</c>)', xml, re.S)
    style = re.search(r'\bs="(\d+)"', found.group(1)).group(1) if found and re.search(r'\bs="(\d+)"', found.group(1)) \
        else re.search(r'<c r="E2" s="(\d+)"', package.sheet_xml(L.LOG)).group(1)       # a date style
    cell_xml = f'<c r="{ref}" s="{style}"><v>{number!r}</v></c>'
    if found:
        xml = xml[:found.start()] + cell_xml + xml[found.end():]
    elif re.search(rf'<row r="{row}"[\s>]', xml):
        xml = re.sub(rf'(<row r="{row}"[^>]*>)', lambda m: m.group(1) + cell_xml, xml, count=1)
    else:
        return                                  # no such row in this small sheet: nothing to put it in
    package._set_sheet_xml(sheet, xml)
    package.save()
    for read in (open_casebook, read_file):
        try:
            read(path)
        except SopxlError as error:
            check(error)
