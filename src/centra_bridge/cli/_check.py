"""``centra-bridge check``: can we reach Centra, and which features does the token allow?"""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from centra_bridge.cli._app import EndpointOption, TokenOption, app, console, state
from centra_bridge.client import FEATURES, CentraClient, probe_permissions
from centra_bridge.config import Settings, load_settings

REQUIRED_FEATURE = "sync"


def report_permissions(client: CentraClient, settings: Settings) -> bool:
    """Probe the token, print a table per feature, and say whether the sync can run."""
    limits = client.read_rate_limits() or []  # first: the budget then needs no read of its own
    report = probe_permissions(client)
    version = client.last_extensions.app_version or "unknown"
    console.print(f"Connected to [bold]{escape(settings.endpoint)}[/] (Centra {version}).")
    budget = ", ".join(
        f"{row['remainingQuota']:,}/{row['quota']:,} {row['type'].lower().replace('_', ' ')}"
        for row in limits
        if row["intervalSeconds"] == "TEN_SECONDS"
    )
    if budget:
        console.print(
            f"Rate limit left in this 10 s window: {budget}. The sync uses at most "
            f"{settings.rate_share:.0%} of the shop's limits (rate_share)."
        )
    # Only features a command uses today: a "blocked" verdict on one not built yet misleads.
    features = [f for f in FEATURES if f.command]
    table = Table(title="Permissions per feature")
    for column in ("Feature", "Status", "Missing", "Not probed yet"):
        table.add_column(column, overflow="fold")  # permission names are never cut short
    sync_ready = True
    for feature in features:
        by_status: dict[str, list[str]] = {"granted": [], "missing": [], "unverified": []}
        for permission in feature.permissions:
            by_status[report.status(permission)].append(permission)
        if by_status["missing"]:
            verdict = "[red]✗ blocked[/]"
            sync_ready = sync_ready and feature.name != REQUIRED_FEATURE
        elif by_status["unverified"]:
            verdict = (
                f"[yellow]? {len(by_status['granted'])}/{len(feature.permissions)} verified[/]"
            )
        else:
            verdict = "[green]✓ ready[/]"
        table.add_row(
            feature.title,
            verdict,
            "[red]" + "\n".join(by_status["missing"]) + "[/]" if by_status["missing"] else "",
            "\n".join(by_status["unverified"]),
        )
    console.print(table)
    missing = sorted({p for f in features for p in f.permissions if report.status(p) == "missing"})
    if missing:
        console.print(
            f"Grant the token {', '.join(missing)} in Centra (System → API tokens → edit the "
            "token), and check it has those not probed yet: read permissions behind a missing "
            "one can only be probed once it is granted; write permissions are checked when "
            "first used."
        )
    return sync_ready


@app.command()
def check(endpoint: EndpointOption = None, token: TokenOption = None) -> None:
    """Check the endpoint and token, and list each feature's permissions as granted or missing.

    Exits with 2 when a permission the sync needs is missing.
    """
    settings = load_settings(state.config, endpoint=endpoint, token=token)
    with settings.client() as client:
        ready = report_permissions(client, settings)
    if not ready:
        console.print("[red]The sync cannot run with this token.[/]")
        raise typer.Exit(2)
