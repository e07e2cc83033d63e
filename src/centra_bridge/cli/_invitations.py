"""``centra-bridge invitations ...``: review invitations from orders (preview, run, list, cancel,
retry, send-now). The work is ``centra_bridge.invitations``'; this renders it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from centra_bridge import invitations
from centra_bridge.cli._common import (
    EndpointOption,
    JsonOption,
    TokenOption,
    app,
    console,
    plural,
    print_json,
    state,
)
from centra_bridge.config import Settings, load_settings

invitations_app = typer.Typer(
    help="Review invitations from shipped orders, sent once (Lipscore or a signed webhook).",
    no_args_is_help=True,
)
app.add_typer(invitations_app, name="invitations")


def _settings(endpoint: str | None = None, token: str | None = None) -> Settings:
    return load_settings(state.config, endpoint=endpoint, token=token)


def _outcomes(report: invitations.RunReport, *, everything: bool) -> None:
    shown = [o for o in report.outcomes if everything or o.action != "waiting"]
    if not shown:
        console.print("No order reached the trigger.")
        return
    table = Table(title="Orders")
    for column in ("Order", "Decision", "Invitation", "Send at", "Why"):
        table.add_column(column, overflow="fold")
    for outcome in shown:
        table.add_row(
            str(outcome.number),
            outcome.action,
            outcome.invitation or "",
            f"{outcome.send_at:%Y-%m-%d %H:%M} UTC" if outcome.send_at else "",
            escape(outcome.reason),
        )
    console.print(table)


def _order_numbers(text: str) -> list[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    wrong = [part for part in parts if not part.isdigit()]
    if wrong or not parts:
        given = ", ".join(repr(part) for part in wrong) or repr(text)
        msg = f"expected order numbers separated by commas, got {given}"
        raise typer.BadParameter(msg, param_hint="--orders")
    return [int(part) for part in parts]


@invitations_app.command("preview")
def preview_command(
    orders: Annotated[
        str | None, typer.Option(help="Order numbers, e.g. 1001,1002 (default: the scan's)")
    ] = None,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """What a run would decide for each order, and why, recording and sending nothing."""
    settings = _settings(endpoint, token)
    numbers = _order_numbers(orders) if orders else None
    with settings.client() as client:
        report = invitations.preview(settings.invitations, client, numbers)
    if as_json:
        print_json(asdict(report))
        return
    _outcomes(report, everything=bool(numbers))


@invitations_app.command("run")
def run_command(
    endpoint: EndpointOption = None, token: TokenOption = None, as_json: JsonOption = False
) -> None:
    """Decide from the order events, then deliver what is due (once; safe to repeat)."""
    settings = _settings(endpoint, token)
    with settings.client() as client:
        report = invitations.run(settings.invitations, client)
    if as_json:
        print_json(asdict(report))
        return
    _outcomes(report, everything=False)
    if report.dry_run:
        console.print(
            "Dry run: no provider is configured (invitations.provider), so nothing was sent."
        )
    elif report.delivery is not None:
        done = report.delivery
        console.print(
            f"Delivered {plural(done.sent, 'invitation')}; {done.retrying:,} to retry, "
            f"{done.failed:,} failed."
        )
        for error in done.errors[:5]:
            console.print(f"  [yellow]{escape(error)}[/]", highlight=False)


def _views(views: list[invitations.InvitationView], as_json: bool) -> None:
    if as_json:
        print_json([asdict(v) for v in views])
        return
    if not views:
        console.print("No invitations.")
        return
    table = Table(title="Invitations")
    for column in ("Id", "Status", "Send at", "Orders", "Buyer", "Products", "Tries", "Error"):
        table.add_column(column, overflow="fold")
    for view in views:
        table.add_row(
            str(view.id),
            view.status,
            f"{view.send_at:%Y-%m-%d %H:%M} UTC",
            ", ".join(map(str, view.orders)),
            escape(view.email or ""),
            str(view.products),
            str(view.attempts),
            escape(view.last_error or ""),
        )
    console.print(table)


@invitations_app.command("list")
def list_command(
    status: Annotated[
        str | None,
        typer.Option(help=f"Only these: {', '.join(invitations.STATUSES)}", show_default=False),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The invitations decided so far, with their status and last error."""
    settings = _settings()
    store = invitations.open_store(settings.invitations)
    try:
        _views(invitations.list_invitations(store, status), as_json)
    finally:
        store.close()


def _change(invitation_id: int, action: str, as_json: bool) -> None:
    from datetime import UTC, datetime

    settings = _settings()
    store = invitations.open_store(settings.invitations)
    try:
        view = invitations.change(store, invitation_id, action, datetime.now(UTC))
    finally:
        store.close()
    data: dict[str, Any] = asdict(view)
    if as_json:
        print_json(data)
        return
    console.print(f"Invitation {view.id} ({view.key}) is {view.status} now.")


@invitations_app.command("cancel")
def cancel_command(invitation_id: int, as_json: JsonOption = False) -> None:
    """Cancel a pending invitation."""
    _change(invitation_id, "cancel", as_json)


@invitations_app.command("retry")
def retry_command(invitation_id: int, as_json: JsonOption = False) -> None:
    """Try a failed invitation again at the next run."""
    _change(invitation_id, "retry", as_json)


@invitations_app.command("send-now")
def send_now_command(invitation_id: int, as_json: JsonOption = False) -> None:
    """Make a pending invitation due now: the next run sends it."""
    _change(invitation_id, "send-now", as_json)
