"""Published SOP PDFs into the model: the identity page, the activity matrix, the flowchart's shapes.

The pages come from ``pdfpage`` (the PDF library), the matrix and identity block from ``pdftable``,
the symbols and connections from ``pdfflow``; this module puts them together into SOPs:
- a page with an identity block starts an SOP; the matrix pages after it belong to it. Matrices that
  start again at step 1 under one identity block (an SOP with one flow per case) give one SOP each,
  named after the line printed above the matrix;
- a step's Pelaksana is the column its symbol sits in. A row with symbols in several columns keeps
  one main Pelaksana — the one the flow enters from another step, else the decision's column, else
  the one the row's own flow starts from — and the other columns as co-Pelaksana;
- off-page connectors join the flow across pages (matched by the text inside them, else in order);
- a decision's branches are named by their labels: Ya/Y and Tidak/T directly; other words by whether
  they deny ("Belum Benar", "Tidak Lengkap" -> Tidak; "Sudah Benar", "Lengkap" -> Ya); unlabelled
  branches by where they go (forward = Ya, back = Tidak);
- where the flowchart is a picture, the table is still read and the actors are inferred from the text
  (``infer``), flagged.
Every value read from a shape is recorded as an ``Inference`` with its reason, so the author reviews it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from ..domain.model import SOP, Identity, Inference, Step, Symbol as StepSymbol
from ..domain.norms import clean_text
from . import pdfflow as F
from .infer import infer
from .pdfpage import Box, Page, read_pages, refusal
from .pdftable import Columns, IdentityRead, Row, find_header, lines_of, read_identity, read_rows, rulings_of
from .raster import PictureRead, has_pictures, read_pictures

_YES = {"ya", "y", "yes", "iya"}
_NO = {"tidak", "t", "tdk", "no", "n", "tidak."}
_DENIALS = {"tidak", "tdk", "belum", "bukan", "kurang", "salah", "tolak", "ditolak", "gagal", "revisi", "no", "t",
            "n", "invalid", "ulang", "diperbaiki", "perbaiki", "dikembalikan", "kembali"}
PICTURE_SHARE = 0.4     # a picture over this share of the Pelaksana band's area is the flowchart


def _reason(key: str, lang: str, **values) -> str:
    return L.text(f"pdf_{key}", lang).format(**values)



@dataclass
class _Table:
    """One activity matrix, possibly over several pages."""

    columns: Columns
    title: str = ""
    rows: list[Row] = field(default_factory=list)
    symbols: list[F.Symbol] = field(default_factory=list)
    edges: list[F.Edge] = field(default_factory=list)
    picture_pages: list[int] = field(default_factory=list)


@dataclass
class _Document:
    identity: IdentityRead
    page: int
    tables: list[_Table] = field(default_factory=list)


def read_pdf(path: Path, lang: str = "id") -> list[tuple[SOP, list[str]]]:
    """The SOPs in a published PDF, each with notes; inferences are recorded on the steps.

    Pages that are pictures (a scan, a flowchart pasted as a picture) are read with OCR (``raster``)
    where it is installed; a PDF with no text at all needs it.
    """
    path = Path(path)
    pages = read_pages(path, lang)
    pictures = None
    if has_pictures(pages):
        pictures = read_pictures(path, pages, required=not any(p.words for p in pages))
        pages = pictures.pages
    return sops_from_pages(pages, path, lang, pictures)


def sops_from_pages(pages: list[Page], path: Path, lang: str = "id",
                    pictures: PictureRead | None = None) -> list[tuple[SOP, list[str]]]:
    """The SOPs on a document's pages (from a PDF or from pictures of pages), each with notes."""
    documents = _documents(pages)
    results = []
    for document in documents:
        for index, table in enumerate(document.tables):
            sop, notes = _sop(document, table, lang)
            if len(document.tables) > 1:
                part = table.title or f"{index + 1}"
                sop.identity.nama = f"{sop.identity.nama} — {part}" if sop.identity.nama else part
                notes.insert(0, L.text("imp_note_pdf_flow", lang).format(
                    index=index + 1, count=len(document.tables), page=document.page, name=part))
            if pictures is not None:
                notes += _picture_notes(pictures, table, lang)
            results.append((sop, notes))
    if results:
        return results
    if any(d.identity.found for d in documents) or pages and _mostly_picture(pages):
        if pictures is not None and pictures.missing:
            raise DocumentError(L.text("imp_pdf_picture_table", lang), file=str(path), fix=pictures.missing)
        raise refusal(path, "picture_table", lang)
    raise refusal(path, "not_sop", lang)


