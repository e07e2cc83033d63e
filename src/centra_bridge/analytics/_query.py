"""A query of the semantic layer turned into one SQL statement for the warehouse (DuckDB or
PostgreSQL: the SQL is the subset both speak) and run through ``warehouse.Reader``."""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from centra_bridge.analytics._semantics import QUERY_TYPES, VIEWS, Metric, QueryType
from centra_bridge.errors import CentraBridgeError
from centra_bridge.warehouse import Reader, define_views

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa


__all__ = ["AnalyticsError", "Query", "as_frame", "create_views", "run_query", "sql_of"]


class AnalyticsError(CentraBridgeError):
    default_hint = "Run `centra-bridge query --list` for every query type, dimension and metric."


@dataclass(frozen=True, slots=True)
class Query:
    """``order-items`` or ``return-items``, grouped by ``dimensions``; dates are local days in
    ``timezone``, both ends included; ``returns_by`` dates return items by ``order`` (default)
    or ``return`` date; ``base_currency`` converts money with each order's own rate."""

    type: str = "order-items"
    dimensions: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    stores: tuple[int, ...] = ()
    timezone: str = "UTC"
    base_currency: bool = False
    returns_by: str = "order"


def _known(kind: str, name: str, known: list[str]) -> None:
    if name in known:
        return
    close = difflib.get_close_matches(name, known, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    msg = f"Unknown {kind} {name!r}{guess}"
    raise AnalyticsError(msg, hint=f"Known {kind}s: {', '.join(known)}.")


def _checked(query: Query) -> QueryType:
    _known("query type", query.type, list(QUERY_TYPES))
    qtype = QUERY_TYPES[query.type]
    for name in query.dimensions:
        _known("dimension", name, list(qtype.dimensions))
    if not query.metrics:
        msg = f"The {query.type} query needs at least one metric"
        raise AnalyticsError(msg, hint=f"Metrics: {', '.join(qtype.metrics)}.")
    for name in query.metrics:
        _known("metric", name, list(qtype.metrics))
    _known("attribution", query.returns_by, list(qtype.dates))
    try:
        ZoneInfo(query.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"Unknown time zone {query.timezone!r}"
        raise AnalyticsError(msg, hint="Use an IANA name, e.g. Europe/Stockholm.") from None
    return qtype


def _aggregate(metric: Metric, rate: str) -> str:
    sql = metric.sql.replace("{rate}", rate)
    if metric.kind == "count":
        return f"cast({sql} as bigint)"
    places = 2 if metric.kind == "money" else 4
    return f"round(cast({sql} as decimal(18, 4)), {places})"


def sql_of(query: Query, placeholder: str = "?") -> tuple[str, list[object]]:
    """The statement and its parameters (``placeholder``: ``?`` for DuckDB, ``%s`` for
    PostgreSQL). The time zone is checked against the zone database before it is inlined."""
    qtype = _checked(query)
    if RATE in query.metrics:
        return _with_return_rate(query, placeholder)
    column = qtype.dates[query.returns_by]
    local = f"({column} at time zone '{query.timezone}')"
    rate = "currency_base_rate" if query.base_currency else "1"
    selected = [f"{_dimension_sql(qtype, d, query.timezone)} as {d}" for d in query.dimensions] + [
        f"{_aggregate(qtype.metrics[m], rate)} as {m}" for m in query.metrics
    ]
    where, params = _filters(query, placeholder)
    # Names and SQL come from the definitions; values are parameters; the zone was checked.
    sql = (
        f"with items as ({qtype.items}), dated as (select *, {local} as local_at from items) "  # noqa: S608
        f"select {', '.join(selected)} from dated{where}"
    )
    if query.dimensions:
        positions = ", ".join(str(i) for i in range(1, len(query.dimensions) + 1))
        sql += f" group by {positions} order by {positions}"
    return sql, params


RATE = "return_rate"


def _dimension_sql(qtype: QueryType, name: str, timezone: str) -> str:
    return qtype.dimensions[name].sql.replace("{date}", "local_at").replace("{tz}", timezone)


def _with_return_rate(query: Query, placeholder: str) -> tuple[str, list[object]]:
    """Return items with ``return_rate``: their grouping joined to the order items' of the same
    dimensions, filters and time zone (items ordered, dated by the order)."""
    ordered_in = QUERY_TYPES["order-items"].dimensions
    alien = [d for d in query.dimensions if d not in ordered_in]
    if alien:
        msg = f"{RATE} compares with order items, which have no {', '.join(alien)}"
        raise AnalyticsError(msg, hint=f"Group {RATE} by: {', '.join(ordered_in)}.")
    others = tuple(m for m in query.metrics if m != RATE)
    returned_sql, returned_params = sql_of(
        replace(query, metrics=tuple(dict.fromkeys((*others, "returned_quantity")))), placeholder
    )
    ordered = Query("order-items", query.dimensions, ("quantity",), query.date_from,
                    query.date_to, query.stores, query.timezone)  # fmt: skip
    ordered_sql, ordered_params = sql_of(ordered, placeholder)
    rate = "round(cast(r.returned_quantity * 1.0 / nullif(o.quantity, 0) as decimal(18, 4)), 4)"
    columns = [f"r.{d}" for d in query.dimensions] + [
        f"{rate} as {RATE}" if m == RATE else f"r.{m}" for m in query.metrics
    ]
    same = " and ".join(f"r.{d} is not distinct from o.{d}" for d in query.dimensions) or "1 = 1"
    sql = (
        f"select {', '.join(columns)} from ({returned_sql}) r "  # noqa: S608 (see sql_of)
        f"left join ({ordered_sql}) o on {same}"
    )
    if query.dimensions:
        sql += " order by " + ", ".join(str(i) for i in range(1, len(query.dimensions) + 1))
    return sql, returned_params + ordered_params


def _filters(query: Query, placeholder: str) -> tuple[str, list[object]]:
    conditions: list[str] = []
    params: list[object] = []
    if query.date_from is not None:
        conditions.append(f"cast(local_at as date) >= {placeholder}")
        params.append(query.date_from)
    if query.date_to is not None:
        conditions.append(f"cast(local_at as date) <= {placeholder}")
        params.append(query.date_to)
    if query.stores:
        conditions.append(f"store_id in ({', '.join(placeholder for _ in query.stores)})")
        params += list(query.stores)
    return (" where " + " and ".join(conditions) if conditions else ""), params


def require_tables(reader: Reader, qtype: QueryType) -> set[str]:
    """The tables the warehouse holds; ``AnalyticsError`` names those ``qtype`` reads that it
    lacks."""
    held = set(reader.tables())
    missing = [t for t in qtype.tables if t not in held]
    if missing:
        msg = f"The warehouse {reader.where} holds no {', '.join(missing)} table yet"
        raise AnalyticsError(
            msg, hint=f"Sync them first: centra-bridge sync --tables {','.join(qtype.tables)}"
        )
    return held


def run_query(reader: Reader, query: Query) -> pa.Table:
    """The query's result: one row per group, dimensions then metrics, as an Arrow table."""
    qtype = _checked(query)
    require_tables(reader, qtype)
    placeholder = reader.placeholder
    money = [m for m in query.metrics if qtype.metrics[m].money]
    if money and not query.base_currency and "currency" not in query.dimensions:
        # Refused only where a group would mix currencies (grouping by pricelist or market
        # often keeps each group in one).
        counted = next(m.name for m in qtype.metrics.values() if m.kind == "count")
        dimensions = query.dimensions
        per_currency = replace(query, dimensions=(*dimensions, "currency"), metrics=(counted,))
        sql, params = sql_of(per_currency, placeholder)
        groups: dict[tuple[object, ...], set[str]] = {}
        for row in reader.query(sql, params).to_pylist():
            if row["currency"]:
                key = tuple(row[d] for d in dimensions)
                groups.setdefault(key, set()).add(row["currency"])
        mixed = sorted({c for found in groups.values() if len(found) > 1 for c in found})
        if mixed:
            msg = (
                f"{', '.join(money)} would add up {len(mixed)} currencies "
                f"({', '.join(mixed)}) within a group"
            )
            raise AnalyticsError(
                msg,
                hint="Group by currency (add it to --dimensions) or convert with --base-currency.",
            )
    sql, params = sql_of(query, placeholder)
    return reader.query(sql, params)


def as_frame(table: pa.Table, library: str = "pandas") -> Any:
    """A query's result as a ``pandas`` or ``polars`` DataFrame, for notebooks (whichever is
    installed: neither is needed for anything else)."""
    _known("frame library", library, ["pandas", "polars"])
    try:
        module = importlib.import_module(library)
    except ImportError:
        msg = f"{library} is not installed"
        raise AnalyticsError(msg, hint=f"pip install {library}") from None
    return table.to_pandas() if library == "pandas" else module.from_arrow(table)


def create_views(location: str | Path) -> list[str]:
    """Create (or replace) the ``order_items`` and ``return_items`` views in the warehouse, so
    that any BI tool sees the items as these definitions make them; returns their names."""
    with Reader(location) as reader:  # a missing warehouse or table is named, never created
        for qtype in QUERY_TYPES.values():
            require_tables(reader, qtype)
    define_views(location, VIEWS)
    return list(VIEWS)
