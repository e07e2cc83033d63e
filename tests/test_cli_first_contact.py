"""What a new user meets first: usage errors, help, check's verdicts, reconcile's defaults."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from graphql import build_schema, graphql_sync

from centra_bridge import __version__
from centra_bridge.cli import describe
from centra_bridge.readiness import FEATURES
from centra_bridge.sync import SyncReport, sync


def _connection(running, token: str | None = None) -> list[str]:
    return ["--endpoint", running.url, "--token", token or running.token]


# -- usage errors, help, version ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--bogus"], "No such option: --bogus"),
        (["nope"], "No such command 'nope'"),
        (["sync", "--bogus"], "No such option: --bogus"),
        (["sync", "--tables"], "'--tables' requires an argument"),
        (["emulator", "serve", "--port", "abc"], "Invalid value for '--port'"),
    ],
)
def test_usage_errors_exit_2_with_clicks_message(cli, args, said):
    code, _out, err = cli(*args)
    assert code == 2
    assert said in err
    assert "Unexpected error" not in err
    assert "bug" not in err


def test_version_prints_the_version(cli):
    code, out, _ = cli("--version")
    assert code == 0
    assert out.strip() == f"centra-bridge {__version__}"


@pytest.mark.parametrize(
    "command",
    [[], ["check"], ["sync"], ["reconcile"], ["demo"], ["emulator"], ["emulator", "serve"]],
)
def test_dash_h_is_help_on_every_command(cli, command):
    code, out, err = cli(*command, "-h")
    assert code == 0, err
    assert "Usage:" in out
    assert "Show this message and exit" in out


def test_help_keeps_bracketed_defaults_and_env_names(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one option per line
    _, out, _ = cli("-h")
    assert "TOML settings file [default: ./centra-bridge.toml]" in out
    _, out, _ = cli("sync", "-h")
    assert "Centra GraphQL URL [env CENTRA_BRIDGE_ENDPOINT]" in out
    assert "(default: all) [env CENTRA_BRIDGE_TABLES]" in out


def test_debug_is_accepted_after_the_command(cli):
    unreachable = ["--endpoint", "http://127.0.0.1:9/graphql", "--token", "abc"]
    for command in ("sync", "check"):
        code, _, err = cli(command, *unreachable, "--debug")
        assert code == 1
        assert "Traceback" in err  # --debug took effect
        assert "Error: Could not reach http://127.0.0.1:9/graphql" in err


def test_config_errors_drop_pydantics_prefix(cli):
    code, _, err = cli("sync", "--tables", "nope", "--endpoint", "http://x/graphql", "--token", "t")
    assert code == 1
    assert "Error: tables from the --tables option: unknown table 'nope'" in err
    assert "Value error" not in err


def test_error_messages_keep_square_brackets(cli, tmp_path: Path):
    (tmp_path / "centra-bridge.toml").write_text(
        '[attributes.orders]\nnodot = { column = "x", type = "text" }\n', encoding="utf-8"
    )
    code, _, err = cli("sync", "--endpoint", "http://x/graphql", "--token", "t")
    assert code == 1
    assert "[attributes.orders] key 'nodot' must be" in err


# -- check -----------------------------------------------------------------------------------


def test_check_names_every_missing_permission_in_one_run(centra_emulator, cli):
    sync_feature = next(f for f in FEATURES if f.name == "sync")
    # Each denial nulls the whole answer of its non-null parent, hiding the others behind it.
    withheld = {"Shipment:read", "Return:read", "PaymentHistory:read", "Price:read", "Brand:read"}
    token = centra_emulator.add_token(set(sync_feature.permissions) - withheld)
    code, out, _ = cli("check", *_connection(centra_emulator, token))
    assert code == 2
    grant = " ".join(out[out.index("Grant the token") :].split())
    for permission in sorted(withheld):
        assert permission in grant, permission


def test_check_names_the_events_permissions_with_the_syncs_in_one_run(centra_emulator, cli):
    sync_feature = next(f for f in FEATURES if f.name == "sync")
    withheld = {"Shipment:read", "Price:read", "Event:read", "Event:write"}
    token = centra_emulator.add_token(set(sync_feature.permissions) - withheld)
    code, out, _ = cli("check", *_connection(centra_emulator, token), "--json")
    assert code == 2
    ready = json.loads(out)
    features = {f["name"]: f for f in ready["features"]}
    missing = {p for name in ("sync", "events") for p in features[name]["missing"]}
    assert missing == withheld - {"Event:write"}
    # A write permission cannot be probed without writing: said as not probed yet.
    events = next(f for f in ready["features"] if f["name"] == "events")
    assert "Event:write" in events["unverified"]
    assert not ready["sync_ready"]


def test_check_shows_only_features_a_command_uses(centra_emulator, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = cli("check", *_connection(centra_emulator))
    assert code == 0
    assert "Warehouse sync (every table)" in out
    assert "Changes through Centra's events" in out
    assert "Review invitations" in out  # built: `invitations run` uses it
    assert "ERP fulfilment" in out  # built: `erp orders export` uses it
    for internal_or_unbuilt in ("(sync)", "(events)", "Analytics"):
        assert internal_or_unbuilt not in out


class _GenericGraphQL(BaseHTTPRequestHandler):
    """A GraphQL server that is not Centra: its own schema, no Centra extensions."""

    schema = build_schema("type Query { hello: String }")

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        result = graphql_sync(self.schema, body["query"], root_value={"hello": "world"})
        answer: dict[str, object] = {"data": result.data}
        if result.errors:
            answer["errors"] = [e.formatted for e in result.errors]
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def generic_graphql() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GenericGraphQL)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/graphql"
    server.shutdown()
    server.server_close()


def test_check_refuses_a_graphql_server_that_is_not_centra(generic_graphql, cli):
    code, out, err = cli("check", "--endpoint", generic_graphql, "--token", "abc")
    assert code == 1
    assert f"{generic_graphql} answers GraphQL but does not look like Centra's" in err
    assert "https://<shop>.centra.com/graphql" in err
    assert "Centra unknown" not in out


def test_a_wrong_path_is_named_at_once_not_retried(centra_emulator, cli):
    wrong = centra_emulator.url.replace("/graphql", "/api")
    started = time.monotonic()
    code, _, err = cli("check", "--endpoint", wrong, "--token", centra_emulator.token)
    assert code == 1
    assert time.monotonic() - started < 5
    assert f"{wrong} answered HTTP 404" in err
    assert "the endpoint is probably wrong" in err
    assert "https://<shop>.centra.com/graphql" in err


def test_501_is_not_retried_nor_blamed_on_centras_status(centra_emulator, cli):
    centra_emulator.emulator.fail_next(20, status=501)
    started = time.monotonic()
    code, _, err = cli("check", *_connection(centra_emulator))
    assert code == 1
    assert time.monotonic() - started < 5
    assert centra_emulator.emulator.responses[501] == 1
    assert "answered HTTP 501" in err
    assert "the endpoint is probably wrong" in err
    assert "status page" not in err


# -- reconcile -------------------------------------------------------------------------------


@pytest.fixture
def synced(centra_emulator_factory, cli, tmp_path: Path):
    running = centra_emulator_factory(orders=40)
    target = tmp_path / "w.duckdb"
    args = [*_connection(running), "--duckdb-path", str(target)]
    code, _, err = cli("sync", *args)
    assert code == 0, err
    return running, target, args


def _rows(target: Path, query: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(target)) as con:
        return con.execute(query).fetchall()


def test_reconcile_reports_by_default_and_exits_1_when_groups_differ(synced, cli):
    _running, target, args = synced
    _rows(target, "delete from centra.orders where number = 3")
    code, out, _ = cli("reconcile", *args)
    assert code == 1
    assert "groups differ" in out
    assert "Run with --repair to fetch 1 item again and delete 0 rows" in out
    assert _rows(target, "select count(*) from centra.orders where number = 3") == [(0,)]
    code, out, _ = cli("reconcile", *args, "--repair")
    assert code == 0
    assert _rows(target, "select count(*) from centra.orders where number = 3") == [(1,)]
    code, out, _ = cli("reconcile", *args)
    assert code == 0
    assert "Warehouse matches Centra" in out


def test_reconcile_compares_only_the_selected_tables(synced, cli):
    _running, target, args = synced
    _rows(target, "delete from centra.orders where number = 3")
    code, out, _ = cli("reconcile", *args, "--tables", "customers")
    assert code == 0
    assert "Warehouse matches Centra" in out
    assert "customers" in out
    assert "orders" not in out
    code, out, _ = cli("reconcile", *args, "--tables", "order_lines")  # its source: orders
    assert code == 1
    assert "│ orders" in out


def test_reconcile_covers_stock_per_warehouse(synced, cli):
    from centra_bridge.emulator import put_stock

    running, target, args = synced
    shop = running.shop
    with shop.lock:
        (warehouse_id, size_id), _ = next(iter(shop.stock.items()))
        put_stock(shop, shop.warehouses[warehouse_id], shop.product_sizes[size_id], 7)
        physical = shop.stock[(warehouse_id, size_id)].physical_quantity
    _rows(target, f"insert into centra.stock (warehouse_id, size_id) values ({warehouse_id}, -1)")
    code, out, _ = cli("reconcile", *args, "--tables", "stock")
    assert code == 1
    assert f"warehouse {warehouse_id}" in out
    assert "Run with --repair to fetch 1 item again and delete 1 row " in out
    code, out, _ = cli("reconcile", *args, "--tables", "stock", "--repair")
    assert code == 0
    held = _rows(
        target,
        f"select physical from centra.stock where warehouse_id = {warehouse_id} "
        f"and size_id in ({size_id}, -1)",
    )
    assert held == [(physical,)]
    code, out, _ = cli("reconcile", *args, "--tables", "stock")
    assert code == 0
    assert "Warehouse matches Centra" in out


def test_reconcile_without_a_warehouse_says_sync_first(centra_emulator, cli, tmp_path: Path):
    args = [*_connection(centra_emulator), "--duckdb-path", str(tmp_path / "none.duckdb")]
    code, out, err = cli("reconcile", *args)
    assert code == 1
    assert "nothing to compare with Centra" in err
    assert "Run `centra-bridge sync` first" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "none.duckdb").exists()


def test_reconcile_of_tables_never_synced_says_sync_first(centra_emulator, cli, tmp_path: Path):
    args = [*_connection(centra_emulator), "--duckdb-path", str(tmp_path / "w.duckdb")]
    code, _, err = cli("sync", *args, "--tables", "customers")
    assert code == 0, err
    code, _, err = cli("reconcile", *args, "--tables", "orders")
    assert code == 1
    assert "holds no orders" in err
    assert "Run `centra-bridge sync` first" in err


# -- output polish ---------------------------------------------------------------------------


def test_sync_counts_read_naturally(centra_emulator_factory, cli, tmp_path: Path):
    running = centra_emulator_factory(orders=20)
    args = [*_connection(running), "--duckdb-path", str(tmp_path / "w.duckdb")]
    code, out, err = cli("sync", *args, "--tables", "orders")
    assert code == 0, err
    assert "20/20 orders · 1 page ·" in out
    report = SyncReport(mode="full", since=None, tables={"orders": 12_345}, requests=1_234)
    assert "12,345 rows loaded" in describe(report)
    assert "with 1,234 requests" in describe(report)
    report = SyncReport(mode="full", since=None, tables={"orders": 1}, requests=1, events=1)
    assert "1 row loaded" in describe(report)
    assert "with 1 request, 1 event into" in describe(report)


class _InterruptAfter:
    """A progress display whose user presses Ctrl-C after ``pages`` pages of orders."""

    def __init__(self, pages: int) -> None:
        self.pages = pages

    def start(self, total: int) -> None:
        pass

    def advance(self, orders: int, lines: int) -> None:
        self.pages -= 1
        if self.pages == 0:
            raise KeyboardInterrupt


def test_an_interrupted_backfill_is_resumed_and_says_so(
    centra_emulator_factory, settings_for, cli, monkeypatch
):
    running = centra_emulator_factory(orders=100)
    settings = settings_for(running, page_size=20, chunk_pages=1)
    with settings.client() as client, pytest.raises(KeyboardInterrupt):
        sync(settings, client, progress=_InterruptAfter(pages=3))
    args = [*_connection(running), "--duckdb-path", str(settings.duckdb_path)]
    monkeypatch.setenv("CENTRA_BRIDGE_STATE_DIR", str(settings.state_dir))
    code, out, err = cli("sync", *args)
    assert code == 0, err
    assert "Backfill resumed" in out
    assert "Incremental" not in out
    assert _rows(settings.duckdb_path, "select count(*) from centra.orders") == [(100,)]


def test_a_sync_in_its_own_process_prints_no_warnings(centra_emulator_factory, tmp_path: Path):
    # In its own process: pytest catches warnings in its own, so a leaking one shows only here.
    running = centra_emulator_factory(orders=30)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env |= {"CENTRA_BRIDGE_TOKEN": running.token, "CENTRA_BRIDGE_ENDPOINT": running.url}
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()", "sync"]
    for _ in range(2):  # the backfill, then an incremental run
        done = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "Warning" not in done.stderr + done.stdout


def test_emulator_refuses_unknown_permissions(cli):
    # A subprocess: were the names accepted, it would serve until killed.
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()"]
    serve = [*command, "emulator", "serve", "--port", "0", "--permissions", "Order:read,Ordr:read"]
    done = subprocess.run(serve, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "unknown permission Ordr:read (did you mean Order:read?)" in done.stderr
    assert "centra-bridge emulator permissions" in done.stderr
    code, out, _ = cli("emulator", "permissions")
    assert code == 0
    assert "Order:read" in out.split()


def _hanging_server() -> tuple[socket.socket, str]:
    """A port that accepts connections and never answers: a request that waits."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}/graphql"


