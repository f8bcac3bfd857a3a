"""Print an SOP the way offices do: a Word document, an Excel sheet, a tab export, space-aligned text.

Used by the import property test: whatever SOP is printed in one of these forms must import back as
itself. Each writer follows the official layout (Permenpan RB 35/2012): an identity block of
"label | : | value" rows beside the agency's name, the list sections, and the activity matrix with
its two header rows (No, Kegiatan, Pelaksana…, Mutu Baku, Keterangan / roles, Kelengkapan, Waktu,
Output), one mark "x" per step in its Pelaksana column.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx
import xlsxwriter

from sopxl import layout as L
from sopxl.domain.model import SECTIONS, SOP

LABELS = [("nomor", "Nomor SOP"), ("tanggal_pembuatan", "Tanggal Pembuatan"), ("tanggal_revisi", "Tanggal Revisi"),
          ("tanggal_efektif", "Tanggal Efektif"), ("disahkan_oleh", "Disahkan oleh"), ("nama", "Nama SOP")]
TAIL = ["Kelengkapan", "Waktu", "Output"]


def signer_lines(identity) -> list[str]:
    """The signer as documents print it: office, name, "NIP. …", one a line (the ones known)."""
    nip = f"NIP. {identity.nip_pengesah}" if identity.nip_pengesah else ""
    return [line for line in (identity.disahkan_oleh, identity.nama_pengesah, nip) if line] or [""]


def _printed(identity, key: str) -> str:
    """An identity value as the document prints it (the signer's office, name and NIP one a line)."""
    return "\n".join(signer_lines(identity)) if key == "disahkan_oleh" else getattr(identity, key)


def _header(sop: SOP) -> list[list[str]]:
    roles = sop.roles
    return [["No", "Kegiatan", "Pelaksana", *[""] * (len(roles) - 1), "Mutu Baku", "", "", "Keterangan"],
            ["", "", *roles, *TAIL, ""]]


def _step_rows(sop: SOP) -> list[list[str]]:
    rows = []
    for step in sop.steps:
        marks = ["x" if role in step.marks else "" for role in sop.roles]
        rows.append([str(step.number), step.kegiatan, *marks, step.kelengkapan, step.waktu, step.output,
                     step.keterangan])
    return rows


def _sections(sop: SOP) -> list[tuple[str, list[str]]]:
    return [(L.text(key), getattr(sop.identity, key)) for key in SECTIONS]


def write_docx(sop: SOP, path: Path) -> Path:
    """A Word document: identity table (agency merged down the first column, signer's name and NIP on the
    rows under Disahkan oleh), a table of sections (items as paragraphs), the matrix table."""
    document = docx.Document()
    identity = sop.identity
    signer = signer_lines(identity)
    rows = []
    for key, label in LABELS:
        if key == "disahkan_oleh":
            rows.append((label, signer[0]))
            rows.extend((None, line) for line in ["", *signer[1:]] if len(signer) > 1)
        else:
            rows.append((label, getattr(identity, key)))
    table = document.add_table(rows=len(rows), cols=4)
    agency = table.cell(0, 0).merge(table.cell(len(rows) - 1, 0))
    _cell_lines(agency, identity.instansi.split("\n"))
    for index, (label, value) in enumerate(rows):
        if label:
            table.cell(index, 1).text = label
            table.cell(index, 2).text = ":"
        table.cell(index, 3).text = value
    sections = document.add_table(rows=2 * len(SECTIONS), cols=1)
    for index, (label, items) in enumerate(_sections(sop)):
        sections.cell(2 * index, 0).text = label
        _cell_lines(sections.cell(2 * index + 1, 0), items)
    matrix_rows = _header(sop) + _step_rows(sop)
    matrix = document.add_table(rows=len(matrix_rows), cols=len(matrix_rows[0]))
    for r, cells in enumerate(matrix_rows):
        for c, value in enumerate(cells):
            matrix.cell(r, c).text = value
    document.save(path)
    return path


def _cell_lines(cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def write_xlsx(sop: SOP, path: Path) -> Path:
    """An Excel sheet: agency merged over the identity rows, "label | : | value", the signer in one cell
    with blank lines for the signature, one section item per row, the matrix below."""
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("SOP")
    identity = sop.identity
    sheet.merge_range(0, 0, len(LABELS) - 1, 0, identity.instansi)
    for row, (key, label) in enumerate(LABELS):
        value = getattr(identity, key)
        if key == "disahkan_oleh" and len(signer := signer_lines(identity)) > 1:
            value = "\n".join([signer[0], "", "", *signer[1:]])
        sheet.write_string(row, 1, label)
        sheet.write_string(row, 2, ":")
        sheet.write_string(row, 3, value)
    row = len(LABELS) + 1
    for label, items in _sections(sop):
        sheet.write_string(row, 0, label)
        for item in items:
            row += 1
            sheet.write_string(row, 0, item)
        row += 1
    row += 1
    for cells in _header(sop) + _step_rows(sop):
        for column, value in enumerate(cells):
            if value:
                sheet.write_string(row, column, value)
        row += 1
    workbook.close()
    return path


def write_tab(sop: SOP, path: Path) -> Path:
    """A tab-separated export like the seeds: HTML line breaks in cells, numbered items in one cell."""
    identity = sop.identity
    lines = []
    for index, (key, label) in enumerate(LABELS):
        agency = "<br>".join(identity.instansi.split("\n")) if index == 0 else ""
        lines.append([agency, label, "<br>".join(_printed(identity, key).split("\n"))])
    lines.append([])
    for label, items in _sections(sop):
        lines.append([label])
        lines.append([" ".join(f"{n}. {item}" for n, item in enumerate(items, start=1))])
    lines.append([])
    lines += _header(sop) + _step_rows(sop)
    path.write_text("\n".join("\t".join(cells) for cells in lines) + "\n", encoding="utf-8")
    return path


def write_spaced(sop: SOP, path: Path, kegiatan_width: int = 28) -> Path:
    """Space-aligned text, as `pdftotext -layout` or a web page gives it: columns padded with spaces,
    long activities wrapped onto the lines below, marks in their role's column."""
    identity = sop.identity
    lines = [*identity.instansi.split("\n"), ""]
    width = max(len(label) for _, label in LABELS) + 2
    for key, label in LABELS:
        value = _printed(identity, key).split("\n")
        lines.append(f"{label:<{width}}:   {value[0]}".rstrip())
        lines.extend(" " * (width + 4) + more for more in value[1:])
    lines.append("")
    for label, items in _sections(sop):
        lines.append(label)
        lines.extend(items)
    lines.append("")
    header, steps = _header(sop), _step_rows(sop)
    columns = len(header[0])
    wrapped = [textwrap.wrap(row[1], kegiatan_width) or [""] for row in steps]
    widths = []
    for column in range(columns):
        texts = [row[column] for row in header + steps] if column != 1 else [kegiatan_width * "x", "Kegiatan"]
        widths.append(max(len(t) for t in texts) + 3)
    # "Pelaksana" and "Mutu Baku" stand over the first of their columns
    for row in header:
        lines.append("".join(f"{cell:<{widths[c]}}" for c, cell in enumerate(row)).rstrip())
    for row, kegiatan in zip(steps, wrapped):
        first = [row[0], kegiatan[0], *row[2:]]
        lines.append("".join(f"{cell:<{widths[c]}}" for c, cell in enumerate(first)).rstrip())
        for more in kegiatan[1:]:
            lines.append((" " * widths[0] + more).rstrip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "txt": write_tab, "spaced.txt": write_spaced}
