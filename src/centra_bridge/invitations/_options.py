"""What review invitations do: when an order triggers one, how long after, in which hours, which
orders and products are left out, and where invitations go. Validated before any request; every
message names the setting (``invitations.<name>``)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = ["LIPSCORE_LANGUAGES", "TRIGGERS", "InvitationsOptions", "MarketRule", "parse_duration"]

# What makes an order due for an invitation; see ``_rules.trigger_time``.
TRIGGERS = ("shipped", "first_shipment", "confirmed")
# Lipscore's own language codes (not ISO 639: Swedish is ``se``, Danish ``dk``).
LIPSCORE_LANGUAGES = frozenset(
    "br cz de dk en es et fi fr it ja lv nl no pl ru se sk".split()  # noqa: SIM905 (a list)
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
T = TypeVar("T")
_DURATION = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def parse_duration(value: Any) -> timedelta:
    """``7d``, ``36h``, ``1d12h``, ``90m``, ``2w`` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    text = str(value).strip().lower()
    match = _DURATION.match(text)
    if not text or match is None:
        msg = f"{value!r} is not a duration; write it like 7d, 36h, 1d12h, 90m or 2w"
        raise ValueError(msg)
    weeks, days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


def _hours(value: Any) -> tuple[int, int] | None:
    if value is None or isinstance(value, tuple):
        return value
    parts = str(value).split("-")
    try:
        start, end = (int(p) for p in parts)
    except ValueError:
        start = end = -1
    if len(parts) != 2 or not 0 <= start < end <= 24:
        msg = f"{value!r} is not a window of hours; write it like 10-12 (from 10:00 to 12:00)"
        raise ValueError(msg)
    return start, end


class MarketRule(BaseModel):
    """Overrides for one market or store (``[invitations.markets.<name or id>]``; a market's
    rule wins over its store's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    trigger: str | None = None
    delay: timedelta | None = None
    send_hours: tuple[int, int] | None = None
    timezone: str | None = None
    language: str | None = None

    @field_validator("trigger")
    @classmethod
    def _check_trigger(cls, value: str | None) -> str | None:
        return _trigger(value)

    @field_validator("delay", mode="before")
    @classmethod
    def _check_delay(cls, value: Any) -> timedelta | None:
        return None if value is None else parse_duration(value)

    @field_validator("send_hours", mode="before")
    @classmethod
    def _check_hours(cls, value: Any) -> tuple[int, int] | None:
        return _hours(value)

    @field_validator("timezone")
    @classmethod
    def _check_zone(cls, value: str | None) -> str | None:
        return _zone(value)


def _scoped(order: dict[str, Any], by_name_or_id: dict[str, T]) -> T | None:
    """What ``by_name_or_id`` holds for the order's market (name, then id), else its store."""
    market, store = order.get("market") or {}, order.get("store") or {}
    for key in (market.get("name"), market.get("id"), store.get("name"), store.get("id")):
        if key is not None and str(key) in by_name_or_id:
            return by_name_or_id[str(key)]
    return None


def _trigger(value: str | None) -> str | None:
    if value is not None and value not in TRIGGERS:
        msg = f"unknown trigger {value!r}; use one of {', '.join(TRIGGERS)}"
        raise ValueError(msg)
    return value


