"""Review invitations at scale: a seeded emulator (in its own process) whose shipped orders are
all within the look-back, one ``centra-bridge invitations run`` (in another) deciding and
delivering them to a fake review platform (in this one).

    python bench/invitations.py                      # about 10,000 shipped orders, Lipscore
    python bench/invitations.py --provider webhook   # one signed POST per invitation

Prints decisions per second, deliveries per second and requests per invitation (to Centra and
to the platform), and checks that the platform got each invitation once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import TOKEN, emulator_status, start_emulator

from centra_bridge.testing import FakeReviewPlatform


def _answered(url: str) -> int:
    """Requests the emulator has answered so far (any status)."""
    return sum(emulator_status(url)["responses"].values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=12_000, help="seeded orders (~85%% ship)")
    parser.add_argument("--provider", choices=("lipscore", "webhook"), default="lipscore")
    args = parser.parse_args()

    emulator, url = start_emulator(args.orders)
    try:
        with FakeReviewPlatform() as platform, tempfile.TemporaryDirectory() as directory:
            where = Path(directory)
            target = (
                f'lipscore_url = "{platform.url}"'
                if args.provider == "lipscore"
                else f'webhook_url = "{platform.webhook_url}"'
            )
            (where / "centra-bridge.toml").write_text(
                "[invitations]\n"
                f'provider = "{args.provider}"\n{target}\n'
                'delay = "0s"\nlookback = "3650d"\nmerge_window = "0s"\n'
                f'state = "{where / "invitations.sqlite"}"\n',
                encoding="utf-8",
            )
            env = {
                **os.environ,
                "CENTRA_BRIDGE_ENDPOINT": url,
                "CENTRA_BRIDGE_TOKEN": TOKEN,
                "CENTRA_BRIDGE_INVITATIONS__WEBHOOK_SECRET": platform.webhook_secret,
                "CENTRA_BRIDGE_INVITATIONS__LIPSCORE_API_KEY": platform.lipscore_api_key,
                "CENTRA_BRIDGE_INVITATIONS__LIPSCORE_SECRET": platform.lipscore_secret,
            }
            requests_before = _answered(url)
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "centra_bridge.cli", "invitations", "run", "--json"],
                cwd=where,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            report = json.loads(done.stdout)
            centra_requests = _answered(url) - requests_before
            decided = len(report["outcomes"])
            invited = sum(1 for o in report["outcomes"] if o["action"] in ("invited", "merged"))
            sent = report["delivery"]["sent"]
            print(
                json.dumps(
                    {
                        "provider": args.provider,
                        "orders_decided": decided,
                        "invitations": invited,
                        "delivered": sent,
                        "platform_received_once": len(platform.accepted),
                        "platform_repeats": sum(platform.repeats.values()),
                        "decide_seconds": round(report["decide_seconds"], 2),
                        "deliver_seconds": round(report["deliver_seconds"], 2),
                        "run_seconds": round(seconds, 2),
                        "decisions_per_second": round(decided / report["decide_seconds"]),
                        "deliveries_per_second": round(sent / report["deliver_seconds"]),
                        "platform_requests_per_invitation": round(
                            report["delivery"]["requests"] / max(sent, 1), 3
                        ),
                        "centra_requests_per_invitation": round(
                            centra_requests / max(invited, 1), 3
                        ),
                    },
                    indent=2,
                )
            )
    finally:
        emulator.terminate()
        emulator.wait()


if __name__ == "__main__":
    main()
