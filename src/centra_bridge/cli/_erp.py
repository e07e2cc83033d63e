"""``centra-bridge erp plan|apply DIR``: the catalog push from a directory of ERP files;
``centra-bridge erp orders ...``: fulfilment with an ERP through files (export and lock,
shipments, returns, cancels). The work is ``centra_bridge.erp``'s; this renders it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from centra_bridge import erp
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

erp_app = typer.Typer(
    help="The ERP side of Centra's guide: the catalog push (plan, apply) and fulfilment "
    "(orders), from files.",
    no_args_is_help=True,
)
orders_app = typer.Typer(
    help="Export ready orders to the warehouse (locked), import its shipments, returns and "
    "cancellations, each applied once.",
    no_args_is_help=True,
)
erp_app.add_typer(orders_app, name="orders")
app.add_typer(erp_app, name="erp")

REFUSED_EXIT = 3  # some rows were refused; the others were applied

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", help="jsonl or csv \\[default: from the file name]", show_default=False
    ),
]
FileArgument = Annotated[Path, typer.Argument(help="A CSV or JSON Lines file (see docs/erp.md)")]


def _settings(endpoint: str | None, token: str | None) -> Settings:
    return load_settings(state.config, endpoint=endpoint, token=token)


def _exported(result: erp.ExportResult) -> None:
    console.print(
        f"Exported {plural(len(result.orders), 'order')} ({plural(result.lines, 'line')}) to "
        f"{escape(result.path)}, locked in Centra"
        + (" (from the events' view)" if result.from_events else "")
        + ".",
        highlight=False,
    )
    if result.recovered:
        console.print(
            f"{plural(len(result.recovered), 'order')} of them had been locked by an export that "
            "stopped before writing them.",
            highlight=False,
        )
    if result.claimed_elsewhere:
        console.print(
            f"Skipped {plural(len(result.claimed_elsewhere), 'order')} another export is "
            "handing out right now.",
            highlight=False,
        )
    if result.not_locked:
        shown = ", ".join(map(str, result.not_locked[:10]))
        console.print(f"[yellow]Centra did not lock {shown}: not exported.[/]", highlight=False)


@orders_app.command("export")
def export_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write (.jsonl or .csv)")
    ],
    fmt: FormatOption = None,
    events: Annotated[
        bool,
        typer.Option(
            "--events",
            help="Take the orders Centra's events named (consumes this token's events queue)",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many orders", show_default=False)
    ] = None,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the orders ready for the warehouse, and lock them in Centra.

    Ready: confirmed, not on hold, not locked. Locked and claimed, so that no other export
    hands them out again.
    """
    settings = _settings(endpoint, token)
    with settings.client() as client:
        if events:
            result = erp.export_from_events(client, settings.erp, output, fmt=fmt, limit=limit)
        else:
            result = erp.export_orders(client, settings.erp, output, fmt=fmt, limit=limit)
    if as_json:
        print_json(asdict(result))
        return
    _exported(result)


def _imported(report: erp.ImportReport, noun: str, as_json: bool) -> None:
    if as_json:
        print_json(asdict(report))
    else:
        console.print(
            f"Applied {plural(len(report.applied), noun)}; "
            f"{plural(len(report.skipped), noun)} applied before (nothing sent); "
            f"{plural(len(report.refused), 'row')} refused.",
            highlight=False,
        )
        if report.ignored_columns:
            console.print(
                f"Ignored columns: {escape(', '.join(report.ignored_columns))}.", highlight=False
            )
        for refusal in report.refused:  # a line each: schedulers' logs keep them whole
            key = f" ({escape(refusal.key)})" if refusal.key else ""
            console.print(
                f"[yellow]{refusal.where}{key}:[/] {escape(refusal.reason)}. "
                f"{escape(refusal.hint[:1].upper() + refusal.hint[1:])}.",
                highlight=False,
                soft_wrap=True,
            )
    if report.refused:
        raise typer.Exit(REFUSED_EXIT)


