"""How Centra's lists are paged, one object per way: numbered pages, relay connections, the
``updatedAt`` keyset built on both, and fetching given keys. Sources (``_sources``) are made of
these; the sync's polling and reconcile page through them instead of writing their own loops.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from centra_bridge.client import CentraClient, Response
from centra_bridge.warehouse import parse_timestamp

PAGE = 200  # Centra's largest page
READ_AT = "_read_at"  # the server's second when an item was read (epoch), where it says

Item = dict[str, Any]


def read_at(answer: Response, items: list[Item]) -> list[Item]:
    """``items`` of ``answer``, each marked with the second the server read them in: an item
    stamped in that very second may change again within it, under the same stamp."""
    if answer.server_time is not None:
        second = int(answer.server_time.timestamp())
        for item in items:
            item[READ_AT] = second
    return items


def where_since(since: datetime | None) -> dict[str, Any] | None:
    return {"updatedAt": {"from": since.isoformat()}} if since else None


def stamp(item: Item) -> datetime:
    return parse_timestamp(item["updatedAt"])


@dataclass(frozen=True, slots=True)
class Pages:
    """Numbered pages (``limit``, ``page``) of ``operation``'s list ``root``, until a short one.
    In id order with ``updatedAt >= since`` a change while paging keeps an item in its place,
    so nothing shifts past a page boundary."""

    operation: str
    root: str

    def pages(
        self, client: CentraClient, variables: dict[str, Any] | None = None, size: int = PAGE
    ) -> Iterator[list[Item]]:
        for items, answer in client.pages(self.operation, self.root, variables, size=size):
            yield read_at(answer, items)

    def since(
        self, client: CentraClient, since: datetime | None, size: int = PAGE
    ) -> Iterator[list[Item]]:
        """Items updated at or after ``since`` (all when None)."""
        return self.pages(client, {"where": where_since(since)}, size)

    def by_keys(self, client: CentraClient, key: str, keys: list[Any]) -> list[Item]:
        """The current state of the items with these keys (missing ones are simply absent)."""
        found: list[Item] = []
        for start in range(0, len(keys), PAGE):
            batch = keys[start : start + PAGE]
            found += next(self.pages(client, {"where": {key: batch}}))
        return found


@dataclass(frozen=True, slots=True)
class Relay:
    """A relay connection (``first``, ``after``): pages of nodes, each with the cursor to
    resume after it."""

    operation: str
    connection: str

    def pages(
        self,
        client: CentraClient,
        variables: dict[str, Any] | None = None,
        after: str | None = None,
        size: int = PAGE,
    ) -> Iterator[tuple[list[Item], str | None]]:
        while True:
            answer = client.execute(
                self.operation, {**(variables or {}), "first": size, "after": after}
            )
            connection = answer.data[self.connection]
            nodes = read_at(answer, [edge["node"] for edge in connection["edges"]])
            after = connection["pageInfo"]["endCursor"] or after
            yield nodes, after
            if not connection["pageInfo"]["hasNextPage"]:
                return


@dataclass(frozen=True, slots=True)
class Keyset:
    """Every item updated at or after a moment, each at least once: numbered pages in
    ``updatedAt`` order (``by_stamp``), each asking from the last second seen, and a relay in
    key order (``of_second``) for a second that fills a whole page."""

    by_stamp: Pages
    of_second: Relay
    key: str

    def since(
        self, client: CentraClient, since: datetime | None, size: int = PAGE
    ) -> Iterator[list[Item]]:
        """Each request asks for items updated at or after the last second seen, less those of
        that second already read. A page that is wholly one second cannot move the lower bound,
        so that second is read by ``of_second``'s key order: paging it by offset would skip an
        item whenever one read before it changed and left the second (the others move up one
        place)."""
        lower = since
        seen: set[Any] = set()  # keys read at the second ``lower``
        while True:
            items = next(self.by_stamp.since(client, lower, size))
            yield [i for i in items if not (stamp(i) == lower and i[self.key] in seen)]
            if len(items) < size:
                return
            last = stamp(items[-1])
            if last != lower:
                seen = set()
            seen |= {i[self.key] for i in items if stamp(i) == last}
            if stamp(items[0]) == last:
                yield from self._second(client, last, seen, size)
                # Items that change later leave this second for a newer one, read further on.
                last += timedelta(seconds=1)
                seen = set()
            lower = last

    def _second(
        self, client: CentraClient, second: datetime, seen: set[Any], size: int
    ) -> Iterator[list[Item]]:
        where = {"updatedAt": {"from": second.isoformat(), "to": second.isoformat()}}
        for nodes, _ in self.of_second.pages(client, {"where": where}, size=size):
            yield [node for node in nodes if node[self.key] not in seen]

    def by_keys(self, client: CentraClient, key: str, keys: list[Any]) -> list[Item]:
        return self.by_stamp.by_keys(client, key, keys)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A whole read. With ``nested`` (stock, prices), ``operation`` lists ``root`` parents
    (warehouses, pricelists) each with page N of its nested list: paged together, page N of
    every parent's list per request, until all are short. With only ``root`` (displays), it
    pages through that list. With neither, one request answers every table of the source under
    the table's own name."""

    operation: str
    root: str = ""
    nested: str = ""

    def read(self, client: CentraClient, tables: tuple[str, ...]) -> dict[str, list[Item]]:
        """Items per table."""
        if not self.root:
            data = client.execute(self.operation).data
            return {table: data[table] for table in tables}
        if not self.nested:
            pages = Pages(self.operation, self.root).pages(client)
            return {tables[0]: [item for page in pages for item in page]}
        merged: dict[Any, Item] = {}
        page = 1
        while True:
            parents = client.execute(self.operation, {"page": page}).data[self.root]
            for parent in parents:
                into = merged.setdefault(parent["id"], {**parent, self.nested: []})
                into[self.nested].extend(parent[self.nested])
            if all(len(parent[self.nested]) < PAGE for parent in parents):
                return {tables[0]: list(merged.values())}
            page += 1


Paginator = Keyset | Pages | Snapshot | Relay
