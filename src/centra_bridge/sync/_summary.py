"""What a synced warehouse holds: rows per table and revenue per market (the demo's summary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from centra_bridge.sync._tables import TABLES

if TYPE_CHECKING:
    from centra_bridge.warehouse import Reader

__all__ = ["MarketRevenue", "WarehouseSummary", "summarise"]


@dataclass(frozen=True, slots=True)
class MarketRevenue:
    market: str | None
    currency: str
    orders: int
    revenue: Decimal  # in the orders' currency
    revenue_base: Decimal  # in the shop's base currency (each order at its own rate)


@dataclass(slots=True)
class WarehouseSummary:
    rows: dict[str, int] = field(default_factory=dict)  # every synced table, 0 when empty
    revenue: list[MarketRevenue] = field(default_factory=list)  # orders not cancelled


_REVENUE = """
    select m.name as market, o.currency, count(*) as orders, sum(o.grand_total) as revenue,
           sum(o.grand_total * o.currency_base_rate) as revenue_base
    from {dataset}.orders o left join {dataset}.markets m on m.id = o.market_id
    where o.status <> 'CANCELLED'
    group by m.name, o.currency order by 5 desc
"""


def summarise(reader: Reader) -> WarehouseSummary:
    """Rows per synced table and revenue per market and currency, read through ``reader``."""
    held = set(reader.tables())
    summary = WarehouseSummary()
    for table in TABLES:
        if table in held:
            counted = reader.query(f"select count(*) from {{dataset}}.{table}")  # noqa: S608
            summary.rows[table] = int(counted.column(0)[0].as_py())
        else:
            summary.rows[table] = 0
    if {"orders", "markets"} <= held:
        for market, currency, orders, total, base in zip(
            *(column.to_pylist() for column in reader.query(_REVENUE).columns), strict=True
        ):
            summary.revenue.append(
                MarketRevenue(market, currency, orders, Decimal(total), Decimal(base))
            )
    return summary