def test_ctrl_c_says_where_the_next_run_resumes():
    listener, url = _hanging_server()
    env = {**os.environ, "CENTRA_BRIDGE_TOKEN": "abc"}
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "check", "--endpoint", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        listener.settimeout(30)
        connection, _ = listener.accept()  # the CLI is now waiting for an answer
        process.send_signal(signal.SIGINT)
        try:
            _out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"Ctrl-C did not stop check; it printed: {process.communicate()[1]}")
        connection.close()
    finally:
        process.kill()
        listener.close()
    assert process.returncode == 130
    assert err.strip() == (
        "Interrupted: stopped at once; the next run resumes from the last committed load."
    )


def test_follow_prints_a_line_per_events_batch_and_stops_on_ctrl_c(
    centra_emulator_factory, tmp_path
):
    running = centra_emulator_factory(orders=50)
    drained = threading.Event()
    running.add_request_hook(lambda name, _: drained.set() if name == "Events" else None)
    env = {
        **os.environ,
        "CENTRA_BRIDGE_TOKEN": running.token,
        "CENTRA_BRIDGE_FOLLOW_INTERVAL": "0.5",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()", "sync"]
    args = ["--endpoint", running.url, "--duckdb-path", str(tmp_path / "w.duckdb"), "--follow"]
    process = subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")))
    reader.start()
    try:
        assert drained.wait(60)  # the backfill is done and the events are being read
        with running.shop.lock:
            running.shop.update_order(3, status="ARCHIVED")
        deadline = time.monotonic() + 60
        while not any(" 1 event: " in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        process.kill()
        reader.join()
    batch = next(line for line in lines if " 1 event: " in line)
    assert "orders 1" in batch
    assert process.returncode == 0


def test_events_off_is_said_once_without_a_warning_or_traceback(centra_emulator_factory, cli):
    running = centra_emulator_factory(orders=60)
    args = ["--endpoint", running.url, "--token", running.token]
    code, _out, err = cli("sync", *args)
    assert code == 0, err
    running.shop.events.disabled.add("centra-bridge")
    with running.shop.lock:
        running.shop.clock.advance(5)
        running.shop.update_order(3, status="ARCHIVED")
    code, out, err = cli("sync", *args)
    assert code == 0, err
    assert (out + err).count("without an event") == 1
    assert "Warning" not in out + err
    assert "Traceback" not in out + err


def test_json_output_is_the_result_as_data(centra_emulator_factory, cli, tmp_path: Path):
    running = centra_emulator_factory(orders=30)
    args = [*_connection(running), "--duckdb-path", str(tmp_path / "w.duckdb")]
    code, out, err = cli("check", *_connection(running), "--json")
    assert code == 0, err
    ready = json.loads(out)
    assert ready["sync_ready"] is True
    features = {f["name"]: f["missing"] for f in ready["features"]}
    assert features == {"sync": [], "events": [], "invitations": [], "erp": []}
    code, out, err = cli("sync", *args, "--tables", "orders,order_lines", "--json")
    assert code == 0, err
    report = json.loads(out)  # nothing but the report on stdout: no bar, no summary
    assert report["mode"] == "full"
    assert report["tables"]["orders"] == 30
    assert report["requests"] > 0
    code, out, err = cli("reconcile", *args, "--tables", "orders", "--json")
    assert code == 0, err
    assert json.loads(out)["differing"] == []
