"""Dates as Centra shows and reads them: PHP ``date()`` formats, shop time zone, whole seconds."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from graphql import GraphQLError

DEFAULT_FORMAT = "Y-m-d\\TH:i:sP"


def _offset(moment: datetime, colon: bool) -> str:
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


_TOKENS: dict[str, Callable[[datetime], str]] = {
    "Y": lambda d: f"{d.year:04d}",
    "y": lambda d: f"{d.year % 100:02d}",
    "m": lambda d: f"{d.month:02d}",
    "n": lambda d: str(d.month),
    "d": lambda d: f"{d.day:02d}",
    "j": lambda d: str(d.day),
    "H": lambda d: f"{d.hour:02d}",
    "G": lambda d: str(d.hour),
    "i": lambda d: f"{d.minute:02d}",
    "s": lambda d: f"{d.second:02d}",
    "u": lambda d: f"{d.microsecond:06d}",
    "v": lambda d: f"{d.microsecond // 1000:03d}",
    "P": lambda d: _offset(d, colon=True),
    "O": lambda d: _offset(d, colon=False),
    "T": lambda d: d.tzname() or "",
    "e": lambda d: str(d.tzinfo),
    "U": lambda d: str(int(d.timestamp())),
    "D": lambda d: d.strftime("%a"),
    "l": lambda d: d.strftime("%A"),
    "M": lambda d: d.strftime("%b"),
    "F": lambda d: d.strftime("%B"),
    "c": lambda d: d.isoformat(timespec="seconds"),
}


def format_php(moment: datetime, fmt: str, zone: tzinfo) -> str:
    """Format ``moment`` in ``zone`` with a PHP ``date()`` format (the subset Centra users use)."""
    local = moment.astimezone(zone)
    out: list[str] = []
    chars = iter(fmt)
    for char in chars:
        if char == "\\":
            out.append(next(chars, ""))
        elif char in _TOKENS:
            out.append(_TOKENS[char](local))
        else:
            out.append(char)
    return "".join(out)


def parse_input(value: str, zone: tzinfo) -> datetime:
    """Read a date input: ISO 8601 with or without offset; no offset means the shop's zone."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        msg = (
            f"Invalid date {value!r}: use ISO 8601 such as 2026-01-31T12:00:00+01:00 "
            "or 'Y-m-d H:i:s' in the shop's time zone"
        )
        raise GraphQLError(msg) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def in_range(value: datetime | None, bounds: dict[str, Any] | None, zone: tzinfo) -> bool:
    """``DateRange`` filter: both ends inclusive, either may be missing."""
    if not bounds:
        return True
    if value is None:
        return False
    low, high = bounds.get("from"), bounds.get("to")
    if low is not None and value < parse_input(low, zone):
        return False
    return not (high is not None and value > parse_input(high, zone))


_RELATIVE = re.compile(
    r"^([+-]?\d+)\s*(sec|second|min|minute|hour|day|week|month|year)s?(\s+ago)?$", re.IGNORECASE
)
_UNITS = {
    "sec": timedelta(seconds=1),
    "second": timedelta(seconds=1),
    "min": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
}


def parse_relative(value: str, now: datetime, zone: tzinfo) -> datetime:
    """PHP-style dates: 'now', 'yesterday', '-1 hour', '2 days ago', '21/10/2023', or ISO 8601."""
    text = value.strip().lower()
    local_midnight = now.astimezone(zone).replace(hour=0, minute=0, second=0)
    named = {
        "now": now,
        "today": local_midnight,
        "yesterday": local_midnight - timedelta(days=1),
        "tomorrow": local_midnight + timedelta(days=1),
    }
    if text in named:
        return named[text]
    match = _RELATIVE.match(text)
    if match:
        amount = int(match.group(1)) * (-1 if match.group(3) else 1)
        return now + amount * _UNITS[match.group(2).lower()]
    slashed = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if slashed:
        first, second, year = (int(g) for g in slashed.groups())
        day, month = (first, second) if first > 12 else (second, first)  # PHP reads m/d/Y
        return datetime(year, month, day, tzinfo=zone)
    return parse_input(value, zone)
