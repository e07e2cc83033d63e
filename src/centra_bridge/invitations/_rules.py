"""What one order means for review invitations, from its Centra data alone: when it reached the
trigger, whether it is left out and why, what is left of its lines, when to send, and the
invitation's content. No I/O: ``_ledger`` applies these answers to the state store."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from centra_bridge.invitations._options import WEEKDAYS, InvitationsOptions, MarketRule

__all__ = ["LeftOut", "Order", "left_out", "send_time", "trigger_time"]

_SHIPPED = ("SHIPPED", "ARCHIVED")
_CONFIRMED = ("CONFIRMED", "PROCESSING", *_SHIPPED)
# Country (ISO 3166) to the review platform's language where the usual language is clear; the
# ``languages`` setting overrides any of these, ``language_fallback`` covers the rest.
COUNTRY_LANGUAGES = {
    "SE": "se", "DK": "dk", "NO": "no", "FI": "fi", "DE": "de", "AT": "de", "CH": "de",
    "NL": "nl", "BE": "nl", "FR": "fr", "ES": "es", "IT": "it", "PL": "pl", "EE": "et",
    "LV": "lv", "SK": "sk", "CZ": "cz", "BR": "br", "JP": "ja", "RU": "ru", "GB": "en",
    "US": "en", "IE": "en", "AU": "en", "CA": "en",
}  # fmt: skip


def _time(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text).astimezone(UTC)


def _marked(attributes: list[dict[str, Any]] | None, setting: str | None) -> bool:
    """Whether ``attributes`` hold what ``setting`` names: ``<type>.<element>`` with a truthy
    value (1, true, yes, on), or ``<type>.<element>=<value>`` with that value."""
    if not setting:
        return False
    dotted, _, wanted = setting.partition("=")
    kind, key = dotted.split(".", 1)
    for attribute in attributes or ():
        if attribute["type"]["name"] != kind:
            continue
        for element in attribute["elements"]:
            if element["key"] == key:
                value = str(element.get("value", element.get("selectedValue")) or "").strip()
                if wanted:
                    return value.lower() == wanted.strip().lower()
                return value.lower() in ("1", "true", "yes", "on", "y")
    return False


def e164(phone: str | None) -> str | None:
    """``phone`` as E.164 when it carries its country code (``+46 70…``, ``0046 70…``)."""
    if not phone:
        return None
    digits = re.sub(r"[\s\-().]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else None


@dataclass(frozen=True, slots=True)
class Order:
    """One answered ``InvitationOrder``."""

    data: dict[str, Any]

    @property
    def number(self) -> int:
        return int(self.data["number"])

    @property
    def status(self) -> str:
        return str(self.data["status"])

    @property
    def address(self) -> dict[str, Any]:
        return self.data.get("shippingAddress") or self.data.get("billingAddress") or {}

    @property
    def customer(self) -> dict[str, Any]:
        return self.data.get("customer") or {}

    @property
    def email(self) -> str | None:
        email = self.customer.get("email") or self.address.get("email")
        return str(email).strip().lower() if email else None

    @property
    def customer_key(self) -> str:
        """Who the buyer is, for merging and the product rule: the customer, else the email."""
        if self.customer.get("id"):
            return f"customer-{self.customer['id']}"
        return f"email-{self.email}"

    def remaining(self) -> dict[int, int]:
        """Quantity per order line neither cancelled nor returned."""
        returned: dict[int, int] = {}
        for ret in self.data.get("returns") or ():
            for line in ret["lines"]:
                line_id = int(line["shipmentLine"]["orderLine"]["id"])
                returned[line_id] = returned.get(line_id, 0) + int(line["quantity"])
        left = {}
        for line in self.data.get("lines") or ():
            count = int(line["quantity"]) - int(line.get("cancelledQuantity") or 0)
            count -= returned.get(int(line["id"]), 0)
            if count > 0:
                left[int(line["id"])] = count
        return left

    def shipped_at(self) -> list[datetime]:
        stamps = [
            _time(s.get("shippedAt")) for s in self.data.get("shipments") or () if s["isShipped"]
        ]
        return sorted(s for s in stamps if s is not None)


def trigger_time(order: Order, trigger: str) -> datetime | None:
    """When the order reached ``trigger``, or None while it has not. ``shipped``: its last
    shipment shipped and the order is SHIPPED; ``first_shipment``: its first shipment shipped;
    ``confirmed``: it is confirmed (Centra keeps no confirmation time, so the order date)."""
    shipped = order.shipped_at()
    if trigger == "shipped":
        if order.status not in _SHIPPED:
            return None
        return shipped[-1] if shipped else _time(order.data.get("updatedAt"))
    if trigger == "first_shipment":
        return shipped[0] if shipped else None
    if order.status in _CONFIRMED:
        return _time(order.data.get("orderDate"))
    return None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Why an order gets no invitation; ``revokes``: it also cancels one already planned (a
    hold passes; a cancellation, a full return or an opt-out does not)."""

    reason: str
    revokes: bool = False


