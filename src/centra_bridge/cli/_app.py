"""The ``centra-bridge`` command: global options, error handling, and the command modules."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.main
from rich.console import Console
from rich.markup import escape

from centra_bridge import __version__
from centra_bridge.errors import CentraBridgeError

app = typer.Typer(
    name="centra-bridge",
    help="Sync, automate and emulate Centra's Integration GraphQL API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # our handler prints one line; --debug prints the traceback
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every command
)
emulator_app = typer.Typer(help="Run the bundled local Centra emulator.", no_args_is_help=True)
app.add_typer(emulator_app, name="emulator")

console = Console()
err_console = Console(stderr=True)

INTERRUPTED = "Interrupted: stopped at once; the next run resumes from the last committed load."
# pydantic puts these in front of the messages of our own validators.
_PYDANTIC_PREFIX = re.compile(r"\b(Value error|Assertion failed), ")


class _State:
    debug = False
    config: Path | None = None


state = _State()

# Help texts go through rich markup: a literal "[" must be escaped or "[env X]" vanishes.
EndpointOption = Annotated[
    str | None,
    typer.Option(help="Centra GraphQL URL \\[env CENTRA_BRIDGE_ENDPOINT]", show_default=False),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        help="Integration API token; prefer the env var CENTRA_BRIDGE_TOKEN", show_default=False
    ),
]
DuckdbOption = Annotated[
    Path | None,
    typer.Option(
        help="DuckDB warehouse file \\[env CENTRA_BRIDGE_DUCKDB_PATH]", show_default=False
    ),
]
TablesOption = Annotated[
    str | None,
    typer.Option(
        help="Comma-separated tables (default: all) \\[env CENTRA_BRIDGE_TABLES]",
        show_default=False,
    ),
]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 page``, ``2,000 pages``: summaries count with thousands separators."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def _show_version(value: bool) -> None:
    if value:
        console.print(f"centra-bridge {__version__}", highlight=False)
        raise typer.Exit


@app.callback()
def _global(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Log requests and show tracebacks (before or after the command)."
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            help="TOML settings file \\[default: ./centra-bridge.toml]", show_default=False
        ),
    ] = None,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            is_eager=True,
            callback=_show_version,
            expose_value=False,
        ),
    ] = False,
) -> None:
    state.debug = debug
    state.config = config
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not debug:
        logging.getLogger("httpx").setLevel(logging.WARNING)
        # A retry is not news: the error after the last one is (with its hint).
        logging.getLogger("stamina").setLevel(logging.ERROR)


def _hoist_debug(args: list[str]) -> list[str]:
    """``--debug`` anywhere before a ``--`` becomes the global option: error hints say "rerun
    with --debug", and users append it to the command they just ran."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]


def _print_error(exc: CentraBridgeError) -> None:
    # soft_wrap: one line each, even in a log file; escape: messages may hold "[...]".
    message = _PYDANTIC_PREFIX.sub("", exc.message)
    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if exc.hint:
        err_console.print(f"[yellow]Hint:[/] {escape(exc.hint)}", highlight=False, soft_wrap=True)


def run(args: list[str] | None = None) -> int:  # noqa: PLR0911 (every exit code, in one place)
    """Run the CLI with ``args`` and return the exit code; never lets a traceback out."""
    from centra_bridge.cli import _check, _demo, _emulator, _sync  # noqa: F401 (registers commands)

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


def main() -> None:
    sys.exit(run())