def _picture_notes(pictures: PictureRead, table: "_Table", lang: str) -> list[str]:
    pages = {row.page for row in table.rows}
    notes = [_reason("ocr_page", lang, page=n) for n in pictures.ocr_pages if n in pages]
    notes += [_reason("ocr_picture", lang, page=n) for n in pictures.picture_pages if n in pages]
    unsure = [(n, w, c) for n, w, c in pictures.unsure if n in pages]
    if unsure:
        shown = ", ".join(f"'{w}' ({round(c * 100)}%)" for _, w, c in sorted(unsure, key=lambda u: u[2])[:8])
        notes.append(_reason("ocr_unsure", lang, count=len(unsure), words=shown))
    if pictures.missing and table.picture_pages:
        notes.append(_reason("ocr_missing", lang, fix=pictures.missing))
    return notes


def _mostly_picture(pages: list[Page]) -> bool:
    return any(sum(b.width * b.height for b in p.pictures) > 0.3 * p.width * p.height for p in pages)


# ---- pages into documents and tables ------------------------------------------------------------

def _documents(pages: list[Page]) -> list[_Document]:
    documents: list[_Document] = []
    table: _Table | None = None
    next_id = 0
    for page in pages:
        rulings = rulings_of(page)
        header = find_header(page, rulings)
        identity = read_identity(page, rulings, header.top if header else page.height)
        if identity.found:
            documents.append(_Document(identity, page.number))
            table = None
        if header is not None:
            top = header.bottom
            rows = read_rows(page, rulings, header.columns, top)
            first = next((r.number for r in rows if r.number is not None), None)
            continues = (table is not None and first is not None and table.rows and first != 1
                         and [n for n, _ in table.columns.roles] == [n for n, _ in header.columns.roles])
            if not continues:
                if not documents:
                    documents.append(_Document(IdentityRead(), page.number))
                table = _Table(header.columns, title=_title_above(page, header.top))
                documents[-1].tables.append(table)
            else:
                table.columns = header.columns
        elif table is not None:
            ys = rulings.ys_crossing(table.columns.no.x0, table.columns.no.x1)
            if not ys:
                continue
            top = ys[0]
            rows = read_rows(page, rulings, table.columns, top)
        else:
            continue
        rows = [r for r in rows if r.number is not None or any(r.cells.values())]
        if not rows:
            continue
        table.rows += rows
        bottom = rows[-1].bottom
        if _flowchart_is_picture(page, table.columns, top, bottom):
            table.picture_pages.append(page.number)
            continue
        flow, _ = F.read_page_flow(page, table.columns, top, bottom, next_id)
        next_id += len(flow.symbols)
        table.symbols += flow.symbols
        table.edges += flow.edges
    for document in documents:
        document.tables = [t for t in document.tables if any(r.number is not None for r in t.rows)]
    return documents


def _title_above(page: Page, top: float) -> str:
    """The line printed just above a matrix header (the name of one flow of several), if any."""
    above = [w for w in page.words if top - 30 < w.box.bottom <= top + 1]
    return clean_text(" ".join(line.text for line in lines_of(above)))


def _flowchart_is_picture(page: Page, columns: Columns, top: float, bottom: float) -> bool:
    band = Box(columns.band.x0, top, columns.band.x1, bottom)
    area = band.width * band.height
    return area > 0 and sum(picture.overlap(band) for picture in page.pictures) > PICTURE_SHARE * area


# ---- a table into an SOP ------------------------------------------------------------------------

