"""The command line, run in-process against the emulator over HTTP."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import httpx


def _connection(running, token: str | None = None) -> list[str]:
    return ["--endpoint", running.url, "--token", token or running.token]


def test_check_reports_ready_features(centra_emulator_factory, cli, monkeypatch):
    running = centra_emulator_factory(orders=10, tier="growth")
    monkeypatch.setenv("CENTRA_BRIDGE_RATE_SHARE", "0.5")
    code, out, err = cli("check", *_connection(running))
    assert code == 0, err
    assert "Warehouse sync" in out
    assert "ready" in out
    assert "Not probed yet" in out
    out = " ".join(out.split())  # rich wraps long lines
    assert "/60 request count" in out
    assert "The sync uses at most 50% of the shop's limits" in out


def test_check_names_the_missing_permission_and_fails(centra_emulator, cli):
    token = centra_emulator.add_token({"Store:read", "Market:read", "Product:read"})
    code, out, _ = cli("check", *_connection(centra_emulator, token))
    assert code == 2
    assert "Order:read" in out
    assert "blocked" in out
    assert "The sync cannot run with this token" in out


def test_sync_without_permission_prints_one_line_and_a_hint(centra_emulator, cli, tmp_path: Path):
    token = centra_emulator.add_token({"Store:read"})
    code, out, err = cli(
        "sync", *_connection(centra_emulator, token), "--duckdb-path", str(tmp_path / "w.duckdb")
    )
    assert code == 1
    assert "Error: The token lacks permission Order:read" in err
    assert "Hint: Grant the token Order:read" in err
    assert "Traceback" not in out + err


def test_sync_then_incremental_sync(centra_emulator_factory, cli, tmp_path: Path):
    running = centra_emulator_factory(orders=300)
    target = tmp_path / "w.duckdb"
    code, out, err = cli("sync", *_connection(running), "--duckdb-path", str(target))
    assert code == 0, err
    assert "Full sync" in out
    assert "orders: 300 inserted, 0 updated, 0 deleted" in out
    with running.shop.lock:
        running.shop.update_order(9, status="SHIPPED")
    code, out, err = cli("sync", *_connection(running), "--duckdb-path", str(target))
    assert code == 0, err
    assert "Incremental sync" in out
    assert "orders: 0 inserted, 1 updated, 0 deleted" in out


def test_errors_are_one_line_without_traceback(cli):
    code, out, err = cli("sync", "--endpoint", "http://127.0.0.1:9/graphql", "--token", "abc")
    assert code == 1
    assert "Error: Could not reach http://127.0.0.1:9/graphql" in err
    assert "Traceback" not in out + err
    code, _, err = cli("check")
    assert code == 1
    assert "endpoint is not set" in err


def test_debug_shows_the_traceback(cli):
    code, _, err = cli(
        "--debug", "check", "--endpoint", "http://127.0.0.1:9/graphql", "--token", "abc"
    )
    assert code == 1
    assert "Traceback" in err


def test_token_never_appears_in_output_or_logs(centra_emulator, cli, caplog, tmp_path: Path):
    caplog.set_level(logging.DEBUG)
    token = centra_emulator.token
    limited = centra_emulator.add_token({"Store:read"}, token="limited-secret-token-123")
    runs = [
        cli("--debug", "check", *_connection(centra_emulator)),
        cli(
            "--debug",
            "sync",
            *_connection(centra_emulator),
            "--duckdb-path",
            str(tmp_path / "a.duckdb"),
        ),
        cli(
            "--debug",
            "sync",
            *_connection(centra_emulator, limited),
            "--duckdb-path",
            str(tmp_path / "b.duckdb"),
        ),
        cli("--debug", "check", "--endpoint", "http://127.0.0.1:9/graphql", "--token", token),
        cli("--debug", "check", "--endpoint", "not a url", "--token", token),
    ]
    assert [code for code, _, _ in runs] == [0, 0, 1, 1, 1]
    for secret in (token, limited):
        for _, out, err in runs:
            assert secret not in out
            assert secret not in err
        assert secret not in caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def test_demo_runs_twice_the_second_time_incrementally(cli, tmp_path: Path):
    target = tmp_path / "demo.duckdb"
    args = [
        "demo",
        "--orders",
        "400",
        "--duckdb-path",
        str(target),
        "--state-dir",
        str(tmp_path / "s"),
    ]
    code, out, err = cli(*args)
    assert code == 0, err
    assert "Full sync" in out
    assert "orders: 400 inserted" in out
    assert "Revenue per market" in out
    assert str(target) in out.replace("\n", "")
    code, out, err = cli(*args)
    assert code == 0, err
    assert "Incremental sync" in out
    with duckdb.connect(str(target), read_only=True) as con:
        (orders, distinct) = con.execute(
            "select count(*), count(distinct number) from centra.orders"
        ).fetchone()
    assert orders == distinct == 425  # 25 orders placed by the simulated activity


def _serve(*args: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``centra-bridge emulator serve`` on a free port; return the process and its URL."""
    env = {**os.environ, "CENTRA_BRIDGE_EMULATOR_TOKEN": "serve-test-token"}
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "emulator", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert "serve-test-token" not in first + process.stdout.readline()
    return process, next(word for word in first.split() if word.startswith("http"))


