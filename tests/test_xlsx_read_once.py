"""The consolidation's reader (``read_grids_once``) against the general one (``open_workbook`` + ``grids_of``).

``read_grids_once`` does not inflate every part before python-calamine reads the file: it checks only what
the zip declares, because calamine's zip reader stops with an error as soon as a part unpacks past its
declared size, and checks what the parts really unpack to when reading fails. These tests prove that
calamine does stop there (with bounded memory, on the 1.1 GB bomb of the fault corpus), that both readers give
the same grids or the same refusal on every committed workbook, every fault and crafted containers that lie,
and that the Kalender's quick look for negative times finds what the general look finds.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopxl import layout as L
from sopxl.errors import SopxlError, WorkbookError
from sopxl.xlsx.read import (_CELLS_AT_ONCE, MAX_UNCOMPRESSED, OLE_SIGNATURE, calamine_keeps_declared_sizes, grids_of, native_errors,
                             kept_rows, negative_number_in, open_workbook, probe_workbook, read_grids, read_grids_once,
                             styled_number_in)

ROOT = Path(__file__).parent.parent
FAULTS = ROOT / "tests" / "data" / "faults"
GOOD = FAULTS / "good.xlsx"
SHEETS = (L.IDENTITAS, L.AKTIVITAS, L.KALENDER, L.LOG)
LOG_PART = "xl/worksheets/sheet5.xml"          # good.xlsx's Log (as make_faults.py breaks it)


def outcome(read) -> tuple:
    """What a reader gives: the grids' cells, or the type and line of its refusal."""
    try:
        grids = read()
    except SopxlError as error:
        return type(error).__name__, str(error)
    return "grids", {name: (grid.rows, grid.first_row, grid.first_column) for name, grid in grids.items()}


def both(path: Path, data: bytes) -> tuple[tuple, tuple]:
    general = outcome(lambda: grids_of(open_workbook(path, data), path, SHEETS, required=L.REQUIRED_SHEETS,
                                       data=data))
    once = outcome(lambda: read_grids_once(path, data, SHEETS, required=L.REQUIRED_SHEETS))
    return general, once