def _identity(read: IdentityRead) -> Identity:
    identity = Identity()
    fields = dict(read.fields)
    signer = fields.get("disahkan_oleh", "").split("\n")
    for key, value in list(fields.items()):
        if key == "disahkan_oleh":
            continue
        lines = value.split("\n")
        nip = [line for line in lines if re.match(r"(?i)^nip\b", line)]   # the signer's NIP printed beside the title
        signer += [line for line in nip if line not in signer]
        fields[key] = clean_text(" ".join(line for line in lines if line not in nip))
    # a line of dots and brackets ("(........)", "NIP. ......") is a blank left for a signature, not a value
    fields["disahkan_oleh"] = "\n".join(line for line in signer
                                        if re.search(r"[^\W\d_]{2,}|\d", re.sub(r"(?i)^nip\b", "", line)))
    for key, value in fields.items():
        setattr(identity, key, value)
    for key, items in read.sections.items():
        setattr(identity, key, list(items))
    identity.instansi = read.instansi
    return identity.split_signer()


def _sop(document: _Document, table: _Table, lang: str) -> tuple[SOP, list[str]]:
    notes: list[str] = []
    steps: list[Step] = []
    row_of: list[tuple[Row, Step]] = []
    renumbered = _sequence_numbers(table.rows)
    for row in table.rows:
        if row.number is None:
            if steps:
                _continue(steps[-1], row)
                row_of.append((row, steps[-1]))
            continue
        step = Step(number=row.number, kegiatan=row.cells.get("kegiatan", ""),
                    kelengkapan=row.cells.get("kelengkapan", ""), waktu=_waktu(row.cells.get("waktu", "")),
                    output=row.cells.get("output", ""), keterangan=row.cells.get("keterangan", ""))
        if id(row) in renumbered:
            read, before, after = renumbered[id(row)]
            reason = (_reason("number_unread", lang, before=before, after=after, number=row.number)
                      if read is None and before is not None else
                      _reason("number_unread_first", lang, after=after, number=row.number) if read is None else
                      _reason("number_sequence", lang, read=read, before=before, after=after, number=row.number)
                      if before is not None and after is not None else
                      _reason("number_sequence_end", lang, read=read, neighbour=after if before is None else before,
                              number=row.number))
            step.inferences.append(Inference("note", "", reason, row.confidence))
        steps.append(step)
        row_of.append((row, step))
    roles = [name for name, _ in table.columns.roles]
    sop = SOP(identity=_identity(document.identity), roles=roles, steps=steps)
    read = _apply_flow(sop, table, row_of, lang, notes)
    for page in table.picture_pages:
        notes.append(L.text("imp_note_pdf_picture", lang).format(page=page))
    for step in steps:
        if step.number not in read:
            page = next((r.page for r, s in row_of if s is step), 0)
            key = "picture" if page in table.picture_pages else "no_symbol"
            step.inferences.append(Inference("note", "", _reason(key, lang, page=page)))
    infer(sop, lang, known=read)
    _confidence_from_rows(row_of, lang)
    return sop, notes


def _sequence_numbers(rows: list[Row]) -> dict[int, tuple[int, int, int]]:
    """Step numbers run in sequence: a number read from a picture (OCR confuses 7 and 4, 1 and 7) that breaks
    it between two neighbours one step apart is taken as the number the sequence needs. Returns, per row
    changed, (the number read, the one before, the one after; None for no neighbour at the table's ends, and
    None read for a number left unread).

    (rule: a step number left unread) a row of a picture whose No cell OCR could not read (a "7" taken for a
    bar, or read at no confidence and dropped) has its own row lines and its own text; a row continues the
    one above only over a page break. Between rows n-1 and n+1, on the page of the one before, it is row n;
    the table's first row, before row 2, is row 1 (it continues nothing).
    """
    changed = {}
    for before, row, after in zip(rows, rows[1:], rows[2:]):
        if (row.number is None and row.confidence < 1.0 and row.page == before.page and before.number is not None
                and after.number is not None and after.number - before.number == 2):
            changed[id(row)] = (None, before.number, after.number)
            row.number = before.number + 1
    if len(rows) >= 2 and rows[0].number is None and rows[0].confidence < 1.0 and rows[1].number == 2:
        changed[id(rows[0])] = (None, None, 2)
        rows[0].number = 1
    numbered = [row for row in rows if row.number is not None]
    for before, row, after in zip(numbered, numbered[1:], numbered[2:]):
        if row.confidence < 1.0 and after.number - before.number == 2 and row.number != before.number + 1:
            changed[id(row)] = (row.number, before.number, after.number)
            row.number = before.number + 1
    # at the table's ends there is one neighbour: the first number is the one before the second's, when it
    # was read as a later one ("4" for 1 where 2 follows); the last, the one after the one before it, when
    # it was read as one already passed ("7" for 5 after 4)
    if len(numbered) >= 2:
        first, second = numbered[0], numbered[1]
        if first.confidence < 1.0 and second.number >= 2 and first.number >= second.number:
            changed[id(first)] = (first.number, None, second.number)
            first.number = second.number - 1
        before, last = numbered[-2], numbered[-1]
        if last.confidence < 1.0 and last.number <= before.number:
            changed[id(last)] = (last.number, before.number, None)
            last.number = before.number + 1
    return changed


