"""Turn SOP documents on disk — text exports, Word tables, Excel sheets, published PDFs — into SOPs.

The rows go to ``sop_from_rows``: ``document.parse_document`` (layout-independent parsing) and
``infer.infer`` (what the document lost). Text exports are read tab-separated, or by column
positions when their cells are separated by spaces (``columns``). An .xlsx that is already an sopxl
workbook is read as one. A PDF is read from its geometry (``pdf``): the flowchart's shapes say who
acts; it may hold several SOPs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .. import layout as L
from .document import is_matrix_header, parse_document
from ..errors import DocumentError, SopxlError
from .infer import infer
from ..domain.model import SOP

TEXT_SUFFIXES = (".txt", ".tsv", ".tab")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


def sop_from_rows(rows: list[list[str]], source: str, lang: str = L.DEFAULT_LANG, part: int = 1,
                  notes: list[str] | None = None) -> tuple[SOP, list[str]]:
    """The SOP in a document's rows of cell texts (from any reader: text, Word, Excel, PDF), with its
    inferences recorded, and the notes on what was repaired (after `notes` the reader made)."""
    parsed = parse_document(rows, source, lang, part)
    return infer(parsed.sop, lang, parsed.arrows), [*(notes or []), *parsed.notes]


# pictures of an SOP page (a scan or a photo saved as a picture): read with OCR (raster)
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xlsm", ".json", *TEXT_SUFFIXES, *PICTURE_SUFFIXES)


def read_document(path: Path, lang: str = L.DEFAULT_LANG, part: int = 1) -> tuple[SOP, list[str]]:
    """The SOP in a document (the `part`-th when it holds several), with inferences recorded on its
    steps, and notes on repairs made."""
    path = Path(path)
    _check_file(path, lang)
    if path.suffix.lower() in (".pdf", *PICTURE_SUFFIXES):
        sops = read_sops(path, lang)
        if not 1 <= part <= len(sops):
            raise DocumentError(L.text("imp_part_missing", lang).format(count=len(sops), part=part), file=str(path),
                                fix=L.text("imp_part_missing_fix", lang).format(count=len(sops)))
        return sops[part - 1]
    return _read_one(path, lang, part)


def read_all(path: Path, lang: str = L.DEFAULT_LANG) -> list[tuple[SOP, list[str]]]:
    """Every SOP a document holds: each SOP of a PDF; the first of other documents."""
    if Path(path).suffix.lower() in (".pdf", *PICTURE_SUFFIXES):
        return read_sops(path, lang)
    return [read_document(path, lang)]


def documents_under(folder: Path, skip: Path | None = None) -> list[Path]:
    """SOP documents under `folder` (sub-folders included, sorted), without lock files, hidden files and
    anything under `skip` (the folder the workbooks go to)."""
    from ..xlsx.files import is_lock_file

    skip = skip.resolve() if skip is not None else None
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.suffix.lower() not in DOCUMENT_SUFFIXES or is_lock_file(path):
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if skip is not None and skip in path.resolve().parents:
            continue
        found.append(path)
    return found


def read_sops(path: Path, lang: str = L.DEFAULT_LANG) -> list[tuple[SOP, list[str]]]:
    """Every SOP in a PDF or a page picture (one per identity block, or per flow under one), with notes."""
    from .pdf import read_pdf, sops_from_pages

    path = Path(path)
    _check_file(path, lang)
    if path.suffix.lower() in PICTURE_SUFFIXES:
        from .raster import read_image_file

        pictures = read_image_file(path)
        return sops_from_pages(pictures.pages, path, lang, pictures)
    return read_pdf(path, lang)


def _refusal(path: Path, key: str, lang: str, fix: bool = True, **values) -> DocumentError:
    """A refusal naming the file, in the run's language (texts imp_KEY and imp_KEY_fix in the layout)."""
    return DocumentError(L.text(f"imp_{key}", lang).format(**values), file=str(path),
                         fix=L.text(f"imp_{key}_fix", lang).format(**values) if fix else None)


