"""Benchmark: validating an SOP workbook with 500 steps — target well under a second.

Measures, on the same workbook and in the same run:
- the baseline: loading the workbook (python-calamine reads Identitas and Aktivitas, the codec builds
  the SOP) — `sopxl.xlsx.workbook.load`;
- the rules alone on the loaded SOP (`validation.validate_sop`);
- `sopxl.validate(WORKBOOK)` end to end (load + rules + report), and its `to_dict()`;
- `sopxl.validate(WORKBOOK, write=True)`: the findings written into the Temuan sheet too.

The SOP has 500 steps over 8 Pelaksana: a decision every 5th step returning two steps back, norms in
every unit, a bare "menit" or an empty Waktu now and then, Kegiatan that open with an actor, unreviewed
inferences, so every kind of finding is produced (about 400 of them).

Figures are medians of interleaved rounds. Run: `.venv/bin/python bench/bench_validate.py [--rounds 7]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

STEPS = 500
ROLES = ["Menteri", "Sekjen", "Karo", "Kabag", "Kasubbag", "Tim", "Fungsional Umum", "Unit Organisasi terkait"]
NORMS = ["10 menit", "30 Menit", "2 jam", "1 hari", "3 hari kerja", "1 minggu", "menit", "", "1,5 jam"]


def big_sop():
    from sopxl.domain.model import SOP, Identity, Inference, Step, Symbol

    steps = []
    for number in range(1, STEPS + 1):
        role = ROLES[number % len(ROLES)]
        decision = number % 5 == 0 and number < STEPS
        kegiatan = (f"{role} memeriksa dokumen tahap {number}" if number % 17 == 0
                    else f"menyusun dokumen tahap {number} dan menyerahkan kepada {ROLES[(number + 1) % len(ROLES)]}")
        steps.append(Step(
            number, kegiatan, [role],
            Symbol.TERMINATOR if number in (1, STEPS) else Symbol.DECISION if decision else Symbol.PROCESS,
            kelengkapan=f"Dokumen tahap {number - 1}", waktu=NORMS[number % len(NORMS)],
            output=f"Dokumen tahap {number}" if number % 23 else "Nota dinas",
            ya=number + 1 if decision else None, tidak=number - 2 if decision else None,
            inferences=[Inference("pelaksana", role, "tebakan impor")] if number % 7 == 0 else []))
    identity = Identity(nomor="OT.01/500", nama="SOP besar", disahkan_oleh="Karo", tanggal_pembuatan="Kamis, 14 Desember 2017",
                        tanggal_efektif="02 Mei 2018", dasar_hukum=["UU"], kualifikasi=["a"], keterkaitan=["b"],
                        peralatan=["c"], peringatan=["d"], pencatatan=["e"])
    return SOP(identity=identity, roles=list(ROLES), steps=steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import sopxl
    from sopxl.domain.calendar import default_calendar
    from sopxl.validation.rules import validate_sop
    from sopxl.xlsx.workbook import create, load

    folder = Path(tempfile.mkdtemp(prefix="sopxl-bench-validate-"))
    try:
        path = folder / "besar.xlsx"
        create(path, big_sop(), calendar=default_calendar([2025, 2026]))
        written = folder / "tulis.xlsx"
        sop, problems = load(path)
        timings: dict[str, list[float]] = {key: [] for key in ("load", "rules", "validate", "write")}
        for _ in range(args.rounds):
            started = time.perf_counter()
            sop, problems = load(path)
            timings["load"].append(time.perf_counter() - started)

            started = time.perf_counter()
            findings = validate_sop(sop, problems, file=str(path))
            timings["rules"].append(time.perf_counter() - started)

            started = time.perf_counter()
            report = sopxl.validate(path)
            report.to_dict()
            timings["validate"].append(time.perf_counter() - started)

            shutil.copy(path, written)
            started = time.perf_counter()
            sopxl.validate(written, write=True)
            timings["write"].append(time.perf_counter() - started)
        median = {key: statistics.median(values) for key, values in timings.items()}
        counts = report.counts
        print(f"workbook: {STEPS} steps, {len(ROLES)} Pelaksana, {path.stat().st_size / 1024:.0f} KB; "
              f"{len(findings)} findings ({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info); "
              f"median of {args.rounds} rounds")
        print(f"  load the workbook (baseline)      {median['load'] * 1000:7.1f} ms")
        print(f"  rules on the loaded SOP           {median['rules'] * 1000:7.1f} ms")
        print(f"  sopxl.validate (load + rules)     {median['validate'] * 1000:7.1f} ms   "
              f"= {median['validate'] / median['load']:.2f} × loading")
        print(f"  sopxl.validate(write=True)        {median['write'] * 1000:7.1f} ms")
        verdict = "well under a second" if median["validate"] < 0.5 else "NOT well under a second"
        print(f"target: validate under 1 s — {verdict}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
