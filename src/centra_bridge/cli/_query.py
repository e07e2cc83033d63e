"""``centra-bridge query``: the "Order items" and "Return items" query types from the synced
warehouse, as a table, CSV, JSON or Parquet. The work is ``centra_bridge.analytics``'."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from centra_bridge import analytics
from centra_bridge.cli._common import app, console, state
from centra_bridge.config import load_warehouse_settings
from centra_bridge.warehouse import Reader, describe_destination, duckdb_file

FORMATS = ("table", "csv", "json", "parquet")


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"{option} {value!r} is not a date"
        raise analytics.AnalyticsError(
            msg, hint=f"Write it as YYYY-MM-DD, e.g. {option} 2026-01-31."
        ) from None


def _list() -> None:
    for qtype in analytics.QUERY_TYPES.values():
        table = Table(title=f"{qtype.name}: {qtype.description}")
        for column in ("Kind", "Name", "Definition"):
            table.add_column(column, overflow="fold")
        for dimension in qtype.dimensions.values():
            table.add_row("dimension", dimension.name, escape(dimension.description))
        for metric in qtype.metrics.values():
            table.add_row("metric", metric.name, escape(metric.description))
        console.print(table)


@app.command("query")
def query_command(
    query_type: Annotated[
        str | None, typer.Argument(help="order-items or return-items", show_default=False)
    ] = None,
    dimensions: Annotated[str | None, typer.Option(help="e.g. month,market")] = None,
    metrics: Annotated[str | None, typer.Option(help="e.g. net_revenue,quantity")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD")] = None,
    store: Annotated[list[int] | None, typer.Option(help="Store id (repeatable)")] = None,
    timezone: Annotated[str, typer.Option(help="Days, weeks... in this zone")] = "UTC",
    base_currency: Annotated[
        bool, typer.Option("--base-currency", help="Money in the base currency")
    ] = False,
    returns_by: Annotated[str, typer.Option(help="Date return items by: order or return")] = (
        "order"
    ),
    output_format: Annotated[str, typer.Option("--format", help="table, csv, json or parquet")] = (
        "table"
    ),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file")
    ] = None,
    list_all: Annotated[
        bool, typer.Option("--list", help="Every query type, dimension and metric, defined")
    ] = False,
    views: Annotated[
        bool,
        typer.Option(
            "--create-views", help="Create the order_items and return_items views for BI tools"
        ),
    ] = False,
) -> None:
    """Order items or return items from the warehouse, by the dimensions and metrics asked."""
    if list_all:
        _list()
        return
    settings = load_warehouse_settings(state.config)
    location = duckdb_file(settings) or settings.destination or ""
    if views:
        names = analytics.create_views(location)
        console.print(f"Created the views {', '.join(names)} in {describe_destination(settings)}.")
        return
    if query_type is None:
        msg = "Name the query type: order-items or return-items"
        raise analytics.AnalyticsError(
            msg, hint="e.g. centra-bridge query order-items --metrics quantity"
        )
    if output_format not in FORMATS:  # a usage error, as an invalid value of any option
        msg = f"{output_format!r} is not one of {', '.join(FORMATS)}"
        raise typer.BadParameter(msg, param_hint="--format")
    if output_format == "parquet" and output is None:
        msg = "Parquet is binary: it needs a file"
        raise analytics.AnalyticsError(msg, hint="Add -o result.parquet.")
    query = analytics.Query(
        query_type,
        _names(dimensions),
        _names(metrics),
        _day(date_from, "--from"),
        _day(date_to, "--to"),
        tuple(store or ()),
        timezone,
        base_currency,
        returns_by,
    )
    with Reader(location) as reader:
        result = analytics.run_query(reader, query)
    _write(result, output_format, output)


def _write(result: object, output_format: str, output: Path | None) -> None:
    import pyarrow as pa

    assert isinstance(result, pa.Table)
    if output_format == "table":
        table = Table(show_lines=False)
        for name in result.column_names:
            table.add_column(name, overflow="fold")
        for row in result.to_pylist():
            table.add_row(*(escape("" if v is None else str(v)) for v in row.values()))
        if output is None:
            console.print(table)
        else:
            with output.open("w", encoding="utf-8") as handle:
                Console(file=handle, width=200).print(table)
        return
    if output_format == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(result, str(output))
        return
    if output_format == "csv":
        import pyarrow.csv as pcsv

        sink = pa.BufferOutputStream()
        pcsv.write_csv(result, sink)
        text = sink.getvalue().to_pybytes().decode()
    else:
        import json

        text = json.dumps(result.to_pylist(), default=str, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
