"""Read an SOP document's tables — rows of cell texts from any source — into the model.

Pure: the importers turn a text export, a .docx or an .xlsx into rows of cell strings (HTML fragments
and all); this module finds the identity block and the activity matrix in them, whatever the page
layout: repeated page headers, numbered column rows, shifted cells, trailing notes. What the
document does not say (who acts, which symbol, where a decision returns) is left to ``infer``.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from .. import layout as L
from ..errors import DocumentError
from ..domain.model import SOP, Identity, Step
from ..domain.norms import clean_text, is_bare_unit, parse_norm, NormError

ARROW_LABELS = {"y": "ya", "t": "tidak", "ya": "ya", "tidak": "tidak", "n": "tidak", "yes": "ya", "no": "tidak"}
_LINE_BREAK_RE = re.compile(r"(?i)<br\s*/?>|</p>|</li>|<li\b[^>]*>|\n")
_NUMBERED_RE = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+")
# a list item's own printed number or letter: "2. ", "b) ", "(3) ", "- ", "• "
_ITEM_MARK_RE = re.compile(r"^(?:\(?(?:\d{1,2}|[a-z])[.)]|[-•*–])\s+")
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
    """True for a flowchart arrow's Ya/Tidak label (Y, T, Ya, Tidak) copied into a cell."""
    return clean_text(text).lower().strip(".") in ARROW_LABELS


def only_punctuation(text: str) -> bool:
    """True for a cell with no letter or digit: ":", "-", a template's dots."""
    return not any(ch.isalnum() for ch in clean_text(text))


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
    # one item per row or paragraph keeps its printed number ("2. PP No. 47"): the number is not the item's
    line = _ITEM_MARK_RE.sub("", line, count=1) or line
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

def identity_key(cell: str) -> str | None:
    label = norm_label(cell)
    for key, labels in L.IDENTITY_LABELS.items():
        if label in labels:
            return key
    return None


def _label_and_value(cell: str) -> tuple[str, str] | None:
    """(key, value) of a cell holding both, "Nomor SOP : 800/12/2025"; None otherwise."""
    label, colon, value = clean_text(cell).partition(":")
    key = identity_key(label) if colon else None
    return (key, value.strip()) if key and value.strip() else None


def section_key(cell: str) -> str | None:
    label = norm_label(cell)
    for key, prefixes in L.SECTION_PREFIXES.items():
        if any(label.startswith(p) for p in prefixes) and len(label) < 40:
            return key
    return None


def _value_text(cell: str, multiline: bool) -> str:
    """An identity value without the ":" a label column leaves before it ("" for a lone ":")."""
    lines = [line.lstrip(": ").strip() for line in clean_lines(cell)]
    lines = [line for line in lines if line]
    return ("\n" if multiline else " ").join(lines)


def parse_identity(rows: list[list[str]]) -> Identity:
    """The identity block from the rows above the activity matrix.

    A label's value is the next cell after it that holds more than punctuation (the ":" column of
    "label | : | value" layouts is skipped). Rows under Disahkan oleh without a label of their own
    continue it: the official's name and NIP, one line each (the printout puts the signature space
    between office and name). List sections take one item per line, row or number.
    """
    identity = Identity()
    instansi: list[str] = []
    section_columns: dict[int, str] = {}
    sections_seen = False
    signer_at: int | None = None      # the label column of Disahkan oleh while its rows continue
    for cells in rows:
        if not any(clean_text(c) for c in cells):
            section_columns = {}     # a blank row ends a section's content: what follows is a caption
            continue
        label_at = next((i for i, c in enumerate(cells) if identity_key(c) or _label_and_value(c)), None)
        if label_at is not None:
            signer_at = None
            pair = _label_and_value(cells[label_at])
            if pair and not identity_key(cells[label_at]):
                key, value = pair
            else:
                key = identity_key(cells[label_at])
                value = next((v for c in cells[label_at + 1:] if (v := _value_text(c, key == "disahkan_oleh"))), "")
            if not getattr(identity, key):
                setattr(identity, key, value)
                if key == "disahkan_oleh":
                    signer_at = label_at
            if not sections_seen:
                instansi.extend(line for c in cells[:label_at] for line in clean_lines(c))
            continue
        labels = {i: section_key(c) for i, c in enumerate(cells) if section_key(c)}
        if labels:
            section_columns = labels
            sections_seen = True
            signer_at = None
            continue
        if section_columns:
            for index, cell in enumerate(cells):
                if not clean_text(cell):
                    continue
                owner = max((i for i in section_columns if i <= index), default=min(section_columns))
                key = section_columns[owner]
                getattr(identity, key).extend(split_items(cell, key))
        elif not sections_seen:
            if signer_at is not None:
                below = [v for c in cells[signer_at:] if (v := _value_text(c, True))]
                if below:
                    identity.disahkan_oleh = "\n".join([identity.disahkan_oleh, *below]).strip("\n")
            instansi.extend(line for c in cells[:signer_at] for line in clean_lines(c))
    identity.instansi = "\n".join(dict.fromkeys(line for line in instansi if not only_punctuation(line)))
    return identity.split_signer()


