"""Sorting and both of Centra's pagination styles, shared by every list query.

Page-based lists take ``limit`` (1-200, as Centra's SDL says) and a 1-based ``page``. Relay
connections use keyset cursors: a cursor holds the sort values of its node (Centra's look like
``base64("number:166")``), so rows changing between requests are neither skipped nor repeated
within one sort order.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

from graphql import GraphQLError

MAX_LIMIT = 200
DEFAULT_CONNECTION_SIZE = 20

SortFields = list[tuple[str, bool]]  # (attribute, descending)


def check_limit(limit: int | None, name: str = "limit") -> int:
    if limit is None:
        return DEFAULT_CONNECTION_SIZE
    if not 1 <= limit <= MAX_LIMIT:
        msg = f"{name.capitalize()} must be in range 1 - {MAX_LIMIT}"
        raise GraphQLError(msg)
    return limit


def sort_items(
    items: list[Any], sort: Sequence[str] | None, columns: dict[str, str], tiebreak: str
) -> tuple[list[Any], SortFields]:
    """Sort by Centra sort enums (``updatedAt_DESC``) mapped to attributes by ``columns``."""
    fields: SortFields = []
    for value in sort or ():
        name, _, direction = value.rpartition("_")
        fields.append((columns[name], direction == "DESC"))
    if tiebreak not in (attr for attr, _ in fields):
        fields.append((tiebreak, False))
    ordered = list(items)
    for attr, descending in reversed(fields):  # stable sorts, least significant first
        ordered.sort(key=attrgetter(attr), reverse=descending)
    return ordered, fields


def page_slice(items: list[Any], limit: int | None, page: int | None) -> list[Any]:
    size = check_limit(limit)
    number = page or 1
    if number < 1:
        msg = "Page must be 1 or greater"
        raise GraphQLError(msg)
    start = (number - 1) * size
    return items[start : start + size]


def _key_value(value: Any) -> str:
    if isinstance(value, datetime):
        return str(int(value.timestamp()))
    return str(value)


def encode_cursor(item: Any, fields: SortFields) -> str:
    raw = ",".join(f"{attr}:{_key_value(getattr(item, attr))}" for attr, _ in fields)
    return base64.b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str, fields: SortFields) -> list[str]:
    try:
        parts = [p.partition(":") for p in base64.b64decode(cursor).decode().split(",")]
    except (binascii.Error, UnicodeDecodeError):
        parts = []
    if [name for name, _, _ in parts] != [attr for attr, _ in fields]:
        msg = f"Invalid cursor {cursor!r}: it was not made by this query's sort order"
        raise GraphQLError(msg)
    return [value for _, _, value in parts]


def _compare(item: Any, key: list[str], fields: SortFields) -> int:
    """-1, 0 or 1 as ``item`` sorts before, at or after the cursor ``key``."""
    for (attr, descending), raw in zip(fields, key, strict=True):
        value = getattr(item, attr)
        mine: Any = int(value.timestamp()) if isinstance(value, datetime) else value
        theirs: Any = type(mine)(raw)
        if mine != theirs:
            return 1 if (mine > theirs) != descending else -1
    return 0


def connection(
    items: list[Any],
    fields: SortFields,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    node: Callable[[Any], Any] = lambda item: item,
) -> dict[str, Any]:
    """A relay connection over already filtered and sorted ``items``."""
    window = items
    if after:
        key = _decode_cursor(after, fields)
        window = [i for i in window if _compare(i, key, fields) > 0]
    if before:
        key = _decode_cursor(before, fields)
        window = [i for i in window if _compare(i, key, fields) < 0]
    has_next = has_previous = False
    if last is not None:
        size = check_limit(last, "last")
        has_previous = len(window) > size
        window = window[-size:]
    else:
        size = check_limit(first, "first")
        has_next = len(window) > size
        window = window[:size]
    edges = [{"node": node(i), "cursor": encode_cursor(i, fields)} for i in window]
    # snake_case keys: ariadne's name conversion reads them for the camelCase fields.
    return {
        "total_count": len(items),
        "edges": edges,
        "page_info": {
            "has_next_page": has_next,
            "has_previous_page": has_previous or bool(after),
            "start_cursor": edges[0]["cursor"] if edges else None,
            "end_cursor": edges[-1]["cursor"] if edges else None,
        },
    }
