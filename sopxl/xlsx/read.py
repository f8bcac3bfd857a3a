"""Read sheets of a workbook fast with python-calamine, as Grids for the codec.

python-calamine is Rust: a cell it cannot convert can make it panic, and the panic arrives as
``pyo3_runtime.PanicException``, a ``BaseException`` that ``except Exception`` lets through. Every call
into it goes through ``native_errors``, which turns such failures into the ``WorkbookError`` naming the
file (and sheet) that any other unreadable workbook gets. Before calamine sees a file, ``check_container``
inflates every part of the zip once, counting the bytes that actually come out (a header may lie about
them), and refuses a workbook that unpacks to more than ``MAX_UNCOMPRESSED``.
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import sys
import tempfile
import threading
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..sheets.grid import Grid
from ..errors import NotSopWorkbook, SheetMissing, SopxlError, WorkbookError
from .. import layout as L

# Unpacked size above which a workbook is refused (zip bombs); a Log filled to Excel's last row unpacks to
# about 300 MB, so this is far above any real SOP workbook, and low enough that reading one stays in memory.
MAX_UNCOMPRESSED = 1024**3
_INFLATE_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LET_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)
_NO_CELLS: list = []
_CELLS_AT_ONCE = 2_000_000      # a sheet of more cells is streamed row by row (a stray cell far down makes millions)


# Rust prints a panic (and, with RUST_BACKTRACE set, its stack) straight to file descriptor 2. While
# calamine runs, descriptor 2 goes to a scratch file; afterwards what it caught goes back to stderr, less
# the panic report (the WorkbookError says it in one line). Threads reading at once share one capture.
_PANIC_LINE = re.compile(rb"^(?:thread '.*' \(?\d*\)? ?panicked at .*|thread '.*' panicked at .*|stack backtrace:"
                         rb"|\s+\d+: .*|\s+at .*|note: .*(?:RUST_BACKTRACE|details are omitted).*)$")
_stderr_guard = threading.Lock()
# one scratch file per process, emptied after each use (a new file for every call cost more than the guard)
_stderr_state: dict = {"users": 0, "capture": None, "owner": None, "saved": None}


def _capture_file():
    """This process's scratch file for descriptor 2 (a forked child makes its own: the parent's is shared)."""
    if _stderr_state["capture"] is None or _stderr_state["owner"] != os.getpid():
        _stderr_state.update(capture=tempfile.TemporaryFile(buffering=0), owner=os.getpid())
    return _stderr_state["capture"]


@contextmanager
def _native_stderr() -> Iterator[None]:
    with _stderr_guard:
        if _stderr_state["users"] == 0:
            try:
                sys.stderr.flush()
                capture = _capture_file()
                saved = os.dup(2)
                os.dup2(capture.fileno(), 2)
                _stderr_state["saved"] = saved
            except (OSError, ValueError, AttributeError):
                _stderr_state["saved"] = None
        _stderr_state["users"] += 1
    try:
        yield
    finally:
        with _stderr_guard:
            _stderr_state["users"] -= 1
            if _stderr_state["users"] == 0 and _stderr_state["saved"] is not None:
                saved, fd = _stderr_state["saved"], _stderr_state["capture"].fileno()
                _stderr_state["saved"] = None
                os.dup2(saved, 2)
                os.close(saved)
                written = os.lseek(fd, 0, os.SEEK_CUR)      # descriptor 2 shared the file's offset
                if written:
                    caught = os.pread(fd, written, 0)
                    os.ftruncate(fd, 0)
                    os.lseek(fd, 0, os.SEEK_SET)
                    kept = _without_panic_report(caught)
                    if kept:
                        os.write(2, kept)


def _without_panic_report(text: bytes) -> bytes:
    """`text` less the lines of a Rust panic report (the message line after "panicked at" included)."""
    if b"panicked at" not in text:
        return text
    kept, skip_next = [], False
    for line in text.splitlines(keepends=True):
        if skip_next:
            skip_next = False
            continue
        if _PANIC_LINE.match(line.rstrip(b"\r\n")):
            skip_next = line.rstrip().endswith(b":") and b"panicked at" in line
            continue
        kept.append(line)
    text = b"".join(kept)
    return text if text.strip() else b""


@contextmanager
def native_errors(path: Path, sheet: str | None = None) -> Iterator[None]:
    """Turn any failure of the native reader inside the block into a WorkbookError naming the file.

    Catches the ``BaseException`` subclasses that are no ``Exception`` (the callers handle those), other
    than ``KeyboardInterrupt``, ``SystemExit`` and ``GeneratorExit``: a Rust panic (pyo3's
    ``PanicException``) is one of them.
    """
    try:
        with _native_stderr():
            yield
    except (*_LET_THROUGH, Exception):     # the reader's own errors: the caller says what they mean
        raise
    except BaseException as exc:      # noqa: B036 - a native panic is a BaseException
        found = impossible_date(path, sheet) if sheet else None
        if found:
            cell, value = found
            raise WorkbookError(L.texts("err_no_date", value=value), file=str(path), sheet=sheet, cell=cell,
                                fix=L.texts("err_no_date_fix"), code="value-unreadable") from None
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise WorkbookError(f"the workbook reader stopped on a value it cannot handle ({detail})", file=str(path),
                            sheet=sheet, fix="open the workbook in Excel and look for a cell with an impossible "
                            "date or number (e.g. a date before the year 1900 or far in the future), correct it and "
                            "save; or restore the file from a backup") from None


_LAST_SERIAL = 2958466          # 10000-01-01: Excel's dates end the day before
_NUMBER_CELL = re.compile(rb'<c\b(?=[^>]*\br="([A-Z]+[0-9]+)")(?=[^>]*\bs="[1-9][0-9]*")(?![^>]*\bt="[^n"])[^>]*>'
                          rb'(?:<f\b[^>]*(?:/>|>[^<]*</f>))?<v>([^<]+)</v>')


def impossible_date(path: Path, sheet: str) -> tuple[str, str] | None:
    """(cell, value) of the first styled number in `sheet` outside Excel's dates, or None.

    Only looked for after the reader failed: it reads the sheet's part again, which costs time.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return styled_number(data, sheet, lambda number: not -693593 <= number < _LAST_SERIAL)


