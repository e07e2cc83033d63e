"""A shop saved to a file and restored: the same objects, listeners, queued events and clock.

The file is a header line, a small pickled header (format, centra-bridge version, the layout of
the shop's classes, the caller's tag) and the pickled shop. A file from another version or
layout is refused before the shop is read: its objects would miss attributes this code needs.
The shop is read with an unpickler that only builds the emulator's own classes and plain values,
so that a file put in the working directory by someone else cannot run code.

Tokens are not part of a shop: they belong to the ``Emulator``. A restored shop keeps its
integrations (event queues and ID conversions per integration name), so a new token for the
same integration name reads the same queue.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import pickle
import threading
from pathlib import Path
from types import MethodType
from typing import Any
from zoneinfo import ZoneInfo

from centra_bridge import __version__
from centra_bridge.emulator import _idconv, _model, _queues
from centra_bridge.emulator._shop import Clock, Shop

__all__ = ["ShopFileError", "load_shop", "save_shop", "seed_tag"]

_MAGIC = b"centra-bridge emulator shop\n"
_FORMAT = 1
_LOCK = type(threading.RLock())
_STATE_MODULES = {m.__name__ for m in (_model, _queues, _idconv)} | {Shop.__module__}
# Plain values a shop is made of, besides the classes of the modules above.
_ALLOWED = {
    ("builtins", "dict"),
    ("builtins", "int"),
    ("builtins", "list"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "str"),
    ("collections", "defaultdict"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("decimal", "Decimal"),
}


class ShopFileError(Exception):
    """The file holds no shop this code can restore; the message says why, in a few words."""


def save_shop(shop: Shop, path: Path, *, tag: str = "") -> None:
    """Write ``shop`` to ``path`` (replacing it only once the new file is complete).

    ``tag`` names what the shop is (e.g. how it was seeded); ``load_shop`` checks it. The
    webhook plugin's observers are not saved: they are the emulator's, not the shop's.
    """
    buffer = io.BytesIO()
    buffer.write(_MAGIC)
    header = {"format": _FORMAT, "version": __version__, "layout": _layout(), "tag": tag}
    pickle.dump(header, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    with shop.lock:
        _ShopPickler(buffer, shop).dump(shop)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(buffer.getvalue())
    partial.replace(path)


def seed_tag(seed: int, orders: int) -> str:
    """The tag of a shop seeded with ``seed`` and ``orders`` (``save_shop``/``load_shop``)."""
    return f"seed {seed}, {orders} orders"


def load_shop(path: Path, *, tag: str = "") -> Shop:
    """The shop ``save_shop`` wrote to ``path`` with the same ``tag``.

    Raises ``ShopFileError`` when the file is missing, unreadable, damaged, written by another
    version of centra-bridge or holds a shop with another tag.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read it ({exc.strerror or exc})"
        raise ShopFileError(msg) from exc
    if not data.startswith(_MAGIC):
        msg = "it is not a saved shop"
        raise ShopFileError(msg)
    stream = io.BytesIO(data[len(_MAGIC) :])
    shop: object = None
    try:
        header = _ShopUnpickler(stream).load()
        problem = _refused(header, tag)
        if problem is None:
            shop = _ShopUnpickler(stream).load()
    except Exception as exc:
        msg = "it is damaged"
        raise ShopFileError(msg) from exc
    if problem is not None:
        raise ShopFileError(problem)
    if not isinstance(shop, Shop):
        msg = "it is damaged"
        raise ShopFileError(msg)
    shop.events.clock = shop.clock.now  # saved as a placeholder
    return shop


def _refused(header: object, tag: str) -> str | None:
    """Why a file with this header is not restored, or None."""
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        return "it is in another format"
    if header.get("version") != __version__ or header.get("layout") != _layout():
        return f"it was saved by another version of centra-bridge ({header.get('version')})"
    if header.get("tag") != tag:
        return f"it holds another shop ({header.get('tag') or 'untagged'})"
    return None


class _ShopPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, shop: Shop) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shop = shop

    def persistent_id(self, obj: Any) -> str | None:
        if isinstance(obj, _LOCK):
            return "lock"  # a lock cannot be pickled; the restored shop gets a new one
        if obj is self._shop.events.observers:
            return "observers"
        if isinstance(obj, MethodType) and obj.__self__ is self._shop.clock:
            return "clock"  # the events' clock: a bound method would need getattr to load
        if isinstance(obj, ZoneInfo):
            return f"zone:{obj.key}"  # ZoneInfo pickles through getattr too
        return None


class _ShopUnpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        if pid == "lock":
            return threading.RLock()
        if pid == "observers":
            return []
        if pid == "clock":
            return None  # replaced by the restored clock's method once the shop is read
        if isinstance(pid, str) and pid.startswith("zone:"):
            return ZoneInfo(pid.removeprefix("zone:"))
        msg = f"unknown persistent id {pid!r}"
        raise pickle.UnpicklingError(msg)

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module in _STATE_MODULES and "." not in name):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        msg = f"{module}.{name} is not part of a shop"
        raise pickle.UnpicklingError(msg)


@functools.cache
def _layout() -> str:
    """The attributes of the shop's classes: a file whose objects lack one is refused."""
    parts = [
        "Shop:" + ",".join(sorted(vars(Shop()))),
        "Clock:" + ",".join(sorted(vars(Clock()))),
    ]
    for module in (_model, _queues, _idconv):
        for name, value in sorted(vars(module).items()):
            if dataclasses.is_dataclass(value) and getattr(value, "__module__", "") == (
                module.__name__
            ):
                fields = ",".join(f.name for f in dataclasses.fields(value))
                parts.append(f"{module.__name__}.{name}:{fields}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
