"""Benchmark: working minutes over long spans, as a tracker rebuild asks for them — target 20,000 spans well under a second.

Measures, on the same spans and in the same run:
- the baseline: counting the same working minutes day by day (for each day of the span, its working
  hours minus its break, clipped to the span; holidays skipped), the straightforward way;
- `WorkCalendar.working_minutes`, which jumps whole weeks with precomputed sums.

The spans are those of `tests/test_domain_calendar.py` before this moved here: 20,000 pairs from 2025 to 2027,
on the Perpres calendar of 2025–2027 (national holidays and cuti bersama). Both ways must give the same
minutes (checked), so the ratio compares like with like.

Figures are medians of interleaved rounds. Run: `.venv/bin/python bench/bench_calendar.py [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, datetime, timedelta

SPANS = 20_000


def spans() -> list[tuple[datetime, datetime]]:
    return [(datetime(2025, 1 + i % 12, 1 + i % 28, 7 + i % 10), datetime(2027, 1 + i % 12, 1 + i % 27, 9))
            for i in range(SPANS)]


def day_by_day(calendar, start: datetime, end: datetime) -> float:
    """Working minutes between two moments, counted one day at a time (the baseline)."""
    hours = {h.weekday: h for h in calendar.hours}
    holidays = {h.day for h in calendar.holidays}
    total = 0.0
    day = start.date()
    while day <= end.date():
        h = hours.get(day.weekday())
        if h is not None and day not in holidays:
            pieces = [(h.start, h.break_start), (h.break_end, h.end)] if h.break_start else [(h.start, h.end)]
            for a, b in pieces:
                lo = max(datetime.combine(day, a), start)
                hi = min(datetime.combine(day, b), end)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
        day += timedelta(days=1)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-spans", type=int, default=500,
                        help="spans the day-by-day baseline counts (it is slow); its time is scaled to all spans")
    args = parser.parse_args()

    from sopxl.domain.calendar import default_calendar

    calendar = default_calendar([2025, 2026, 2027])
    pairs = spans()
    sample = pairs[:: max(1, SPANS // args.baseline_spans)][: args.baseline_spans]
    for a, b in sample:
        fast, slow = calendar.working_minutes(a, b), day_by_day(calendar, a, b)
        assert abs(fast - slow) < 1e-6, (a, b, fast, slow)

    baseline, measured = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for a, b in sample:
            day_by_day(calendar, a, b)
        baseline.append((time.perf_counter() - t0) * SPANS / len(sample))
        t0 = time.perf_counter()
        for a, b in pairs:
            calendar.working_minutes(a, b)
        measured.append(time.perf_counter() - t0)
    base, took = statistics.median(baseline), statistics.median(measured)
    print(f"{SPANS:,} spans of up to two years, median of {args.rounds} rounds")
    print(f"  baseline, day by day (scaled from {len(sample)} spans): {base:8.3f} s")
    print(f"  WorkCalendar.working_minutes:                {took:8.3f} s   {base / took:6.1f}x the baseline")
    print(f"  target: well under 1 s for all spans — {'met' if took < 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
