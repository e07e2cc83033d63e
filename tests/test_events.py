"""The shared events consumer: features plug in as handlers; one process consumes at a time."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from centra_bridge.client import CentraClient
from centra_bridge.errors import LeaseLostError
from centra_bridge.events import EventBatch, EventsConsumer
from centra_bridge.state import Lease, StateStore
from centra_bridge.sync import sync


class Recorder:
    """A second feature's handler: it needs Order events, and Display events the sync does not."""

    object_types = frozenset({"Order", "Display"})

    def __init__(self) -> None:
        self.batches: list[EventBatch] = []

    def handle(self, batch: EventBatch) -> None:
        self.batches.append(batch)


class Crashing(Recorder):
    def handle(self, batch: EventBatch) -> None:
        raise RuntimeError("the invitations handler died")


def _sync(settings, **kwargs):
    with settings.client() as client:
        return sync(settings, client, **kwargs)


def test_a_second_handler_shares_the_consumer_and_its_listeners(
    centra_emulator_factory, settings_for
):
    running = centra_emulator_factory(orders=100)
    settings = settings_for(running)
    recorder = Recorder()
    _sync(settings, handlers=[recorder])
    with settings.client() as client:
        listened = EventsConsumer(client).listening()
    assert {"Order", "Display", "Product", "Customer"} <= listened  # the union of both needs
    with running.shop.lock:
        for number in (5, 6):
            running.shop.update_order(number, status="ARCHIVED")
    report = _sync(settings, handlers=[recorder])
    assert report.events == 2
    seen = [e for b in recorder.batches for e in b.of("Order")]
    assert sorted(int(e["objectReference"]) for e in seen) == [5, 6]
    assert running.shop.events.pending("centra-bridge") == []


def test_a_failing_handler_leaves_the_batch_unconfirmed(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=100)
    settings = settings_for(running)
    _sync(settings)
    with running.shop.lock:
        for number in (1, 2, 3):
            running.shop.update_order(number, status="ARCHIVED")
    with pytest.raises(RuntimeError, match="invitations handler died"):
        _sync(settings, handlers=[Crashing()])  # after the warehouse loaded the batch
    assert len(running.shop.events.pending("centra-bridge")) == 3  # not confirmed
    recorder = Recorder()
    report = _sync(settings, handlers=[recorder])  # delivered again, to every handler
    assert report.events == 3
    assert sum(len(b.of("Order")) for b in recorder.batches) == 3
    assert running.shop.events.pending("centra-bridge") == []
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        query = "select count(*), count(distinct number) from centra.orders"
        assert con.execute(query).fetchall() == [(100, 100)]  # twice delivered, once held


def test_a_consumer_whose_lease_was_taken_meanwhile_stops_without_confirming(
    centra_emulator, tmp_path: Path
):
    store = StateStore(tmp_path / "state.sqlite")
    slow, other = (Lease(store, "events:shop", ttl=0.3, holder=h) for h in ("slow", "other"))

    class Stalling(Recorder):
        def handle(self, batch: EventBatch) -> None:
            time.sleep(0.5)  # the lease runs out while the batch is handled...
            assert other.acquire()  # ... and another consumer takes it over
            super().handle(batch)

    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        consumer = EventsConsumer(client, [Stalling()], lease=slow)
        consumer.ensure_listeners()
        with centra_emulator.shop.lock:
            centra_emulator.shop.update_order(1, status="ARCHIVED")
        with pytest.raises(LeaseLostError, match="held by other"):
            consumer.poll()
    assert len(centra_emulator.shop.events.pending("centra-bridge")) == 1  # for the new holder


_CONSUMER = textwrap.dedent(
    """
    import signal, sys
    from centra_bridge.client import CentraClient
    from centra_bridge.events import EventsConsumer, Stop
    from centra_bridge.state import Lease, StateStore

    url, token, store, name, log = sys.argv[1:6]

    class Recorder:
        object_types = frozenset({"Order"})

        def handle(self, batch):
            with open(log, "a") as out:
                out.writelines(f"{name} {e['objectReference']}\\n" for e in batch.events)

    stop = Stop()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    lease = Lease(StateStore(store), "events:centra-bridge", ttl=2.0, holder=name)
    with CentraClient(url, token) as client:
        consumer = EventsConsumer(client, [Recorder()], lease=lease)
        consumer.ensure_listeners()
        consumer.follow(stop, interval=0.1)
    """
)


def _wait_for(condition, seconds: float) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "timed out"
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.mark.slow
def test_one_consumer_holds_the_lease_and_another_takes_over_after_a_kill(
    centra_emulator, tmp_path: Path
):
    store_url = f"sqlite:///{tmp_path / 'state.sqlite'}"
    log = tmp_path / "handled.log"
    log.touch()
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        EventsConsumer(client).listen(["Order"])  # changes queue from now on
    store = StateStore(store_url)

    def start(name: str) -> subprocess.Popen[bytes]:
        args = [centra_emulator.url, centra_emulator.token, store_url, name, str(log)]
        return subprocess.Popen([sys.executable, "-c", _CONSUMER, *args])

    def handled() -> list[str]:
        return log.read_text().splitlines()

    def change(number: int) -> None:
        with centra_emulator.shop.lock:
            centra_emulator.shop.update_order(number, status="ARCHIVED")

    first = start("first")
    second = None
    try:
        holder = Lease(store, "events:centra-bridge").holder_now
        _wait_for(lambda: holder() == "first" or first.poll() is not None, 60)
        assert first.poll() is None, "the first consumer died (its stderr is above)"
        second = start("second")
        time.sleep(3)  # the second is up, waiting for its turn
        change(1)
        _wait_for(lambda: "first 1" in handled(), 30)
        change(2)
        _wait_for(lambda: "first 2" in handled(), 30)
        assert second.poll() is None
        assert [line for line in handled() if line.startswith("second")] == []
        first.send_signal(signal.SIGKILL)
        first.wait()
        change(3)
        took = _wait_for(lambda: "second 3" in handled(), 30)
        assert took < 2.0 + 2.0  # the lease's ttl, and a margin for the poll
        assert "first 3" not in handled()
        assert holder() == "second"
    finally:
        first.kill()
        if second is not None:
            second.send_signal(signal.SIGTERM)
            assert second.wait(30) == 0  # stops at its next step and releases the lease
    assert Lease(store, "events:centra-bridge").holder_now() is None
