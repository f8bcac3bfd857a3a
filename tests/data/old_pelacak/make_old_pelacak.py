"""Make workbooks with the Pelacak layout of sopxl before issue 16 (run once; the files are committed).

They are written by that sopxl itself: its source at ``OLD`` (the commit before the people layout of
Pelacak, 1fda16d) is taken from the repository's history into a temporary folder and run in a child
process, which imports an SOP (.xlsx and, with buttons, .xlsm), opens three cases on it and moves them
on (one moves on ten steps and gets a note, one moves on a step, one is cancelled), as an office would
have with that version.
The tests upgrade these files to today's layout.

Run: ``.venv/bin/python tests/data/old_pelacak/make_old_pelacak.py``
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OLD = "1fda16d^"          # the last commit whose Pelacak had its header in row 1 (14 columns, minutes)
SOURCE = ROOT / "workbooks" / "sources" / "kemenkopolhukam_monev_sop_ap.txt"

SCRIPT = r'''
import datetime as dt, sys
from pathlib import Path
from sopxl import api
source, folder = Path(sys.argv[1]), Path(sys.argv[2])
at = lambda day, h, m=0: dt.datetime(2026, 11, day, h, m)
for name, macros in (("lama.xlsx", False), ("lama.xlsm", True)):
    book = api.import_document(source, folder / name, macros=macros, force=True, today=dt.date(2026, 11, 1)).workbook
    api.start_case(book, "Monev SOP Biro Umum", at=at(16, 8))
    api.start_case(book, "Monev SOP Biro Hukum", at=at(16, 9))
    api.start_case(book, "Monev SOP Biro Keuangan", at=at(16, 10))
    for minute in range(0, 50, 5):
        api.advance(book, 1, at=at(17, 8, minute))
    api.add_note(book, 1, "menunggu paraf Karo", at=at(17, 9))
    api.advance(book, 2, at=at(17, 10))
    api.cancel_case(book, 3, at=at(17, 11), note="digabung dengan kasus 2")
    api.refresh(book, as_of=at(17, 12))
'''


def main() -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", OLD, "sopxl", "macros", "pyproject.toml"],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {folder!r})\n" + SCRIPT,
                        str(SOURCE), str(HERE)], check=True, cwd=folder)
    for name in ("lama.xlsx", "lama.xlsm"):
        print(HERE / name)


if __name__ == "__main__":
    main()