def _confidence_from_rows(row_of: list[tuple[Row, Step]], lang: str) -> None:
    """A step whose row was read from a picture: its inferences take the row's least sure word's confidence,
    and a note says it was read by OCR, so that the author checks it against the document."""
    least: dict[int, tuple[Step, float, int]] = {}
    for row, step in row_of:
        if row.confidence < 1.0:
            seen = least.get(id(step))
            if seen is None or row.confidence < seen[1]:
                least[id(step)] = (step, row.confidence, row.page)
    for step, confidence, page in least.values():
        for inference in step.inferences:
            if inference.confidence is None:
                inference.confidence = confidence
        step.inferences.append(Inference("note", "", _reason("ocr", lang, page=page), confidence))


_NORM_UNITS = "menit|jam|hari|minggu|bulan"


def _waktu(text: str) -> str:
    """A Waktu cell as written; digits printed letter-spaced ("1 0 Hari") joined, and a number run together
    with its unit ("1jam": OCR reads a narrow gap as none) parted, and a leading one read as a letter ("ljam")
    put back."""
    # a one OCR reads as a letter ("ljam", "I hari"): a norm starts with its number, and no unit with a letter
    text = re.sub(rf"^(\s*)[lI|](?=\s*(?:{_NORM_UNITS})\b)", r"\g<1>1", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=\b\d) (?=\d\b)", "", text)
    return re.sub(r"\b(\d+)(?=[^\W\d_]{3,})", r"\1 ", text)


def _continue(step: Step, row: Row) -> None:
    """A row without a number continues the step above it (a row broken over a page)."""
    for key in ("kegiatan", "kelengkapan", "output", "keterangan"):
        extra = row.cells.get(key, "")
        if extra:
            setattr(step, key, f"{getattr(step, key)} {extra}".strip())
    if not step.waktu and row.cells.get("waktu"):
        step.waktu = _waktu(row.cells["waktu"])


