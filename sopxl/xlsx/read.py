"""Read sheets of a workbook fast with python-calamine, as Grids for the codec."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..sheets.grid import Grid
from ..errors import NotSopWorkbook, SheetMissing, WorkbookError
from .. import layout as L

# Uncompressed size above which a workbook is refused (zip bombs); far above any real SOP workbook.
MAX_UNCOMPRESSED = 2 * 1024**3
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")     # encrypted workbooks and .xls files are OLE containers


def open_workbook(path: Path, data: bytes | None = None):
    """A calamine workbook for `path` (or for its bytes `data`, already read), or a WorkbookError saying why not."""
    from python_calamine import CalamineError, CalamineWorkbook

    path = Path(path)
    if data is None:
        if not path.exists():
            raise WorkbookError("no such file", file=str(path), fix="check the path")
        if path.is_dir():
            raise WorkbookError("is a folder, not a workbook", file=str(path))
        data = path.read_bytes()
    check_container(path, data)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"cannot be read as a workbook ({type(exc).__name__}: {exc})", file=str(path),
                            fix="restore it from a backup, or open and save it again in Excel") from exc


def check_container(path: Path, data: bytes) -> None:
    """Raise WorkbookError saying why `data` cannot be an .xlsx/.xlsm workbook."""
    if not data:
        raise WorkbookError("the file is empty", file=str(path), fix="restore it from a backup")
    if data.startswith(OLE_SIGNATURE):
        if "EncryptedPackage".encode("utf-16-le") in data[:64 * 1024] or \
                "EncryptionInfo".encode("utf-16-le") in data[:64 * 1024]:
            raise WorkbookError("the workbook is password-protected (encrypted), so it cannot be read",
                                file=str(path),
                                fix="remove the password to open in Excel (File → Info → Protect Workbook → "
                                    "Encrypt with Password, clear it); a password against editing is fine")
        raise WorkbookError("an old Excel 97-2003 (.xls) file or another OLE document, not an .xlsx workbook",
                            file=str(path), fix="open it in Excel and save it as .xlsx")
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise WorkbookError("not an Excel workbook (.xlsx/.xlsm are zip files; this is not one, or it is truncated)",
                            file=str(path), fix="restore it from a backup, or save it again from Excel as .xlsx")
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise WorkbookError("the workbook unpacks to more than 2 GB; refused", file=str(path))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise WorkbookError(f"the zip container is damaged ({exc})", file=str(path),
                            fix="restore it from a backup, or open and save it again in Excel") from exc


def read_grids(path: Path, sheets: tuple[str, ...] | list[str], *, required: tuple[str, ...] = ()) -> dict[str, Grid]:
    """Grids of the named sheets; a missing sheet in `required` raises, others are skipped."""
    return grids_of(open_workbook(path), path, sheets, required=required)


def grids_of(workbook, path: Path, sheets, *, required: tuple[str, ...] = ()) -> dict[str, Grid]:
    """Grids of the named sheets of an open calamine workbook (`path` names it in errors).

    A workbook with fewer than two sopxl sheets raises NotSopWorkbook; a missing sheet in `required`
    raises WorkbookError naming it; sheets that are absent and not required are skipped.
    """
    from python_calamine import CalamineError

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
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            start = sheet.start or (0, 0)
        except CalamineError as exc:
            raise WorkbookError(f"the sheet cannot be read ({type(exc).__name__}: {exc})", file=str(path), sheet=name,
                                fix="restore it from a backup, or open and save it again in Excel") from exc
        grids[name] = Grid(name, rows, first_row=start[0] + 1, first_column=start[1] + 1)
    return grids


def custom_property(path: Path, name: str) -> str | None:
    """The text of the workbook's custom document property `name`; None when it has none (or is no workbook)."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            custom = archive.read("docProps/custom.xml")
        properties = ElementTree.fromstring(custom)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    namespace = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    for prop in properties.iter(f"{namespace}property"):
        if prop.get("name") == name and len(prop):
            return prop[0].text or ""
    return None
