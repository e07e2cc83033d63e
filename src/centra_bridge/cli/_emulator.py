"""``centra-bridge emulator serve``: the local Centra, standalone."""

from __future__ import annotations

import difflib
import json
import os
import sys
from typing import Annotated

import typer

from centra_bridge.cli._common import JsonOption, console, emulator_app, print_json
from centra_bridge.errors import ConfigError

TOKEN_ENV = "CENTRA_BRIDGE_EMULATOR_TOKEN"  # noqa: S105 (a variable name)


def _known_permissions() -> set[str]:
    from centra_bridge.emulator import all_permissions, build_schema

    return all_permissions(build_schema())


def _permission_set(value: str | None) -> str | None:
    """Refuse names the emulator does not know: a typo would silently deny that permission."""
    if value is None:
        return None
    known = _known_permissions()
    unknown = [p for p in (p.strip() for p in value.split(",")) if p and p not in known]
    if unknown:
        named = ", ".join(_suggest(name, known) for name in unknown)
        msg = (
            f"unknown permission{'s' if len(unknown) > 1 else ''} {named}. "
            "Run `centra-bridge emulator permissions` to list the valid names."
        )
        raise typer.BadParameter(msg)
    return value


def _suggest(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"{name} (did you mean {close[0]}?)" if close else name


@emulator_app.command("permissions")
def permissions_command(as_json: JsonOption = False) -> None:
    """List every permission the emulator knows, for serve --permissions."""
    if as_json:
        print_json(sorted(_known_permissions()))
        return
    for name in sorted(_known_permissions()):
        console.print(name, highlight=False)


@emulator_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 8080,
    orders: Annotated[int, typer.Option(min=0, help="Orders in the seeded shop.")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of the generated shop.")] = 1,
    scenario: Annotated[
        str,
        typer.Option(help="Shop to serve: default, erp-guide or pim-guide (their guides' ids)."),
    ] = "default",
    tier: Annotated[
        str,
        typer.Option(help="Rate-limit tier: growth, enhanced, high-volume, enterprise, unlimited."),
    ] = "growth",
    permissions: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated permissions of the token (default: all); "
            "`centra-bridge emulator permissions` lists them.",
            show_default=False,
            callback=_permission_set,
        ),
    ] = None,
    integration: Annotated[
        str, typer.Option(help="The token's integration name.")
    ] = "centra-bridge",
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print one JSON line (url, token, orders) when ready, then serve"
        ),
    ] = False,
) -> None:
    """Serve a seeded Centra Integration API on http://HOST:PORT/graphql until Ctrl-C.

    The token is read from CENTRA_BRIDGE_EMULATOR_TOKEN, or generated and shown once.
    """
    from centra_bridge.emulator import SCENARIOS, TIERS, Emulator, EmulatorServer, apply_scenario

    if tier not in TIERS:
        msg = f"Unknown tier {tier!r}"
        raise ConfigError(msg, hint=f"Use one of: {', '.join(TIERS)}.")
    if scenario not in SCENARIOS:
        msg = f"Unknown scenario {scenario!r}"
        raise ConfigError(msg, hint=f"Use one of: {', '.join(SCENARIOS)}.")
    emulator = Emulator(tier=tier)
    apply_scenario(emulator.shop, scenario, seed=seed, orders=orders)
    granted = (
        None if permissions is None else {p.strip() for p in permissions.split(",") if p.strip()}
    )
    given = os.environ.get(TOKEN_ENV)
    token = emulator.add_token(given, permissions=granted, integration=integration)
    try:
        server = EmulatorServer(emulator, host=host, port=port)
    except OSError as exc:
        msg = f"Cannot listen on {host}:{port}: {exc.strerror}"
        raise ConfigError(msg, hint="Pick another --port.") from exc
    if as_json:  # for scripts that start it: where it is and how to call it, on one line
        print(json.dumps({"url": server.url, "token": token, "orders": len(emulator.shop.orders)}))
        sys.stdout.flush()
        server.serve_forever()
        return
    console.print(
        f"Centra emulator: [bold]{server.url}[/] "
        f"({len(emulator.shop.orders):,} orders, scenario {scenario}, tier {tier})."
    )
    if given:
        console.print(f"Token: from {TOKEN_ENV}.")
    else:
        # A local test token, shown once so the user can call the emulator; never logged.
        console.print(f"Token (generated; set {TOKEN_ENV} to choose one): {token}")
    console.print("Press Ctrl-C to stop.")
    server.serve_forever()