def styled_number(data: bytes, sheet: str, wrong) -> tuple[str, str] | None:
    """(cell, value as written) of the first number with a number format in `sheet` for which `wrong(number)`.

    A date or time cell holds a number (its serial) with a style; python-calamine turns the number into a
    date or time and cannot say what it was, so a value no date or time can be (-1 shown as 00:00) is
    looked for in the sheet's XML itself.
    """
    xml = sheet_xml(data, sheet)
    return None if xml is None else styled_number_in(xml, wrong)


def sheet_xml(data: bytes, sheet: str, archive: zipfile.ZipFile | None = None) -> bytes | None:
    """The XML of the sheet named `sheet` in the workbook `data` (its zip `archive` when already open); None when
    there is none or it cannot be read. zipfile reads no part past the size the zip declares for it."""
    try:
        if archive is None:
            archive = zipfile.ZipFile(io.BytesIO(data))
        part = _sheet_part(archive, sheet)
        if part is None:
            return None
        with archive.open(part) as stream:
            return stream.read(MAX_UNCOMPRESSED)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return None


def styled_number_in(xml: bytes, wrong) -> tuple[str, str] | None:
    """``styled_number`` in the XML of a sheet."""
    for match in _NUMBER_CELL.finditer(xml):
        try:
            number = float(match.group(2))
        except ValueError:
            continue
        if wrong(number):
            return match.group(1).decode("ascii"), match.group(2).decode("ascii", "replace")
    return None


_MINUS_IN_VALUE = re.compile(rb"<v>[^<]*-")


def negative_number_in(xml: bytes) -> tuple[str, str] | None:
    """``styled_number_in(xml, lambda number: number < 0)``, at once when no value holds a minus sign (as
    in almost every sheet): a number below 0 is written with one."""
    if _MINUS_IN_VALUE.search(xml) is None:
        return None
    return styled_number_in(xml, lambda number: number < 0)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip part of the sheet named `sheet`, from xl/workbook.xml and its relationships."""
    return _sheet_parts(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")).get(sheet)


@functools.lru_cache(maxsize=16)    # by the parts' bytes: an office's workbooks mostly have the same ones
def _sheet_parts(workbook: bytes, relationships: bytes) -> dict[str, str]:
    from .patch import sheet_parts

    return sheet_parts(workbook.decode("utf-8", "replace"), relationships.decode("utf-8", "replace"))


OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")     # encrypted workbooks and .xls files are OLE containers


def workbook_bytes(path: Path) -> bytes:
    """The bytes of the workbook file at `path`, or a WorkbookError saying why there are none."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(L.texts("err_no_file"), file=str(path), fix=L.texts("err_no_file_fix"))
    if path.is_dir():
        raise WorkbookError(L.texts("err_is_folder"), file=str(path))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkbookError(L.texts("err_unreadable_file", detail=exc.strerror or exc), file=str(path),
                            fix=L.texts("err_unreadable_file_fix")) from exc


