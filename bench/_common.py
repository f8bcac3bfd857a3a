"""What the benches share: the interpreter and repository they run, and one way to measure a child process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except (OSError, StopIteration):
            continue
    return total


def child(code: str | None = None, *, command: list[str] | None = None) -> dict:
    """Run `code` in a fresh interpreter (or `command`) and measure it.

    Returns wall seconds, CPU seconds (user and system, its reaped children such as reading processes
    included), peak memory (the largest resident size of it and its descendants, sampled every 50 ms, or
    its own maximum if larger), stdout and the exit code. An exit code other than 0 or 1 (1: the job ran
    and said some targets or files failed) stops the bench with the child's stderr.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command or [PYTHON, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=ROOT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # the pipes are read while it runs: a child that prints much would otherwise block on a full pipe
    output: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda name=name, pipe=pipe: output.__setitem__(name, pipe.read()))
               for name, pipe in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    returncode = os.waitstatus_to_exitcode(status)
    out, err = output["out"].decode(), output["err"].decode()
    if returncode not in (0, 1):
        raise SystemExit(f"child failed ({returncode}):\n{err[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak": max(peak[0], usage.ru_maxrss * 1024),
            "out": out, "err": err, "returncode": returncode}
