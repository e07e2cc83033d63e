"""How every mutation answers: a payload with ``userErrors`` and ``userWarnings``, HTTP 200.

A mutation function raises ``UserInputError`` before changing anything when its input is wrong;
the ``payload`` decorator turns that into Centra's ``userErrors`` shape. Warnings are collected
in the request context while the mutation runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from centra_bridge.emulator._context import Info


class UserInputError(Exception):
    """A refusal reported in ``userErrors``; ``path`` points into the mutation's arguments."""

    def __init__(self, message: str, path: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = [str(p) for p in path]


def warn(info: Info, message: str, path: Sequence[str] = ()) -> None:
    info.context.setdefault("warnings", []).append(
        {"message": message, "path": [str(p) for p in path]}
    )


def payload(key: str | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a mutation resolver: its result goes under ``key`` (``None``: it returns a dict)."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def resolve(obj: Any, info: Info, **kwargs: Any) -> dict[str, Any]:
            info.context["warnings"] = []
            try:
                result = function(obj, info, **kwargs)
            except UserInputError as error:
                body: dict[str, Any] = {} if key is None else {key: None}
                body["user_errors"] = [{"message": error.message, "path": error.path}]
                body["user_warnings"] = []
                return body
            body = dict(result) if key is None else {key: result}
            body["user_errors"] = []
            body["user_warnings"] = info.context["warnings"]
            return body

        return resolve

    return decorate


def require(condition: object, message: str, path: Sequence[str] = ()) -> None:
    if not condition:
        raise UserInputError(message, path)
