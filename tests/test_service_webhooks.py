"""The webhook receiver: Centra's documented signature vector passes; a wrong signature, a
missing header, a stale timestamp and a replay are refused (401, 401, 401, 409) and logged
without the secret."""

from __future__ import annotations

import logging
import time
from urllib.parse import quote

import httpx
import pytest

from centra_bridge.centra import sign_webhook
from centra_bridge.service import StatusReader, open_service_store, web_app
from service_harness import load, serving, write_config

# The worked example in Centra's webhook documentation.
DOC_SECRET = "test123"
DOC_BODY = b"payload=%7B%22x%22%3A%22test%22%7D"
DOC_HEADER = "t=12345678,v1=0b9cd84f5d583e5e1aadfb9f160aa8080b51d5b85ff85808d6b75bdac356c549"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def receiver(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOP_TOKEN", "shop-t0ken")
    monkeypatch.setenv("DOC_SECRET", DOC_SECRET)
    settings = load(
        write_config(
            tmp_path / "service.toml",
            {
                "docs": {
                    "endpoint": "http://127.0.0.1:9/graphql",
                    "token_env": "SHOP_TOKEN",
                    "webhook_secret_env": "DOC_SECRET",
                }
            },
            service={"state": str(tmp_path / "service.sqlite")},
        )
    )
    store = open_service_store(settings)
    reader = StatusReader(settings, store)
    clock = [12345678.0 + 5]  # the documented vector's time, five seconds on
    fetches: list[tuple[str, str, dict[str, object]]] = []
    app = web_app(settings, store, reader, lambda *job: fetches.append(job), clock=lambda: clock[0])
    with serving(app) as url:
        yield url + "/webhooks/centra/docs", clock, fetches
    reader.close()
    store.close()


def test_the_documented_vector_passes_and_the_bad_ones_are_refused_and_logged(receiver, caplog):
    url, clock, fetches = receiver
    caplog.set_level(logging.INFO)
    answers = []

    def post(body: bytes, header: str | None) -> httpx.Response:
        headers = {**FORM, **({"X-Centra-Signature": header} if header else {})}
        answer = httpx.post(url, content=body, headers=headers)
        answers.append(answer.text)
        return answer

    assert post(DOC_BODY, DOC_HEADER).status_code == 200
    assert fetches == [("docs", "webhook", {"orders": [], "types": []})]
    assert post(DOC_BODY, DOC_HEADER).status_code == 409  # the same call again: a replay
    wrong = sign_webhook("not-the-secret", DOC_BODY, timestamp=12345678)
    assert post(DOC_BODY, wrong).status_code == 401
    assert post(DOC_BODY, None).status_code == 401
    assert post(DOC_BODY, "v1=abc").status_code == 401

    clock[0] = time.time()
    events = '{"events":[{"type":"order","action":"update","id":2735},{"type":"shipment","id":9}]}'
    body = f"payload={quote(events)}".encode()
    stale = sign_webhook(DOC_SECRET, body, timestamp=int(clock[0]) - 3600)
    assert post(body, stale).status_code == 401
    fresh = post(body, sign_webhook(DOC_SECRET, body))
    assert fresh.status_code == 200 and fresh.json()["orders"] == 1
    assert fetches[-1] == ("docs", "webhook", {"orders": [2735], "types": ["order", "shipment"]})
    assert len(fetches) == 2

    refused = [r.getMessage() for r in caplog.records if r.name.endswith("webhooks")]
    assert len(refused) == 5
    assert any("(409): a replay" in m for m in refused)
    assert sum("does not match" in m for m in refused) == 1
    assert any("no X-Centra-Signature" in m for m in refused)
    assert any("malformed" in m for m in refused)
    assert any("3600 s ago" in m or "3599 s ago" in m for m in refused)
    everything = caplog.text + " ".join(answers)
    assert DOC_SECRET not in everything and "shop-t0ken" not in everything


def test_unknown_shops_and_shops_without_a_secret_answer_404(receiver):
    url, _, fetches = receiver
    answer = httpx.post(url.replace("/docs", "/other"), content=DOC_BODY, headers=FORM)
    assert answer.status_code == 404 and fetches == []
