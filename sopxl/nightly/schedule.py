"""The nightly job: run the consolidation every day at a set time with the ``schedule`` package, logging each run.

A door, like the CLI: it calls ``api.consolidate`` and writes what happened to a log file (start, files,
events, duration, every failure with its reason). A run that fails (the database held by another run,
a defect) is logged and the next night comes anyway. ``once`` runs immediately and returns.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Callable

from .. import layout as L
from ..errors import SopxlError

TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
LOGGER_NAME = "sopxl.nightly.schedule"


def check_time(text: str) -> str:
    """`text` when it is a time of day as HH:MM (24 hours); SopxlError otherwise."""
    if not TIME_RE.fullmatch(text or ""):
        raise SopxlError(L.texts("err_not_time", value=text), fix=L.texts("err_hhmm_fix"))
    return text


def logger_for(log_file: Path) -> logging.Logger:
    """A logger that appends to `log_file` (one line per message, with the date and time)."""
    logger = logging.getLogger(f"{LOGGER_NAME}.{Path(log_file).resolve()}")
    if not logger.handlers:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)     # consolidate creates the master's folder too
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def run_once(consolidate: Callable[[], object], logger: logging.Logger) -> int:
    """One consolidation, logged: 0 when every source was read, 1 otherwise (also when it could not run)."""
    started = time.perf_counter()
    logger.info("run started")
    try:
        result = consolidate()
    except SopxlError as error:
        logger.error("run did not happen: %s", error.render())
        return 1
    except Exception:    # a defect: the traceback goes to the log, the next night still comes
        logger.exception("run failed after %.1f s", time.perf_counter() - started)
        return 1
    counts = result.counts
    logger.info("files: %d (read %d, unchanged %d, skipped %d, failed %d, gone %d); events: +%d, %d changed, "
                "%d removed at source; duration %.1f s", counts["files"], counts["read"], counts["unchanged"],
                counts["skipped"], counts["failed"], counts["gone"], result.events_added, result.events_changed,
                result.events_removed, result.duration)
    for status in result.failures:
        logger.warning("failed: %s: %s", status.path, status.reason)
    if result.master_written:
        logger.info("master written: %s", result.master)
    elif result.master_error:
        logger.error("master not written: %s", result.master_error)
    else:
        logger.info("master unchanged: %s", result.master)
    if result.report:
        logger.info("monthly report written: %s", result.report)
    if result.report_error:
        logger.error("monthly report not written: %s", result.report_error)
    return result.exit_code


def run_nightly(consolidate: Callable[[], object], *, at: str, log_file: Path,
                say: Callable[[str], None] = print, stop: Callable[[], bool] = lambda: False) -> None:
    """Run `consolidate` every day at `at` (HH:MM, local time) until `stop()` says so or the process ends."""
    import schedule

    check_time(at)
    logger = logger_for(log_file)
    scheduler = schedule.Scheduler()
    scheduler.every().day.at(at).do(run_once, consolidate, logger)
    logger.info("scheduled every day at %s", at)
    say(f"consolidating every day at {at}; next run {scheduler.next_run:%Y-%m-%d %H:%M}; log: {log_file} "
        "(Ctrl+C stops)")
    while not stop():
        scheduler.run_pending()
        idle = scheduler.idle_seconds
        time.sleep(max(0.1, min(idle if idle is not None else 1.0, 1.0)))     # a second at most: Ctrl+C is felt