def _apply_flow(sop: SOP, table: _Table, row_of: list[tuple[Row, Step]], lang: str, notes: list[str]) -> set[int]:
    """Pelaksana, co-Pelaksana, symbols and decision routing from the shapes; the step numbers read so."""
    by_id = {s.id: s for s in table.symbols}
    edges = list(table.edges) + _offpage_links(table.symbols, table.edges, notes, lang)
    outgoing: dict[int, list[F.Edge]] = {}
    incoming: dict[int, list[F.Edge]] = {}
    for edge in edges:
        outgoing.setdefault(edge.source, []).append(edge)
        incoming.setdefault(edge.target, []).append(edge)
    step_of: dict[int, Step] = {}
    for symbol in table.symbols:
        for row, step in row_of:
            if row.page == symbol.page and row.top <= symbol.box.cy < row.bottom:
                step_of[symbol.id] = step
                break

    numbers = {s.number: s for s in sop.steps}

    def ahead(symbol_id: int, seen=None) -> list[Step]:
        """Steps reached from a symbol: its own step, or through connectors the steps they lead to; a
        connector that leads nowhere on the page but names a step number ("20") leads to that step."""
        seen = seen if seen is not None else set()
        if symbol_id in seen:
            return []
        seen.add(symbol_id)
        symbol = by_id[symbol_id]
        if symbol.kind != F.CONNECTOR:
            return [step_of[symbol_id]] if symbol_id in step_of else []
        found = [s for e in outgoing.get(symbol_id, []) for s in ahead(e.target, seen)]
        text = clean_text(symbol.text).rstrip(".")
        if not found and text.isdigit() and int(text) in numbers:
            found = [numbers[int(text)]]
        return found

    def behind(symbol_id: int, seen=None) -> list[int]:
        seen = seen if seen is not None else set()
        if symbol_id in seen:
            return []
        seen.add(symbol_id)
        if by_id[symbol_id].kind != F.CONNECTOR:
            return [symbol_id]
        return [s for e in incoming.get(symbol_id, []) for s in behind(e.source, seen)]

    read: set[int] = set()
    for step in sop.steps:
        own = [s for s in table.symbols if step_of.get(s.id) is step and s.kind != F.CONNECTOR
               and table.columns.role_at(s.box.cx)]
        if not own:
            continue
        read.add(step.number)
        main, reason = _main_symbol(own, step, incoming, behind, step_of, by_id, table.columns, lang)
        main_role = table.columns.role_at(main.box.cx)
        step.marks = [main_role]
        step.inferences.append(Inference("pelaksana", main_role,
                                         _reason("column", lang, role=main_role, page=main.page)
                                         + (f"; {reason}" if len({table.columns.role_at(s.box.cx) for s in own}) > 1 else "")))
        for symbol in own:
            role = table.columns.role_at(symbol.box.cx)
            if role != main_role and role not in step.co_pelaksana:
                step.co_pelaksana.append(role)
                step.inferences.append(Inference("co_pelaksana", role, _reason("co", lang, role=role, page=symbol.page)))
        kinds = {s.kind for s in own}
        kind = F.DECISION if F.DECISION in kinds else F.TERMINATOR if F.TERMINATOR in kinds else \
            F.PROCESS if F.PROCESS in kinds else F.DOCUMENT
        step.symbol = StepSymbol.PROCESS if kind == F.DOCUMENT else StepSymbol(kind)
        shape = L.text(f"pdf_shape_{kind}", lang)
        step.inferences.append(Inference("symbol", step.symbol.value, _reason("shape", lang, shape=shape, page=main.page)))
        if kind == F.DECISION:    # every branch that leaves the row, of every decision in it
            branches = [(edge.label, target_step.number) for decision in own if decision.kind == F.DECISION
                        for edge in outgoing.get(decision.id, []) for target_step in ahead(edge.target)
                        if target_step is not step]
            _route(step, sop, branches, lang)
    return read


def _main_symbol(own: list[F.Symbol], step: Step, incoming, behind, step_of, by_id, columns: Columns, lang: str):
    """The symbol that makes a row's main Pelaksana: the one the flow enters from another step (from the
    earliest step when several are), else the decision, else the one the row's own flow starts from."""
    entered = []
    for symbol in own:
        for edge in incoming.get(symbol.id, []):
            for source in behind(edge.source):
                source_step = step_of.get(source)
                if source_step is not None and source_step is not step:
                    origin = by_id[source].box
                    distance = abs(origin.cx - symbol.box.cx) + abs(origin.cy - symbol.box.cy)
                    entered.append((source_step.number, distance, symbol))
    if entered:   # from the earliest step; of the symbols it reaches, the nearest (lines that merge reach several)
        number, _, symbol = min(entered, key=lambda item: (item[0], item[1]))
        return symbol, _reason("main_entered", lang, source=number, role=columns.role_at(symbol.box.cx))
    decision = next((s for s in own if s.kind == F.DECISION), None)
    if decision is not None:
        return decision, _reason("main_decision", lang, role=columns.role_at(decision.box.cx))
    ids = {s.id for s in own}
    starts = [s for s in own if not any(e.source in ids for e in incoming.get(s.id, []))] or own
    symbol = min(starts, key=lambda s: (s.box.top, s.box.x0))
    return symbol, _reason("main_start", lang, role=columns.role_at(symbol.box.cx))