@orders_app.command("ship")
def ship_command(
    file: FileArgument,
    fmt: FormatOption = None,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import shipments: create, pay and complete each, once per erp_shipment_id.

    Paid as erp.capture says (capture, mark-paid or none). Exits with 3 when rows were refused.
    """
    settings = _settings(endpoint, token)
    with settings.client() as client:
        report = erp.import_shipments(client, settings.erp, file, fmt=fmt)
    _imported(report, "shipment", as_json)


@orders_app.command("return")
def return_command(
    file: FileArgument,
    fmt: FormatOption = None,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import returns: create and complete each, once per erp_return_id.

    On the shipments that shipped the items, with the row's stock policy (release or remove).
    Exits with 3 when rows were refused.
    """
    settings = _settings(endpoint, token)
    with settings.client() as client:
        report = erp.import_returns(client, settings.erp, file, fmt=fmt)
    _imported(report, "return", as_json)


@orders_app.command("cancel")
def cancel_command(
    file: FileArgument,
    fmt: FormatOption = None,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import cancellations: cancel the items on their orders, once per erp_cancel_id.

    Exits with 3 when rows were refused.
    """
    settings = _settings(endpoint, token)
    with settings.client() as client:
        report = erp.import_cancels(client, settings.erp, file, fmt=fmt)
    _imported(report, "cancellation", as_json)


# -- the catalog push ---------------------------------------------------------------------------

DirectoryArgument = Annotated[
    Path,
    typer.Argument(
        help="The ERP's catalog: products.csv, variants.csv, sizes.csv, ... (CSV, JSON Lines or "
        "Parquet; see docs/erp.md)"
    ),
]
_SHOWN = 20  # creates listed by id per entity; the rest are counted


def _invalid_line(invalid: erp.Invalid) -> None:
    column = f" ({escape(invalid.column_name)})" if invalid.column_name else ""
    key = f" {escape(invalid.key)}" if invalid.key else ""
    hint = invalid.hint[:1].upper() + invalid.hint[1:]
    console.print(
        f"  [yellow]{invalid.where}{column}{key}:[/] {escape(invalid.reason)}. {escape(hint)}.",
        highlight=False,
        soft_wrap=True,
    )


def _planned(plan: erp.Plan) -> None:
    for entity in plan.entities:
        console.print(
            f"[bold]{entity.entity}[/]: {entity.unchanged:,} unchanged, "
            f"{len(entity.create):,} to create, {len(entity.update):,} to update, "
            f"{len(entity.invalid):,} invalid"
            + (f"; {len(entity.found):,} found in Centra unmapped, to map" if entity.found else ""),
            highlight=False,
        )
        if entity.create:
            keys = ", ".join(c.key for c in entity.create[:_SHOWN])
            more = (
                f" and {len(entity.create) - _SHOWN:,} more" if len(entity.create) > _SHOWN else ""
            )
            console.print(f"  [green]+[/] {escape(keys)}{more}", highlight=False, soft_wrap=True)
        for change in entity.update:
            fields = "; ".join(f"{f.field} {f.old!r} → {f.new!r}" for f in change.fields)
            console.print(
                f"  [cyan]~[/] {escape(change.key)} ({change.where}): {escape(fields)}",
                highlight=False,
                soft_wrap=True,
            )
        for invalid in entity.invalid:
            _invalid_line(invalid)
    for invalid in plan.not_rows:
        _invalid_line(invalid)
    for name, columns in plan.ignored_columns.items():
        console.print(f"Ignored columns of {escape(name)}: {escape(', '.join(columns))}.")


def _plan_json(plan: erp.Plan) -> dict[str, object]:
    return {"changes": plan.changes, "invalid": plan.invalid, **asdict(plan)}


@erp_app.command("plan")
def plan_command(
    directory: DirectoryArgument,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show what apply would change in Centra; changes nothing.

    Per entity: what is created, updated (with the changed fields), unchanged, and the invalid
    rows with file:line:column. Exits with 3 when rows are invalid.
    """
    settings = _settings(endpoint, token)
    with settings.client() as client:
        plan = erp.plan_catalog(client, settings.erp, directory)
    if as_json:
        print_json(_plan_json(plan))
    else:
        _planned(plan)
        console.print(
            f"{plural(plan.changes, 'change')} to apply, {plural(plan.invalid, 'invalid row')}.",
            highlight=False,
        )
    if plan.invalid:
        raise typer.Exit(REFUSED_EXIT)


def _applied(report: erp.ApplyReport) -> None:
    for entity in report.entities:
        console.print(
            f"[bold]{entity.entity}[/]: {entity.created:,} created, {entity.updated:,} updated, "
            f"{entity.unchanged:,} unchanged"
            + (f", {entity.mapped:,} mapped" if entity.mapped else "")
            + (f", [yellow]{len(entity.failed):,} failed[/]" if entity.failed else ""),
            highlight=False,
        )
        for failed in entity.failed:
            _invalid_line(failed)
    for invalid in report.invalid:
        _invalid_line(invalid)
    console.print(
        f"Sent {plural(report.mutations, 'mutation')} in {report.seconds:.1f} s; "
        f"{plural(len(report.invalid), 'invalid row')} skipped, "
        f"{plural(report.failed, 'row')} failed.",
        highlight=False,
    )


@erp_app.command("apply")
def apply_command(
    directory: DirectoryArgument,
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make Centra hold the ERP's catalog; asks nothing, safe to re-run.

    Size charts, warehouses, pricelists, products, variants, sizes, displays, prices, wholesale,
    stock, in that order. Unchanged rows send nothing; invalid rows are skipped with what
    depends on them. Exits with 3 when rows were invalid or Centra refused some.
    """
    settings = _settings(endpoint, token)
    with settings.client() as client:
        report = erp.apply_catalog(client, settings.erp, directory)
    if as_json:
        print_json({"failed": report.failed, **asdict(report)})
    else:
        _applied(report)
    if report.invalid or report.failed:
        raise typer.Exit(REFUSED_EXIT)
