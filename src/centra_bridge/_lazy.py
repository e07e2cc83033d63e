"""Package namespaces whose modules load on first use of one of their names."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, modules: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) for ``package``: a name listed under ``modules[m]``
    imports ``package.m`` when it is first asked for. Every command imports the options of
    every feature (``config``), and should not pay for the rest of each feature on its start."""
    owner = {name: module for module, names in modules.items() for name in names}

    def get_name(name: str) -> Any:
        if name not in owner:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(f"{package}.{owner[name]}"), name)
        setattr(sys.modules[package], name, value)  # found directly from now on
        return value

    return get_name
