"""The README's "Using it with your shop" commands, as written, in an empty directory, with the
emulator's URL and token in the environment (the only change: the PostgreSQL URL points at the
test's own database, and that warehouse gets a token of its own integration, as the README says).
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import duckdb
import pytest

README = Path(__file__).parents[1] / "README.md"


def _blocks(section: str) -> list[list[str]]:
    """The ``sh`` blocks of a README section, each as its command lines (comments dropped)."""
    text = README.read_text(encoding="utf-8").split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [[line.strip() for line in block.splitlines() if line.strip()] for block in blocks]


def _follow_until_a_drain(running, env: dict[str, str], args: list[str]) -> int:
    """``sync --follow`` in its own process, stopped with Ctrl-C once it reads events."""
    drained = threading.Event()
    remove = running.add_request_hook(lambda name, _: drained.set() if name == "Events" else None)
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert drained.wait(120)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    finally:
        process.kill()
        remove()
    return process.returncode


@pytest.mark.slow
def test_using_it_with_your_shop_runs_as_written(
    centra_emulator_factory, cli, monkeypatch, tmp_path, postgres_url
):
    running = centra_emulator_factory(orders=200)
    shell, postgres = _blocks("Using it with your shop")
    assert shell[0].startswith("export CENTRA_BRIDGE_ENDPOINT=")
    assert shell[1].startswith("export CENTRA_BRIDGE_TOKEN=")
    monkeypatch.setenv("CENTRA_BRIDGE_ENDPOINT", running.url)
    monkeypatch.setenv("CENTRA_BRIDGE_TOKEN", running.token)
    ran = []
    for line in shell[2:]:
        args = shlex.split(line, comments=True)
        assert args[0] == "centra-bridge", line
        if "--follow" in args:
            code = _follow_until_a_drain(running, dict(os.environ), args[1:])
        else:
            code, _out, err = cli(*args[1:])
            assert code == 0, f"{line}: {err}"
        assert code == 0, line
        ran.append(args[1])
    assert ran.count("sync") == 4
    assert ran[-2:] == ["reconcile", "reconcile"]
    with duckdb.connect(str(tmp_path / "centra-bridge.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from centra.orders").fetchall() == [(200,)]
    # The PostgreSQL lines: the pip line installs an extra the clone declares (the test extras
    # install its driver too).
    pip = shlex.split(postgres[0], comments=True)
    assert pip[:2] == ["pip", "install"] and pip[2].startswith(".["), postgres[0]
    declared = tomllib.loads((README.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert pip[2][2:-1] in declared["project"]["optional-dependencies"]
    args = shlex.split(postgres[1], comments=True)
    args[args.index("--destination") + 1] = postgres_url
    monkeypatch.setenv("CENTRA_BRIDGE_TOKEN", running.add_token(integration="bi-postgres"))
    code, _out, err = cli(*args[1:])
    assert code == 0, err


def _section(title: str) -> str:
    return README.read_text(encoding="utf-8").split(f"## {title}", 1)[1].split("\n## ", 1)[0]


@pytest.mark.slow
def test_run_it_as_a_service_runs_as_written(centra_emulator_factory, tmp_path):
    """The service section's config (its two endpoints pointed at two emulators) and its serve
    command, as written: both shops synced on the page, the query URL answering CSV, SIGTERM
    a clean stop."""
    import httpx

    acme, globex = centra_emulator_factory(orders=60), centra_emulator_factory(orders=30)
    text = _section("Run it as a service, for many shops")
    (config,) = re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)
    for shop, running in (("acme", acme), ("globex", globex)):
        config = config.replace(f"https://{shop}.centra.com/graphql", running.url)
    (tmp_path / "service.toml").write_text(config, encoding="utf-8")
    (shell,) = _blocks("Run it as a service, for many shops")
    pip = shlex.split(shell[0], comments=True)
    declared = tomllib.loads((README.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert (
        pip[:2] == ["pip", "install"]
        and pip[2][2:-1] in declared["project"]["optional-dependencies"]
    )
    args = shlex.split(shell[1], comments=True)
    assert args[0] == "centra-bridge", shell[1]
    env = {**os.environ, "ACME_CENTRA_TOKEN": acme.token, "GLOBEX_CENTRA_TOKEN": globex.token}
    command = [sys.executable, "-c", "from centra_bridge.cli import main; main()", *args[1:]]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = "http://127.0.0.1:8787"
    try:
        deadline, synced = time.monotonic() + 90, set()
        while time.monotonic() < deadline and synced != {"acme", "globex"}:
            time.sleep(0.5)
            try:
                status = httpx.get(f"{base}/api/status", timeout=5).json()
            except httpx.HTTPError:
                continue
            synced = {
                shop["name"]
                for shop in status["shops"]
                for job in shop["jobs"]
                if job["job"] == "sync" and job["outcome"] == "ok"
            }
        assert synced == {"acme", "globex"}, process.poll()
        (path,) = re.findall(r"`(/api/query/[^`]+)`", text)
        answer = httpx.get(base + path, timeout=30)
        assert answer.status_code == 200, answer.text
        header, *rows = answer.text.splitlines()
        assert header == '"month","currency","net_revenue"' and rows
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()
        assert acme.token not in err.decode() and globex.token not in err.decode()
    finally:
        process.kill()
