"""pytest fixtures that run a seeded Centra emulator on a free loopback port.

Installed as a pytest plugin with centra-bridge, so your own tests can use them:

    def test_my_integration(centra_emulator):
        client = MyClient(centra_emulator.url, centra_emulator.token)
        ...
        centra_emulator.shop.update_order(5, status="SHIPPED")

``centra_emulator`` seeds 2,000 orders with the unlimited tier; ``centra_emulator_factory(...)``
starts others (``orders=``, ``seed=``, ``tier=``, ``scenario="erp-guide"``). Both stop their
servers after the test.

For same-second and race cases: ``centra_emulator.shop.clock.freeze()`` / ``.unfreeze()``, and
``centra_emulator.add_request_hook(fn)`` calls ``fn(operation_name, variables)`` before each
GraphQL request runs (it returns the remover). The operator endpoints are under
``centra_emulator.base_url + "/emulator/..."``.

``review_platform`` is a fake review platform (a real HTTP server) that records the invitations
it receives by idempotency key and fails on demand, to test your own invitation rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from centra_bridge.emulator import Emulator, EmulatorServer, RequestHook, Shop, Tier

from centra_bridge.testing._compare import (
    TableDiff,
    compare_warehouses,
    fresh_sync,
    warehouse_rows,
)
from centra_bridge.testing._review_platform import FakeReviewPlatform

__all__ = [
    "FakeReviewPlatform",
    "RunningEmulator",
    "TableDiff",
    "centra_emulator",
    "centra_emulator_factory",
    "compare_warehouses",
    "fresh_sync",
    "warehouse_rows",
]


@dataclass
class RunningEmulator:
    """A started emulator: ``url`` is its GraphQL endpoint, ``token`` has every permission."""

    emulator: Emulator
    server: EmulatorServer
    token: str

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def base_url(self) -> str:
        """Where the operator endpoints live: ``base_url + "/emulator/status"``."""
        return self.server.base_url

    @property
    def shop(self) -> Shop:
        return self.emulator.shop

    def add_token(self, permissions: set[str] | None = None, **kwargs: Any) -> str:
        return self.emulator.add_token(permissions=permissions, **kwargs)

    def add_request_hook(self, fn: RequestHook) -> Callable[[], None]:
        """See ``Emulator.add_request_hook``; the returned callable removes the hook."""
        return self.emulator.add_request_hook(fn)


def start_emulator(
    *,
    orders: int = 2000,
    seed: int = 1,
    tier: str | Tier = "unlimited",
    scenario: str = "default",
) -> RunningEmulator:
    from centra_bridge.emulator import Emulator, EmulatorServer, apply_scenario

    emulator = Emulator(tier=tier)
    apply_scenario(emulator.shop, scenario, seed=seed, orders=orders)
    token = emulator.add_token()
    return RunningEmulator(emulator, EmulatorServer(emulator).start(), token)


@pytest.fixture
def centra_emulator_factory() -> Iterator[Callable[..., RunningEmulator]]:
    started: list[RunningEmulator] = []

    def factory(**kwargs: Any) -> RunningEmulator:
        running = start_emulator(**kwargs)
        started.append(running)
        return running

    yield factory
    for running in started:
        running.server.stop()


@pytest.fixture
def centra_emulator(
    centra_emulator_factory: Callable[..., RunningEmulator],
) -> RunningEmulator:
    return centra_emulator_factory()


@pytest.fixture
def review_platform() -> Iterator[FakeReviewPlatform]:
    """A fake review platform on a free loopback port (see ``FakeReviewPlatform``): point
    ``invitations.webhook_url`` at ``review_platform.webhook_url`` (or ``lipscore_url`` at
    ``review_platform.url``) with its secrets, then assert on ``accepted`` and ``repeats``."""
    with FakeReviewPlatform() as platform:
        yield platform
