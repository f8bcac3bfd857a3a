"""The compact projection validation tests compare findings by."""

from __future__ import annotations


def codes(report) -> list[tuple[str, str | None]]:
    """``[(code, "Sheet!A1"), …]`` of a validation report's findings, in its order."""
    return [(f.code, f.location or None) for f in report.findings]