def open_workbook(path: Path, data: bytes | None = None):
    """A calamine workbook for `path` (or for its bytes `data`, already read), or a WorkbookError saying why not."""
    path = Path(path)
    if data is None:
        data = workbook_bytes(path)
    check_container(path, data)
    return _calamine(path, data)


def _calamine(path: Path, data: bytes):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with native_errors(path):
            return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"cannot be read as a workbook ({type(exc).__name__}: {exc})", file=str(path),
                            fix="restore it from a backup, or open and save it again in Excel") from exc


def _check_kind(path: Path, data: bytes) -> None:
    """Raise WorkbookError when `data` is empty, an OLE container (encrypted, or .xls) or no zip at all."""
    if not data:
        raise WorkbookError(L.texts("err_empty_file"), file=str(path), fix=L.texts("err_restore_fix"))
    if data.startswith(OLE_SIGNATURE):
        if "EncryptedPackage".encode("utf-16-le") in data[:64 * 1024] or \
                "EncryptionInfo".encode("utf-16-le") in data[:64 * 1024]:
            raise WorkbookError(L.texts("err_encrypted"), file=str(path), fix=L.texts("err_encrypted_fix"))
        raise WorkbookError(L.texts("err_old_excel"), file=str(path), fix=L.texts("err_old_excel_fix"))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(L.texts("err_not_zip"), file=str(path), fix=L.texts("err_not_zip_fix"))


def check_container(path: Path, data: bytes) -> None:
    """Raise WorkbookError saying why `data` cannot be an .xlsx/.xlsm workbook."""
    _check_kind(path, data)
    check_zip_sizes(path, data)


_DAMAGED_FIX = "restore it from a backup, or open and save it again in Excel"


