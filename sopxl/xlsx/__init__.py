"""Workbooks on disk: reading, creating, patching, atomic writes, PDF conversion."""
