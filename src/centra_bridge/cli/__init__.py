"""The ``centra-bridge`` command line."""

import signal

# Importing pyarrow starts a thread that accepts SIGINT and SIGTERM; a signal the kernel hands
# to it does not wake the main thread from a blocking read, so Ctrl-C could wait for the read
# timeout. Threads started by these imports inherit the held mask; the main thread's is restored.
_before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
try:
    from centra_bridge.cli._common import app
    from centra_bridge.cli._main import main, run
    from centra_bridge.cli._sync import describe
finally:
    signal.pthread_sigmask(signal.SIG_SETMASK, _before)

__all__ = ["app", "describe", "main", "run"]
