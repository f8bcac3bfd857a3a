"""Tesseract, the OCR engine sopxl reads pictures of text with: find it, read a page picture's words.

Tesseract runs as its own program (Debian's ``tesseract-ocr`` with the Indonesian model
``tesseract-ocr-ind``; on Windows the UB Mannheim installer), fed a PNG on standard input and answering
with its TSV output: every word with its box and confidence. Nothing else of the document is passed on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError

LANGUAGES = "ind+eng"        # the SOP's own language first; English for the words offices borrow
TIMEOUT = 120                # seconds for one page picture
INSTALL_FIX = ("install the OCR extra: pip install 'sopxl[ocr]', and Tesseract with its Indonesian model "
               "(Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ind; Windows: the UB Mannheim "
               "installer with Indonesian ticked), or set TESSERACT to the tesseract program")
_CANDIDATES = ("/usr/bin/tesseract", "/usr/local/bin/tesseract", "/opt/homebrew/bin/tesseract",
               r"C:\Program Files\Tesseract-OCR\tesseract.exe")


@dataclass(frozen=True)
class OcrWord:
    """A word Tesseract read: its text, its box in the picture's pixels, and how sure Tesseract was (0-1)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float


def find_tesseract() -> str | None:
    """The tesseract program: $TESSERACT, tesseract on PATH, or a usual install place; None when absent."""
    configured = os.environ.get("TESSERACT", "").strip()
    candidates = [configured] if configured else [shutil.which("tesseract") or "", *_CANDIDATES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def languages(program: str) -> set[str]:
    """The language models the tesseract at `program` has."""
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {line.strip() for line in done.stdout.splitlines()[1:] if line.strip()}


def require_tesseract(document: str) -> str:
    """The tesseract program with the Indonesian model, or DocumentError saying what to install."""
    program = find_tesseract()
    if program is None:
        raise DocumentError("holds pictures of text (a scan or a pasted picture), and reading them needs OCR, "
                            "which is not installed", file=document, fix=INSTALL_FIX)
    if "ind" not in languages(program):
        raise DocumentError("holds pictures of text, and Tesseract has no Indonesian model (ind)", file=document,
                            fix="install it: apt-get install tesseract-ocr-ind (or the 'ind' model in the "
                                "Tesseract installer)")
    return program


def read_words(program: str, png: bytes, dpi: int, *, document: str, sparse: bool = True) -> list[OcrWord]:
    """The words Tesseract reads in a PNG picture drawn at `dpi`; DocumentError naming `document` on failure.

    `sparse` reads text scattered over the page (table cells) instead of flowing paragraphs.
    """
    command = [program, "stdin", "stdout", "-l", LANGUAGES, "--psm", "11" if sparse else "6",
               "--dpi", str(dpi), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        done = subprocess.run(command, input=png, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(f"OCR did not finish a page in {TIMEOUT} s", file=document,
                            fix="import a clearer scan at 300 dpi, or the Word/Excel original") from exc
    except OSError as exc:
        raise DocumentError(f"Tesseract could not be started ({exc})", file=document, fix=INSTALL_FIX) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DocumentError("Tesseract could not read a page" + (f" ({detail[-1]})" if detail else ""),
                            file=document, fix="import a clearer scan at 300 dpi, or the Word/Excel original")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(text: str) -> list[OcrWord]:
    """Words of Tesseract's TSV output (level 5 rows with text); malformed rows are skipped."""
    words = []
    for line in text.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            left, top, width, height = (int(v) for v in cells[6:10])
            confidence = float(cells[10])
        except ValueError:
            continue
        if confidence < 0 or width <= 0 or height <= 0:
            continue
        words.append(OcrWord(cells[11].strip(), left, top, width, height, min(confidence, 100.0) / 100))
    return words
