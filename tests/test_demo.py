"""The demo keeps its shop between runs, so that a second run shows Centra's events path; the
emulator's saved shops; and the seeded customers' stamps."""

from __future__ import annotations

import io
import itertools
import json
import pickle
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from centra_bridge.emulator import (
    Emulator,
    EmulatorServer,
    ShopFileError,
    load_shop,
    save_shop,
    seed_shop,
    seed_tag,
    simulate_activity,
)

# Tables compared between the demo's warehouse and a fresh full sync of the same shop.
_COMPARED = ("orders", "order_lines", "shipments", "shipment_lines", "payments", "customers")


def _rows(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> set[tuple[object, ...]]:
    columns = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_catalog = ? and table_schema = 'centra' and table_name = ? "
            "and column_name <> '_synced_at' order by column_name",
            [catalog, table],
        ).fetchall()
    ]
    query = f"select {', '.join(columns)} from {catalog}.centra.{table}"
    return set(con.execute(query).fetchall())


def test_second_demo_run_loads_new_activity_through_events(cli, tmp_path: Path):
    code, out, err = cli("demo", "--orders", "400")
    assert code == 0, err
    assert "orders: 400 inserted" in out
    report = tmp_path / "centra-demo-report.html"
    assert str(report) in out.replace("\n", "")  # the path printed, the page beside the warehouse
    assert 'data-chart="revenue"' in report.read_text(encoding="utf-8")
    code, out, err = cli("demo", "--orders", "400")
    assert code == 0, err
    text = " ".join(out.split())
    assert "restored from centra-demo.shop" in text
    loaded = re.search(r"Incremental sync .* with (\d+) requests?, (\d+) events?", text)
    assert loaded, text
    requests, events = int(loaded[1]), int(loaded[2])
    assert events > 0
    assert requests <= 25  # the changes, not the shop, were read
    assert "Note:" not in text  # neither "events look switched off" nor "listeners were gone"
    assert "orders: 25 inserted" in text  # the simulated activity placed 25 orders

    # The warehouse holds what a fresh full sync of the very same shop holds.
    shop = load_shop(tmp_path / "centra-demo.shop", tag=seed_tag(1, 400))
    emulator = Emulator(shop, tier="unlimited")
    with EmulatorServer(emulator) as server:
        token = emulator.add_token()
        code, _, err = cli(
            "sync", "--endpoint", server.url, "--token", token, "--duckdb-path", "fresh.duckdb"
        )
    assert code == 0, err
    with duckdb.connect() as con:
        con.execute(f"attach '{tmp_path / 'centra-demo.duckdb'}' as demo (read_only)")
        con.execute(f"attach '{tmp_path / 'fresh.duckdb'}' as fresh (read_only)")
        for table in _COMPARED:
            assert _rows(con, "demo", table) == _rows(con, "fresh", table), table
        (orders,) = con.execute("select count(*) from demo.centra.orders").fetchone() or (0,)
    assert orders == len(shop.orders) == 425


def test_demo_json_names_the_report(cli, tmp_path: Path):
    code, out, err = cli("demo", "--orders", "60", "--json")
    assert code == 0, err
    result = json.loads(out)  # still only JSON on stdout
    assert result["report"] == str(tmp_path / "centra-demo-report.html")
    assert Path(result["report"]).stat().st_size > 0


def test_demo_with_a_damaged_shop_file_starts_a_fresh_shop(cli, tmp_path: Path):
    (tmp_path / "centra-demo.shop").write_bytes(b"\x80\x05 not a shop")
    code, out, err = cli("demo", "--orders", "100")
    assert code == 0, err
    text = " ".join(out.split())
    assert "could not restore the demo shop from centra-demo.shop" in text
    assert "Starting a fresh shop." in text
    assert "Traceback" not in out + err
    assert "orders: 100 inserted" in text
    # The next run can pick up from here.
    assert len(load_shop(tmp_path / "centra-demo.shop", tag=seed_tag(1, 100)).orders) == 100


def test_a_restored_shop_keeps_its_queued_events_for_the_same_integration(tmp_path: Path):
    emulator = Emulator(tier="unlimited")
    seed_shop(emulator.shop, orders=50)
    emulator.add_token(integration="erp")
    emulator.shop.events.set_listener("erp", "Order", None)
    simulate_activity(emulator.shop, seed=3, new_orders=4, changed_orders=0)
    emulator.shop.clock.advance(86400)  # the shop's clock runs a day ahead
    before = emulator.shop.clock.now()
    path = tmp_path / "erp.shop"
    save_shop(emulator.shop, path, tag="erp test")

    restored = Emulator(load_shop(path, tag="erp test"), tier="unlimited")
    assert restored.shop.clock.now() - before < timedelta(seconds=5)
    token = restored.add_token(integration="erp")  # a new token, the same integration
    with EmulatorServer(restored) as server:
        answer = httpx.post(
            server.url,
            json={"query": "{ events(limit: 100) { objectType changeType objectReference } }"},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    assert [(e["changeType"], e["objectReference"]) for e in answer["data"]["events"]] == [
        ("CREATED", number) for number in (51, 52, 53, 54)
    ]
    with pytest.raises(ShopFileError, match="another shop"):
        load_shop(path, tag="another test")


def test_load_shop_refuses_a_file_that_would_run_code(tmp_path: Path):
    path = tmp_path / "evil.shop"
    save_shop(Emulator().shop, path)
    magic, body = path.read_bytes().split(b"\n", 1)
    stream = io.BytesIO(body)
    pickle.load(stream)  # the header, kept as saved so that only the shop is swapped
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (open, (str(marker), "w"))

    path.write_bytes(magic + b"\n" + body[: stream.tell()] + pickle.dumps(Evil()))
    with pytest.raises(ShopFileError, match="damaged"):
        load_shop(path)
    assert not marker.exists()


def _every(url: str, token: str, field: str, selection: str) -> list[dict[str, Any]]:
    """Every object of a page-based list query, page by page."""
    found: list[dict[str, Any]] = []
    for page in itertools.count(1):
        query = f"{{ {field}(limit: 200, page: {page}) {{ {selection} }} }}"
        answer = httpx.post(
            url, json={"query": query}, headers={"Authorization": f"Bearer {token}"}
        ).json()
        if not answer["data"][field]:
            return found
        found += answer["data"][field]
    return found


def test_seeded_customers_are_stamped_when_they_first_ordered():
    emulator = Emulator(tier="unlimited")
    seed_shop(emulator.shop, orders=400)
    token = emulator.add_token()
    with EmulatorServer(emulator) as server:
        customers = _every(server.url, token, "customers", "id updatedAt")
        orders = _every(
            server.url,
            token,
            "orders",
            "createdAt ... on DirectToConsumerOrder { customer { id } }",
        )
    first: dict[int, str] = {}
    for order in sorted(orders, key=lambda o: datetime.fromisoformat(o["createdAt"])):
        first.setdefault(order["customer"]["id"], order["createdAt"])
    stamps = {c["id"]: c["updatedAt"] for c in customers}
    assert len(stamps) == 250
    assert len(first) > 150
    assert {cid: stamps[cid] for cid in first} == first
    assert len(set(stamps.values())) == len(stamps)  # no shared second, as in a real shop
