"""The month's figures of many SOPs kept on disk: computed one SOP at a time, read back in the report's order.

A central database holds thousands of SOPs. ``spooled_figures`` computes each SOP's figures as the source
gives it (``figures.sop_figures``), writes them to an anonymous temporary file and drops them, so memory
follows the largest SOP, not how many there are. The result is a ``ReportFigures`` like
``figures.report_figures`` gives (equal to it, SOPs in the same order), whose ``sops`` is a ``SpooledSops``:
a read-only sequence that reads each SOP back when it is reached. What stays in memory per SOP is its place
in the file (two integers) and, until all are in, its sort key.

The file is written and read by this process only (``tempfile.TemporaryFile``: no name another program
could open on POSIX, removed when closed); it holds pickled figures that this process made, never input.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from array import array
from collections.abc import Sequence
from typing import Iterable, Iterator

from ..domain.figures import Month, ReportFigures, SopFigures, SopSource, report_order, sop_figures

_READ_AHEAD = 1 << 20          # bytes read at a time when the SOPs are read back in file order


class SpooledSops(Sequence):
    """SOP figures in a temporary file, in the report's order; each read back (unpickled) when it is reached."""

    def __init__(self):
        self._file = tempfile.TemporaryFile(prefix="sopxl-report-")
        self._keys: list[tuple] = []
        self._offsets = array("q")
        self._sizes = array("q")
        self._size = 0
        self._sealed = False

    def add(self, figures: SopFigures) -> None:
        if self._sealed:
            raise ValueError("the SOPs are sealed")
        blob = pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(blob)
        self._keys.append((report_order(figures), len(self._offsets)))
        self._offsets.append(self._size)
        self._sizes.append(len(blob))
        self._size += len(blob)

    def seal(self) -> "SpooledSops":
        """Put the SOPs in the report's order (``figures.report_order``); nothing can be added after."""
        order = [index for _, index in sorted(self._keys)]
        self._keys = []
        self._offsets = array("q", (self._offsets[i] for i in order))
        self._sizes = array("q", (self._sizes[i] for i in order))
        self._file.flush()
        self._sealed = True
        return self

    def close(self) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._offsets)

    def _read(self, offset: int, size: int) -> SopFigures:
        self._file.seek(offset)
        return pickle.loads(self._file.read(size))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._read(self._offsets[index], self._sizes[index])

    def __iter__(self) -> Iterator[SopFigures]:
        # SOPs next to each other in the file are read in one go (a source that gives them in the report's order)
        buffer, start = b"", 0
        for offset, size in zip(self._offsets, self._sizes):
            if not start <= offset or offset + size > start + len(buffer):
                self._file.seek(offset)
                buffer, start = self._file.read(max(size, _READ_AHEAD)), offset
            yield pickle.loads(buffer[offset - start:offset - start + size])

    def __eq__(self, other) -> bool:
        if isinstance(other, (SpooledSops, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"SpooledSops({len(self)} SOPs)"


def spooled_figures(source: Iterable[SopSource], month: Month, now: dt.datetime | None = None) -> ReportFigures:
    """``figures.report_figures`` of `source`, each SOP's figures kept in a temporary file, not in memory."""
    sops = SpooledSops()
    for item in source:
        sops.add(sop_figures(item, month, now))
    return ReportFigures(month=month, sops=sops.seal())
