"""Lipscore's purchases API (v2): ``POST /purchases?api_key=<key>`` with the secret in
``X-Authorization``, at most 20 purchases per request so that every result comes back in the
answer (Lipscore creates larger batches asynchronously, without per-purchase results).

Lipscore answers a purchase it already has with an error rather than a success; such an answer
means it has the invitation, so it counts as delivered (a delivery repeats after a crash).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from centra_bridge.invitations.providers._http import client, error_of

if TYPE_CHECKING:
    from centra_bridge.invitations._options import InvitationsOptions

BATCH = 20
_DUPLICATE = ("already", "duplicate", "exists")


def purchase(key: str, invitation: dict[str, Any]) -> dict[str, Any]:
    """One invitation in Lipscore's words (the idempotency key as ``internal_attr_1``)."""
    found = {
        "buyer_email": invitation["buyer_email"],
        "buyer_name": invitation["buyer_name"],
        "buyer_phone": invitation.get("buyer_phone"),
        "lang": invitation["lang"],
        "purchased_at": invitation.get("purchased_at"),
        "shipped_at": invitation.get("shipped_at"),
        "internal_order_id": invitation["internal_order_id"],
        "internal_customer_id": invitation.get("internal_customer_id"),
        "internal_attr_1": key,
        "discount_voucher": invitation.get("voucher"),
        "products": [
            {
                "internal_id": p["id"],
                "name": p["name"],
                "brand": p.get("brand"),
                "url": p.get("url"),
                "category": p.get("category"),
                "image_url": p.get("image_url"),
                "sku_values": p["skus"],
                "gtin": p["gtins"][0] if p["gtins"] else None,
                "price": p.get("price"),
                "currency": p.get("currency"),
            }
            for p in invitation["products"]
        ],
    }
    return {k: v for k, v in found.items() if v is not None}


class Lipscore:
    name = "lipscore"
    batch_size = BATCH

    def __init__(self, options: InvitationsOptions) -> None:
        assert options.lipscore_api_key and options.lipscore_secret
        self.url = options.lipscore_url.rstrip("/") + "/purchases"
        self._key = options.lipscore_api_key.get_secret_value()
        self._http = client({"X-Authorization": options.lipscore_secret.get_secret_value()})

    def send(self, batch: list[tuple[str, dict[str, Any]]]) -> dict[str, str | None]:
        keys = [key for key, _ in batch]
        body = {"purchases": [purchase(key, invitation) for key, invitation in batch]}
        try:
            answer = self._http.post(self.url, params={"api_key": self._key}, json=body)
        except httpx.HTTPError as exc:
            # The message of a failed request may hold the URL, and so the key: left out.
            return dict.fromkeys(keys, f"{type(exc).__name__} reaching {self.url}")
        if answer.status_code == httpx.codes.CONFLICT:
            return dict.fromkeys(keys)
        if not answer.is_success:
            return dict.fromkeys(keys, error_of(answer))
        results = answer.json().get("purchases") if answer.content else None
        if not isinstance(results, list) or len(results) != len(keys):
            return dict.fromkeys(keys)  # accepted whole
        outcome: dict[str, str | None] = {}
        for key, result in zip(keys, results, strict=True):
            errors = " ".join(str(e) for e in (result or {}).get("errors") or ())
            duplicate = any(word in errors.lower() for word in _DUPLICATE)
            outcome[key] = None if not errors or duplicate else errors[:200]
        return outcome

    def close(self) -> None:
        self._http.close()