def _zone(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"unknown time zone {value!r}; use an IANA name like Europe/Stockholm"
        raise ValueError(msg) from None
    return value


class InvitationsOptions(BaseModel):
    """The ``[invitations]`` section. Secrets (``lipscore_api_key``, ``lipscore_secret``,
    ``webhook_secret``) belong in the environment: ``CENTRA_BRIDGE_INVITATIONS__WEBHOOK_SECRET``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # First: the checks of the languages below depend on it.
    provider: Literal["dry-run", "lipscore", "webhook"] = "dry-run"
    trigger: str = Field("shipped", description="shipped, first_shipment or confirmed")
    delay: timedelta = Field(timedelta(days=7), description="From the trigger to the invitation")
    lookback: timedelta = Field(
        timedelta(days=14),
        description="Orders already at the trigger when switched on are invited only if they "
        "got there this recently",
    )
    send_hours: tuple[int, int] | None = Field(None, description="e.g. 10-12, local time")
    send_days: list[str] = Field(list(WEEKDAYS), description="Weekdays invitations go out on")
    timezone: str = Field("UTC", description="Time zone of send_hours and send_days")
    merge_window: timedelta = Field(
        timedelta(days=1), description="Orders of one customer this close make one invitation"
    )
    product_cooldown: timedelta = Field(
        timedelta(days=90), description="Skip products the customer was invited for this recently"
    )
    wholesale: bool = Field(False, description="Invite for wholesale (B2B) orders too")
    test_order_attribute: str | None = Field(
        None,
        description="Order attribute marking test orders: '<type>.<element>' (a truthy value) "
        "or '<type>.<element>=<value>'",
    )
    opt_out_attribute: str | None = Field(
        None,
        description="Customer attribute of those who opted out: '<type>.<element>' (a truthy "
        "value) or '<type>.<element>=<value>'",
    )
    languages: dict[str, str] = Field(
        default_factory=dict, description="Country code or market name to the platform's language"
    )
    language_fallback: str = "en"
    base_url: str | None = Field(
        None, description="Product pages: this plus the product's display URI in the store"
    )
    base_urls: dict[str, str] = Field(
        default_factory=dict, description="base_url per market or store (by name or id)"
    )
    product_url: str | None = Field(
        None,
        description="Without displays: a template, e.g. https://shop.example/p/{product_id}",
    )
    markets: dict[str, MarketRule] = Field(default_factory=dict)

    lipscore_url: str = "https://api.lipscore.com"
    lipscore_api_key: SecretStr | None = None
    lipscore_secret: SecretStr | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    max_attempts: int = Field(6, ge=1, description="Deliveries tried before an invitation fails")
    retry_after: timedelta = Field(
        timedelta(minutes=1), description="First retry; each next one waits twice as long"
    )
    state: str = Field(
        str(Path(".centra-bridge") / "invitations.sqlite"),
        description="State store: a SQLite file, or postgresql://... shared by workers",
    )

    @field_validator("trigger")
    @classmethod
    def _check_trigger(cls, value: str) -> str:
        return _trigger(value) or value

    @field_validator("timezone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        return _zone(value) or value

    @field_validator("send_hours", mode="before")
    @classmethod
    def _check_hours(cls, value: Any) -> tuple[int, int] | None:
        return _hours(value)

    @field_validator(
        "delay", "lookback", "merge_window", "product_cooldown", "retry_after", mode="before"
    )
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)

    @field_validator("send_days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> list[str]:
        days = [
            d.strip().lower()[:3] for d in (value.split(",") if isinstance(value, str) else value)
        ]
        unknown = [d for d in days if d not in WEEKDAYS]
        if unknown or not days:
            msg = f"unknown weekday(s) {unknown}; use {', '.join(WEEKDAYS)}"
            raise ValueError(msg)
        return days

    @field_validator("test_order_attribute", "opt_out_attribute")
    @classmethod
    def _attribute(cls, value: str | None) -> str | None:
        if value is not None and "." not in value.partition("=")[0]:
            msg = (
                f"{value!r} must name an attribute as '<attribute type>.<element key>', "
                "optionally with '=<value>'"
            )
            raise ValueError(msg)
        return value

    @field_validator("languages", "language_fallback", "markets")
    @classmethod
    def _platform_language(cls, value: Any, info: ValidationInfo) -> Any:
        if info.data.get("provider") != "lipscore":
            return value
        if isinstance(value, str):
            codes = [value]
        elif info.field_name == "markets":
            codes = [rule.language for rule in value.values() if rule.language]
        else:
            codes = list(value.values())
        bad = sorted({c for c in codes if c not in LIPSCORE_LANGUAGES})
        if bad:
            msg = (
                f"Lipscore has no language {', '.join(map(repr, bad))}; it knows "
                f"{', '.join(sorted(LIPSCORE_LANGUAGES))} (Swedish is se, Danish dk)"
            )
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _provider_ready(self) -> InvitationsOptions:
        needed = {
            "lipscore": ("lipscore_api_key", "lipscore_secret"),
            "webhook": ("webhook_url", "webhook_secret"),
        }.get(self.provider, ())
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            env = ", ".join(f"CENTRA_BRIDGE_INVITATIONS__{m.upper()}" for m in missing)
            msg = f"provider {self.provider!r} needs {', '.join(missing)} (set {env})"
            raise ValueError(msg)
        return self

    def base_for(self, order: dict[str, Any]) -> str | None:
        """The product pages' base URL for an order: its market's, its store's, or the one."""
        return _scoped(order, self.base_urls) or self.base_url

    def rule(self, order: dict[str, Any]) -> MarketRule:
        """The rule for an order: the section's defaults, overridden by its store's rule, then by
        its market's (each found by name or id)."""
        market, store = order.get("market") or {}, order.get("store") or {}
        merged: dict[str, Any] = {
            "trigger": self.trigger,
            "delay": self.delay,
            "send_hours": self.send_hours,
            "timezone": self.timezone,
        }
        for key in (store.get("id"), store.get("name"), market.get("id"), market.get("name")):
            layer = self.markets.get(str(key)) if key is not None else None
            if layer is not None:
                merged.update(layer.model_dump(exclude_none=True))
        return MarketRule(**merged)
