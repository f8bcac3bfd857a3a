"""The monthly monitoring report: sources, figures to rows, the report workbook."""
