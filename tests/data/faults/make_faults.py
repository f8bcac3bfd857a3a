"""Make the fault corpus: one real file per kind of bad input of issue 12 (run once; the files are committed).

Each file starts as a good SOP workbook written by sopxl (``good.xlsx``: four steps, a few simulated cases)
and is then broken the way a person, a spreadsheet program or an attacker could break it, at the level
of its XML so that the bytes are exactly what such a file holds. ``expected.json`` says, for each file,
which sheet and cell the one-line error must name and a piece of its text; tests/test_faults.py runs
every command that reads a workbook over every file.

Run: ``.venv/bin/python tests/data/faults/make_faults.py``
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import sys

from sopxl.domain.cases import Ledger
from sopxl.domain.model import SOP
from sopxl.domain.simulate import simulate
from sopxl.sheets.log import event_row
from sopxl.xlsx.create import WorkbookContent, write_workbook
from sopxl.xlsx.patch import Package
from sopxl.xlsx.workbook import template_calendar

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "consolidate"))
from make_fixtures import review_sop  # noqa: E402  (one SOP for the fixtures of both)
TODAY = dt.date(2026, 11, 20)
DATE_STYLE_OF_LOG = "E"          # Log column E (Waktu Kejadian) carries a date-and-time style


def sop() -> SOP:
    """The four-step Nota Dinas SOP of the consolidation fixtures (a decision that can return the case)."""
    return review_sop("OT.01.02-001", "Nota Dinas", "KEMENTERIAN CONTOH\nBIRO UMUM")


def good(path: Path) -> None:
    calendar = template_calendar(TODAY)
    ledger = Ledger(sop())
    events = simulate(ledger, calendar, random.Random(12), start=dt.datetime(2026, 10, 1, 7, 30),
                      end=dt.datetime(2026, 11, 19, 16), cases=6)
    opened = dt.datetime(2026, 11, 19, 8)       # case 7, still open at step 2
    events.append(ledger.start("Surat yang masih berjalan", opened, recorded_at=opened))
    events.append(ledger.advance(7, opened.replace(hour=10), recorded_at=opened.replace(hour=10)))
    write_workbook(str(path), sop(), WorkbookContent(calendar=calendar, log_rows=[event_row(e) for e in events],
                                                      created=dt.datetime(2026, 11, 20)))


def set_cell(package: Package, sheet: str, ref: str, inner: str, *, style: str | None = None) -> None:
    """Put the cell `ref` (its attributes after r= and its content) into the sheet's XML, as a file would hold it."""
    xml = package.sheet_xml(sheet)
    row = int(re.search(r"\d+", ref).group())
    existing = re.search(rf'<c r="{ref}"(?=[\s/>])([^>]*?)(/>|>.*?</c>)', xml, re.S)
    if style is None and existing:
        found = re.search(r'\bs="(\d+)"', existing.group(1))
        style = found.group(1) if found else None
    s = f' s="{style}"' if style else ""
    cell = f'<c r="{ref}"{s}{inner}</c>' if not inner.endswith("/>") else f'<c r="{ref}"{s}{inner}'
    if existing:
        xml = xml[:existing.start()] + cell + xml[existing.end():]
    elif re.search(rf'<row r="{row}"[\s>]', xml):
        xml = re.sub(rf'(<row r="{row}"[^>]*>)(.*?)(</row>)', lambda m: m.group(1) + m.group(2) + cell + m.group(3),
                     xml, count=1, flags=re.S)
    else:
        xml = xml.replace("</sheetData>", f'<row r="{row}">{cell}</row></sheetData>')
    package._set_sheet_xml(sheet, xml)


def number(value: str) -> str:
    return f"><v>{value}</v>"


def text(value: str) -> str:
    return f' t="inlineStr"><is><t>{value}</t></is>'


def broken(name: str, change) -> Path:
    path = HERE / name
    shutil.copy(HERE / "good.xlsx", path)
    package = Package(path)
    change(package)
    package.save()
    return path


def log_date_style(package: Package) -> str:
    return re.search(r'<c r="E2" s="(\d+)"', package.sheet_xml("Log")).group(1)


def lying_zip(name: str, sheet_part: str, real_size: int) -> None:
    """good.xlsx with one part replaced by `real_size` bytes of spaces whose headers still declare the old size."""
    source = zipfile.ZipFile(HERE / "good.xlsx")
    original = source.read(sheet_part)
    padding = original.replace(b"</worksheet>", b" " * (real_size - len(original)) + b"</worksheet>")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(padding) + compressor.flush()
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == sheet_part:
                target.writestr(info, b"")             # a placeholder, replaced below byte by byte
            else:
                target.writestr(info, source.read(info.filename))
    data = bytearray((HERE / name).read_bytes())
    # rebuild the archive with the big deflate stream under the old sizes and CRC
    out = bytearray()
    central = []
    with zipfile.ZipFile(HERE / name) as archive:
        for info in archive.infolist():
            if info.filename == sheet_part:
                body, crc, size = deflated, zlib.crc32(original), len(original)
            else:
                start = info.header_offset
                header = struct.unpack_from("<4s5H3L2H", data, start)
                begin = start + 30 + header[9] + header[10]
                body, crc, size = bytes(data[begin:begin + info.compress_size]), info.CRC, info.file_size
            name_bytes = info.filename.encode()
            offset = len(out)
            out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(body), size,
                               len(name_bytes), 0) + name_bytes + body
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(body), size,
                                       len(name_bytes), 0, 0, 0, 0, 0, offset) + name_bytes)
    directory = b"".join(central)
    out += directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                                   len(out), 0)
    (HERE / name).write_bytes(bytes(out))


