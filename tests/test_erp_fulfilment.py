"""ERP fulfilment end to end against the emulator over HTTP: orders placed and confirmed, exported
and locked, shipments, returns and cancellations imported from files, each applied once; two
exports at the same time, and runs that die half-way."""

from __future__ import annotations

import csv
import json
import threading
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from centra_bridge.client import ClientOptions
from centra_bridge.emulator import place_order, put_stock
from centra_bridge.erp import (
    LINE_COLUMNS,
    ORDER_COLUMNS,
    ErpOptions,
    ErpOrders,
    export_from_events,
    export_orders,
    import_cancels,
    import_returns,
    import_shipments,
    open_store,
)
from centra_bridge.events import EventsConsumer

SHIPMENT_COLUMNS = ["order_number", "sku", "line_id", "quantity", "erp_shipment_id", "carrier",
                    "tracking_number", "shipped_at"]  # fmt: skip
RETURN_COLUMNS = ["order_number", "sku", "line_id", "quantity", "erp_return_id", "stock_policy",
                  "comment"]  # fmt: skip


class CrashError(Exception):
    """The process dying at that point (raised from inside the client)."""


def _client(running):
    return ClientOptions(endpoint=running.url, token=running.token).client()


def _options(tmp_path, **changes) -> ErpOptions:
    return ErpOptions(state=str(tmp_path / "erp.sqlite"), **changes)


def _confirm(running, numbers):
    """Confirm over the API, a hundred orders per request (aliased mutations)."""
    for start in range(0, len(numbers), 100):
        chunk = numbers[start : start + 100]
        document = "mutation {" + " ".join(
            f"c{n}: confirmOrder(input: {{order: {{number: {n}}}}}) {{ userErrors {{ message }} }}"
            for n in chunk
        ) + "}"  # fmt: skip
        answer = httpx.post(
            running.url,
            json={"query": document},
            headers={"Authorization": f"Bearer {running.token}"},
            timeout=60,
        ).json()
        assert "errors" not in answer
        assert not any(p["userErrors"] for p in answer["data"].values())


def _place(running, count, *, quantity=2, products=(0, 1)) -> list[int]:
    """``count`` confirmed orders of ``quantity`` items of the first size of each product, the
    warehouse stocked for them first."""
    shop = running.shop
    with shop.lock:
        catalog = sorted(shop.products.values(), key=lambda p: p.id)
        sizes = [catalog[i].variants[0].product_sizes[0] for i in products]
        warehouse = min(shop.warehouses.values(), key=lambda w: w.id)
        market = min(
            (m for m in shop.markets.values() if m.store.type == "DIRECT_TO_CONSUMER"),
            key=lambda m: m.id,
        )
        numbers = []
        for _ in range(count):
            for size in sizes:
                put_stock(shop, warehouse, size, quantity)
            order = place_order(
                shop,
                market=market,
                customer=shop.customers[1],
                lines=[(size, quantity, Decimal(100), Decimal(100)) for size in sizes],
                shipping_value=Decimal(5),
            )
            numbers.append(order.number)
    _confirm(running, numbers)
    return numbers


