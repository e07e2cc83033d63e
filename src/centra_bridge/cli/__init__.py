"""The ``centra-bridge`` command line."""

from centra_bridge.cli._app import app, main, run

__all__ = ["app", "main", "run"]
