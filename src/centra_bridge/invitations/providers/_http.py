"""What the providers share: one httpx client, and an answer turned into a short error."""

from __future__ import annotations

import httpx

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def client(headers: dict[str, str] | None = None) -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, headers={"User-Agent": "centra-bridge", **(headers or {})})


def error_of(response: httpx.Response) -> str:
    text = " ".join(response.text.split())[:200]
    return f"HTTP {response.status_code}: {text}" if text else f"HTTP {response.status_code}"
