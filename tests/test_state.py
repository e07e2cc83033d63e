"""The state store: idempotency keys, outbox rows written with the decision, leases; on SQLite and
on the real PostgreSQL."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from centra_bridge.errors import LeaseLostError, StateError
from centra_bridge.state import Lease, StateStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path):
    if request.param == "sqlite":
        made = StateStore(tmp_path / "state" / "state.sqlite")
    else:
        made = StateStore(request.getfixturevalue("postgres_url"))
    yield made
    made.close()


def test_a_key_is_claimed_once(store):
    assert store.claim_key("invitations", "order-1")
    assert not store.claim_key("invitations", "order-1")
    assert store.claim_key("erp", "order-1")  # scopes are apart


def test_a_decision_and_its_outbox_row_commit_together_or_not_at_all(store):
    with pytest.raises(RuntimeError), store.transaction() as t:
        assert t.claim_key("invitations", "order-7")
        assert t.add_outbox("invitations", "order-7", {"email": "a@example.com"})
        raise RuntimeError("crash before the commit")
    with store.transaction() as t:
        assert t.outbox("invitations") == []
        assert t.claim_key("invitations", "order-7")  # the claim was rolled back too
        assert t.add_outbox("invitations", "order-7", {"email": "a@example.com"}, due_at=5.0)
        assert not t.add_outbox("invitations", "order-7", {"email": "b@example.com"})
    with store.transaction() as t:
        [row] = t.outbox("invitations", status="pending", due_before=10.0)
        assert row.payload == {"email": "a@example.com"}
        t.update_outbox(row.id, status="done", attempts=1)
        assert t.outbox("invitations", status="pending") == []
        assert t.outbox("invitations", key="order-7")[0].status == "done"


def test_facts_are_kept_and_replaced(store):
    assert store.fact("sync", "last_run") is None
    store.set_fact("sync", "last_run", {"rows": 3})
    store.set_fact("sync", "last_run", {"rows": 4})
    assert store.fact("sync", "last_run") == {"rows": 4}


def test_a_lease_has_one_holder_until_it_runs_out(store):
    first = Lease(store, "events:shop", ttl=0.5, holder="first")
    second = Lease(store, "events:shop", ttl=0.5, holder="second")
    assert first.acquire()
    assert not second.acquire()
    assert first.acquire()  # renewing is taking again
    time.sleep(0.6)  # the first stopped renewing
    assert second.acquire()
    assert first.holder_now() == "second"
    with pytest.raises(LeaseLostError, match="held by second"):
        first.renewed_at = None
        first.keep()
    second.release()
    assert first.holder_now() is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_jobs_opening_one_new_store_at_once_all_get_it(request, backend: str, tmp_path: Path):
    # The service opens a shop's ERP ledger from its sync handler and its file imports at once;
    # both saw the tables missing and the slower one failed with "table already exists".
    base = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    for round_ in range(10):
        where: str | Path = (
            f"{base}?schema=race_{round_}" if base else tmp_path / str(round_) / "s.sqlite"
        )
        failures: list[BaseException] = []

        def open_it(where: str | Path = where, failures: list[BaseException] = failures) -> None:
            try:
                opened = StateStore(where)
                opened.set_fact("erp", "ready", True)
                opened.close()
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == [], f"round {round_}: {failures[0]}"


def test_an_unusable_store_is_one_clear_error(tmp_path: Path):
    with pytest.raises(StateError, match="cannot be opened") as caught:
        StateStore("postgresql://someone:s3cret@127.0.0.1:1/nowhere")
    assert "s3cret" not in str(caught.value)
    assert "someone:***@" in str(caught.value)
