"""Analytics from the synced warehouse: the "Order items" and "Return items" query types of
seed 003, each dimension and metric defined once (``QUERY_TYPES``).

>>> with Reader(Path("centra-bridge.duckdb")) as reader:
...     table = run_query(reader, Query("order-items", ("month", "market"), ("net_revenue",)))
"""

from centra_bridge.analytics._query import AnalyticsError, Query, create_views, run_query, sql_of
from centra_bridge.analytics._semantics import QUERY_TYPES, VIEWS, Dimension, Metric, QueryType

__all__ = [
    "QUERY_TYPES",
    "VIEWS",
    "AnalyticsError",
    "Dimension",
    "Metric",
    "Query",
    "QueryType",
    "create_views",
    "run_query",
    "sql_of",
]
