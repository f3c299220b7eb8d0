"""Run impactcheck as ``python -m impactcheck``."""

from impactcheck.cli import main

main()
