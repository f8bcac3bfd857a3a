"""Space-aligned text — what `pdftotext -layout` or a copied web page gives — cut into cells by column.

Pure. Such text has no tabs: a table's cells stand in columns, separated by runs of spaces, and a
long cell wraps onto the lines below. The activity matrix's header lines say which columns there are
and roughly where; the data says exactly where a column's text starts (a header centred over a
left-aligned column starts further right than its cells). Every line of the matrix is cut at those
positions, so a wrapped Kegiatan line becomes a row with only its Kegiatan cell (``document`` joins
it to its step) and a mark "x" lands in its role's column. A step printed over several lines with
its number in the middle one (a vertically centred row) is one row. Lines above the matrix (the
identity block) keep their positions too: a signer's name under the value column stays there.
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


def _cluster(starts: list[int], gap: int = 2) -> list[list[int]]:
    """Start positions grouped where each is within `gap` of the previous one (centred lines drift)."""
    groups: list[list[int]] = []
    for start in sorted(set(starts)):
        if groups and start - groups[-1][-1] <= gap:
            groups[-1].append(start)
        else:
            groups.append([start])
    return groups


def _column_starts(header_lines: list[str], data_lines: list[str]) -> list[int]:
    """Where each column starts. The second header line (roles, Kelengkapan, Waktu, Output) gives the
    columns it spans; the first line the others (No, Kegiatan, Keterangan), so a "Pelaksana" or "Mutu
    Baku" centred over its columns adds none. Then the data moves each header to where its cells start:
    text (not a mark) starting at the same place on several lines is a column's left edge, and the first
    header at or right of that edge (before the next edge) is that column's."""
    first = runs(header_lines[0])
    starts = {start for start, _ in first}
    if len(header_lines) > 1 and (second := runs(header_lines[1])):
        low, high = second[0][0], second[-1][0] + len(second[-1][1])
        starts = {start for start in starts if not low <= start < high} | {start for start, _ in second}
    headers = [group[0] for group in _cluster(list(starts))]
    texts = [start for line in data_lines for start, text in runs(line) if len(text) > 3]
    edges = [group[0] for group in _cluster(texts) if sum(texts.count(s) for s in group) >= 2]
    moved = list(headers)
    for position, edge in enumerate(edges):
        following = edges[position + 1] if position + 1 < len(edges) else None
        for index, header in enumerate(headers):
            if header >= edge - 1 and (following is None or header < following - 1):
                moved[index] = min(edge, header)
                break
    return sorted(set(moved))


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
    rows = _positioned(lines[:header])
    index = header
    while index < len(lines):
        block = [lines[index]]
        if index + 1 < len(lines) and lines[index + 1].strip() and not _starts_with_number(lines[index + 1]):
            block.append(lines[index + 1])
        end = next((i for i in range(index + len(block), len(lines)) if is_matrix_header(cells_by_gaps(lines[i]))),
                   len(lines))
        starts = _column_starts(block, lines[index + len(block):end])
        header_rows = [_cut(line, starts) for line in block]
        rows.extend(header_rows)
        no = next((i for i, cell in enumerate(header_rows[0]) if L.matrix_header_key(cell) == "no"), 0)
        rows.extend(_steps(lines[index + len(block):end], starts, no))
        index = end
    return rows, header


def _positioned(lines: list[str]) -> list[list[str]]:
    """Lines cut where their runs start, the starts shared by all lines (centred lines grouped)."""
    groups = _cluster([start for line in lines for start, _ in runs(line)])
    column = {start: index for index, group in enumerate(groups) for start in group}
    rows = []
    for line in lines:
        cells = [""] * len(groups)
        for start, text in runs(line):
            cells[column[start]] = f"{cells[column[start]]} {text}".strip()
        rows.append(cells if any(cells) else [])
    return rows


def _steps(lines: list[str], starts: list[int], no: int) -> list[list[str]]:
    """The matrix rows under a header. Lines between blank lines that hold one step number are one
    step printed over several lines (its number centred vertically): they become one row."""
    rows: list[list[str]] = []
    block: list[list[str]] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(_cut(line, starts))
            continue
        numbered = [cells for cells in block if no < len(cells) and cells[no].rstrip(".").isdigit()]
        if len(block) > 1 and len(numbered) == 1:
            rows.append([" ".join(cells[i] for cells in block if cells[i]) for i in range(len(starts))])
        else:
            rows.extend(block)
        rows.append([])
        block = []
    return rows[:-1]


def _starts_with_number(line: str) -> bool:
    first = line.split()[0] if line.split() else ""
    return first.rstrip(".").isdigit()
