"""Macro-enabled workbooks: the VBA project file, the buttons, the doctor."""
