"""Benchmark: importing the published SOP PDFs of ../shared/pdf, against expectations read off the pages.

For every PDF with an expectation file in bench/pdf_expected/ (written by a person looking at the
rendered pages), imports it with `sopxl.importing.readers.read_all` and prints accuracy per field:
- steps: expected step numbers found (per SOP of the document);
- actors: the main Pelaksana and the co-Pelaksana of each step;
- symbols: terminator / process / decision of each step;
- targets: Ya and Tidak of each decision (Ya left empty means the next step);
- norms: the Waktu of each step, as its parsed norm (or its text when it has none);
- identity: Nomor, Nama, the three dates, Disahkan oleh (line breaks ignored), the instansi;
- refusals: documents that must be refused (a table that is a picture) are refused.
Time per page is the median of `--rounds` imports (wall time, and processor time: on a shared machine
the wall time grows with the load, the processor time does not), beside the baseline measured in the same run: pdfplumber
alone extracting the same pages' characters, lines, rectangles and curves. Target: under 1 s per page.

With `--scan DPI [--skew DEG]` every PDF is first turned into a scan of itself (pages drawn as pictures at
DPI, turned DEG degrees, JPEG-compressed: tests/helpers/scans.py) and read with OCR; target: under 10 s per
page. The two PDFs whose table is a picture are read with OCR either way (when it is installed).

Run: `.venv/bin/python bench/bench_pdf_import.py [--rounds 3] [--pdfs ../shared/pdf] [--verbose]`.
`--draft FOLDER` writes what the importer reads now as expectation files, to be checked against the
pages by a person before they go into bench/pdf_expected/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "bench" / "pdf_expected"
IDENTITY = ("nomor", "nama", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "disahkan_oleh",
            "nama_pengesah", "nip_pengesah", "instansi")
FIELDS = ("steps", "actors", "symbols", "targets", "norms", "identity", "refusals")


def _spaces(text: str) -> str:
    return " ".join((text or "").split())


def project(sop) -> dict:
    """What the bench compares of an SOP, as plain values."""
    return {
        "identity": {key: getattr(sop.identity, key) for key in IDENTITY},
        "roles": list(sop.roles),
        "steps": [{"number": s.number, "pelaksana": s.pelaksana, "co_pelaksana": list(s.co_pelaksana),
                   "symbol": s.symbol.value, "ya": (sop.next_step(s).number if sop.next_step(s) else None)
                   if s.symbol.value == "decision" else None,
                   "tidak": s.tidak if s.symbol.value == "decision" else None, "waktu": s.waktu}
                  for s in sop.steps],
    }


def _norm(text: str):
    from sopxl.domain.norms import parse_norm
    from sopxl.errors import NormError

    try:
        norm = parse_norm(text)
    except NormError:
        return ("text", _spaces(text).lower())
    return ("norm", norm.to_dict()) if norm else ("none", "")


def compare(expected: dict, got: list[dict] | None, tally: dict[str, list[int]], misses: list[str]) -> None:
    """Add (right, total) per field for one document to `tally`, and what was wrong to `misses`."""
    def count(field: str, right: bool, what: str) -> None:
        tally[field][0] += int(right)
        tally[field][1] += 1
        if not right:
            misses.append(f"{field}: {what}")

    if expected.get("refused"):
        count("refusals", got is None, "should be refused: " + expected["refused"])
        return
    if got is None:
        count("refusals", False, "refused, should be read")
        got = []
    for index, want in enumerate(expected["sops"]):
        have = got[index] if index < len(got) else {"identity": {}, "roles": [], "steps": []}
        for key, value in want["identity"].items():
            count("identity", _spaces(have["identity"].get(key, "")) == _spaces(value),
                  f"sop {index + 1} {key}: {have['identity'].get(key, '')!r} != {value!r}")
        steps = {s["number"]: s for s in have["steps"]}
        for step in want["steps"]:
            n = step["number"]
            mine = steps.get(n)
            count("steps", mine is not None, f"sop {index + 1} step {n} missing")
            mine = mine or {}
            count("actors", (mine.get("pelaksana"), mine.get("co_pelaksana", [])) ==
                  (step["pelaksana"], step.get("co_pelaksana", [])),
                  f"sop {index + 1} step {n}: {mine.get('pelaksana')} +{mine.get('co_pelaksana')} != "
                  f"{step['pelaksana']} +{step.get('co_pelaksana', [])}")
            count("symbols", mine.get("symbol") == step["symbol"], f"sop {index + 1} step {n}: "
                  f"{mine.get('symbol')} != {step['symbol']}")
            if step["symbol"] == "decision":
                count("targets", (mine.get("ya"), mine.get("tidak")) == (step["ya"], step["tidak"]),
                      f"sop {index + 1} step {n}: ya/tidak {mine.get('ya')}/{mine.get('tidak')} != "
                      f"{step['ya']}/{step['tidak']}")
            count("norms", _norm(mine.get("waktu", "")) == _norm(step["waktu"]),
                  f"sop {index + 1} step {n}: {mine.get('waktu')!r} != {step['waktu']!r}")
        extra = [n for n in steps if n not in {s["number"] for s in want["steps"]}]
        for n in extra:
            count("steps", False, f"sop {index + 1} step {n} read but not in the document")
    for index in range(len(expected["sops"]), len(got)):
        count("steps", False, f"sop {index + 1} read but not in the document")


def _cpu() -> float:
    """Processor seconds used so far by this process and the child processes it waited for (Tesseract)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def baseline(path: Path) -> int:
    """pdfplumber alone: every page's characters, lines, rectangles and curves (what any reader needs)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.chars, page.lines, page.rects, page.curves
        return len(pdf.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared" / "pdf")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--draft", type=Path, help="write what is read now as draft expectation files here")
    parser.add_argument("--scan", type=int, metavar="DPI", help="read scans of the PDFs made at DPI (OCR)")
    parser.add_argument("--skew", type=float, default=0.0, help="with --scan: turn the scanned pages this much")
    args = parser.parse_args(argv)

    from sopxl.errors import SopxlError
    from sopxl.importing.readers import read_all

    pdfs = sorted(args.pdfs.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {args.pdfs}", file=sys.stderr)
        return 1
    if args.scan:
        import tempfile

        sys.path.insert(0, str(ROOT / "tests"))
        from helpers.scans import scan

        folder = Path(tempfile.mkdtemp(prefix="sopxl-scans-"))
        pdfs = [scan(pdf, folder / pdf.name, args.scan, args.skew, quality=75) for pdf in pdfs]
        print(f"scans at {args.scan} dpi, turned {args.skew:g} degrees, in {folder}")
    tally = {field: [0, 0] for field in FIELDS}
    per_page: list[float] = []
    cpu_per_page: list[float] = []
    base_per_page: list[float] = []
    total_pages = 0
    print(f"{'document':60} pages  s/page  cpu s/page  base s/page  misses")
    for pdf in pdfs:
        times, base_times, cpu_times, got, pages = [], [], [], None, 0
        for _ in range(max(1, args.rounds)):       # interleaved: the baseline and the import, round by round
            start = time.perf_counter()
            pages = baseline(pdf)
            base_times.append(time.perf_counter() - start)
            start, cpu_start = time.perf_counter(), _cpu()
            try:
                got = [project(sop) for sop, _ in read_all(pdf)]
            except SopxlError as error:
                got, refusal = None, error.message
            times.append(time.perf_counter() - start)
            cpu_times.append(_cpu() - cpu_start)
        total_pages += pages
        per_page += [statistics.median(times) / pages] * pages
        cpu_per_page += [statistics.median(cpu_times) / pages] * pages
        base_per_page += [statistics.median(base_times) / pages] * pages
        if args.draft:
            args.draft.mkdir(parents=True, exist_ok=True)
            draft = {"file": pdf.name, "refused": refusal if got is None else None, "sops": got or []}
            (args.draft / (pdf.stem + ".json")).write_text(json.dumps(draft, ensure_ascii=False, indent=1) + "\n",
                                                            encoding="utf-8")
        expectation = EXPECTED / (pdf.stem + ".json")
        misses: list[str] = []
        if expectation.exists():
            compare(json.loads(expectation.read_text(encoding="utf-8")), got, tally, misses)
        else:
            misses.append("no expectation file")
        print(f"{pdf.name[:60]:60} {pages:5}  {statistics.median(times) / pages:6.3f}  "
              f"{statistics.median(cpu_times) / pages:10.3f}  "
              f"{statistics.median(base_times) / pages:11.3f}  {len(misses)}")
        if args.verbose:
            for miss in misses:
                print(f"    {miss}")
    print()
    print(f"{'field':10} {'right':>7} {'of':>5} {'accuracy':>9}")
    for field in FIELDS:
        right, total = tally[field]
        print(f"{field:10} {right:7} {total:5} {right / total * 100 if total else 100:8.1f}%")
    median, base = statistics.median(per_page), statistics.median(base_per_page)
    target = "10 s" if args.scan else "1 s"
    print(f"\n{total_pages} pages: median {median:.3f} s/page to import (target < {target}), pdfplumber alone "
          f"{base:.3f} s/page, ratio {median / base:.2f}x; slowest page {max(per_page):.3f} s")
    print(f"processor time (this process and the programs it ran, e.g. Tesseract): median "
          f"{statistics.median(cpu_per_page):.3f} s/page; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores (wall time grows with what else runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
