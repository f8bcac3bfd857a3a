"""Read an SOP document's tables — rows of cell texts from any source — into the model.

Pure: the importers turn a text export, a .docx or an .xlsx into rows of cell strings (HTML fragments
and all); this module finds the identity block and the activity matrix in them, whatever the page
layout: repeated page headers, numbered column rows, shifted cells, trailing notes. What the
document does not say (who acts, which symbol, where a decision returns) is left to ``infer``.
"""

from __future__ import annotations

import re

from ..errors import DocumentError
from ..domain.model import SECTIONS, SOP, Identity, Step
from ..domain.norms import clean_text, is_bare_unit, parse_norm, NormError

IDENTITY_LABELS = {
    "nomor": ("nomor sop", "no sop", "no. sop", "nomor", "sop number"),
    "tanggal_pembuatan": ("tanggal pembuatan", "tgl pembuatan", "tanggal dibuat", "tgl. pembuatan"),
    "tanggal_revisi": ("tanggal revisi", "tgl revisi", "tgl. revisi"),
    "tanggal_efektif": ("tanggal efektif", "tanggal pengesahan", "tanggal penetapan", "tgl efektif",
                        "tgl. efektif", "tanggal berlaku"),
    "disahkan_oleh": ("disahkan oleh", "ditetapkan oleh", "disetujui oleh"),
    "nama": ("nama sop", "judul sop", "judul sop makro", "judul sop mikro", "nama sop makro",
             "nama sop mikro", "judul"),
}
SECTION_PREFIXES = {
    "dasar_hukum": ("dasar hukum",),
    "kualifikasi": ("kualifikasi",),
    "keterkaitan": ("keterkaitan",),
    "peralatan": ("peralatan", "perlengkapan"),
    "peringatan": ("peringatan",),
    "pencatatan": ("pencatatan", "pendataan"),
}
ARROW_LABELS = {"y", "t", "ya", "tidak"}
_LINE_BREAK_RE = re.compile(r"(?i)<br\s*/?>|</p>|</li>|<li\b[^>]*>|\n")
_NUMBERED_RE = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+")
# words after which a capitalised word continues the same item (Dasar Hukum titles, names)
_JOINERS = {"tentang", "dan", "atas", "di", "ke", "dari", "pada", "untuk", "dengan", "serta", "atau", "nomor",
            "no", "tahun", "oleh", "yang", "antara", "bagi", "dalam", "tata", "c.q.", "cq"}


def norm_label(text: str) -> str:
    """Label text folded: no HTML, lower case, single spaces, no colon or asterisk at the end."""
    return clean_text(text).lower().strip(" :*").strip()


def clean_lines(raw: str) -> list[str]:
    """Lines of a cell: HTML line breaks, paragraphs and list items become separate lines."""
    return [line for part in _LINE_BREAK_RE.split(raw or "") if (line := clean_text(part))]


def is_arrow_label(text: str) -> bool:
    return clean_text(text).lower() in ARROW_LABELS


def _is_mark(cell: str) -> bool:
    """A Pelaksana mark: a short sign (x, √, ●) — not an arrow's Y/T label, not text that slid over."""
    text = clean_text(cell)
    return 0 < len(text) <= 3 and not is_arrow_label(text)


# ---- list sections ----------------------------------------------------------------------------

def split_items(raw: str, section: str) -> list[str]:
    """Items of a list section as the document wrote them in one cell.

    Line breaks and list markup separate items; so does numbering 1., 2., 3. in sequence. An HTML
    list whose item tags were lost splits before a capitalised word that follows a lower-case word
    (not a joiner like "tentang") or a closing bracket, and before every repeat of the first item's
    opening words. Keterkaitan lists SOPs, so it splits before each "SOP" that starts a title.
    """
    had_list_markup = bool(re.search(r"(?i)<(ol|ul|li)\b", raw or ""))
    items: list[str] = []
    for line in clean_lines(raw):
        items.extend(_split_line(line, section, had_list_markup))
    return items


def _split_line(line: str, section: str, had_list_markup: bool) -> list[str]:
    numbered = _split_numbered(line)
    if numbered:
        return numbered
    if section == "keterkaitan":
        parts = re.split(r"\s+(?=SOP\b(?!\s+AP\b))", line)
        return [p.strip() for p in parts if p.strip()]
    if had_list_markup:
        return _split_unmarked_list(line)
    return [line]


def _split_numbered(line: str) -> list[str]:
    """Split "1. a 2. b 3. c" when the numbers run 1, 2, 3 …; [] when the line is not numbered so."""
    cuts, expected = [], 1
    for match in _NUMBERED_RE.finditer(line):
        if int(match.group(1)) == expected and (expected > 1 or match.start() == 0 or not line[:match.start()].strip()):
            cuts.append((match.start(), match.end()))
            expected += 1
    if len(cuts) < 2 and not (len(cuts) == 1 and cuts[0][0] == 0):
        return []
    items = []
    for index, (_, body_start) in enumerate(cuts):
        end = cuts[index + 1][0] if index + 1 < len(cuts) else len(line)
        if item := line[body_start:end].strip():
            items.append(item)
    return items


