"""The ``centra-bridge`` command line."""

from centra_bridge.cli._common import app
from centra_bridge.cli._main import main, run
from centra_bridge.cli._sync import describe

__all__ = ["app", "describe", "main", "run"]
