"""The emulator and the service are extras: a base install checks and syncs, the README's
demo line (``pip install '.[emulator]'``) runs the demo, and the commands of a missing extra
say what to install."""

from __future__ import annotations

import os
import subprocess
import sys

# ``None`` in sys.modules makes an import fail as if the package were not installed.
SERVICE_ONLY = ("prometheus_client", "procrastinate", "psycopg")  # what only [service] brings
EMULATOR_AND_SERVICE = ("ariadne", "uvicorn", "starlette")  # in [emulator] and [service]


def _run(
    *args: str, without: tuple[str, ...], env: dict[str, str], cwd
) -> subprocess.CompletedProcess[str]:
    blocked = ", ".join(f"{name}=None" for name in without)
    script = (
        f"import sys; sys.modules.update({blocked}); from centra_bridge.cli import main; main()"
    )
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _names_the_extra(done: subprocess.CompletedProcess[str], extra: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "needs its extra" in done.stderr
    assert f"pip install 'centra-bridge[{extra}]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_base_install_checks_and_syncs_and_the_extras_commands_name_their_extra(
    centra_emulator, tmp_path
):
    env = {
        **os.environ,
        "CENTRA_BRIDGE_ENDPOINT": centra_emulator.url,
        "CENTRA_BRIDGE_TOKEN": centra_emulator.token,
    }
    base = EMULATOR_AND_SERVICE + SERVICE_ONLY
    for command in (["check"], ["sync", "--tables", "orders"]):
        done = _run(*command, without=base, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    for command in (["emulator", "serve", "--port", "0"], ["demo"]):
        _names_the_extra(_run(*command, without=base, env=env, cwd=tmp_path), "emulator")
    for command in (["serve"], ["worker"], ["status"]):
        _names_the_extra(_run(*command, without=base, env=env, cwd=tmp_path), "service")


def test_the_readme_demo_line_needs_only_the_emulator_extra(tmp_path):
    done = _run("demo", "--orders", "200", without=SERVICE_ONLY, env=dict(os.environ), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "centra-demo.duckdb").exists()
