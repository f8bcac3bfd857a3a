"""The nightly consolidation: bulk reading, the store, the master workbook, the schedule."""
