"""The emulator is an extra: without ariadne and uvicorn the client and the sync still work, and
the emulator's commands say what to install."""

from __future__ import annotations

import os
import subprocess
import sys

# ``None`` in sys.modules makes ``import ariadne`` fail as if it were not installed.
_WITHOUT_EMULATOR_EXTRA = (
    "import sys; sys.modules.update(ariadne=None, uvicorn=None); "
    "from centra_bridge.cli import main; main()"
)


def _run(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", _WITHOUT_EMULATOR_EXTRA, *args]
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_without_the_emulator_extra_sync_works_and_the_emulator_names_the_extra(
    centra_emulator, tmp_path
):
    env = {
        **os.environ,
        "CENTRA_BRIDGE_ENDPOINT": centra_emulator.url,
        "CENTRA_BRIDGE_TOKEN": centra_emulator.token,
    }
    for command in (["check"], ["sync", "--tables", "orders"]):
        done = _run(*command, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    for command in (["emulator", "serve", "--port", "0"], ["demo"]):
        done = _run(*command, env=env, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert "needs its extra" in done.stderr
        assert "pip install 'centra-bridge[emulator]'" in done.stderr
        assert "Traceback" not in done.stderr
