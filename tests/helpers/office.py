"""LibreOffice (headless) as the real spreadsheet engine, plus poppler for PDFs.

Public API::

    soffice_path() -> Path
    convert(path, fmt, outdir, timeout=120) -> Path
    convert_many(paths, fmt, outdir, timeout=...) -> dict[Path, Path]
    recalculate(path, outdir=None) -> Path      # xlsx -> xlsx with fresh cached values
    pdf_page_count(pdf) -> int                  # pdfinfo
    render_pages(pdf, outdir, dpi=50, fmt="png"|"pgm"|"ppm") -> list[Path]   # pdftoppm
    page_is_blank(image, dark_below=200, max_dark_fraction=0.0) -> bool
    luminance(image) -> tuple[int, int, bytes]  # width, height, 8-bit gray pixels

No third-party Python packages: PNG is decoded with zlib, PGM/PPM read raw.

Every soffice run gets its own throw-away profile directory
(``-env:UserInstallation``), so concurrent runs in threads or pytest
processes never share one (a shared profile makes the second soffice hand its
job to the first or fail).  A fresh profile costs ~0.1 s over a reused one.

The profile is seeded so that Calc *always recalculates on load*
(``OOXMLRecalcMode``/``ODFRecalcMode`` = 0).  LibreOffice's default for xlsx
is "never recalculate", which keeps whatever cached value the writer put in the
file (XlsxWriter writes 0 for every formula), so without this neither
recalculate() nor a PDF export would show computed results.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Iterable

#: Seconds one soffice run may take.
TIMEOUT = 120

_INSTALL_HINT_LO = (
    "LibreOffice is required (Debian/Ubuntu: `apt-get install -y libreoffice-calc-nogui`). "
    "Or set SOFFICE=/path/to/soffice."
)
_INSTALL_HINT_POPPLER = "poppler is required (Debian/Ubuntu: `apt-get install -y poppler-utils`)."

_RECALC_ALWAYS_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


# --------------------------------------------------------------------------
# Finding the tools
# --------------------------------------------------------------------------

_SOFFICE_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_OPT_GLOB = "/opt/libreoffice*/program/soffice"


def soffice_path() -> Path:
    """The LibreOffice executable: $SOFFICE, then soffice/libreoffice on PATH,
    then the usual install locations.  Raises RuntimeError if none exists."""
    env = os.environ.get("SOFFICE", "").strip()
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return Path(env)
        raise RuntimeError(f"SOFFICE={env!r} is not an executable file. {_INSTALL_HINT_LO}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _SOFFICE_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return Path(candidate)
    for candidate in sorted(glob.glob(_OPT_GLOB), reverse=True):
        if os.access(candidate, os.X_OK):
            return Path(candidate)
    raise RuntimeError(f"LibreOffice (soffice/libreoffice) not found on PATH. {_INSTALL_HINT_LO}")


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise RuntimeError(f"`{tool}` not found on PATH. {_INSTALL_HINT_POPPLER}")
    return found


# --------------------------------------------------------------------------
# Conversions
# --------------------------------------------------------------------------

def _new_profile() -> Path:
    profile = Path(tempfile.mkdtemp(prefix="sopxl-lo-profile-"))
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS_XCU, encoding="utf-8")
    return profile


def _run_soffice(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    profile = _new_profile()
    cmd = [
        str(soffice_path()), "--headless", "--norestore",
        f"-env:UserInstallation={profile.as_uri()}", *args,
    ]
    try:
        # Own session, so on timeout we can kill soffice.bin too (the
        # soffice script -> oosplash -> soffice.bin chain shares our group).
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            raise RuntimeError(
                f"LibreOffice did not finish within {timeout} s and was killed.\n"
                f"command: {' '.join(cmd)}\nstderr: {err.strip()}\nstdout: {out.strip()}"
            ) from None
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _target(src: Path, fmt: str, outdir: Path) -> Path:
    ext = fmt.split(":", 1)[0]
    if not re.fullmatch(r"[A-Za-z0-9]+", ext):
        raise ValueError(f"cannot derive an output extension from fmt={fmt!r}")
    target = outdir / f"{src.stem}.{ext}"
    if target.resolve() == src.resolve():
        raise ValueError(f"converting {src} to {fmt} into {outdir} would overwrite the source; "
                         "use another outdir")
    return target


def convert_many(
    paths: Iterable[str | os.PathLike[str]],
    fmt: str,
    outdir: str | os.PathLike[str],
    timeout: float | None = None,
) -> dict[Path, Path]:
    """Convert several files with ONE soffice start (~1.4 s + a little per file).

    *fmt* is anything ``--convert-to`` accepts ("pdf", "xlsx", "csv",
    "pdf:calc_pdf_Export:{...}").  Returns {source: output}.  Raises
    RuntimeError naming every file that produced no output, with
    LibreOffice's stderr/stdout.  Sources must have distinct stems.
    """
    sources = [Path(p) for p in paths]
    if not sources:
        return {}
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    targets = {src: _target(src, fmt, out) for src in sources}
    if len({t.resolve() for t in targets.values()}) != len(targets):
        raise ValueError(f"sources share a file stem; outputs would collide in {out}: {sources}")
    for src in sources:
        if not src.is_file():
            raise FileNotFoundError(src)
    for target in targets.values():
        target.unlink(missing_ok=True)  # so a stale file cannot pass for output
    if timeout is None:
        timeout = TIMEOUT + 30 * (len(sources) - 1)
    proc = _run_soffice(
        ["--convert-to", fmt, "--outdir", str(out), *(str(s) for s in sources)], timeout
    )
    missing = [s for s, t in targets.items() if not (t.is_file() and t.stat().st_size > 0)]
    if missing or proc.returncode != 0:
        raise RuntimeError(
            f"LibreOffice conversion to {fmt!r} failed (exit code {proc.returncode}); "
            f"no output for: {', '.join(map(str, missing)) or '-'}\n"
            f"command: {' '.join(proc.args)}\n"
            f"stderr: {proc.stderr.strip()}\nstdout: {proc.stdout.strip()}"
        )
    return targets


def convert(
    path: str | os.PathLike[str],
    fmt: str,
    outdir: str | os.PathLike[str],
    timeout: float = TIMEOUT,
) -> Path:
    """``soffice --headless --convert-to <fmt> --outdir <outdir> <path>``; returns the output."""
    return convert_many([path], fmt, outdir, timeout=timeout)[Path(path)]


_recalc_root: Path | None = None


def recalculate(
    path: str | os.PathLike[str], outdir: str | os.PathLike[str] | None = None
) -> Path:
    """Load *path* in Calc, recalculate every formula, save as xlsx.

    The result goes to *outdir* (default: a private temporary directory that
    lives as long as the process) and has the same file name.  Read it with
    ``openpyxl.load_workbook(p, data_only=True)`` to see computed values.
    """
    global _recalc_root
    if outdir is None:
        if _recalc_root is None:
            _recalc_root = Path(tempfile.mkdtemp(prefix="sopxl-recalc-"))
            import atexit
            atexit.register(shutil.rmtree, _recalc_root, True)
        outdir = tempfile.mkdtemp(dir=_recalc_root)
    return convert(path, "xlsx", outdir)


# --------------------------------------------------------------------------
# PDFs and page images
# --------------------------------------------------------------------------

def pdf_page_count(pdf: str | os.PathLike[str]) -> int:
    proc = subprocess.run([_poppler("pdfinfo"), os.fspath(pdf)], capture_output=True,
                          text=True, timeout=60)
    match = re.search(r"^Pages:\s+(\d+)\s*$", proc.stdout, re.M)
    if proc.returncode != 0 or match is None:
        raise RuntimeError(f"pdfinfo failed on {pdf} (exit code {proc.returncode}): "
                           f"{proc.stderr.strip()}")
    return int(match.group(1))


def render_pages(
    pdf: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    dpi: int = 50,
    fmt: str = "png",
) -> list[Path]:
    """Render every page with pdftoppm; returns the images in page order.

    fmt="png" (default, viewable), "pgm" (8-bit gray from poppler, cheapest
    to analyse) or "ppm" (raw RGB).
    """
    flags = {"png": ["-png"], "pgm": ["-gray"], "ppm": []}
    if fmt not in flags:
        raise ValueError("fmt must be 'png', 'pgm' or 'ppm'")
    pdf = Path(pdf)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    prefix = pdf.stem
    page_re = re.compile(re.escape(prefix) + r"-(\d+)\." + fmt)

    def pages() -> list[Path]:
        found = [(int(m.group(1)), p) for p in out.iterdir() if (m := page_re.fullmatch(p.name))]
        return [p for _, p in sorted(found)]

    for stale in pages():
        stale.unlink()
    cmd = [_poppler("pdftoppm"), "-r", str(dpi), *flags[fmt], str(pdf), str(out / prefix)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"pdftoppm failed on {pdf} (exit code {proc.returncode}): "
                           f"{proc.stderr.strip()}")
    result = pages()
    expected = pdf_page_count(pdf)
    if len(result) != expected:
        raise RuntimeError(f"pdftoppm wrote {len(result)} images for {expected} pages of {pdf}")
    return result


def _read_pnm(data: bytes) -> tuple[int, int, bytes]:
    # P5 (gray) / P6 (RGB), maxval < 256, as written by pdftoppm.
    tokens: list[bytes] = []
    pos = 2
    while len(tokens) < 3:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        tokens.append(data[start:pos])
    width, height, maxval = (int(t) for t in tokens)
    if maxval > 255:
        raise ValueError("16-bit PNM is not supported")
    pixels = data[pos + 1:]
    if data[:2] == b"P5":
        return width, height, pixels[: width * height]
    return width, height, _rgb_to_luma(pixels[: width * height * 3], 3)


def _rgb_to_luma(buf: bytes, channels: int) -> bytes:
    r, g, b = buf[0::channels], buf[1::channels], buf[2::channels]
    return bytes((299 * x + 587 * y + 114 * z) // 1000 for x, y, z in zip(r, g, b))


def _read_png(data: bytes) -> tuple[int, int, bytes]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG (bit depth {depth}, colour type {colour}, "
                         f"interlace {interlace}); render with fmt='pgm' instead")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    prev = bytearray(stride)
    rows = bytearray()
    for y in range(height):
        base = y * (stride + 1)
        ftype = raw[base]
        line = bytearray(raw[base + 1:base + 1 + stride])
        if ftype == 1:  # Sub
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif ftype == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:  # Average
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:  # Paeth
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        elif ftype != 0:
            raise ValueError(f"bad PNG filter type {ftype} in row {y}")
        rows += line
        prev = line
    if channels == 1:
        return width, height, bytes(rows)
    if channels == 2:
        return width, height, bytes(rows[0::2])
    return width, height, _rgb_to_luma(bytes(rows), channels)


def luminance(image: str | os.PathLike[str]) -> tuple[int, int, bytes]:
    """(width, height, one 0..255 gray byte per pixel) of a PNG/PGM/PPM file."""
    data = Path(image).read_bytes()
    if data[:2] in (b"P5", b"P6"):
        return _read_pnm(data)
    return _read_png(data)


def page_is_blank(
    image: str | os.PathLike[str],
    dark_below: int = 200,
    max_dark_fraction: float = 0.0,
) -> bool:
    """True if at most *max_dark_fraction* of the pixels are darker than
    *dark_below* (luma 0..255).

    With the defaults a page is blank only if no pixel is darker than 200: at
    50 dpi a lone "." in a cell gives 1 such pixel, a 3x4 table ~200, an empty
    sheet 0.  Light fills (luma >= 200, e.g. table banding) do not count.
    """
    width, height, pixels = luminance(image)
    if len(pixels) != width * height or not pixels:
        raise ValueError(f"{image}: truncated image data")
    dark = len(pixels.translate(None, bytes(range(dark_below, 256))))
    return dark <= max_dark_fraction * width * height
