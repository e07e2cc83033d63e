"""Analytics from the synced warehouse: the "Order items" and "Return items" query types of
seed 003, each dimension and metric defined once (``QUERY_TYPES``).

>>> with Reader(Path("centra-bridge.duckdb")) as reader:
...     table = run_query(reader, Query("order-items", ("month", "market"), ("net_revenue",)))
>>> as_frame(table, "polars")  # or "pandas"
>>> with Reader(Path("centra-bridge.duckdb")) as reader:  # the merchandiser's page
...     page = render_html(build_report(reader, timezone="Europe/Stockholm"))
"""

from typing import TYPE_CHECKING

from centra_bridge._lazy import lazy_names

if TYPE_CHECKING:
    from centra_bridge.analytics._query import (
        AnalyticsError,
        Query,
        as_frame,
        create_views,
        run_query,
        sql_of,
    )
    from centra_bridge.analytics._report import (
        COVER_DAYS,
        Report,
        ReportError,
        build_report,
        render_html,
    )
    from centra_bridge.analytics._semantics import QUERY_TYPES, VIEWS, Dimension, Metric, QueryType

# Loaded on first use (centra_bridge._lazy): only `query`, `report` and the service need them.
__getattr__ = lazy_names(
    __name__,
    {
        "_query": ("AnalyticsError", "Query", "as_frame", "create_views", "run_query", "sql_of"),
        "_report": ("COVER_DAYS", "Report", "ReportError", "build_report", "render_html"),
        "_semantics": ("QUERY_TYPES", "VIEWS", "Dimension", "Metric", "QueryType"),
    },
)

__all__ = [
    "COVER_DAYS",
    "QUERY_TYPES",
    "VIEWS",
    "AnalyticsError",
    "Dimension",
    "Metric",
    "Query",
    "QueryType",
    "Report",
    "ReportError",
    "as_frame",
    "build_report",
    "create_views",
    "render_html",
    "run_query",
    "sql_of",
]
