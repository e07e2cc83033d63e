"""``python -m centra_bridge.cli``."""

from centra_bridge.cli import main

main()