def left_out(order: Order, options: InvitationsOptions) -> LeftOut | None:
    """Why the order gets no invitation at all, or None."""
    data = order.data
    wholesale = data.get("__typename") == "WholesaleOrder" or (
        (data.get("store") or {}).get("type") == "WHOLESALE"
    )
    checks = (
        (order.status == "CANCELLED", LeftOut("the order is cancelled", revokes=True)),
        (data.get("isOnHold"), LeftOut("the order is on hold")),
        (data.get("isInternal"), LeftOut("the order is internal")),
        (
            _marked(data.get("attributes"), options.test_order_attribute),
            LeftOut(f"a test order ({options.test_order_attribute})"),
        ),
        (
            wholesale and not options.wholesale,
            LeftOut("a wholesale order (invitations.wholesale is off)"),
        ),
        (not order.email, LeftOut("the order has no buyer email")),
        (
            _marked(order.customer.get("attributes"), options.opt_out_attribute),
            LeftOut(f"the customer opted out ({options.opt_out_attribute})", revokes=True),
        ),
    )
    for applies, why in checks:
        if applies:
            return why
    # Last: it reads every line and return.
    if order.remaining():
        return None
    return LeftOut("every line was cancelled or returned", revokes=True)


def send_time(trigger_at: datetime, rule: MarketRule, options: InvitationsOptions) -> datetime:
    """The trigger plus the delay, moved forward to the first moment inside the send window
    (hours and weekdays in the market's time zone)."""
    moment = trigger_at + (rule.delay or timedelta(0))
    zone = ZoneInfo(rule.timezone or options.timezone)
    local = moment.astimezone(zone)
    start, end = rule.send_hours or (0, 24)
    for _ in range(8 * 24):  # at most a week of hours to reach an allowed one
        allowed_day = WEEKDAYS[local.weekday()] in options.send_days
        if allowed_day and start <= local.hour < end:
            return local.astimezone(UTC)
        if allowed_day and local.hour < start:
            local = local.replace(hour=start, minute=0, second=0, microsecond=0)
            continue
        local = (local + timedelta(days=1)).replace(hour=start, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


def language(order: Order, rule: MarketRule, options: InvitationsOptions) -> str:
    market = order.data.get("market") or {}
    country = ((order.address.get("country") or {}).get("code") or "").upper()
    for found in (
        rule.language,
        options.languages.get(str(market.get("name"))),
        options.languages.get(country),
        options.languages.get(country.lower()),
        COUNTRY_LANGUAGES.get(country),
    ):
        if found:
            return found
    return options.language_fallback


DISPLAY = "_display"  # set on a line's product by the handler: its display in the order's store


def _page(order: Order, product: dict[str, Any], options: InvitationsOptions) -> str | None:
    """The product page: the store's display URI under the base URL, else the template."""
    base, uri = options.base_for(order.data), (product.get(DISPLAY) or {}).get("uri")
    if base and uri:
        return f"{base.rstrip('/')}/{uri.lstrip('/')}"
    if options.product_url:
        return options.product_url.format(product_id=product["id"])
    return None


def products(order: Order, options: InvitationsOptions) -> list[dict[str, Any]]:
    """The bought products still kept, one per parent product (variants share ratings)."""
    left = order.remaining()
    found: dict[str, dict[str, Any]] = {}
    for line in order.data.get("lines") or ():
        if int(line["id"]) not in left or not line.get("product"):
            continue
        product, size = line["product"], line.get("productSize") or {}
        brand = (product.get("brand") or {}).get("name")
        name = product.get("name") or line["productName"]
        if brand and name.lower().startswith(brand.lower() + " "):
            name = name[len(brand) + 1 :]  # "Acme Runner" from brand Acme: "Runner"
        key = str(product["id"])
        display = product.get(DISPLAY) or {}
        categories = [display.get("canonicalCategory"), *(display.get("categories") or ())]
        category = next((c["name"] for c in categories if c), None)  # the canonical one first
        media = product.get("media") or []
        entry = found.setdefault(
            key,
            {
                "id": key,
                "name": name,
                "brand": brand,
                "skus": [],
                "gtins": [],
                "url": _page(order, product, options),
                "category": category,
                "image_url": media[0]["url"] if media else None,
                "price": line["unitPrice"]["value"],
                "currency": line["unitPrice"]["currency"]["code"],
            },
        )
        if size.get("SKU") and size["SKU"] not in entry["skus"]:
            entry["skus"].append(size["SKU"])
        gtin = size.get("EAN") or size.get("GTIN")
        if gtin and gtin not in entry["gtins"]:
            entry["gtins"].append(gtin)
    return list(found.values())


def content(order: Order, rule: MarketRule, options: InvitationsOptions) -> dict[str, Any]:
    """The invitation as any platform needs it (providers turn it into their own payload)."""
    address, customer = order.address, order.customer
    first = customer.get("firstName") or address.get("firstName") or ""
    last = customer.get("lastName") or address.get("lastName") or ""
    shipped = order.shipped_at()
    discounts = order.data.get("discountsApplied") or ()
    return {
        "buyer_email": order.email,
        "buyer_name": f"{first} {last}".strip() or order.email,
        "buyer_phone": e164(address.get("phoneNumber")),
        "lang": language(order, rule, options),
        "purchased_at": order.data.get("orderDate"),
        "shipped_at": shipped[-1].isoformat() if shipped else None,
        "internal_order_id": str(order.number),
        "internal_customer_id": str(customer["id"]) if customer.get("id") else None,
        "voucher": next((d["voucher"]["code"] for d in discounts if d.get("voucher")), None),
        "products": products(order, options),
    }
