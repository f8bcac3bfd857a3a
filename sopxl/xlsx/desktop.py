"""A workbook on the person's desktop: sopxl started in the background, the workbook opened again with the
system's program, and the note and log sopxl leaves beside a workbook it worked on while Excel had it closed.

The "Gambar bagan alir" button needs these: Excel saves and closes the workbook, a detached sopxl draws
the flowchart into the file once Excel has let go of it, and opens it again. Nobody watches that process,
so what happened is written beside the workbook (``NAME.xlsm`` + ``layout.NOTE_SUFFIX`` / ``LOG_SUFFIX``):

- the *note*, one message the workbook's startup macro (``macros/ThisWorkbook.cls``) shows in a message
  box and removes when the workbook opens. It is UTF-16 text without a byte order mark, so VBA reads it
  into a String as it is, on Windows and macOS; its first line is the box's mode (``info``/``critical``);
- the *log*, UTF-8 lines with the time, kept across runs.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from .. import layout as L
from ..errors import WorkbookError

# names a program run instead of the system's opener, with the workbook's path as its one argument
OPENER_VARIABLE = "SOPXL_OPENER"
OPENER_WAIT = 30            # seconds an opener may take to hand the file to its program before sopxl moves on


def note_path(workbook: Path) -> Path:
    """The note the workbook's startup macro shows: ``NAME.xlsm.sopxl-note.txt``."""
    return Path(workbook).with_name(Path(workbook).name + L.NOTE_SUFFIX)


def log_path(workbook: Path) -> Path:
    """The log of what sopxl did to the workbook while it was closed: ``NAME.xlsm.sopxl.log``."""
    return Path(workbook).with_name(Path(workbook).name + L.LOG_SUFFIX)


def append_log(workbook: Path, line: str) -> None:
    """Add `line` with the local time to the workbook's log."""
    stamp = dt.datetime.now().isoformat(sep=" ", timespec="seconds")
    text = " ".join(line.split("\n"))
    try:
        with open(log_path(workbook), "a", encoding="utf-8", newline="\n") as log:
            log.write(f"{stamp} {text}\n")
    except OSError as exc:
        raise WorkbookError(f"cannot write the log beside the workbook ({exc.strerror or exc})",
                            file=str(log_path(workbook)), fix="check write access to the folder") from exc


def leave_note(workbook: Path, text: str, *, critical: bool) -> Path:
    """Replace the note beside the workbook with `text` (and log it); the startup macro shows it on opening."""
    note = note_path(workbook)
    temp = note.with_name(note.name + ".tmp")
    data = (("critical" if critical else "info") + "\n" + text.replace("\r\n", "\n")).encode("utf-16-le")
    try:
        temp.write_bytes(data)
        os.replace(temp, note)      # whole or not at all: the macro may read it at any moment
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WorkbookError(f"cannot write beside the workbook ({exc.strerror or exc})", file=str(note),
                            fix="save the workbook in a folder you may write to") from exc
    append_log(workbook, text)
    return note


def remove_note(workbook: Path) -> None:
    note_path(workbook).unlink(missing_ok=True)


def open_with_system(path: Path) -> None:
    """Open `path` with the program the system opens it with, as a double click does (Excel for an .xlsm).

    Windows: ``os.startfile``; macOS: ``open``; elsewhere ``xdg-open``. ``SOPXL_OPENER`` names a program
    to run instead, with the path as its one argument. Raises WorkbookError when it cannot be started or
    says it failed; an opener still running after ``OPENER_WAIT`` seconds is left to run (it is the program).
    """
    path = Path(path)
    override = os.environ.get(OPENER_VARIABLE)
    if not override and sys.platform.startswith("win"):
        try:
            os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606 - the file's own program
        except OSError as exc:
            raise WorkbookError(f"Windows could not open it ({exc.strerror or exc})", file=str(path)) from exc
        return
    command = [override or ("open" if sys.platform == "darwin" else "xdg-open"), str(path)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise WorkbookError(f"cannot start {command[0]} ({exc.strerror or exc})", file=str(path),
                            fix="open the workbook yourself") from exc
    try:
        code = process.wait(OPENER_WAIT)
    except subprocess.TimeoutExpired:
        return
    if code != 0:
        raise WorkbookError(f"{command[0]} could not open it (exit code {code})", file=str(path),
                            fix="open the workbook yourself")


def start_detached(command: list[str]) -> int:
    """Start `command` as a process of its own, which outlives its parent and shows no window; its pid.

    Windows: no console window (CREATE_NO_WINDOW, so console programs it starts stay hidden too), its own
    process group (a Ctrl+C aimed at the parent's group does not reach it) and, where the job Excel runs
    in allows it, out of that job (so closing Excel does not end it). POSIX: a new session (no terminal;
    a hang-up of the parent's terminal does not reach it). No handle of the parent is inherited.
    """
    options: dict = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
                     "close_fds": True}
    if sys.platform.startswith("win"):
        flags = subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP
        try:
            return subprocess.Popen(command, creationflags=flags | subprocess.CREATE_BREAKAWAY_FROM_JOB,
                                    **options).pid
        except OSError:         # the job does not allow breaking away: stay in it
            pass
        options["creationflags"] = flags
    else:
        options["start_new_session"] = True
    try:
        return subprocess.Popen(command, **options).pid
    except OSError as exc:
        raise WorkbookError(f"cannot start sopxl in the background ({exc.strerror or exc}): {command[0]}",
                            fix="check the Python of xlwings.conf (Interpreter_Win / Interpreter_Mac)") from exc