def rebuilt(source: bytes, part: str, *, content: bytes | None = None, declared: int | None = None,
            crc: int | None = None, method: int = zipfile.ZIP_DEFLATED, body: bytes | None = None) -> bytes:
    """The zip `source` with the part `part` holding `content` (or the compressed `body` as it is), stored with
    `method`, under the `declared` size and `crc` (by default those of `content`), byte by byte as a file lies."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    out, central = bytearray(), []
    for name, data in parts:
        kind, size, check = zipfile.ZIP_DEFLATED, len(data), zlib.crc32(data)
        if name == part:
            data = content if content is not None else data
            kind, size, check = method, len(data), zlib.crc32(data)
            size = size if declared is None else declared
            check = check if crc is None else crc
        if body is not None and name == part:
            packed = body
        elif kind == zipfile.ZIP_STORED:
            packed = data
        else:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed = packer.compress(data) + packer.flush()
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, kind, 0, 0x21, check, len(packed), size,
                           len(encoded), 0) + encoded + packed
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, kind, 0, 0x21, check, len(packed), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory = b"".join(central)
    return bytes(out + directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                                               len(directory), len(out), 0))


def test_the_installed_calamine_refuses_a_part_past_its_declared_size():
    from python_calamine import CalamineWorkbook

    honest = CalamineWorkbook.from_filelike(io.BytesIO(probe_workbook(lie=False))).get_sheet_by_name("S").to_python()
    assert len(honest) == 2000          # the probe is a workbook calamine reads: only the declared size differs
    with pytest.raises(Exception, match="larger than its declared uncompressed size"):
        CalamineWorkbook.from_filelike(io.BytesIO(probe_workbook(lie=True))).get_sheet_by_name("S").to_python()
    assert calamine_keeps_declared_sizes()


def test_calamine_stops_the_bomb_at_its_declared_size_without_memory_growth():
    """log_bomb.xlsx: 1 MB on disk, its Log declares 2 KB and unpacks to 1.1 GB. Read by calamine alone in a
    fresh process: the Log is refused, the other sheets are read, and the process never grows by a tenth of it."""
    code = (
        "import io, resource, sys\n"
        "from python_calamine import CalamineWorkbook\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "book = CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], 'rb').read()))\n"
        "assert len(book.get_sheet_by_name('Kalender').to_python()) > 10\n"
        "try:\n"
        "    book.get_sheet_by_name('Log').to_python()\n"
        "    print('read')\n"
        "except Exception as error:\n"
        "    print('refused', error)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n")
    result = subprocess.run([sys.executable, "-c", code, str(FAULTS / "log_bomb.xlsx")], capture_output=True,
                            text=True, check=True)
    said, grown = result.stdout.splitlines()
    assert said.startswith("refused") and "larger than its declared uncompressed size" in said, said
    assert int(grown) < 100, f"grew by {grown} MB reading a part that unpacks to 1,100 MB"


COMMITTED = [pytest.param(path, id=path.name, marks=[pytest.mark.slow] if path.name == "log_bomb.xlsx" else [])
             for path in [*sorted(FAULTS.glob("*.xlsx")), *sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))]]


@pytest.mark.parametrize("path", COMMITTED)
def test_same_grids_or_refusal_on_every_committed_workbook(path: Path):
    general, once = both(path, path.read_bytes())
    assert once == general


def _log_xml() -> bytes:
    with zipfile.ZipFile(GOOD) as archive:
        return archive.read(LOG_PART)


CRAFTED = {
    # the Log unpacks to more than it declares, its checksum that of what it unpacks to: only the size lies
    "longer than declared": lambda good, log: rebuilt(good, LOG_PART, content=log.replace(
        b"</worksheet>", b" " * 300_000 + b"</worksheet>"), declared=len(log)),
    "bomb past the limit": lambda good, log: rebuilt(good, LOG_PART, content=log.replace(
        b"</worksheet>", b" " * 3_000_000 + b"</worksheet>"), declared=len(log)),
    "checksum of the declared part": lambda good, log: rebuilt(good, LOG_PART, content=log.replace(
        b"</worksheet>", b" " * 300_000 + b"</worksheet>"), declared=len(log), crc=zlib.crc32(log)),
    "damaged stream": lambda good, log: rebuilt(good, LOG_PART, body=zlib.compress(log)[2:900] + b"\x00" * 50),
    "truncated stream": lambda good, log: rebuilt(good, LOG_PART, body=zlib.compress(log)[2:-300]),
    "declares past the limit": lambda good, log: rebuilt(good, LOG_PART, declared=MAX_UNCOMPRESSED + 1),
    "unknown compression": lambda good, log: rebuilt(good, LOG_PART, method=12),
    "stored": lambda good, log: rebuilt(good, LOG_PART, method=zipfile.ZIP_STORED),
    "stored, cut short": lambda good, log: rebuilt(good, LOG_PART, method=zipfile.ZIP_STORED)[:-3000],
    "empty": lambda good, log: b"",
    "an old Excel file": lambda good, log: OLE_SIGNATURE + b"\x00" * 600,
    "no zip": lambda good, log: b"PK\x03\x04" + good[4:2000],
    "directory cut": lambda good, log: good[:-10],
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_same_grids_or_refusal_on_containers_that_lie(name: str, tmp_path: Path):
    data = CRAFTED[name](GOOD.read_bytes(), _log_xml())
    path = tmp_path / "kantor.xlsx"
    path.write_bytes(data)
    general, once = both(path, data)
    assert once == general
    if name not in ("stored",):
        assert general[0] != "grids", general          # each of them is refused


def test_a_sheet_shorter_than_declared_is_read_no_further_than_declared(tmp_path: Path):
    """What the declared sizes cannot tell: a Log that unpacks to less than it declares (its checksum fitting)
    is read as it is by calamine, where inflating every part first refuses it. Never more than declared."""
    log = _log_xml()
    end = log.index(b"</sheetData>")
    cut = log[:log.rindex(b"<row ", 0, end)] + log[end:]          # its last row gone
    data = rebuilt(GOOD.read_bytes(), LOG_PART, content=cut, declared=len(log))
    general, once = both(tmp_path / "kantor.xlsx", data)
    assert general[0] == "WorkbookError" and "its header says" in general[1]
    assert once[0] == "grids" and len(once[1][L.LOG][0]) == len(read_grids(GOOD, (L.LOG,))[L.LOG].rows) - 1


def test_a_refusal_of_the_sheets_comes_after_the_container_check(tmp_path: Path):
    """A container that lies in a part calamine never reads, and lacks the Log: the lie is said, as
    open_workbook says it before looking at the sheets."""
    good = GOOD.read_bytes()
    with zipfile.ZipFile(GOOD) as archive:
        renamed = archive.read("xl/workbook.xml").replace(b'name="Log"', b'name="Catatan"')
        properties = archive.read("docProps/app.xml")
    data = rebuilt(rebuilt(good, "xl/workbook.xml", content=renamed), "docProps/app.xml",
                   content=properties + b" " * 5000, declared=len(properties))
    general, once = both(tmp_path / "kantor.xlsx", data)
    assert once == general and "the zip container is damaged" in general[1]
    readable = rebuilt(good, "xl/workbook.xml", content=renamed)
    assert both(tmp_path / "kantor.xlsx", readable)[1][0] == "SheetMissing"


def test_native_errors_keep_panic_reports_off_stderr_and_let_other_output_through(capfd):
    for _ in range(3):
        with pytest.raises(WorkbookError, match="no date Excel can show"):
            read_grids(FAULTS / "identitas_date_panic.xlsx", (L.IDENTITAS,))
        with native_errors(GOOD):
            os.write(2, b"a line of its own\n")
    err = capfd.readouterr().err
    assert "panicked" not in err and "backtrace" not in err
    assert err.count("a line of its own\n") == 3


# ---- the Kalender's negative times -----------------------------------------------------------------------

VALUE_TEXTS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(allow_nan=False).map(lambda f: f"{f:e}"),
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["-0", "-0.0", " -1", "-1 ", "\t-2", "1e-5", "-1E-300", "-nan", "-inf", "--1", "- 1", "1-",
                     "&#45;1", "\u22121", "0x-1", "-", "", "abc-def", "−0.5"]),
    st.text(alphabet="-0123456789.eE +", max_size=8),
)
CELL = st.tuples(st.sampled_from(["A1", "B3", "C12", "AB100"]), st.sampled_from(['', ' s="0"', ' s="3"', ' s="12"']),
                 st.sampled_from(['', ' t="n"', ' t="s"', ' t="str"', ' t="b"']),
                 st.sampled_from(['', '<f>A1-1</f>', '<f/>']), VALUE_TEXTS)


@settings(max_examples=500, deadline=None)
@given(st.lists(CELL, max_size=12))
def test_the_quick_look_for_negative_times_finds_what_the_general_look_finds(cells):
    xml = "<worksheet><sheetData><row r=\"1\">" + "".join(
        f'<c r="{ref}"{style}{kind}>{formula}<v>{value}</v></c>' for ref, style, kind, formula, value in cells
    ) + "</row></sheetData></worksheet>"
    data = xml.encode("utf-8")
    assert negative_number_in(data) == styled_number_in(data, lambda number: number < 0)


def test_the_quick_look_finds_the_negative_time_of_the_fault_corpus():
    with zipfile.ZipFile(FAULTS / "kalender_negative_time.xlsx") as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        found = [negative_number_in(archive.read(n)) for n in names]
    assert ("B3", "-1") in found


# ---- empty rows ------------------------------------------------------------------------------------------

CALAMINE_VALUE = st.one_of(st.just(""), st.just(""), st.text(max_size=3), st.floats(), st.booleans(),
                           st.datetimes(), st.dates(), st.times(), st.timedeltas())


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(CALAMINE_VALUE, max_size=6), max_size=8))
def test_kept_rows_are_what_counting_the_empty_cells_gives(rows):
    general = [[] if row.count("") == len(row) else row for row in rows]
    kept = kept_rows(iter(rows))
    assert kept == general and all(k is r for k, r in zip(kept, rows) if k)
    assert all(k is kept_rows([[""]])[0] for k in kept if not k)        # one shared empty list


@pytest.mark.parametrize("path", [path for path in COMMITTED if path.id != "log_bomb.xlsx"])
def test_a_sheet_taken_at_once_is_the_sheet_streamed(path):
    """grids_of takes a sheet of up to _CELLS_AT_ONCE cells at once (to_python) and streams a bigger one."""
    from python_calamine import CalamineWorkbook

    def rows(make):
        try:
            with native_errors(path):
                return kept_rows(make())
        except Exception as error:      # noqa: BLE001 - a sheet calamine refuses must be refused either way
            return type(error).__name__

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception:       # noqa: BLE001 - refused before either way of taking its rows
            continue
        if (sheet.start or (0, 0)) == (0, 0) and sheet.height * sheet.width <= _CELLS_AT_ONCE:
            assert rows(lambda: sheet.to_python(skip_empty_area=False)) == rows(sheet.iter_rows), name
