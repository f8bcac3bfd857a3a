"""Reading processes for the consolidation: ``python -m sopxl.nightly.readpool`` workers fed over pipes.

Reading a workbook for the consolidation is mostly Python (rows into events, the Log replayed, cases
timed, the SOP validated), so threads leave all but one core idle. These workers do that work in
parallel and send back only the compact rows (unpickling costs about 1 µs per event).

Own processes rather than ``multiprocessing``: a worker is a fresh interpreter that runs this module,
so it never re-imports the caller's main script (a script without ``if __name__ == "__main__"`` works),
inherits no open file, lock or database, and ends by itself when the consolidation dies (its request
pipe closes). A worker that dies fails the files it held; a new one takes its place.

A worker starts isolated (``python -I``): neither the folder the job was started in nor the user's
site-packages nor ``PYTHON*`` variables reach its ``sys.path``, so a ``pickle.py`` dropped into a shared
SOP folder is never imported; sopxl's own folder is appended after the standard library. Whatever a
request raises goes back to the caller: a failure that cannot be pickled (a Rust panic) as a
``RemoteFailure`` naming its type and message, so one file fails and the night goes on.
"""

from __future__ import annotations

import gc
import os
import pickle
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

# a reply frame: request number, 1 for a result or 0 for an exception, payload size; then the pickled payload
_HEADER = struct.Struct("<QBQ")
_REQUEST = struct.Struct("<Q")


class WorkerDied(Exception):
    """The reading process ended before answering (killed, out of memory, a crash in a parser)."""


class RemoteFailure(Exception):
    """A failure in a reading process that could not be sent back as itself (its type and message)."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        self.message = message
        super().__init__(f"{kind}: {message}")

    def __reduce__(self):
        return (RemoteFailure, (self.kind, self.message))


# the worker's command line: isolated (-I), sopxl's folder appended after the standard library
_BOOT = ("import sys; sys.path.append(sys.argv[1]); "
         "from sopxl.nightly.readpool import main; main()")


def _read_exactly(stream, size: int) -> bytes | None:
    """`size` bytes of a buffered stream (whose read(n) returns n bytes unless it ended), None at its end."""
    data = stream.read(size)
    return data if len(data) == size else None


class Reply(Future):
    """A worker's answer, kept as the bytes it sent until asked for: the caller's thread unpickles it.

    Unpickling on the pipe-reading thread would make it fight the caller (writing the database) for
    the GIL at every row; reading bytes off a pipe does not hold the GIL.
    """

    def value(self):
        ok, payload = self.result()
        value = pickle.loads(payload)
        if not ok:
            raise value
        return value


class _Worker:
    def __init__(self, command: list[str], env: dict):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.pending: dict[int, Reply] = {}
        self.lock = threading.Lock()
        self.alive = True
        self.reader = threading.Thread(target=self._collect, name="sopxl-readpool", daemon=True)
        self.reader.start()

    def _collect(self) -> None:
        stream = self.process.stdout
        while True:
            header = _read_exactly(stream, _HEADER.size)
            if header is None:
                break
            number, ok, size = _HEADER.unpack(header)
            payload = _read_exactly(stream, size)
            if payload is None:
                break
            with self.lock:
                future = self.pending.pop(number, None)
            if future is not None:
                future.set_result((bool(ok), payload))
        if self.process.poll() is None:      # the answers stopped making sense: do not leave it running
            self.process.kill()
        self.process.wait()
        with self.lock:
            self.alive = False
            orphans, self.pending = list(self.pending.values()), {}
        for future in orphans:
            future.set_exception(WorkerDied(f"the reading process ended (exit code {self.process.poll()})"))

    def submit(self, number: int, function, args: tuple) -> Reply:
        future = Reply()
        with self.lock:
            if not self.alive:
                raise WorkerDied("the reading process has ended")
            self.pending[number] = future
        try:
            request = pickle.dumps((number, function, args), pickle.HIGHEST_PROTOCOL)
            self.process.stdin.write(_REQUEST.pack(len(request)) + request)
            self.process.stdin.flush()
        except OSError as exc:
            with self.lock:
                self.pending.pop(number, None)
            raise WorkerDied("the reading process has ended") from exc
        return future

    @property
    def load(self) -> int:
        return len(self.pending)

    def close(self, timeout: float) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout)


class ReadPool:
    """A few worker processes running module-level functions of sopxl; futures like an executor's."""

    def __init__(self, workers: int):
        package_root = str(Path(__file__).resolve().parents[2])
        self._command = worker_command(package_root)
        self._env = dict(os.environ)
        self._workers = [_Worker(self._command, self._env) for _ in range(workers)]
        self._number = 0

    def submit(self, function, *args) -> Reply:
        """Run `function(*args)` (a module-level function: it is sent by name) in the least busy worker.

        ``Reply.value()`` waits for it and gives its result (or raises its exception, or WorkerDied).
        """
        self._number += 1
        for attempt in range(2):
            self._workers = [w if w.alive else _Worker(self._command, self._env) for w in self._workers]
            worker = min(self._workers, key=lambda w: w.load)
            try:
                return worker.submit(self._number, function, args)
            except WorkerDied:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self, timeout: float = 30.0) -> None:
        for worker in self._workers:
            worker.close(timeout)

    def __enter__(self) -> "ReadPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve(requests, replies) -> None:
    """A worker's loop: answer each request until the pipe closes.

    Python's cyclic garbage collector is off while a request runs and sweeps its youngest objects after
    each answer: reading a workbook allocates millions of objects that reference counting frees, and the
    collector, run every 700 of them otherwise, took 6 % of a reading process's time (1.0 µs per event)
    scanning the rows still being built. Garbage in cycles waits at most until the request's answer.
    """
    while True:
        header = _read_exactly(requests, _REQUEST.size)
        data = _read_exactly(requests, _REQUEST.unpack(header)[0]) if header else None
        if data is None:
            return
        number, function, args = pickle.loads(data)
        gc.disable()
        try:
            ok, value = True, function(*args)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:      # noqa: B036 - sent back to the caller, who decides (panics too)
            ok, value = False, error
        try:
            payload = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            if not ok:
                pickle.loads(payload)       # an exception whose class cannot be rebuilt there fails here
        except Exception as error:
            shown = value if not ok else error
            ok, payload = False, pickle.dumps(RemoteFailure(type(shown).__name__, str(shown)[:500]))
        finally:
            gc.enable()
        replies.write(_HEADER.pack(number, ok, len(payload)) + payload)
        replies.flush()
        del value, payload
        gc.collect(0)


def worker_command(package_root: str) -> list[str]:
    """The command line of a reading process: isolated, running ``main`` with sopxl's folder on the path."""
    return [sys.executable, "-I", "-c", _BOOT, package_root]


def main() -> None:
    # frames go over the original stdout; anything printed by mistake goes to stderr instead
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