# ---- activity matrix ---------------------------------------------------------------------------

def _keys(cells: list[str]) -> list[str | None]:
    return [L.matrix_header_key(c) for c in cells]


class _Matrix:
    """Column positions of an activity matrix, read from its header rows (synonyms from the layout)."""

    def __init__(self, rows: list[list[str]], header: int, source: str, lang: str):
        first, second = rows[header], rows[header + 1] if header + 1 < len(rows) else []
        first_keys = _keys(first)
        self.no = next(i for i in range(len(first) - 1) if first_keys[i] == "no" and first_keys[i + 1] == "kegiatan")
        kelengkapan = _kelengkapan_column(second, self.no)
        self.header_rows = 2
        if kelengkapan is None and _kelengkapan_column(first, self.no) is not None:
            # a single header row: the roles stand between Kegiatan and Kelengkapan on it
            second, kelengkapan, self.header_rows = first, _kelengkapan_column(first, self.no), 1
        keys = _keys(second)
        line = header + 1
        if kelengkapan is None:
            found = ", ".join(clean_text(c) for c in [*first, *second] if clean_text(c))
            raise DocumentError(L.text("imp_no_kelengkapan", lang).format(line=line, found=found[:120]),
                                file=source, cell=f"row {header + 2}", fix=L.text("imp_no_kelengkapan_fix", lang))
        self.roles = [clean_text(c) for c in second[self.no + 2:kelengkapan]]
        if not self.roles or any(not r for r in self.roles):
            raise DocumentError(L.text("imp_no_roles", lang).format(line=line), file=source, cell=f"row {header + 2}",
                                fix=L.text("imp_no_roles_fix", lang))
        self.kelengkapan = kelengkapan
        self.waktu = next((i for i in range(kelengkapan, len(keys)) if keys[i] == "waktu"), kelengkapan + 1)
        self.output = next((i for i in range(kelengkapan, len(keys)) if keys[i] == "output"), self.waktu + 1)
        self.keterangan = next((i for i in range(self.output, len(first_keys)) if first_keys[i] == "keterangan"),
                               self.output + 1)


def _kelengkapan_column(cells: list[str], no: int) -> int | None:
    keys = _keys(cells)
    return next((i for i in range(no + 2, len(keys)) if keys[i] == "kelengkapan"), None)


def is_matrix_header(cells: list[str]) -> bool:
    """True for the activity matrix's header row: a No cell followed by a Kegiatan cell (or a synonym)."""
    keys = _keys(cells)
    return any(keys[i] == "no" and keys[i + 1] == "kegiatan" for i in range(len(keys) - 1))


def _is_column_numbering(cells: list[str]) -> bool:
    values = [clean_text(c).rstrip(".") for c in cells if clean_text(c)]
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
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 5 else None


@dataclass
class Parsed:
    """What a document's rows say: the SOP, notes on repairs, and the Ya/Tidak labels seen per step."""

    sop: SOP
    notes: list[str] = field(default_factory=list)
    # step number -> the arrow labels ("ya"/"tidak") written in its Pelaksana cells or the row after
    arrows: dict[int, list[str]] = field(default_factory=dict)
    parts: int = 1


