"""Space-aligned text — what `pdftotext -layout` or a copied web page gives — cut into cells by column.

Pure. Such text has no tabs: a table's cells stand in columns, separated by runs of spaces, and a
long cell wraps onto the lines below. The activity matrix's header lines say where each column
starts; every line of the matrix is cut at those positions, so a wrapped Kegiatan line becomes a row
with only its Kegiatan cell (``document`` joins it to its step) and a mark "x" lands in its role's
column. Lines above the matrix (the identity block) are cut at runs of two or more spaces.
"""

from __future__ import annotations

import re

from .document import is_matrix_header
from .. import layout as L

_GAP_RE = re.compile(r"\S+(?: \S+)*")      # a run of text: words separated by single spaces


def runs(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each run of text separated from the next by two or more spaces."""
    return [(m.start(), m.group()) for m in _GAP_RE.finditer(line.expandtabs(8))]


def cells_by_gaps(line: str) -> list[str]:
    """A line's cells where two or more spaces separate them."""
    return [text for _, text in runs(line)]


def header_line(lines: list[str]) -> int | None:
    """The index of the first line whose space-separated cells form the matrix header (No, Kegiatan …)."""
    return next((i for i, line in enumerate(lines) if is_matrix_header(cells_by_gaps(line))), None)


def loose_header_line(lines: list[str]) -> int | None:
    """A line holding the words No and Kegiatan (or a synonym) in that order, however it is separated."""
    for index, line in enumerate(lines):
        words = [w.strip(".:|").lower() for w in line.split()]
        keys = [L.matrix_header_key(w) for w in words]
        pairs = {(keys[i], keys[i + 1]) for i in range(len(keys) - 1)}
        two_word = {(keys[i], L.matrix_header_key(" ".join(words[i + 1:i + 3]))) for i in range(len(keys) - 1)}
        if ("no", "kegiatan") in pairs | two_word:
            return index
    return None


def _column_starts(header_lines: list[str]) -> list[int]:
    """Where each column starts. The second header line (roles, Kelengkapan, Waktu, Output) gives the
    columns it spans; the first line the others (No, Kegiatan, Keterangan), so a "Pelaksana" or "Mutu
    Baku" centred over its columns adds none. Starts closer than three characters are one column."""
    first = runs(header_lines[0])
    starts = {start for start, _ in first}
    if len(header_lines) > 1 and (second := runs(header_lines[1])):
        low, high = second[0][0], second[-1][0] + len(second[-1][1])
        starts = {start for start in starts if not low <= start < high} | {start for start, _ in second}
    merged: list[int] = []
    for start in sorted(starts):
        if merged and start - merged[-1] <= 2:
            continue
        merged.append(start)
    return merged


def _cut(line: str, starts: list[int]) -> list[str]:
    """A line's cells at the column starts: each run goes to the column it starts in; a run that runs
    over a column start at a single space is split there."""
    cells = [""] * len(starts)
    for start, text in runs(line):
        pieces = [(start, text)]
        for boundary in starts:
            last_start, last_text = pieces[-1]
            cut = boundary - last_start - 1            # the single space just before the column start
            if 0 < cut < len(last_text) and last_text[cut] == " ":
                pieces[-1:] = [(last_start, last_text[:cut]), (boundary, last_text[cut + 1:])]
        for piece_start, piece in pieces:
            column = max((i for i, s in enumerate(starts) if s <= piece_start + 1), default=0)
            cells[column] = f"{cells[column]} {piece}".strip()
    return cells


def spaced_rows(lines: list[str]) -> tuple[list[list[str]], int] | None:
    """Rows of cells from space-aligned lines, and the index of the matrix header line; None when no
    header is found. Every later line holding a header again (a new page) sets the columns anew."""
    header = header_line(lines)
    if header is None:
        return None
    rows = [cells_by_gaps(line) for line in lines[:header]]
    index = header
    while index < len(lines):
        if is_matrix_header(cells_by_gaps(lines[index])):
            block = [lines[index]]
            if index + 1 < len(lines) and lines[index + 1].strip() and not _starts_with_number(lines[index + 1]):
                block.append(lines[index + 1])
            starts = _column_starts(block)
            rows.extend(_cut(line, starts) for line in block)
            index += len(block)
            continue
        if not lines[index].strip():
            rows.append([])
        else:
            rows.append(_cut(lines[index], starts))
        index += 1
    return rows, header


def _starts_with_number(line: str) -> bool:
    first = line.split()[0] if line.split() else ""
    return first.rstrip(".").isdigit()