def _check_file(path: Path, lang: str) -> None:
    if not path.exists():
        raise _refusal(path, "no_file", lang)
    if path.is_dir():
        raise _refusal(path, "folder", lang, fix=False)
    size = path.stat().st_size
    if size == 0:
        raise _refusal(path, "empty", lang)
    if size > MAX_DOCUMENT_BYTES:
        raise _refusal(path, "too_big", lang, fix=False, mb=size // 2**20)


def _read_one(path: Path, lang: str, part: int) -> tuple[SOP, list[str]]:
    suffix = path.suffix.lower()
    reader_notes: list[str] = []
    if suffix == ".json":
        return _sop_json(path, lang), []
    if suffix in (".xlsx", ".xlsm"):
        sop = _sopxl_workbook(path)
        if sop is not None:
            return sop, [L.text("imp_note_sopxl_workbook", lang)]
        rows = _xlsx_rows(path)
    elif suffix == ".docx":
        rows = _docx_rows(path, lang)
    elif suffix in TEXT_SUFFIXES:
        rows = _text_rows(path, lang, reader_notes)
    else:
        raise _refusal(path, "unknown_type", lang, suffix=suffix or "(none)")
    return sop_from_rows(rows, str(path), lang, part, reader_notes)


def _sop_json(path: Path, lang: str) -> SOP:
    """An SOP in the JSON that `sopxl export` prints (docs/export-schema.md)."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refusal(path, "bad_json", lang, fix=False, detail=exc) from exc
    except RecursionError:
        raise _refusal(path, "json_deep", lang) from None
    if not isinstance(data, dict) or data.get("schema") != "sopxl.sop/1":
        raise _refusal(path, "not_sop_json", lang)
    problem = _json_shape_problem(data)
    if problem:
        raise _refusal(path, "json_shape", lang, detail=problem)
    try:
        return SOP.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _refusal(path, "json_schema", lang, detail=f"{type(exc).__name__}: {exc}") from exc


_TEXT_FIELDS = ("kegiatan", "pelaksana", "kelengkapan", "waktu", "output", "keterangan")


def _json_shape_problem(data: dict) -> str | None:
    """Where the JSON of an SOP leaves docs/export-schema.md, as `steps[2].number: expected …, found …`."""
    from ..sheets.grid import MAX_NUMBER

    def found(value) -> str:
        text = _json_text(value)
        return text if len(text) <= 40 else text[:37] + "…"

    def texts(value, where: str) -> str | None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return f"{where}: expected a list of texts, found {found(value)}"
        return None

    def whole(value, where: str, optional: bool) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
            return f"{where}: expected a step number from 1 to {MAX_NUMBER:,}{' or null' if optional else ''}, " \
                   f"found {found(value)}"
        return None

    identity = data.get("identity", {})
    if not isinstance(identity, dict):
        return f"identity: expected an object, found {found(identity)}"
    for key, value in identity.items():
        if not isinstance(value, (str, list)) or (isinstance(value, list) and texts(value, "")):
            return f"identity.{key}: expected a text or a list of texts, found {found(value)}"
    if texts(data.get("roles", []), "roles"):
        return texts(data.get("roles", []), "roles")
    steps = data.get("steps", [])
    if not isinstance(steps, list):
        return f"steps: expected a list of steps, found {found(steps)}"
    for index, step in enumerate(steps):
        where = f"steps[{index}]"
        if not isinstance(step, dict):
            return f"{where}: expected a step (an object), found {found(step)}"
        problem = whole(step.get("number"), f"{where}.number", False) or \
            whole(step.get("ya"), f"{where}.ya", True) or whole(step.get("tidak"), f"{where}.tidak", True)
        if problem:
            return problem
        for key in _TEXT_FIELDS:
            if step.get(key) is not None and not isinstance(step[key], str):
                return f"{where}.{key}: expected a text, found {found(step[key])}"
        if step.get("marks") is not None and texts(step["marks"], f"{where}.marks"):
            return texts(step["marks"], f"{where}.marks")
        inferences = step.get("inferences", [])
        if not isinstance(inferences, list) or not all(
                isinstance(i, dict) and set(i) <= {"field", "value", "reason"} and all(isinstance(v, str) for v in i.values())
                for i in inferences):
            return f"{where}.inferences: expected a list of {{field, value, reason}} texts, found {found(inferences)}"
    return None


def _json_text(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _text_rows(path: Path, lang: str, notes: list[str]) -> list[list[str]]:
    """Rows of a text export: tab-separated cells, or space-aligned columns when the header has no tabs."""
    from .columns import loose_header_line, spaced_rows

    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise _refusal(path, "binary", lang)
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    lines = [line.rstrip("\r") for line in text.split("\n")]
    rows = [line.split("\t") for line in lines]
    if any(is_matrix_header(cells) for cells in rows):
        return rows
    spaced = spaced_rows(lines)
    if spaced is not None:
        rows, header = spaced
        notes.append(L.text("imp_note_spaced", lang).format(line=header + 1))
        return rows
    loose = loose_header_line(lines)
    if loose is not None:
        raise DocumentError(L.text("imp_header_unsplit", lang).format(
            line=loose + 1, how=L.text("imp_by_single_spaces", lang), text=" ".join(lines[loose].split())[:80]),
            file=str(path), cell=f"line {loose + 1}", fix=L.text("imp_header_unsplit_fix", lang))
    return rows


def _check_archive(path: Path, lang: str) -> None:
    if not zipfile.is_zipfile(path):
        raise _refusal(path, "not_zip", lang)
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _refusal(path, "zip_bomb", lang, fix=False)


def _docx_rows(path: Path, lang: str) -> list[list[str]]:
    """Rows of every table in the document, in order; a merged cell's text appears once."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_archive(path, lang)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _refusal(path, "bad_docx", lang, detail=exc) from exc
    rows: list[list[str]] = []
    counters: dict[tuple[str, str], int] = {}
    for table in document.tables:
        # python-docx repeats a merged cell in every grid position it covers; keep its text in the first.
        # The elements are held in `seen`, so identity comparison is safe (lxml reuses proxies otherwise).
        seen: list = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                element = cell._tc
                repeated = any(element is other for other in seen)
                cells.append("" if repeated else "\n".join(_paragraph_text(p, counters) for p in cell.paragraphs))
                if not repeated:
                    seen.append(element)
            rows.append(cells)
        rows.append([])
    return rows


def _numbering(properties):
    from docx.oxml.ns import qn

    return properties.find(qn("w:numPr")) if properties is not None else None


def _paragraph_text(paragraph, counters: dict[tuple[str, str], int]) -> str:
    """A paragraph's text; one in a numbered list gets the number Word prints for it ("3." or "3")."""
    from docx.oxml.ns import qn

    numbering = _numbering(paragraph._p.pPr)
    style = paragraph.style
    while numbering is None and style is not None:      # a list style ("List Number") numbers its paragraphs
        numbering = _numbering(style.element.pPr)
        style = style.base_style
    if numbering is None:
        return paragraph.text
    num_id = numbering.find(qn("w:numId"))
    level = numbering.find(qn("w:ilvl"))
    key = (num_id.get(qn("w:val")) if num_id is not None else "0", level.get(qn("w:val")) if level is not None else "0")
    if key[0] == "0":       # numId 0 switches numbering off
        return paragraph.text
    counters[key] = counters.get(key, 0) + 1
    number = counters[key]
    return f"{number}. {paragraph.text}" if paragraph.text.strip() else str(number)


def _xlsx_rows(path: Path) -> list[list[str]]:
    """Rows of every sheet, in order; merged cells hold their text in the top-left cell only."""
    from ..sheets.grid import cell_text
    from ..xlsx.read import open_workbook

    try:
        workbook = open_workbook(path)
    except SopxlError as error:
        raise DocumentError(error.message, file=str(path), fix=error.fix) from None
    rows: list[list[str]] = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start_col = (sheet.start or (0, 0))[1]
        for values in sheet.to_python(skip_empty_area=False):
            rows.append([""] * start_col + [cell_text(v) for v in values])
        rows.append([])
    return rows


def _sopxl_workbook(path: Path) -> SOP | None:
    """The SOP of an sopxl workbook, or None when the .xlsx is some other spreadsheet."""
    from .. import layout as L
    from ..xlsx.workbook import read_sop
    from ..xlsx.read import open_workbook

    try:
        names = set(open_workbook(path).sheet_names)
    except SopxlError as error:
        raise DocumentError(error.message, file=str(path), fix=error.fix) from None
    if len(names & set(L.SHEETS)) < 2:
        return None                 # some other spreadsheet: its tables are read as a document
    # an sopxl workbook, even one that lost its Log or Kalender: the SOP is in Identitas and Aktivitas only,
    # and the other sheets' rows are never read as steps
    missing = [sheet for sheet in (L.IDENTITAS, L.AKTIVITAS) if sheet not in names]
    if missing:
        raise DocumentError(f"this sopxl workbook has no {missing[0]!r} sheet, which holds the SOP", file=str(path),
                            fix="restore the sheet from a backup, or import the SOP from its document")
    try:
        return read_sop(path, sheets=(L.IDENTITAS, L.AKTIVITAS))[0]
    except SopxlError as error:
        raise error.in_file(path) from None
