"""Service mode in one process: the status page in Chromium (every shop and job, a failing shop
with its hint), /api/status, /healthz, /metrics, the query API, the token rule, and a webhook
from the emulator's plugin turned into a fetch for a shop without events."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from centra_bridge.emulator import all_permissions, build_schema
from centra_bridge.errors import ConfigError
from centra_bridge.service import Service, StatusReader, open_service_store, web_app
from service_harness import (
    finished,
    load,
    read_status,
    running_service,
    serving,
    wait_for,
    write_config,
)

CHROMIUM = Path("/usr/bin/chromium")
NO_EVENTS = all_permissions(build_schema()) - {"Event:read", "Event:write"}
HOOK_SECRET = "hook-s3cret-beta"


@pytest.fixture
def three_shops(centra_emulator_factory, tmp_path, monkeypatch):
    """alpha (events, invitations, ERP), beta (no events: a webhook plugin), broken (nothing
    listens at its endpoint)."""
    alpha = centra_emulator_factory(orders=120, seed=1)
    beta = centra_emulator_factory(orders=80, seed=2)
    monkeypatch.setenv("ALPHA_TOKEN", alpha.token)
    monkeypatch.setenv("BETA_TOKEN", beta.add_token(NO_EVENTS))
    monkeypatch.setenv("BETA_HOOK", HOOK_SECRET)
    drop = tmp_path / "drop"
    (drop / "shipments").mkdir(parents=True)
    path = write_config(
        tmp_path / "service.toml",
        {
            "alpha": {
                "endpoint": alpha.url,
                "token_env": "ALPHA_TOKEN",
                "features": ["sync", "invitations", "erp"],
                "erp_watch": str(drop),
                "schedules": {"sync": "1h"},
            },
            "beta": {
                "endpoint": beta.url,
                "token_env": "BETA_TOKEN",
                "features": ["sync", "reconcile"],
                "webhook_secret_env": "BETA_HOOK",
                "schedules": {"sync": "1h"},
            },
            "broken": {"endpoint": "http://127.0.0.1:9/graphql", "token_env": "ALPHA_TOKEN"},
        },
        service={"port": 0, "state": str(tmp_path / "service.sqlite")},
        schedules={"sync": "2s"},
    )
    return load(path), alpha, beta


def test_the_status_page_shows_every_shop_and_job_and_the_failing_one_with_its_hint(
    three_shops, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install -y chromium` (CI installs it)")
    from playwright.sync_api import sync_playwright

    settings, alpha, _ = three_shops
    with running_service(settings) as service:
        for shop in ("alpha", "beta", "broken"):
            wait_for(lambda s=shop: finished(settings, s, "sync"), 60, f"{shop}'s first sync")
        wait_for(lambda: finished(settings, "alpha", "erp_imports"), 30, "an ERP look")
        url = service.report.url
        problems: list[str] = []
        fetched: list[str] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                page.on(
                    "request", lambda r: None if r.url.startswith(url) else fetched.append(r.url)
                )
                page.goto(url + "/", wait_until="load")
                shops = page.eval_on_selector_all(
                    "[data-shop]",
                    """s => s.map(e => [e.dataset.shop, e.dataset.state,
                        [...e.querySelectorAll('[data-job]')].map(r => r.dataset.job),
                        e.innerText])""",
                )
                shot = tmp_path / "status.png"
                page.screenshot(path=str(shot), full_page=True)
            finally:
                browser.close()
        found = {name: (state, jobs, text) for name, state, jobs, text in shops}
        assert set(found) == {"alpha", "beta", "broken"}
        assert found["alpha"][1] == ["sync", "invitations", "erp_imports"]
        assert found["beta"][1] == ["sync", "reconcile"]
        assert found["alpha"][0] == "healthy" and found["beta"][0] == "healthy"
        state, _, text = found["broken"]
        assert state == "failing"
        assert "Could not reach http://127.0.0.1:9/graphql" in text and "Hint:" in text
        assert problems == [] and fetched == []
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
        page_text = " ".join(t for _, _, t in found.values())
        assert alpha.token not in page_text and HOOK_SECRET not in page_text

        status = httpx.get(url + "/api/status").json()
        assert not status["healthy"]
        assert {s["name"]: s["healthy"] for s in status["shops"]} == {
            "alpha": True, "beta": True, "broken": False}  # fmt: skip
        by_name = {s["name"]: s for s in status["shops"]}
        assert by_name["alpha"]["events_mode"] == "events"
        assert by_name["beta"]["events_mode"] == "polling"
        assert by_name["alpha"]["invitations_pending"] is not None
        assert by_name["alpha"]["erp_files_waiting"] == 0
        assert 0 < by_name["alpha"]["rate_budget_share"] < 1
        assert alpha.token not in json.dumps(status)
        assert httpx.get(url + "/healthz").status_code == 200

        metrics = {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(httpx.get(url + "/metrics").text)
            for s in family.samples
        }
        assert metrics[("centra_bridge_shop_healthy", (("shop", "broken"),))] == 0
        assert metrics[("centra_bridge_shop_healthy", (("shop", "alpha"),))] == 1

        csv = httpx.get(url + "/api/query/order-items",
                        params={"shop": "alpha", "dimensions": "currency", "metrics": "orders",
                                "format": "csv"})  # fmt: skip
        assert csv.status_code == 200, csv.text
        assert csv.text.splitlines()[0] == '"currency","orders"'
        rows = httpx.get(url + "/api/query/order-items",
                         params={"shop": "alpha", "metrics": "orders"}).json()  # fmt: skip
        assert rows == [{"orders": 120}]
        wrong = httpx.get(url + "/api/query/order-itmes", params={"shop": "alpha"})
        assert wrong.status_code == 400 and "order-items" in wrong.json()["error"]


def test_a_webhook_becomes_a_fetch_for_a_shop_without_events(three_shops):
    settings, _, beta = three_shops
    settings = dataclasses.replace(
        settings, shops={k: v for k, v in settings.shops.items() if k == "beta"}
    )
    with running_service(settings) as service:
        wait_for(lambda: finished(settings, "beta", "sync"), 60, "beta's first sync")
        beta.emulator.configure_webhook(
            f"{service.report.url}/webhooks/centra/beta", HOOK_SECRET, max_events=50
        )
        placed = httpx.post(beta.base_url + "/emulator/orders", json={"count": 3}).json()
        assert len(placed["orders"]) == 3

        def fetched() -> bool:
            store = open_service_store(settings)
            try:
                from centra_bridge.service import last_runs

                run = last_runs(store).get(("beta", "webhook"))
                return run is not None and run.outcome == "ok" and run.rows > 0
            finally:
                store.close()

        wait_for(fetched, 30, "the webhook's fetch")
    import duckdb

    path = settings.shops["beta"].settings.duckdb_path
    with duckdb.connect(str(path), read_only=True) as con:
        numbers = {n for (n,) in con.execute("select number from centra.orders").fetchall()}
    assert set(placed["orders"]) <= numbers


def test_off_loopback_the_page_needs_its_token(three_shops):
    settings, _, _ = three_shops
    with pytest.raises(ConfigError, match="without a token"):
        Service(dataclasses.replace(settings, host="0.0.0.0"))
    guarded = dataclasses.replace(settings, host="0.0.0.0", token=SecretStr("page-t0ken"))
    store = open_service_store(guarded)
    reader = StatusReader(guarded, store)
    try:
        with serving(web_app(guarded, store, reader, lambda *_: None)) as url:
            for path in ("/", "/api/status", "/metrics", "/api/query/order-items"):
                assert httpx.get(url + path).status_code == 401, path
                wrong = httpx.get(url + path, headers={"Authorization": "Bearer nope"})
                assert wrong.status_code == 401
            assert "page-t0ken" not in httpx.get(url + "/").text
            ok = httpx.get(url + "/api/status", headers={"Authorization": "Bearer page-t0ken"})
            assert ok.status_code == 200 and len(ok.json()["shops"]) == 3
            assert httpx.get(url + "/healthz").status_code == 200  # for orchestrators
    finally:
        reader.close()
        store.close()
    assert read_status(settings).shops[0].jobs[0].outcome == "never"


def test_erp_files_dropped_into_the_watched_directory_are_imported_once(
    centra_emulator_factory, tmp_path, monkeypatch
):
    import os
    import shutil

    from centra_bridge.erp import export_orders
    from centra_bridge.service import run_job

    shop = centra_emulator_factory(orders=60, seed=5)
    monkeypatch.setenv("ERP_TOKEN", shop.token)
    drop = tmp_path / "drop"
    (drop / "shipments").mkdir(parents=True)
    settings = load(
        write_config(
            tmp_path / "service.toml",
            {
                "erp": {
                    "endpoint": shop.url,
                    "token_env": "ERP_TOKEN",
                    "features": ["erp"],
                    "erp_watch": str(drop),
                    "erp": {"capture": "mark-paid"},
                }
            },
            service={"state": str(tmp_path / "service.sqlite")},
        )
    )
    erp = settings.shops["erp"]
    with erp.settings.client() as client:
        export_orders(client, erp.settings.erp, tmp_path / "orders.jsonl", limit=1)
    order = json.loads((tmp_path / "orders.jsonl").read_text().splitlines()[0])
    rows = [f"{order['order_number']},{line['line_id']},{line['quantity']},WH-1"
            for line in order["lines"]]  # fmt: skip
    good = drop / "shipments" / "wh-1.csv"
    good.write_text("order_number,line_id,quantity,erp_shipment_id\n" + "\n".join(rows) + "\n")
    bad = drop / "shipments" / "garbled.csv"
    bad.write_text("what,is,this\n1,2,3\n")
    for path in (good, bad):
        os.utime(path, (time.time() - 5, time.time() - 5))  # written a while ago
    store = open_service_store(settings)
    try:
        run = run_job(erp, "erp_imports", store, lambda: False)
        assert run.outcome == "ok" and run.rows == 1, run
        done = drop / "done" / "shipments"
        assert (done / "wh-1.csv").exists() and not good.exists()
        report = json.loads((done / "wh-1.csv.report.json").read_text())
        assert [a["key"] for a in report["applied"]] == ["WH-1"]
        assert (drop / "failed" / "shipments" / "garbled.csv").exists()
        assert "garbled.csv" in " ".join(run.notes)
        # Dropped again (the ERP resent it): nothing is applied twice.
        shutil.copy(done / "wh-1.csv", good)
        os.utime(good, (time.time() - 5, time.time() - 5))
        again = run_job(erp, "erp_imports", store, lambda: False)
        assert again.outcome == "ok" and again.rows == 0
        report = json.loads((done / "wh-1.csv.report.json").read_text())
        assert report["skipped"] == ["WH-1"] and report["mutations"] == 0
        assert read_status(settings).shops[0].erp_files_waiting == 0
    finally:
        store.close()


def test_the_commands_refuse_what_cannot_work_and_say_what_to_do(three_shops, cli, tmp_path):
    settings, _, _ = three_shops
    config = str(settings.path)
    code, _, err = cli("--config", config, "worker")
    assert code == 1 and "PostgreSQL queue" in err and 'state = "postgresql://..."' in err
    code, _, err = cli("--config", config, "serve", "--workers", "0")
    assert code == 1 and "need PostgreSQL" in err
    code, _, err = cli("--config", config, "serve", "--host", "0.0.0.0")
    assert code == 1 and "without a token" in err and "Traceback" not in err
    code, out, _ = cli("--config", config, "status", "--json")
    assert code == 0 and {s["name"] for s in json.loads(out)["shops"]} == {
        "alpha",
        "beta",
        "broken",
    }


def test_a_refused_token_is_told_to_go_in_the_shops_variable(
    centra_emulator, tmp_path, monkeypatch
):
    from centra_bridge.service import run_job

    monkeypatch.setenv("SHOP_TOKEN", "not-the-token")
    shop = {"endpoint": centra_emulator.url, "token_env": "SHOP_TOKEN", "features": ["sync"]}
    settings = load(write_config(tmp_path / "service.toml", {"shop": shop}))
    store = open_service_store(settings)
    run = run_job(settings.shops["shop"], "sync", store, lambda: False)
    store.close()
    assert run.outcome == "failed" and "401" in (run.error or "")
    assert "SHOP_TOKEN" in (run.hint or "") and "--token" not in (run.hint or "")
    assert "not-the-token" not in f"{run.error} {run.hint}"