def _split_unmarked_list(line: str) -> list[str]:
    words = line.split()
    if len(words) < 2:
        return [line]
    opening = words[:2]
    items, current = [], [words[0]]
    for index in range(1, len(words)):
        word, previous = words[index], words[index - 1]
        starts_item = word[:1].isupper() and (
            (previous[:1].islower() and previous.lower().strip(",") not in _JOINERS and not previous.endswith(","))
            or previous.endswith(")")
            or words[index:index + 2] == opening)
        if starts_item:
            items.append(" ".join(current))
            current = []
        current.append(word)
    items.append(" ".join(current))
    return items


# ---- identity block ---------------------------------------------------------------------------

def _identity_key(cell: str) -> str | None:
    label = norm_label(cell)
    for key, labels in IDENTITY_LABELS.items():
        if label in labels:
            return key
    return None


def _section_key(cell: str) -> str | None:
    label = norm_label(cell)
    for key, prefixes in SECTION_PREFIXES.items():
        if any(label.startswith(p) for p in prefixes) and len(label) < 40:
            return key
    return None


def parse_identity(rows: list[list[str]]) -> Identity:
    """The identity block from the rows above the activity matrix."""
    identity = Identity()
    instansi: list[str] = []
    section_columns: dict[int, str] = {}
    sections_seen = False
    for cells in rows:
        if not any(clean_text(c) for c in cells):
            section_columns = {}     # a blank row ends a section's content: what follows is a caption
            continue
        label_at = next((i for i, c in enumerate(cells) if _identity_key(c)), None)
        if label_at is not None:
            key = _identity_key(cells[label_at])
            value = next((clean_text(c) for c in cells[label_at + 1:] if clean_text(c)), "")
            if not getattr(identity, key):
                setattr(identity, key, value)
            if not sections_seen:
                instansi.extend(line for c in cells[:label_at] for line in clean_lines(c))
            continue
        labels = {i: _section_key(c) for i, c in enumerate(cells) if _section_key(c)}
        if labels:
            section_columns = labels
            sections_seen = True
            continue
        if section_columns:
            for index, cell in enumerate(cells):
                if not clean_text(cell):
                    continue
                owner = max((i for i in section_columns if i <= index), default=min(section_columns))
                key = section_columns[owner]
                getattr(identity, key).extend(split_items(cell, key))
        elif not sections_seen:
            instansi.extend(line for c in cells for line in clean_lines(c))
    identity.instansi = "\n".join(dict.fromkeys(instansi))
    return identity


# ---- activity matrix ---------------------------------------------------------------------------

class _Matrix:
    """Column positions of an activity matrix, read from its two header rows."""

    def __init__(self, rows: list[list[str]], header: int, source: str):
        first, second = rows[header], rows[header + 1] if header + 1 < len(rows) else []
        self.no = next(i for i, c in enumerate(first) if norm_label(c) in ("no", "no.", "nomor"))
        kelengkapan = _kelengkapan_column(second, self.no)
        self.header_rows = 2
        if kelengkapan is None and _kelengkapan_column(first, self.no) is not None:
            # a single header row: the roles stand between Kegiatan and Kelengkapan on it
            second, kelengkapan, self.header_rows = first, _kelengkapan_column(first, self.no), 1
        labels = [norm_label(c) for c in second]
        if kelengkapan is None:
            raise DocumentError("the activity table has no Kelengkapan/Persyaratan column in its second header row",
                                file=source, cell=f"row {header + 2}",
                                fix="the matrix needs the official header: No, Kegiatan, Pelaksana (one column "
                                    "per role), Mutu Baku (Kelengkapan, Waktu, Output), Keterangan")
        self.roles = [clean_text(c) for c in second[self.no + 2:kelengkapan]]
        if not self.roles or any(not r for r in self.roles):
            raise DocumentError("the activity table's Pelaksana columns have no role names",
                                file=source, cell=f"row {header + 2}", fix="write one role (jabatan) per column")
        self.kelengkapan = kelengkapan
        self.waktu = next((i for i in range(kelengkapan, len(labels)) if labels[i].startswith("waktu")), kelengkapan + 1)
        self.output = next((i for i in range(kelengkapan, len(labels)) if labels[i].startswith("output")), self.waktu + 1)
        first_labels = [norm_label(c) for c in first]
        self.keterangan = next((i for i in range(self.output, len(first_labels))
                                if first_labels[i].startswith("ket")), self.output + 1)


def _kelengkapan_column(cells: list[str], no: int) -> int | None:
    labels = [norm_label(c) for c in cells]
    return next((i for i in range(no + 2, len(labels)) if labels[i].startswith(("kelengkapan", "persyaratan", "input"))),
                None)


