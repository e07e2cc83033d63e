"""``centra-bridge check``: can we reach Centra, and which features does the token allow?"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from centra_bridge.cli._common import (
    EndpointOption,
    JsonOption,
    TokenOption,
    app,
    console,
    print_json,
    state,
)
from centra_bridge.config import Settings, load_settings
from centra_bridge.readiness import Readiness, readiness

REQUIRED_FEATURE = "sync"


def sync_ready(ready: Readiness) -> bool:
    return ready.feature(REQUIRED_FEATURE).status != "blocked"


def readiness_data(ready: Readiness, settings: Settings) -> dict[str, Any]:
    """What ``--json`` prints for a readiness check."""
    return {**asdict(ready), "sync_ready": sync_ready(ready), "rate_share": settings.rate_share}


def render_readiness(ready: Readiness, settings: Settings) -> None:
    """The readiness per feature as tables, and what to grant."""
    version = ready.centra_version or "unknown"
    console.print(f"Connected to [bold]{escape(ready.endpoint)}[/] (Centra {version}).")
    budget = ", ".join(
        f"{row['remainingQuota']:,}/{row['quota']:,} {row['type'].lower().replace('_', ' ')}"
        for row in ready.rate_limits
        if row["intervalSeconds"] == "TEN_SECONDS"
    )
    if budget:
        console.print(
            f"Rate limit left in this 10 s window: {budget}. The sync uses at most "
            f"{settings.rate_share:.0%} of the shop's limits (rate_share)."
        )
    table = Table(title="Permissions per feature")
    for column in ("Feature", "Status", "Missing", "Not probed yet"):
        table.add_column(column, overflow="fold")  # permission names are never cut short
    for feature in ready.features:
        needed = len(feature.granted) + len(feature.missing) + len(feature.unverified)
        verdict = {
            "blocked": "[red]✗ blocked[/]",
            "unverified": f"[yellow]? {len(feature.granted)}/{needed} verified[/]",
            "ready": "[green]✓ ready[/]",
        }[feature.status]
        table.add_row(
            feature.title,
            verdict,
            "[red]" + "\n".join(feature.missing) + "[/]" if feature.missing else "",
            "\n".join(feature.unverified),
        )
    console.print(table)
    if ready.missing:
        console.print(
            f"Grant the token {', '.join(ready.missing)} in Centra (System → API tokens → edit "
            "the token), and check it has those not probed yet: read permissions behind a "
            "missing one can only be probed once it is granted; write permissions are checked "
            "when first used."
        )


@app.command()
def check(
    endpoint: EndpointOption = None, token: TokenOption = None, as_json: JsonOption = False
) -> None:
    """Check the endpoint and token, and list each feature's permissions as granted or missing.

    Exits with 2 when a permission the sync needs is missing.
    """
    settings = load_settings(state.config, endpoint=endpoint, token=token)
    with settings.client() as client:
        ready = readiness(client)
    if as_json:
        print_json(readiness_data(ready, settings))
    else:
        render_readiness(ready, settings)
    if not sync_ready(ready):
        if not as_json:
            console.print("[red]The sync cannot run with this token.[/]")
        raise typer.Exit(2)