def _archive(path: Path, data: bytes, error) -> zipfile.ZipFile:
    """The zip `data` with its central directory read, or `error` saying the container is damaged."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OverflowError) as exc:
        raise error(f"the zip container is damaged ({exc})", file=str(path), fix=_DAMAGED_FIX) from exc


def check_zip_sizes(path: Path, data: bytes, limit: int = MAX_UNCOMPRESSED, error=WorkbookError) -> None:
    """Inflate every part of the zip `data` once, counting what comes out; raise `error` past `limit` bytes.

    The sizes a zip declares are not trusted: a part that unpacks to more than its header says, or a
    damaged part, makes the container damaged; the whole of what actually unpacks must stay within
    `limit`. Only a megabyte is held at a time (``check_declared_sizes`` is the check without inflating).
    """
    with _archive(path, data, error) as archive:
        _check_sizes(path, data, archive.infolist(), limit, error, inflate=True)


def _check_sizes(path: Path, data: bytes, infos: list[zipfile.ZipInfo], limit: int, error, inflate: bool) -> None:
    total = 0
    for info in infos:
        if info.file_size > limit - total:
            raise error(f"the workbook unpacks to more than {limit // 1024**2} MB (its part {info.filename} alone "
                        f"declares {info.file_size // 1024**2} MB); refused", file=str(path),
                        fix="this is not a workbook sopxl can hold: restore it from a backup")
        inflated = _inflated_size(data, info, limit - total + 1) if inflate else _declared_size(data, info)
        if inflated is None:
            raise error(f"the zip container is damaged (its part {info.filename} cannot be unpacked)",
                        file=str(path), fix=_DAMAGED_FIX)
        total += inflated
        if total > limit:
            raise error(f"the workbook unpacks to more than {limit // 1024**2} MB; refused", file=str(path),
                        fix="this is not a workbook sopxl can hold: restore it from a backup")
        if inflated != info.file_size:
            raise error(f"the zip container is damaged (its part {info.filename} unpacks to {inflated} bytes, "
                        f"its header says {info.file_size})", file=str(path), fix=_DAMAGED_FIX)


def check_declared_sizes(path: Path, data: bytes) -> zipfile.ZipFile:
    """``check_container`` without inflating anything: the same refusals of what the zip's directory and local
    headers say (the kind of file, a damaged directory, a part whose data is not where it says or whose
    compression no workbook uses, sizes past MAX_UNCOMPRESSED), taking each compressed part to unpack to the
    size it declares.

    Safe only for a reader that never gets more out of a part than it declares (python-calamine's zip reader
    stops with an error there, ``calamine_keeps_declared_sizes``); ``read_grids_once`` checks what the parts
    really unpack to when reading fails, so a lying or damaged container is refused in the same words.
    Returns the zip, its directory read.
    """
    _check_kind(path, data)
    archive = _archive(path, data, WorkbookError)
    _check_sizes(path, data, archive.infolist(), MAX_UNCOMPRESSED, WorkbookError, inflate=False)
    return archive


def _declared_size(data: bytes, info: zipfile.ZipInfo) -> int | None:
    """What the part `info` unpacks to, taken from its declaration for a deflated part (None if damaged)."""
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return info.file_size if _data_start(data, info) is not None else None
    return _inflated_size(data, info, 0)        # stored: its size is where it lies; any other: damaged


def _data_start(data: bytes, info: zipfile.ZipInfo) -> int | None:
    """Where the data of the part `info` begins in the zip `data`, after its local header; None if damaged."""
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(data):
        return None
    fields = _LOCAL_HEADER.unpack_from(data, start)
    if fields[0] != b"PK\x03\x04":
        return None
    return start + _LOCAL_HEADER.size + fields[9] + fields[10]


def _inflated_size(data: bytes, info: zipfile.ZipInfo, cap: int) -> int | None:
    """How many bytes the part `info` of the zip `data` really unpacks to (at most `cap`); None if damaged."""
    begin = _data_start(data, info)
    if begin is None:
        return None
    end = min(begin + info.compress_size, len(data)) if info.compress_size else len(data)
    if info.compress_type == zipfile.ZIP_STORED:
        return min(info.compress_size, len(data) - begin) if begin <= len(data) else None
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return None
    inflater = zlib.decompressobj(-15)
    pending = memoryview(data)[begin:end]
    size = 0
    try:
        while not inflater.eof and size < cap:
            chunk = inflater.decompress(pending, _INFLATE_CHUNK)
            size += len(chunk)
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                return None            # the stream ends before its end marker: truncated
    except zlib.error:
        return None
    return size


def read_grids(path: Path, sheets: tuple[str, ...] | list[str], *, required: tuple[str, ...] = ()) -> dict[str, Grid]:
    """Grids of the named sheets; a missing sheet in `required` raises, others are skipped."""
    data = workbook_bytes(path)
    return grids_of(open_workbook(path, data), path, sheets, required=required, data=data)


def read_grids_once(path: Path, data: bytes, sheets, *, required: tuple[str, ...] = ()) -> dict[str, Grid]:
    """``grids_of(open_workbook(path, data), path, sheets, required=required, data=data)`` for a reader that
    only reads (the consolidation): the same grids and refusals, with each part read inflated once, by the reader.

    ``open_workbook`` inflates every part before python-calamine inflates the ones it reads again. Its zip reader
    fails as soon as a part unpacks past the size the zip declares (``calamine_keeps_declared_sizes``), so the
    declared sizes bound what it reads: only they are checked first (``check_declared_sizes``), and when reading
    fails in any way, what every part really unpacks to is checked as ``check_container`` does, so a container
    that lies or is damaged is refused in its words. What is not noticed: damage in a part never read, or past
    the end of a sheet's XML, where reading stops.
    """
    path = Path(path)
    if not calamine_keeps_declared_sizes():
        return grids_of(open_workbook(path, data), path, sheets, required=required, data=data)
    archive = check_declared_sizes(path, data)
    try:
        with _native_stderr():
            return _grids_of(_calamine(path, data), path, sheets, required, data, archive)
    except SopxlError:
        check_zip_sizes(path, data)
        raise


@functools.cache
def calamine_keeps_declared_sizes() -> bool:
    """Whether the installed python-calamine refuses a sheet part that unpacks to more than its zip declares
    (tried once per process on a small workbook whose checksum fits what the part really unpacks to)."""
    from python_calamine import CalamineWorkbook

    try:
        with native_errors(Path("probe.xlsx")):
            CalamineWorkbook.from_filelike(io.BytesIO(probe_workbook(lie=True))).get_sheet_by_name("S").to_python()
    except Exception:       # noqa: BLE001 - any refusal is what is asked of it (a panic is a WorkbookError)
        return True
    return False            # it read the whole sheet, past what the zip declares


def probe_workbook(*, lie: bool) -> bytes:
    """A workbook of one sheet "S" of 2,000 numbers in column A; with `lie`, its zip declares that the sheet's
    part (about 60 KB) unpacks to 1,000 bytes."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{package}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rels}">'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}/'
        f'relationships"><Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
        + "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2001)) + "</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(buffer.getvalue())
    if lie:
        declared = struct.pack("<L", 1000)
        entry = data.rindex(sheet.filename.encode()) - 46      # its entry in the central directory (the last)
        data[sheet.header_offset + 22:sheet.header_offset + 26] = declared
        data[entry + 24:entry + 28] = declared
    return bytes(data)


