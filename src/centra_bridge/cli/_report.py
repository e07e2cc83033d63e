"""``centra-bridge report``: the merchandiser's HTML page from the synced warehouse. The work is
``centra_bridge.analytics``'; this writes the file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from centra_bridge import analytics
from centra_bridge.cli._common import app, console, state
from centra_bridge.config import load_warehouse_settings
from centra_bridge.redact import first_line
from centra_bridge.warehouse import Reader, duckdb_file


def write_report(location: str | Path, output: Path, *, timezone: str = "UTC") -> Path:
    """Build the report from the warehouse at ``location`` and write it to ``output``; returns
    the file's absolute path."""
    with Reader(location) as reader:
        page = analytics.render_html(analytics.build_report(reader, timezone=timezone))
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        msg = f"The report cannot be written to {output}: {exc.strerror or first_line(exc)}"
        raise analytics.ReportError(msg, hint="Choose another path with -o.") from None
    return output.resolve()


@app.command("report")
def report_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write")] = Path(
        "report.html"
    ),
    timezone: Annotated[str, typer.Option(help="Days, weeks and months in this zone")] = "UTC",
) -> None:
    """One self-contained HTML page (works offline): net revenue per market over time, top
    products and sizes, return rates, new vs returning customers, stock cover."""
    settings = load_warehouse_settings(state.config)
    location = duckdb_file(settings) or settings.destination or ""
    written = write_report(location, output, timezone=timezone)
    console.print(f"Wrote the report to {written}", highlight=False, soft_wrap=True)
