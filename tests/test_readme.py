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