def _answer(label: str) -> tuple[str | None, bool]:
    """("ya"|"tidak"|None, whether the label is the plain word Ya/Y/Tidak/T)."""
    words = [w.strip(".,:;!?()").lower() for w in label.split()]
    words = [w for w in words if w]
    if not words:
        return None, False
    if all(w in _YES for w in words):
        return "ya", True
    if all(w in _NO for w in words):
        return "tidak", True
    return ("tidak" if any(w in _DENIALS for w in words) else "ya"), False


def _route(step: Step, sop: SOP, branches: list[tuple[str, int]], lang: str) -> None:
    """Ya and Tidak of a decision from its branches (label, target step); a branch named by other words
    than Ya/Tidak keeps them as its label (`ya_label`, `tidak_label`)."""
    named: dict[str, list[tuple[int, str, str]]] = {"ya": [], "tidak": []}
    unnamed: list[int] = []
    for label, target in branches:
        answer, plain = _answer(label)
        if answer is None:
            unnamed.append(target)
            continue
        if plain:
            reason = _reason("label", lang, label=clean_text(label), target=target)
        else:
            reason = _reason("label_word", lang, label=clean_text(label), answer=answer.capitalize(), target=target)
        named[answer].append((target, reason, "" if plain else clean_text(label)))
    order = [s.number for s in sop.steps]
    here = order.index(step.number)

    def forward(target: int) -> bool:
        return target in order and order.index(target) > here

    for target in unnamed:
        if named["ya"] and not named["tidak"] and target not in [t for t, _, _ in named["ya"]]:
            named["tidak"].append((target, _reason("other_branch", lang, target=target), ""))
        elif named["tidak"] and not named["ya"] and target not in [t for t, _, _ in named["tidak"]]:
            named["ya"].append((target, _reason("other_branch", lang, target=target), ""))
        elif forward(target) and not named["ya"]:
            named["ya"].append((target, _reason("forward", lang), ""))
        elif not forward(target) and not named["tidak"]:
            named["tidak"].append((target, _reason("back", lang), ""))
    for answer in ("ya", "tidak"):
        choices = named[answer]
        if not choices:
            continue
        if answer == "ya":   # several Ya branches: the nearest step forward is the way on
            ahead_first = sorted(choices, key=lambda c: (not forward(c[0]), order.index(c[0]) if c[0] in order else 0))
            target, reason, word = ahead_first[0]
        else:
            target, reason, word = choices[0]
        setattr(step, answer, target)
        setattr(step, f"{answer}_label", word)
        step.inferences.append(Inference(answer, str(target), reason))


def _offpage_links(symbols: list[F.Symbol], edges: list[F.Edge], notes: list[str], lang: str) -> list[F.Edge]:
    """Edges joining off-page connectors: an exit (flow goes in) to an entry (flow comes out) on a later page."""
    into = {e.target for e in edges}
    out_of = {e.source for e in edges}
    connectors = [s for s in symbols if s.kind == F.CONNECTOR]
    exits = [s for s in connectors if s.id in into and s.id not in out_of]
    entries = [s for s in connectors if s.id in out_of and s.id not in into]
    links: list[F.Edge] = []
    used: set[int] = set()
    for exit_ in exits:
        text = clean_text(exit_.text)
        match = next((e for e in entries if e.id not in used and e.page > exit_.page and text
                      and clean_text(e.text) == text), None)
        if match is None:
            later = [e for e in entries if e.id not in used and e.page > exit_.page and not (text and e.text)]
            match = min(later, key=lambda e: (e.page, abs(e.box.cx - exit_.box.cx)), default=None)
        if match is None:
            if not text.rstrip(".").isdigit():   # a connector naming a step number leads to that step
                notes.append(L.text("imp_note_pdf_connector", lang).format(page=exit_.page, text=text))
            continue
        used.add(match.id)
        links.append(F.Edge(exit_.id, match.id))
    return links
