"""Where the rows go: a DuckDB file (the default), a PostgreSQL URL or a dlt destination name,
and where operational state is kept. Validated before any request is sent."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["WarehouseOptions"]


class WarehouseOptions(BaseModel):
    """The warehouse's settings (every feature that writes one extends them)."""

    model_config = ConfigDict(frozen=True)

    # Not centra.duckdb: DuckDB names the catalog after the file, and a catalog named like the
    # `centra` schema makes a user's `select * from centra.orders` ambiguous.
    duckdb_path: Path = Field(Path("centra-bridge.duckdb"), description="DuckDB warehouse file")
    state_dir: Path = Field(Path(".centra-bridge"), description="Operational state (dlt pipelines)")
    destination: str | None = Field(
        None,
        description="Instead of the DuckDB file: postgresql://user@host/db, duckdb:///path, "
        "or a dlt destination name (bigquery, snowflake, filesystem...)",
    )

    @field_validator("destination")
    @classmethod
    def _known_destination(cls, value: str | None) -> str | None:
        if value is None:
            return value  # the DuckDB file
        if "://" not in value:
            return _dlt_destination(value)
        parts = urlsplit(value)
        if parts.scheme not in ("postgres", "postgresql", "duckdb"):
            msg = (
                f"unsupported destination URL scheme {parts.scheme!r}; use "
                "postgresql://user@host/db, duckdb:///path.duckdb, or a dlt destination name "
                "(bigquery, snowflake, filesystem...)"
            )
            raise ValueError(msg)
        if parts.scheme == "duckdb":
            if not value.removeprefix("duckdb://") or value.endswith("/"):
                msg = "a DuckDB destination names a file: duckdb:///path/to/file.duckdb"
                raise ValueError(msg)
            return value
        if not (parts.hostname and parts.path.strip("/")):
            msg = "a PostgreSQL destination needs a host and a database: postgresql://user@host/db"
            raise ValueError(msg)
        try:
            parts.port  # noqa: B018 (urlsplit checks the port only when asked for it)
        except ValueError:
            msg = "the PostgreSQL port must be a number from 1 to 65535: postgresql://host:5432/db"
            raise ValueError(msg) from None
        return value


def _dlt_destination(name: str) -> str:
    """``name`` if dlt knows a destination by it (bigquery, snowflake, a module path...)."""
    import difflib

    from dlt.common.destination.reference import DestinationReference
    from dlt.destinations import __all__ as standard

    try:
        DestinationReference.from_reference(name)
    except Exception:  # noqa: BLE001 (dlt's failed lookups raise several types)
        known = [d for d in standard if d not in ("destination", "dummy")]
        close = difflib.get_close_matches(name, known, n=1)
        guess = f"did you mean {close[0]!r}? " if close else ""
        msg = (
            f"unknown destination {name!r}; {guess}use postgresql://user@host/db, "
            f"duckdb:///path.duckdb, or one of dlt's destinations: {', '.join(sorted(known))}"
        )
        raise ValueError(msg) from None
    return name