def _write_csv(path: Path, columns, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _mutations(running) -> tuple[Counter, object]:
    """Mutations the emulator receives, by operation name (and the hook's remover)."""
    seen: Counter = Counter()

    def hook(name, _variables):
        if name and name.startswith("Erp") and name not in ("ErpOrders", "ErpIdConversions"):
            seen[name] += 1

    return seen, running.add_request_hook(hook)


def _on_shelves(shop, size) -> int:
    """The size's physical stock in every warehouse."""
    return sum(level.physical_quantity for (_, sid), level in shop.stock.items() if sid == size.id)


def _ready(shop) -> set[int]:
    return {
        o.number
        for o in shop.orders.values()
        if o.status == "CONFIRMED" and not o.is_on_hold and not o.is_locked
    }


@pytest.fixture
def shop(centra_emulator_factory):
    return centra_emulator_factory(orders=20)  # the seeded orders are shipped or processing


@pytest.mark.slow
def test_200_orders_exported_locked_shipped_captured_once_then_returned(shop, tmp_path):
    numbers = _place(shop, 200)
    assert _ready(shop.shop) == set(numbers)
    options = _options(tmp_path)
    with _client(shop) as client:
        exported = export_orders(client, options, tmp_path / "orders.jsonl")
        assert exported.orders == numbers
        assert all(shop.shop.orders[n].is_locked for n in numbers)
        orders = [json.loads(line) for line in (tmp_path / "orders.jsonl").open()]
        first = orders[0]
        assert first["order_number"] == numbers[0] and first["currency"] == "SEK"
        assert first["ship_city"] and first["ship_country"] and first["ship_email"]
        assert [(ln["quantity"], bool(ln["sku"]), bool(ln["ean"])) for ln in first["lines"]] == [
            (2, True, True),
            (2, True, True),
        ]
        assert export_orders(client, options, tmp_path / "again.jsonl").orders == []

        # Full shipments for most orders; every fifth ships in two parts (by SKU, then line id).
        yesterday = (shop.shop.clock.now() - timedelta(days=1)).isoformat()
        rows = []
        for index, order in enumerate(orders):
            number, (one, two) = order["order_number"], order["lines"]
            if index % 5 == 0:
                rows += [
                    {"order_number": number, "sku": one["sku"], "quantity": 1,
                     "erp_shipment_id": f"WH-{number}-1", "carrier": "PostNord",
                     "tracking_number": f"PN{number}A"},
                    {"order_number": number, "sku": one["sku"], "quantity": 1,
                     "erp_shipment_id": f"WH-{number}-2", "carrier": "PostNord",
                     "tracking_number": f"PN{number}B"},
                    {"order_number": number, "line_id": two["line_id"], "quantity": 2,
                     "erp_shipment_id": f"WH-{number}-2", "carrier": "PostNord",
                     "tracking_number": f"PN{number}B"},
                ]  # fmt: skip
            else:
                rows += [
                    {"order_number": number, "sku": line["sku"], "quantity": line["quantity"],
                     "erp_shipment_id": f"WH-{number}", "carrier": "DHL",
                     "tracking_number": f"DHL{number}", "shipped_at": yesterday}
                    for line in (one, two)
                ]  # fmt: skip
        shipments = _write_csv(tmp_path / "shipments.csv", SHIPMENT_COLUMNS, rows)
        report = import_shipments(client, options, shipments)
        assert report.refused == []
        assert len(report.applied) == 240 and report.skipped == []
        for number in numbers:
            order = shop.shop.orders[number]
            assert order.status == "SHIPPED", number
            assert all(s.is_shipped and s.is_captured for s in order.shipments)
        partial = shop.shop.orders[numbers[0]].shipments
        assert [(s.tracking_number, [ln.quantity for ln in s.lines]) for s in partial] == [
            (f"PN{numbers[0]}A", [1]),
            (f"PN{numbers[0]}B", [1, 2]),
        ]
        assert shop.shop.orders[numbers[1]].shipments[0].carrier_name == "DHL"

        # Again: every shipment is known by its ERP id; nothing is sent.
        seen, remove = _mutations(shop)
        again = import_shipments(client, options, shipments)
        remove()
        assert (len(again.applied), len(again.skipped), again.refused) == (0, 240, [])
        assert again.mutations == 0 and sum(seen.values()) == 0
        assert again.requests <= 6  # reads: the orders and their ID conversions, in pages

        # Returns: released items go back on the shelf, removed ones do not.
        returned = numbers[1:11]
        sizes = [ln.product_size for ln in shop.shop.orders[returned[0]].lines]
        before = [_on_shelves(shop.shop, size) for size in sizes]
        rows = [
            {"order_number": n, "sku": sizes[0].sku, "quantity": 2, "erp_return_id": f"RMA-{n}",
             "stock_policy": "release" if i < 5 else "remove", "comment": "too small"}
            for i, n in enumerate(returned)
        ]  # fmt: skip
        returns = _write_csv(tmp_path / "returns.csv", RETURN_COLUMNS, rows)
        report = import_returns(client, options, returns)
        assert report.refused == [] and len(report.applied) == 10
        after = [_on_shelves(shop.shop, size) for size in sizes]
        assert after == [before[0] + 5 * 2, before[1]]
        for number in returned:
            (one,) = shop.shop.orders[number].shipments[0].returns
            assert one.status == "COMPLETED" and one.comment == "too small"
        seen, remove = _mutations(shop)
        again = import_returns(client, options, returns)
        remove()
        assert (again.applied, len(again.skipped), sum(seen.values())) == ([], 10, 0)


def test_a_bad_file_is_refused_per_row_and_its_good_rows_apply(shop, tmp_path):
    good, partial, held, other = _place(shop, 4)
    with shop.shop.lock:
        shop.shop.orders[held].is_on_hold = True
    sku = shop.shop.orders[good].lines[0].product_size.sku
    rows = [
        {"order_number": good, "sku": sku, "quantity": 2, "erp_shipment_id": "S1"},  # line 2
        {"order_number": 999999, "sku": sku, "quantity": 1, "erp_shipment_id": "S2"},
        {"order_number": partial, "sku": "NO-SUCH-SKU", "quantity": 1, "erp_shipment_id": "S3"},
        {"order_number": partial, "sku": sku, "quantity": 1, "erp_shipment_id": "S3"},  # line 5
        {"order_number": other, "sku": sku, "quantity": 3, "erp_shipment_id": "S4"},
        {"order_number": held, "sku": sku, "quantity": 1, "erp_shipment_id": "S5"},
        {"order_number": other, "sku": sku, "quantity": "two", "erp_shipment_id": "S6"},
        {"order_number": other, "sku": sku, "quantity": 1, "erp_shipment_id": "S7",
         "shipped_at": "yesterday"},
        {"order_number": partial, "sku": sku, "quantity": 1, "erp_shipment_id": ""},
        {"order_number": other, "sku": sku, "quantity": 2, "erp_shipment_id": "S8"},  # line 11
    ]  # fmt: skip
    path = _write_csv(tmp_path / "shipments.csv", SHIPMENT_COLUMNS, rows)
    with _client(shop) as client:
        report = import_shipments(client, _options(tmp_path), path)
    assert sorted(a.key for a in report.applied) == ["S1", "S8"]
    reasons = {r.where: r.reason for r in report.refused}
    assert reasons == {
        "shipments.csv:3": "order 999999 is not in Centra",
        "shipments.csv:4": f"order {partial} has no SKU 'NO-SUCH-SKU'",
        "shipments.csv:5": "not applied: shipments.csv:4 of the same shipment was refused",
        "shipments.csv:6": f"quantity 3 of SKU {sku!r} is more than order {other} has left "
        "to ship (2)",
        "shipments.csv:7": f"order {held} is on hold",
        "shipments.csv:8": "quantity 'two' is not a whole number above 0",
        "shipments.csv:9": "shipped_at 'yesterday' is not a date",
        "shipments.csv:10": "erp_shipment_id is empty",
    }
    assert all(r.hint for r in report.refused)
    assert shop.shop.orders[good].lines[0].shipped_quantity == 2
    assert shop.shop.orders[partial].shipments == []
    assert shop.shop.orders[other].lines[0].fulfilled_quantity == 2


def test_mark_paid_and_none_pay_as_configured(shop, tmp_path):
    paid, unpaid = _place(shop, 2, quantity=1, products=(0,))
    sku = shop.shop.orders[paid].lines[0].product_size.sku
    with _client(shop) as client:
        for number, mode in ((paid, "mark-paid"), (unpaid, "none")):
            row = {"order_number": number, "sku": sku, "quantity": 1, "erp_shipment_id": mode}
            path = _write_csv(tmp_path / f"{mode}.csv", SHIPMENT_COLUMNS, [row])
            report = import_shipments(client, _options(tmp_path, capture=mode), path)
            assert len(report.applied) == 1, report.refused
    (marked,) = shop.shop.orders[paid].shipments
    assert marked.is_paid and not marked.is_captured and marked.is_shipped
    assert shop.shop.orders[paid].status == "SHIPPED"
    (left,) = shop.shop.orders[unpaid].shipments
    assert left.is_shipped and not left.is_paid
    assert shop.shop.orders[unpaid].status == "PROCESSING"  # paid outside, later


def test_a_crash_between_create_and_mapping_never_duplicates(shop, tmp_path):
    (number,) = _place(shop, 1)
    sku = shop.shop.orders[number].lines[0].product_size.sku
    row = {"order_number": number, "sku": sku, "quantity": 1, "erp_shipment_id": "WH-1"}
    path = _write_csv(tmp_path / "shipments.csv", SHIPMENT_COLUMNS, [row])
    options = _options(tmp_path)

    with _client(shop) as client:
        real = client.mutate

        def dies_before_mapping(operation, variables, payload, **options):
            if operation == "ErpSetIdConversions":
                raise CrashError
            return real(operation, variables, payload, **options)

        client.mutate = dies_before_mapping
        with pytest.raises(CrashError):
            import_shipments(client, options, path)
    assert len(shop.shop.orders[number].shipments) == 1  # created, not mapped
    with _client(shop) as client:
        report = import_shipments(client, options, path)
    assert [(a.key, a.note) for a in report.applied] == [("WH-1", "found created")]
    (shipment,) = shop.shop.orders[number].shipments
    assert shipment.is_shipped and shipment.is_captured
    assert shop.shop.id_conversions.internal("centra-bridge", "Shipment", "WH-1") == shipment.id


def test_returns_span_shipments_and_never_exceed_what_shipped(shop, tmp_path):
    (number,) = _place(shop, 1, quantity=2, products=(0,))
    order = shop.shop.orders[number]
    sku = order.lines[0].product_size.sku
    options = _options(tmp_path)
    shipped = [
        {"order_number": number, "sku": sku, "quantity": 1, "erp_shipment_id": f"S{i}"}
        for i in (1, 2)
    ]
    with _client(shop) as client:
        import_shipments(client, options, _write_csv(tmp_path / "s.csv", SHIPMENT_COLUMNS, shipped))
        too_many = {"order_number": number, "sku": sku, "quantity": 3, "erp_return_id": "R0"}
        both = {"order_number": number, "sku": sku, "quantity": 2, "erp_return_id": "R1",
                "stock_policy": "remove"}  # fmt: skip
        path = _write_csv(tmp_path / "r.csv", RETURN_COLUMNS, [too_many, both])
        report = import_returns(client, options, path)
        assert [r.reason for r in report.refused] == [
            f"quantity 3 of SKU {sku!r} is more than order {number} has left to return (2)"
        ]
        assert [a.key for a in report.applied] == ["R1"]
        pieces = [(s.number, [r.status for r in s.returns]) for s in order.shipments]
        assert pieces == [(f"{number}-1", ["COMPLETED"]), (f"{number}-2", ["COMPLETED"])]
        mapped = {
            e.external_id
            for e in shop.shop.id_conversions.entries.values()
            if e.object_type == "Return"
        }
        assert mapped == {"R1", f"R1@{order.shipments[1].id}"}
        again = import_returns(
            client, options, _write_csv(tmp_path / "r2.csv", RETURN_COLUMNS, [both])
        )
        assert (again.applied, again.skipped, again.mutations) == ([], ["R1"], 0)


def test_cancellations_apply_once_and_only_to_what_is_not_shipped(shop, tmp_path):
    (number,) = _place(shop, 1, quantity=3, products=(0,))
    line = shop.shop.orders[number].lines[0]
    options = _options(tmp_path)
    columns = ["order_number", "line_id", "quantity", "erp_cancel_id", "comment"]
    with _client(shop) as client:
        ship = {"order_number": number, "line_id": line.id, "quantity": 2, "erp_shipment_id": "S"}
        import_shipments(client, options, _write_csv(tmp_path / "s.csv", SHIPMENT_COLUMNS, [ship]))
        rows = [
            {"order_number": number, "line_id": line.id, "quantity": 2, "erp_cancel_id": "C1"},
            {"order_number": number, "line_id": line.id, "quantity": 1, "erp_cancel_id": "C2",
             "comment": "out of stock"},
        ]  # fmt: skip
        path = _write_csv(tmp_path / "c.csv", columns, rows)
        report = import_cancels(client, options, path)
        assert [a.key for a in report.applied] == ["C2"]
        assert [r.reason for r in report.refused] == [
            f"quantity 2 of line {line.id} is more than order {number} has left to cancel (1)"
        ]
        assert (line.cancelled_quantity, shop.shop.orders[number].status) == (1, "SHIPPED")
        again = import_cancels(client, options, _write_csv(tmp_path / "c2.csv", columns, rows[1:]))
        assert (again.skipped, again.mutations, line.cancelled_quantity) == (["C2"], 0, 1)


def test_two_exports_at_once_hand_out_every_order_exactly_once(shop, tmp_path):
    numbers = _place(shop, 60, quantity=1, products=(0,))
    options = _options(tmp_path, lock_batch=5)
    open_store(options).close()  # made once: two first opens of one SQLite file may collide
    start = threading.Barrier(2)
    results = {}

    def export(name):
        with _client(shop) as client:
            start.wait()
            results[name] = export_orders(client, options, tmp_path / f"{name}.csv")

    threads = [threading.Thread(target=export, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    a, b = (set(results[name].orders) for name in ("a", "b"))
    assert not a & b
    assert a | b == set(numbers)
    for name in ("a", "b"):
        with (tmp_path / f"{name}.csv").open() as handle:
            assert {int(r["order_number"]) for r in csv.DictReader(handle)} == set(
                results[name].orders
            )


def test_an_export_that_dies_after_locking_hands_its_orders_to_the_next(shop, tmp_path):
    numbers = _place(shop, 3, quantity=1, products=(0,))
    options = _options(tmp_path, claim_ttl=0.2)

    with _client(shop) as client:
        real = client.mutate

        def dies_after_locking(operation, variables, payload, **options):
            answer = real(operation, variables, payload, **options)
            if operation == "ErpLockOrders":
                raise CrashError
            return answer

        client.mutate = dies_after_locking
        with pytest.raises(CrashError):
            export_orders(client, options, tmp_path / "lost.jsonl")
    assert not (tmp_path / "lost.jsonl").exists()
    assert all(shop.shop.orders[n].is_locked for n in numbers)
    threading.Event().wait(0.3)  # the dead export's claims expire
    with _client(shop) as client:
        result = export_orders(client, options, tmp_path / "orders.jsonl")
    assert (result.orders, result.recovered) == (numbers, numbers)


def test_the_events_keep_the_ready_view_and_the_export_reads_only_it(shop, tmp_path):
    options = _options(tmp_path)
    first = _place(shop, 2, quantity=1, products=(0,))
    with _client(shop) as client:
        result = export_from_events(client, options, tmp_path / "one.jsonl")
        assert result.orders == first and result.from_events  # the switch-on scan
        later = _place(shop, 2, quantity=1, products=(0,))
        with shop.shop.lock:
            shop.shop.orders[later[1]].is_on_hold = True
        store = open_store(options)
        try:
            handler = ErpOrders(options, client, store, export_to=tmp_path / "out")
            consumer = EventsConsumer(client, [handler])
            consumer.ensure_listeners()
            consumer.drain()
        finally:
            store.close()
    (export,) = handler.exports
    assert export.orders == [later[0]]  # the held one waits
    (written,) = (tmp_path / "out").iterdir()
    assert [json.loads(line)["order_number"] for line in written.open()] == [later[0]]


def test_the_cli_exports_and_imports_without_tracebacks_or_the_token(
    shop, cli, tmp_path, monkeypatch
):
    monkeypatch.setenv("CENTRA_BRIDGE_ENDPOINT", shop.url)
    monkeypatch.setenv("CENTRA_BRIDGE_TOKEN", shop.token)
    monkeypatch.setenv("CENTRA_BRIDGE_ERP__STATE", str(tmp_path / "erp.sqlite"))
    (number,) = _place(shop, 1, quantity=1, products=(0,))
    code, out, err = cli("erp", "orders", "export", "-o", "orders.csv")
    assert code == 0, err
    assert "Exported 1 order (1 line) to orders.csv, locked in Centra." in out
    (row,) = csv.DictReader(Path("orders.csv").read_text().splitlines())
    rows = [
        {"order_number": number, "sku": row["sku"], "quantity": 1, "erp_shipment_id": "S1"},
        {"order_number": number, "sku": "NOPE", "quantity": 1, "erp_shipment_id": "S2"},
    ]
    _write_csv(Path("shipments.csv"), SHIPMENT_COLUMNS, rows)
    code, out, err = cli("erp", "orders", "ship", "shipments.csv")
    assert code == 3, err
    out = " ".join(out.split())
    assert "Applied 1 shipment; 0 shipments applied before (nothing sent); 1 row refused." in out
    assert "shipments.csv:3" in out and "has no SKU 'NOPE'" in out
    code, out, _ = cli("erp", "orders", "ship", "shipments.csv", "--json")
    assert code == 3 and json.loads(out)["skipped"] == ["S1"]
    code, out, err = cli("erp", "orders", "return", "missing.csv")
    assert code == 1 and "missing.csv does not exist" in err and "Traceback" not in err
    Path("centra-bridge.toml").write_text('[erp]\ncapture = "later"\n')
    code, out, err = cli("erp", "orders", "ship", "shipments.csv")
    assert code == 1 and "erp.capture" in err and "Traceback" not in err
    assert shop.token not in out + err


EXAMPLES = Path(__file__).parents[1] / "examples" / "erp" / "fulfilment"


def test_the_examples_have_the_documented_columns(centra_emulator_factory, tmp_path):
    (order,) = [json.loads(line) for line in (EXAMPLES / "orders.jsonl").read_text().splitlines()]
    assert list(order) == [*ORDER_COLUMNS, "lines"]
    assert all(list(line) == LINE_COLUMNS for line in order["lines"])
    running = centra_emulator_factory(orders=0)  # no order 1042: each row is read, then refused
    options = _options(tmp_path)
    with _client(running) as client:
        for imports, name in (
            (import_shipments, "shipments.csv"),
            (import_returns, "returns.csv"),
            (import_cancels, "cancels.csv"),
        ):
            report = imports(client, options, EXAMPLES / name)
            assert report.ignored_columns == [] and report.applied == []
            assert {r.reason.split(" is not in")[0] for r in report.refused} <= {
                "order 1042",
                "order 1043",
                "order 1044",
                *(f"not applied: {name}:{n} of the same {kind} was refused"
                  for n in range(2, 6) for kind in ("shipment", "return", "cancellation")),
            }  # fmt: skip


def test_one_file_imported_twice_at_once_ships_each_shipment_once(shop, tmp_path):
    numbers = _place(shop, 12, quantity=1, products=(0,))
    sku = shop.shop.orders[numbers[0]].lines[0].product_size.sku
    rows = [
        {"order_number": n, "sku": sku, "quantity": 1, "erp_shipment_id": f"S{n}"} for n in numbers
    ]
    path = _write_csv(tmp_path / "shipments.csv", SHIPMENT_COLUMNS, rows)
    options = _options(tmp_path)
    open_store(options).close()
    start = threading.Barrier(2)
    reports = []

    def ship():
        with _client(shop) as client:
            start.wait()
            reports.append(import_shipments(client, options, path))

    threads = [threading.Thread(target=ship) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    applied = [a.key for r in reports for a in r.applied]
    assert sorted(applied) == sorted(set(applied))  # nobody applied one twice
    assert all(len(shop.shop.orders[n].shipments) == 1 for n in numbers)
    busy = [r for report in reports for r in report.refused]
    assert all("another import is applying" in r.reason for r in busy)
    with _client(shop) as client:  # what was busy then goes through now
        last = import_shipments(client, options, path)
    assert last.refused == [] and len(last.applied) + len(applied) == 12