def _is_matrix_header(cells: list[str]) -> bool:
    labels = [norm_label(c) for c in cells]
    return any(labels[i] in ("no", "no.", "nomor") and labels[i + 1].startswith(("kegiatan", "uraian kegiatan", "aktivitas"))
               for i in range(len(labels) - 1))


def _is_column_numbering(cells: list[str]) -> bool:
    values = [clean_text(c) for c in cells if clean_text(c)]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _looks_like_norm(text: str) -> bool:
    if is_bare_unit(text):
        return True
    try:
        return parse_norm(text) is not None
    except NormError:
        return False


def _step_number(text: str) -> int | None:
    cleaned = clean_text(text).rstrip(".")
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


def parse_document(rows: list[list[str]], source: str) -> tuple[SOP, list[str]]:
    """The SOP in a document's rows, and notes on what was repaired (shifted cells, skipped rows)."""
    header = next((i for i, cells in enumerate(rows) if _is_matrix_header(cells)), None)
    if header is None:
        raise DocumentError("no SOP activity table found: expected a header row with the cells 'No' and 'Kegiatan'",
                            file=source,
                            fix="import a text export, .docx or .xlsx of an SOP AP whose activity matrix has the "
                                "official header (No, Kegiatan, Pelaksana…, Mutu Baku, Keterangan)")
    matrix = _Matrix(rows, header, source)
    identity = parse_identity(rows[:header])
    notes: list[str] = []
    steps: list[Step] = []
    index = header + matrix.header_rows
    while index < len(rows):
        cells = rows[index]
        index += 1
        if _is_matrix_header(cells):
            index += matrix.header_rows - 1     # a header repeated on a new page, with its role row
            continue
        if _is_column_numbering(cells) or not any(clean_text(c) for c in cells):
            continue
        number = _step_number(cells[matrix.no]) if matrix.no < len(cells) else None
        if number is None:
            if steps and matrix.no + 1 < len(cells) and clean_text(cells[matrix.no + 1]) and not clean_text(cells[matrix.no]):
                _continue_step(steps[-1], cells, matrix)
            else:
                notes.append(f"line {index}: skipped {clean_text(' '.join(cells))[:60]!r} (not a step)")
            continue
        steps.append(_parse_step(number, cells, matrix, notes))
    if not steps:
        raise DocumentError("the activity table has a header but no numbered steps", file=source,
                            cell=f"row {header + 1}", fix="each step row starts with its number in the No column")
    return SOP(identity=identity, roles=matrix.roles, steps=steps), notes


def _parse_step(number: int, cells: list[str], matrix: _Matrix, notes: list[str]) -> Step:
    cells = list(cells) + [""] * (matrix.keterangan + 4 - len(cells))
    waktu_at = matrix.waktu
    if not _looks_like_norm(cells[waktu_at]):
        candidates = [i for i in range(matrix.no + 2, len(cells)) if _looks_like_norm(cells[i])]
        if candidates:
            found = min(candidates, key=lambda i: abs(i - matrix.waktu))
            if found != matrix.waktu:
                notes.append(f"step {number}: cells were shifted by {found - matrix.waktu:+d} column(s); "
                             "realigned on the Waktu cell")
                waktu_at = found
    shift = waktu_at - matrix.waktu
    role_cells = cells[matrix.no + 2:matrix.no + 2 + len(matrix.roles)]
    if shift == 0 and not _looks_like_norm(cells[waktu_at]):
        # no Waktu to align on: text in the last role cells means the row slid to the left
        texts = [i for i, cell in enumerate(role_cells) if not _is_mark(cell) and clean_text(cell)]
        if texts:
            shift = texts[0] - len(role_cells)
            waktu_at = matrix.waktu + shift
            notes.append(f"step {number}: cells were shifted by {shift:+d} column(s); realigned on the "
                         "Pelaksana columns")
    marks = [role for role, cell in zip(matrix.roles, role_cells) if _is_mark(cell)]
    tail = [clean_text(c) for c in cells[matrix.keterangan + shift:] if clean_text(c)]
    return Step(
        number=number,
        kegiatan=clean_text(cells[matrix.no + 1]),
        marks=marks,
        kelengkapan=clean_text(cells[matrix.kelengkapan + shift]),
        waktu=clean_text(cells[waktu_at]),
        output=clean_text(cells[matrix.output + shift]),
        keterangan=", ".join(tail),
    )


def _continue_step(step: Step, cells: list[str], matrix: _Matrix) -> None:
    """A row without a number under a step continues its texts (a step broken across pages)."""
    def joined(old: str, index: int) -> str:
        extra = clean_text(cells[index]) if index < len(cells) else ""
        return f"{old} {extra}".strip() if extra else old

    step.kegiatan = joined(step.kegiatan, matrix.no + 1)
    step.kelengkapan = joined(step.kelengkapan, matrix.kelengkapan)
    step.output = joined(step.output, matrix.output)
    step.keterangan = joined(step.keterangan, matrix.keterangan)
    if not step.waktu:
        step.waktu = clean_text(cells[matrix.waktu]) if matrix.waktu < len(cells) else ""
