"""What the command modules share: the app, its global options, consoles and renderers."""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from centra_bridge import __version__

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
PYDANTIC_PREFIX = re.compile(r"\b(Value error|Assertion failed), ")


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

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print the result as JSON (for scripts) instead of tables"),
]


def print_json(data: Any) -> None:
    """The result as JSON on stdout, nothing else: scripts and benches read it."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


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