def test_emulator_serve_runs_standalone_with_the_given_token():
    process, url = _serve("--orders", "50", "--permissions", "Order:read")
    try:
        headers = {"Authorization": "Bearer serve-test-token"}
        ok = httpx.post(url, json={"query": "{ orders(limit: 100) { number } }"}, headers=headers)
        assert len(ok.json()["data"]["orders"]) == 50
        denied = httpx.post(url, json={"query": "{ stores { id } }"}, headers=headers).json()
        assert denied["errors"][0]["message"] == "You need Store:read permission to access stores."
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_emulator_serve_scenario_serves_the_erp_guide_shop():
    process, url = _serve("--scenario", "erp-guide", "--tier", "unlimited")
    try:
        headers = {"Authorization": "Bearer serve-test-token"}
        query = "{ orders(where: {number: [14]}) { number lines { id } } }"
        answer = httpx.post(url, json={"query": query}, headers=headers).json()
        (order,) = answer["data"]["orders"]
        assert order["number"] == 14
        assert 68 in [int(line["id"]) for line in order["lines"]]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_emulator_serve_names_the_scenarios_when_given_an_unknown_one(cli):
    code, _out, err = cli("emulator", "serve", "--scenario", "nope", "--port", "0")
    assert code != 0
    assert "Unknown scenario 'nope'" in err
    assert "erp-guide" in err


def test_emulator_serve_json_says_where_and_with_which_token():
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "emulator", "serve", "--port", "0", "--orders", "20", "--json"],
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "CENTRA_BRIDGE_EMULATOR_TOKEN"},
    )
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())  # one line, nothing before it
        assert ready["orders"] == 20
        headers = {"Authorization": f"Bearer {ready['token']}"}
        answer = httpx.post(ready["url"], json={"query": "{ orders(limit: 50) { number } }"},
                            headers=headers)  # fmt: skip
        assert len(answer.json()["data"]["orders"]) == 20
    finally:
        process.terminate()
        process.wait(30)


def test_demo_json_is_the_result_as_data(cli, tmp_path):
    code, out, err = cli("demo", "--orders", "60", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["readiness"]["sync_ready"] is True
    assert result["sync"]["mode"] == "full"
    assert result["summary"]["rows"]["orders"] == 60
    assert sum(m["orders"] for m in result["summary"]["revenue"]) > 0
    code, out, err = cli("emulator", "permissions", "--json")
    assert code == 0, err
    assert "Order:read" in json.loads(out)
