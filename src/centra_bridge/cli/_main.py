"""Running the ``centra-bridge`` command: the command modules, error handling, exit codes."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

import typer
import typer.main
from rich.markup import escape

from centra_bridge.cli import (  # noqa: F401 (register commands)
    _check,
    _demo,
    _emulator,
    _erp,
    _invitations,
    _query,
    _report,
    _service,
    _sync,
)
from centra_bridge.cli._common import INTERRUPTED, PYDANTIC_PREFIX, app, err_console, state
from centra_bridge.errors import CentraBridgeError

__all__ = ["main", "run"]


def _hoist_debug(args: list[str]) -> list[str]:
    """``--debug`` anywhere before a ``--`` becomes the global option: error hints say "rerun
    with --debug", and users append it to the command they just ran."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]


def _print_error(exc: CentraBridgeError) -> None:
    # soft_wrap: one line each, even in a log file; escape: messages may hold "[...]".
    message = PYDANTIC_PREFIX.sub("", exc.message)
    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if exc.hint:
        err_console.print(f"[yellow]Hint:[/] {escape(exc.hint)}", highlight=False, soft_wrap=True)


def run(args: list[str] | None = None) -> int:  # noqa: PLR0911 (every exit code, in one place)
    """Run the CLI with ``args`` and return the exit code; never lets a traceback out."""
    state.debug, state.config = False, None
    argv = _hoist_debug(list(sys.argv[1:] if args is None else args))
    command = typer.main.get_command(app)
    try:
        # Parse and invoke directly rather than through ``app(standalone_mode=False)``: that
        # turns Ctrl-C into a silent exit 130, and typer raises its own (vendored) click
        # exceptions, not the ``click`` package's.
        with command.make_context("centra-bridge", argv) as ctx:
            result = command.invoke(ctx)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:
        # Usage errors (unknown option or command, missing or invalid value): click's usual
        # "Usage: ... Error: ..." lines and exit code 2.
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err_console.print(f"Error: {escape(exc.format_message())}", highlight=False)
        return exc.exit_code
    except typer.Abort:
        err_console.print("Aborted.")
        return 1
    except KeyboardInterrupt:
        if state.debug:
            err_console.print_exception(show_locals=False)
        err_console.print(INTERRUPTED, highlight=False, soft_wrap=True)
        return 130
    except CentraBridgeError as exc:
        if state.debug:
            err_console.print_exception(show_locals=False)
        _print_error(exc)
        return 1
    except Exception as exc:  # noqa: BLE001 (the last resort that keeps tracebacks away)
        if state.debug:
            err_console.print_exception(show_locals=False)
        err_console.print(
            f"[bold red]Unexpected error:[/] {type(exc).__name__}: {escape(str(exc))}",
            highlight=False,
            soft_wrap=True,
        )
        err_console.print(
            "[yellow]Hint:[/] this is a bug in centra-bridge: rerun with --debug and report it."
        )
        return 70
    return result if isinstance(result, int) else 0


def main() -> NoReturn:
    code = run()
    # The work is over (files closed, state committed): end the process without Python's
    # teardown of every module a command imported (dlt, pyarrow, SQLAlchemy...), which takes
    # about 0.7 s. Threads and exit handlers still finish first, as at a normal exit.
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to flush to
            stream.flush()
    os._exit(code)
