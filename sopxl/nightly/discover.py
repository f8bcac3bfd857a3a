"""Finding the SOP workbooks under the consolidated folders (lock files, links and outputs left out).

One ``os.scandir`` walk: each workbook's size and modification time come from its directory entry's
stat (one system call a file, none on Windows, where the listing carries them), so deciding which
files changed needs nothing more than the listing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..xlsx.files import WORKBOOK_SUFFIXES, lock_target
from .outputs import OutputFilter
from .results import FAILED, SKIPPED, FileStatus

# the listing's view of a workbook: (path, root folder, size, modification time in ns)
Candidate = tuple


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)          # (path, root, size, mtime_ns)
    statuses: list[FileStatus] = field(default_factory=list)           # skipped and failed found while looking
    unreadable: list[str] = field(default_factory=list)                # folders that could not be listed
    unseen: list[str] = field(default_factory=list)                    # workbooks listed that could not be stat-ed


def _gone(path: str, root: str, exc: OSError) -> FileStatus:
    return FileStatus(path, root, FAILED, "the file disappeared during the run (deleted, moved or renamed)"
                      if isinstance(exc, FileNotFoundError) else f"the file cannot be seen ({exc.strerror or exc})")


def discover(roots: list[str], excluded: OutputFilter) -> Discovery:
    """Every workbook under `roots` (sub-folders included, symbolic links to folders not followed), sorted,
    with its size and modification time."""
    found = Discovery()
    suffixes = WORKBOOK_SUFFIXES

    def visit(folder: str, root: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.unreadable.append(folder)
            found.statuses.append(FileStatus(folder, root, FAILED, f"the folder cannot be read "
                                                                   f"({exc.strerror or exc}); its workbooks were not "
                                                                   "checked"))
            return
        outputs_only = excluded.folder(folder)
        among_outputs = folder == excluded.master_folder       # the master, its backups and reports are here
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, root)
                    continue
                if outputs_only or not entry.is_file():
                    continue
            except OSError:
                continue
            if name.lower().endswith(suffixes) and not name.startswith(("~$", ".")):      # a workbook
                if among_outputs and excluded.file(folder, name):
                    continue
                try:
                    stat = entry.stat()       # follows a link to a file, as opening it does
                except OSError as exc:
                    found.statuses.append(_gone(entry.path, root, exc))
                    found.unseen.append(entry.path)
                    continue
                found.candidates.append((entry.path, root, stat.st_size, stat.st_mtime_ns))
                continue
            if excluded.file(folder, name):
                continue
            suffix = os.path.splitext(name)[1].lower()
            target = lock_target(name)
            if target is not None:
                if target.lower().endswith(suffixes):
                    found.statuses.append(FileStatus(entry.path, root, SKIPPED,
                                                     f"lock file: {target} is open in Excel or LibreOffice"))
            elif suffix in suffixes:
                found.statuses.append(FileStatus(entry.path, root, SKIPPED, "hidden file (a temporary or system "
                                                                           "copy, not a workbook people use)"))
            elif suffix == ".xls":
                found.statuses.append(FileStatus(entry.path, root, SKIPPED, "Excel 97-2003 format (.xls); if it is "
                                                                           "an SOP workbook, save it as .xlsx"))

    for root in roots:
        if os.path.isdir(root):
            visit(root, root)
        elif os.path.isfile(root):
            if not excluded(root):
                try:
                    stat = os.stat(root)
                except OSError as exc:
                    found.statuses.append(_gone(root, os.path.dirname(root), exc))
                    found.unseen.append(root)
                else:
                    found.candidates.append((root, os.path.dirname(root), stat.st_size, stat.st_mtime_ns))
        else:
            found.statuses.append(FileStatus(root, root, FAILED, "no such folder or file (a typing mistake, or a "
                                                                 "network share that is not mounted?)"))
            found.unreadable.append(root)
    # folders named inside one another find the same files twice: each file once, under the first
    seen: set[str] = set()
    found.candidates = [c for c in found.candidates if not (c[0] in seen or seen.add(c[0]))]
    listed: set[str] = set()
    found.statuses = [s for s in found.statuses if not (s.path in listed or listed.add(s.path))]
    return found


def is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
