"""Pacing within Centra's rate limits: no storm of 429s, and room left for other integrations."""

from __future__ import annotations

from centra_bridge.centra import Tier
from centra_bridge.client import CentraClient, RateBudget
from centra_bridge.sync import sync

# Small enough that a sync of a few hundred orders must wait for it several times.
TIGHT = Tier("tight", 40, None, 40_000, None, 10, None)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_budget_spreads_requests_at_the_refill_rate_of_our_share():
    time = FakeTime()
    budget = RateBudget(TIGHT, share=0.5, clock=time.clock, sleep=time.sleep)
    for _ in range(20):  # half of 40 requests per 10 s: the first twenty go at once
        budget.acquire("Orders")
    assert time.slept == []
    budget.acquire("Orders")
    assert time.now == 10 / 20  # one token refills in 10 s / (40 x 0.5)


def test_budget_reserves_the_last_complexity_of_an_operation():
    time = FakeTime()
    budget = RateBudget(TIGHT, share=1.0, clock=time.clock, sleep=time.sleep)
    reserved = budget.acquire("Orders")
    budget.settle("Orders", reserved, 35_000)
    # 5,000 points left, 4,000 refill per second: the next page of 35,000 waits for 30,000.
    assert budget.acquire("Orders") == 35_000
    assert time.now == 30_000 / 4_000


def test_budget_keeps_what_others_used_from_rate_limits():
    time = FakeTime()
    budget = RateBudget(TIGHT, share=0.5, clock=time.clock, sleep=time.sleep)
    budget.observe(
        [
            {
                "type": "REQUEST_COUNT",
                "intervalSeconds": "TEN_SECONDS",
                "quota": 40,
                "remainingQuota": 22,
            }
        ]
    )
    # 22 left, 20 of them kept for others: two requests now, the next after a refill.
    budget.acquire("Orders")
    budget.acquire("Orders")
    assert time.slept == []
    budget.acquire("Orders")
    assert time.slept


def test_sync_leaves_the_buckets_others_already_used(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=200, tier=TIGHT)
    other = running.add_token(integration="erp")
    with CentraClient(running.url, other) as erp:
        for _ in range(6):  # another integration spends 34,000 of the 40,000 complexity points
            erp.execute("Products", {"limit": 200, "page": 1})
    settings = settings_for(running, rate_share=1.0)
    with settings.client() as client:
        report = sync(settings, client)
    assert report.tables["orders"] == 200
    assert report.paced_seconds > 0  # it waited for the buckets to refill...
    assert running.emulator.responses[429] == 0  # ...instead of running into Centra's limit
