"""The ``centra-bridge`` command: global options, error handling, and the command modules."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console

from centra_bridge.errors import CentraBridgeError

app = typer.Typer(
    name="centra-bridge",
    help="Sync, automate and emulate Centra's Integration GraphQL API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # our handler prints one line; --debug prints the traceback
    add_completion=False,
)
emulator_app = typer.Typer(help="Run the bundled local Centra emulator.", no_args_is_help=True)
app.add_typer(emulator_app, name="emulator")

console = Console()
err_console = Console(stderr=True)


class _State:
    debug = False
    config: Path | None = None


state = _State()

EndpointOption = Annotated[
    str | None,
    typer.Option(help="Centra GraphQL URL [env CENTRA_BRIDGE_ENDPOINT]", show_default=False),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        help="Integration API token; prefer the env var CENTRA_BRIDGE_TOKEN", show_default=False
    ),
]
DuckdbOption = Annotated[
    Path | None,
    typer.Option(help="DuckDB warehouse file [env CENTRA_BRIDGE_DUCKDB_PATH]", show_default=False),
]


@app.callback()
def _global(
    debug: Annotated[
        bool, typer.Option("--debug", help="Log requests and show tracebacks.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(help="TOML settings file [default ./centra-bridge.toml]", show_default=False),
    ] = None,
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


def run(args: list[str] | None = None) -> int:
    """Run the CLI with ``args`` and return the exit code; never lets a traceback out."""
    from centra_bridge.cli import _check, _demo, _emulator, _sync  # noqa: F401 (registers commands)

    try:
        # Outside standalone mode click returns typer.Exit's code instead of raising it.
        result = app(args=args, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        err_console.print("Interrupted.")
        return 130
    except CentraBridgeError as exc:
        if state.debug:
            err_console.print_exception(show_locals=False)
        err_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
        if exc.hint:
            err_console.print(f"[yellow]Hint:[/] {exc.hint}", highlight=False)
        return 1
    except Exception as exc:  # noqa: BLE001 (the last resort that keeps tracebacks away)
        if state.debug:
            err_console.print_exception(show_locals=False)
        err_console.print(
            f"[bold red]Unexpected error:[/] {type(exc).__name__}: {exc}", highlight=False
        )
        err_console.print(
            "[yellow]Hint:[/] this is a bug in centra-bridge: rerun with --debug and report it."
        )
        return 70
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())
