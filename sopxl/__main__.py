"""``python -m sopxl``: the command line, as the ``sopxl`` script runs it (the Excel button starts it so)."""

from .cli import main

main()
