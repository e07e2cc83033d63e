"""Messages without secrets: URLs without their passwords, errors reduced to their first line.

Every package may use it (like ``errors``): what we print, log or write never holds a password.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["first_line", "hide_secrets", "mask_url"]


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` option) as ``***``."""
    parts = urlsplit(url)
    masked = url
    if parts.password:
        masked = masked.replace(f":{parts.password}@", ":***@", 1)
    if "password=" in parts.query:
        query = urlencode(
            [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)], safe="*"
        )
        masked = masked.replace(parts.query, query, 1)
    return masked


def hide_secrets(text: str, url: str | None) -> str:
    """``text`` (a driver's message, say) without the passwords ``url`` carries."""
    if not url:
        return text
    parts = urlsplit(url)
    secrets = [parts.password, *(v for k, v in parse_qsl(parts.query) if k == "password")]
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def first_line(exc: BaseException) -> str:
    """The innermost cause's first line: what went wrong, without a driver's pages of advice."""
    inner = exc
    while inner.__cause__ is not None:
        inner = inner.__cause__
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__