def _headers(rows: list[list[str]]) -> list[int]:
    return [i for i, cells in enumerate(rows) if is_matrix_header(cells)]


def _closest_header(rows: list[list[str]], lang: str) -> str:
    """What came nearest to a matrix header: the first row naming the most of its columns (two at least)."""
    best: tuple[int, list[str]] | None = None
    for index, cells in enumerate(rows):
        named = [clean_text(c) for c, key in zip(cells, _keys(cells)) if key]
        if len(set(filter(None, _keys(cells)))) >= 2 and (best is None or len(named) > len(best[1])):
            best = (index, named)
    if best is None:
        return ""
    return L.text("imp_closest_header", lang).format(line=best[0] + 1, found=", ".join(best[1])[:80])


def split_parts(rows: list[list[str]]) -> list[list[list[str]]]:
    """The rows of each SOP on the page: a new SOP starts where a matrix header is followed by step
    numbers starting again (not a header repeated on a new page), with its identity rows before it."""
    headers = _headers(rows)
    parts, start, last_number, last_step_row = [], 0, None, None
    for position, header in enumerate(headers):
        end = headers[position + 1] if position + 1 < len(headers) else len(rows)
        keys = _keys(rows[header])
        no = next(i for i in range(len(keys) - 1) if keys[i] == "no" and keys[i + 1] == "kegiatan")
        numbers = [(i, n) for i in range(header + 1, end)
                   if len(rows[i]) > no + 1 and clean_text(rows[i][no + 1]) and not _is_column_numbering(rows[i])
                   and (n := _step_number(rows[i][no])) is not None]
        if numbers and last_number is not None and numbers[0][1] <= last_number:
            boundary = next((i for i in range(last_step_row + 1, header)
                             if not any(clean_text(c) for c in rows[i])
                             or any(identity_key(c) for c in rows[i])), header)
            parts.append(rows[start:boundary])
            start = boundary
        if numbers:
            last_number, last_step_row = numbers[-1][1], numbers[-1][0]
    parts.append(rows[start:])
    return parts


def parse_document(rows: list[list[str]], source: str, lang: str = L.DEFAULT_LANG, part: int = 1) -> Parsed:
    """The SOP in a document's rows (the `part`-th when the page holds several), with notes on repairs."""
    header = next(iter(_headers(rows)), None)
    if header is None:
        raise DocumentError(L.text("imp_no_header", lang) + _closest_header(rows, lang), file=source,
                            fix=L.text("imp_no_header_fix", lang))
    parts = split_parts(rows)
    if not 1 <= part <= len(parts):
        raise DocumentError(L.text("imp_part_missing", lang).format(count=len(parts), part=part), file=source,
                            fix=L.text("imp_part_missing_fix", lang).format(count=len(parts)))
    offset = sum(len(p) for p in parts[:part - 1])
    parsed = _parse_part(parts[part - 1], source, lang, offset)
    parsed.parts = len(parts)
    if len(parts) > 1:
        name = parsed.sop.identity.nama or "?"
        parsed.notes.insert(0, L.text("imp_note_parts", lang).format(count=len(parts), part=part, name=name))
    return parsed


