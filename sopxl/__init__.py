"""sopxl: Indonesian government SOP AP that run inside Excel workbooks.

The public API is imported lazily, so `import sopxl` (and an Excel button) stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = ("new", "import_document", "import_folder", "FolderImport", "ImportRow", "read_document", "load", "save", "export", "ImportResult",
        # cases
        "start_case", "advance", "cancel_case", "add_note", "list_cases", "show_case", "refresh",
        "simulate_cases", "CaseResult", "CaseList",
        # validation
        "validate",
        # the official document
        "flowchart", "start_flowchart_when_closed", "pdf", "FlowchartResult", "PdfResult",
        # the monthly report
        "report", "ReportResult", "Month", "SopSource", "SopMeta",
        # the analyst's door
        "events", "cases", "export_log",
        # the nightly consolidation
        "consolidate", "consolidated_source", "master",
        # checking a workbook (sopxl doctor)
        "doctor")
__all__ = [*_API, "SopxlError"]

from .errors import SopxlError  # noqa: E402  (light: no third-party imports)


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'sopxl' has no attribute {name!r}")
