"""The API on a workbook open in Excel (xlwings), beside api.py."""