def kept_rows(source) -> list[list]:
    """The rows of `source` with each empty one (every cell "") as the one shared empty list.

    A row whose first cell holds something is kept at once (comparing a date with "" is slow, and a Log's
    rows are mostly dates); ``[_NO_CELLS if row.count("") == len(row) else row for row in source]``.
    """
    return [row if row and row[0] != "" else _NO_CELLS if row.count("") == len(row) else row for row in source]


def grids_of(workbook, path: Path, sheets, *, required: tuple[str, ...] = (), data: bytes | None = None) -> dict[str, Grid]:
    """Grids of the named sheets of an open calamine workbook (`path` names it in errors).

    A workbook with fewer than two sopxl sheets raises NotSopWorkbook; a missing sheet in `required`
    raises WorkbookError naming it; sheets that are absent and not required are skipped. With the file's
    `data`, a negative number in a time cell of Kalender (which the reader would show as 00:00) raises.
    """
    with _native_stderr():          # one scratch descriptor for the whole read (native_errors nest in it)
        return _grids_of(workbook, path, sheets, required, data)


def _grids_of(workbook, path: Path, sheets, required: tuple[str, ...], data: bytes | None,
              archive: zipfile.ZipFile | None = None) -> dict[str, Grid]:
    from python_calamine import CalamineError

    with native_errors(path):
        names = list(workbook.sheet_names)
    present = set(names)
    missing = [name for name in required if name not in present]
    if missing:
        if len(present & set(L.SHEETS)) < 2:
            raise NotSopWorkbook(f"this is not an sopxl workbook (its sheets: {', '.join(names) or 'none'})",
                                 file=str(path), fix="create an SOP workbook with `sopxl new` or `sopxl import`")
        raise SheetMissing(f"the sheet {missing[0]!r} is missing (an SOP workbook has {', '.join(required)}; "
                            f"this one has {', '.join(names)})", file=str(path), sheet=missing[0],
                            fix="restore the sheet (or its name), or rebuild the workbook with `sopxl import`")
    grids = {}
    for name in sheets:
        if name not in present:
            continue
        try:
            with native_errors(path, name):
                sheet = workbook.get_sheet_by_name(name)
                # rows from A1; empty rows as one shared empty list, so memory follows the cells and not the
                # row number of a stray cell at the bottom. A big sheet used from A1 (sopxl's are) is streamed;
                # a smaller one is taken at once, which is quicker.
                streamed = (sheet.start or (0, 0)) == (0, 0) and sheet.height * sheet.width > _CELLS_AT_ONCE
                rows = kept_rows(sheet.iter_rows() if streamed else sheet.to_python(skip_empty_area=False))
        except CalamineError as exc:
            raise WorkbookError(f"the sheet cannot be read ({type(exc).__name__}: {exc})", file=str(path), sheet=name,
                                fix="restore it from a backup, or open and save it again in Excel") from exc
        grids[name] = Grid(name, rows, first_row=1, first_column=1)
    if data is not None and L.KALENDER in grids:
        xml = sheet_xml(data, L.KALENDER, archive)
        negative = None if xml is None else negative_number_in(xml)
        if negative:
            raise WorkbookError(L.texts("err_negative_time", value=negative[1]), file=str(path), sheet=L.KALENDER,
                                cell=negative[0], fix=L.texts("err_negative_time_fix"))
    return grids


_MAX_PROPERTIES = 1024 * 1024


def custom_property(path: Path, name: str) -> str | None:
    """The text of the workbook's custom document property `name`; None when it has none (or is no workbook)."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("docProps/custom.xml").file_size > _MAX_PROPERTIES:
                return None                 # no property part of a workbook is a megabyte
            custom = archive.read("docProps/custom.xml")
        if b"<!DOCTYPE" in custom or b"<!ENTITY" in custom:
            raise WorkbookError("its document properties declare a DTD, which no workbook needs; refused",
                                file=str(path), fix="give the master written by `sopxl consolidate`, or its database")
        properties = ElementTree.fromstring(custom)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, EOFError):
        return None
    namespace = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    for prop in properties.iter(f"{namespace}property"):
        if prop.get("name") == name and len(prop):
            return prop[0].text or ""
    return None
