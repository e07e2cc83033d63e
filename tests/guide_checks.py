"""Comparing the emulator's answers with a guide's printed responses (the ERP and PIM guides)."""

from __future__ import annotations

from typing import Any


def assert_shape(documented: Any, actual: Any, where: str = "data") -> None:
    """Same keys at every level, lists compared by their first items, scalars of the same kind."""
    if documented is None or (actual is None and not isinstance(documented, dict | list)):
        return  # values depend on the data; a null where the guide shows a value is fine
    if isinstance(documented, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        assert set(actual) == set(documented), (
            f"{where}: keys {sorted(actual)} != {sorted(documented)}"
        )
        for key, value in documented.items():
            assert_shape(value, actual[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        if documented and actual:
            assert_shape(documented[0], actual[0], f"{where}[0]")
    elif isinstance(documented, bool):
        assert isinstance(actual, bool), f"{where}: expected a boolean, got {actual!r}"
    elif isinstance(documented, int | float):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), (
            f"{where}: {actual!r}"
        )
    else:
        assert isinstance(actual, str), f"{where}: expected a string, got {actual!r}"


def check_documented(body: dict[str, Any], documented: dict[str, Any]) -> None:
    assert_shape(documented["data"], body["data"])
    assert set(body["extensions"]) >= {"complexity", "permissionsUsed", "appVersion"}