def _parse_part(rows: list[list[str]], source: str, lang: str, offset: int) -> Parsed:
    header = next(iter(_headers(rows)))
    matrix = _Matrix(rows, header, source, lang)
    identity = parse_identity(rows[:header])
    parsed = Parsed(SOP(identity=identity, roles=matrix.roles))
    steps = parsed.sop.steps
    index = header + matrix.header_rows
    while index < len(rows):
        cells = rows[index]
        index += 1
        if is_matrix_header(cells):
            index += matrix.header_rows - 1     # a header repeated on a new page, with its role row
            continue
        if _is_column_numbering(cells) or not any(clean_text(c) for c in cells):
            continue
        number = _step_number(cells[matrix.no]) if matrix.no < len(cells) else None
        if number is None:
            labels = _arrow_labels(cells, matrix)
            if steps and labels and all(is_arrow_label(c) or not clean_text(c) for c in cells):
                parsed.arrows.setdefault(steps[-1].number, []).extend(label for _, label in labels)
            elif steps and matrix.no + 1 < len(cells) and clean_text(cells[matrix.no + 1]) and not clean_text(cells[matrix.no]):
                _continue_step(steps[-1], cells, matrix)
            else:
                parsed.notes.append(L.text("imp_note_skipped", lang).format(
                    line=offset + index, text=clean_text(" ".join(cells))[:60]))
            continue
        step = _parse_step(number, cells, matrix, parsed, lang)
        steps.append(step)
    if not steps:
        raise DocumentError(L.text("imp_no_steps", lang).format(line=offset + header + 1), file=source,
                            cell=f"row {offset + header + 1}", fix=L.text("imp_no_steps_fix", lang))
    if parsed.arrows:
        parsed.notes.append(L.text("imp_note_arrow", lang).format(steps=", ".join(map(str, parsed.arrows))))
    for step in steps:
        try:
            norm = parse_norm(step.waktu)
        except NormError:
            norm = None
        if norm is not None and norm.low is not None:
            parsed.notes.append(L.text("imp_note_range", lang).format(step=step.number, waktu=step.waktu, norm=
                                                                       f"{_plain_number(norm.value)} {norm.unit}"))
    return parsed


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _arrow_labels(cells: list[str], matrix: _Matrix) -> list[tuple[str, str]]:
    """(role, "ya"/"tidak") of each arrow label written in the Pelaksana cells of a row."""
    role_cells = cells[matrix.no + 2:matrix.no + 2 + len(matrix.roles)]
    return [(role, ARROW_LABELS[clean_text(cell).lower().strip(".")])
            for role, cell in zip(matrix.roles, role_cells) if is_arrow_label(cell)]


def _parse_step(number: int, cells: list[str], matrix: _Matrix, parsed: Parsed, lang: str) -> Step:
    notes = parsed.notes
    cells = list(cells) + [""] * (matrix.keterangan + 4 - len(cells))
    waktu_at = matrix.waktu
    if not _looks_like_norm(cells[waktu_at]):
        candidates = [i for i in range(matrix.no + 2, len(cells)) if _looks_like_norm(cells[i])]
        if candidates:
            found = min(candidates, key=lambda i: abs(i - matrix.waktu))
            if found != matrix.waktu:
                notes.append(L.text("imp_note_shift", lang).format(step=number, shift=found - matrix.waktu,
                                                                   anchor=L.text("imp_anchor_waktu", lang)))
                waktu_at = found
    shift = waktu_at - matrix.waktu
    role_cells = cells[matrix.no + 2:matrix.no + 2 + len(matrix.roles)]
    labels = _arrow_labels(cells, matrix)
    if labels:
        parsed.arrows.setdefault(number, []).extend(label for _, label in labels)
    if shift == 0 and not _looks_like_norm(cells[waktu_at]):
        # no Waktu to align on: text (not a mark, not an arrow label) in the last role cells means the
        # row slid to the left
        texts = [i for i, cell in enumerate(role_cells)
                 if not _is_mark(cell) and not is_arrow_label(cell) and clean_text(cell)]
        if texts:
            shift = texts[0] - len(role_cells)
            waktu_at = matrix.waktu + shift
            notes.append(L.text("imp_note_shift", lang).format(step=number, shift=shift,
                                                               anchor=L.text("imp_anchor_roles", lang)))
    marks = [role for role, cell in zip(matrix.roles, role_cells) if _is_mark(cell)]

    def at(index: int) -> str:
        """The cell at `index` of the realigned row; "" where the row has none (a shift past either end)."""
        return clean_text(cells[index]) if 0 <= index < len(cells) else ""

    tail = [clean_text(c) for c in cells[max(matrix.keterangan + shift, 0):] if clean_text(c)]
    return Step(
        number=number,
        kegiatan=at(matrix.no + 1),
        marks=marks,
        kelengkapan=at(matrix.kelengkapan + shift),
        waktu=at(waktu_at),
        output=at(matrix.output + shift),
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