def main() -> None:
    good(HERE / "good.xlsx")
    expected: dict[str, dict] = {}

    def case(name: str, sheet: str | None, cell: str | None, says: str, **more) -> None:
        expected[name] = {"sheet": sheet, "cell": cell, "says": says, **more}

    # 2. a date-formatted cell far outside Excel's dates makes the Rust reader panic
    broken("log_date_panic.xlsx", lambda p: set_cell(p, "Log", "E5", number("-1e13")))
    case("log_date_panic.xlsx", "Log", "E5", "no date Excel can show")
    broken("identitas_date_panic.xlsx",
           lambda p: set_cell(p, "Identitas", "B4", number("-1e13"), style=log_date_style(p)))
    case("identitas_date_panic.xlsx", "Identitas", "B4", "no date Excel can show")
    # 3. one huge number as an event id
    broken("log_huge_id.xlsx", lambda p: set_cell(p, "Log", "A5", number("1e300")))
    case("log_huge_id.xlsx", "Log", "A5", "is not an event number (1 to 999,999,999)")
    # 5. a weekday twice in Kalender; a Waktu of 400 nines; a start time a breath before midnight
    broken("kalender_weekday_twice.xlsx", lambda p: set_cell(p, "Kalender", "A4", text("Senin")))
    case("kalender_weekday_twice.xlsx", "Kalender", "A4", "appears twice")
    broken("waktu_huge.xlsx", lambda p: set_cell(p, "Aktivitas", "G4", text("9" * 400 + " menit")))
    case("waktu_huge.xlsx", "Aktivitas", "G4", "has a number above 100,000", only_validation=True)
    broken("kalender_almost_midnight.xlsx", lambda p: set_cell(p, "Kalender", "B3", number("0.99999")))
    case("kalender_almost_midnight.xlsx", "Kalender", "B3", "must be before the end")
    # 11. a negative time; a date at the end of the year 9999; a stray cell at the bottom of Aktivitas
    broken("kalender_negative_time.xlsx", lambda p: set_cell(p, "Kalender", "B3", number("-1")))
    case("kalender_negative_time.xlsx", "Kalender", "B3", "is not a time of day or a date")
    broken("log_year_9999.xlsx", lambda p: set_cell(p, "Log", "E5", number("2958465")))
    case("log_year_9999.xlsx", "Log", "E5", "up to the year 2999")
    broken("aktivitas_stray_cell.xlsx", lambda p: set_cell(p, "Aktivitas", "B1048576", text("x")))
    # the SOP is still read (export, flowchart, import keep the row for its author); case actions refuse it
    case("aktivitas_stray_cell.xlsx", "Aktivitas", "A1048576", "no step number", validation_code="step-number-invalid",
         only_cases=True)
    # 10. a Log whose last row is Excel's last row: nothing more fits
    broken("log_full.xlsx", lambda p: set_cell(p, "Log", "A1048576", "/>", style=log_date_style(p)))
    case("log_full.xlsx", "Log", "A1048576", "is full", only_writes=True)
    # 8. zip headers that lie: a sheet that unpacks to more than it declares, and one past the limit
    lying_zip("log_size_lies.xlsx", "xl/worksheets/sheet5.xml", 3 * 1024 * 1024)
    case("log_size_lies.xlsx", None, None, "the zip container is damaged")
    lying_zip("log_bomb.xlsx", "xl/worksheets/sheet5.xml", 1100 * 1024 * 1024)       # 1 MB on disk, 1.1 GB unpacked
    case("log_bomb.xlsx", None, None, "the workbook unpacks to more than 1024 MB; refused")
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    # documents for `sopxl import`: a norm past the Output column, JSON of the wrong shape or nested too deeply
    (HERE / "norm_past_output.txt").write_text(
        "No\tKegiatan\tPelaksana\t\tMutu Baku\t\t\tKet\n"
        "\t\tKasubbag\tKabag\tKelengkapan\tWaktu\tOutput\t\n"
        "1\tMenyusun konsep\tx\t\t\t\t\t\t\t\t\t\t\t30 menit\n", encoding="utf-8")
    (HERE / "steps_not_a_list.json").write_text('{"schema": "sopxl.sop/1", "steps": "x"}\n', encoding="utf-8")
    (HERE / "nested_deeply.json").write_text('{"schema": "sopxl.sop/1", "steps": ' + "[" * 100_000 + "]" * 100_000
                                             + "}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
