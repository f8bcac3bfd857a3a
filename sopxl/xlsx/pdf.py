"""LibreOffice, the spreadsheet engine sopxl prints with: find it, convert a workbook to PDF, count pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SopxlError
from .files import atomic_output

TIMEOUT = 180
SOFFICE_CANDIDATES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe",
                      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def find_soffice() -> str:
    """The LibreOffice program: $SOFFICE, soffice or libreoffice on PATH, or a usual install place."""
    configured = os.environ.get("SOFFICE", "").strip()
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise SopxlError(f"SOFFICE is set to {configured!r}, which is not a program",
                         fix="point SOFFICE at LibreOffice's soffice program, or unset it")
    candidates = [shutil.which("soffice") or "", shutil.which("libreoffice") or "", *SOFFICE_CANDIDATES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise SopxlError("LibreOffice is needed to make the PDF, and it was not found",
                     fix="install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-calc; Windows/macOS: "
                         "libreoffice.org), or set SOFFICE to the path of its soffice program")


def convert_to_pdf(workbook: Path, output: Path, timeout: float = TIMEOUT) -> Path:
    """Print `workbook` to the PDF `output` with LibreOffice headless (its own throwaway profile)."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="sopxl-pdf-") as temp:
        temp_path = Path(temp)
        profile = (temp_path / "profile").resolve().as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(temp_path / "out"), str(workbook)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise SopxlError(f"LibreOffice did not finish the PDF in {timeout:g} s", file=str(workbook),
                             fix="close other LibreOffice windows and try again") from exc
        except OSError as exc:
            raise SopxlError(f"LibreOffice could not be started ({exc})", fix="check the LibreOffice "
                             "installation, or set SOFFICE to its soffice program") from exc
        produced = temp_path / "out" / (workbook.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise SopxlError("LibreOffice made no PDF" + (f" ({detail[-1]})" if detail else ""), file=str(workbook),
                             fix="open the workbook in LibreOffice to see whether it can read it")
        with atomic_output(output) as target:
            shutil.copyfile(produced, target)
    return output


def page_count(pdf: Path) -> int:
    """Pages of a PDF written by LibreOffice (its page objects, counted)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(pdf).read_bytes()))
