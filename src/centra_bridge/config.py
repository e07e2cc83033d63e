"""Settings: CLI options, then ``CENTRA_BRIDGE_*`` environment variables, then a TOML file.

The TOML file is ``--config PATH``, else ``$CENTRA_BRIDGE_CONFIG``, else ``./centra-bridge.toml``
when it exists. Keys are the field names below (``endpoint = "https://shop.centra.com/graphql"``).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from centra_bridge.errors import ConfigError

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient

__all__ = ["DEFAULT_CONFIG_FILE", "ENV_PREFIX", "Settings", "load_settings"]

ENV_PREFIX = "CENTRA_BRIDGE_"
DEFAULT_CONFIG_FILE = Path("centra-bridge.toml")


class AttributeMapping(BaseModel):
    """``"<attribute type>.<element key>" = { column = "material", type = "text" }``."""

    model_config = {"extra": "forbid", "frozen": True}
    column: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    type: str = "text"


class Settings(BaseSettings):
    """Everything centra-bridge needs to reach Centra and a warehouse."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    endpoint: str = Field(
        description="Centra Integration API URL, https://<shop>.centra.com/graphql"
    )
    token: SecretStr = Field(description="Integration API token (a secret: never logged)")
    # Not centra.duckdb: DuckDB names the catalog after the file, and a catalog named like the
    # `centra` schema makes a user's `select * from centra.orders` ambiguous.
    duckdb_path: Path = Field(Path("centra-bridge.duckdb"), description="DuckDB warehouse file")
    state_dir: Path = Field(Path(".centra-bridge"), description="Operational state (dlt pipelines)")
    page_size: int = Field(
        200, ge=1, le=200, description="Orders per request (Centra allows 1-200)"
    )
    timeout: float = Field(30.0, gt=0, description="Seconds to wait for one HTTP answer")
    overlap_seconds: int = Field(
        300, ge=0, description="Incremental syncs re-read this many seconds before the last cursor"
    )

    tables: Annotated[list[str] | None, NoDecode] = Field(
        None, description="Tables to sync (default: all), e.g. orders,order_lines"
    )
    destination: str | None = Field(
        None,
        description="Instead of the DuckDB file: postgresql://user@host/db, duckdb:///path, "
        "or a dlt destination name (bigquery, snowflake, filesystem...)",
    )
    chunk_pages: int = Field(
        10, ge=1, description="Order pages per committed load (a resumable backfill step)"
    )
    follow_interval: float = Field(
        30.0, gt=0, description="Seconds between event polls when the queue is empty (--follow)"
    )
    history: Annotated[list[str] | None, NoDecode] = Field(
        None,
        description="Tables whose history to keep as valid-from/valid-to rows: orders (status) "
        "and stock (levels), e.g. orders,stock",
    )
    rate_tier: str = Field(
        "growth",
        description="Centra rate-limit tier (growth, enhanced, high-volume, enterprise) to pace "
        "by until Centra's rateLimits answer gives the real quotas",
    )
    rate_share: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Share of the shop's rate limits this tool may use; the rest is left for "
        "other integrations on the same Centra environment",
    )
    attributes: dict[str, dict[str, AttributeMapping]] = Field(
        default_factory=dict,
        description="Custom attributes to columns, per table: [attributes.products]",
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

    @field_validator("rate_tier")
    @classmethod
    def _known_tier(cls, value: str) -> str:
        from centra_bridge.centra import TIERS

        if value not in TIERS:
            msg = f"unknown tier {value!r}; use one of {', '.join(TIERS)}"
            raise ValueError(msg)
        return value

    @field_validator("tables", "history", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [t.strip() for t in value.split(",") if t.strip()]
        return value

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, value: list[str] | None) -> list[str] | None:
        from centra_bridge.sync._tables import TABLES

        for name in value or ():
            if name not in TABLES:
                msg = f"unknown table {name!r}; known tables: {', '.join(TABLES)}"
                raise ValueError(msg)
        return value

    @field_validator("history")
    @classmethod
    def _known_history(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        from centra_bridge.sync._history import HISTORIES

        tables = info.data.get("tables")
        for name in value or ():
            if name not in HISTORIES:
                msg = f"no history is kept for {name!r}; it can be for: {', '.join(HISTORIES)}"
                raise ValueError(msg)
            if tables and name not in tables:
                msg = f"history of {name!r} needs the {name!r} table, which tables leaves out"
                raise ValueError(msg)
        return value

    @field_validator("attributes")
    @classmethod
    def _mappable(
        cls, value: dict[str, dict[str, AttributeMapping]]
    ) -> dict[str, dict[str, AttributeMapping]]:
        from centra_bridge.sync._tables import ATTRIBUTE_TYPES, TABLES

        with_attributes = [t.name for t in TABLES.values() if t.has_attributes]
        for table, mapping in value.items():
            if table not in with_attributes:
                msg = f"table {table!r} has no custom attributes; these do: {with_attributes}"
                raise ValueError(msg)
            taken = {c.name for c in TABLES[table].columns} | {"attributes", "_synced_at"}
            for key, target in mapping.items():
                if "." not in key:
                    msg = f"[attributes.{table}] key {key!r} must be '<attribute>.<element>'"
                    raise ValueError(msg)
                if target.type not in ATTRIBUTE_TYPES:
                    msg = (
                        f"[attributes.{table}] {key!r}: type {target.type!r} is not one of "
                        f"{', '.join(ATTRIBUTE_TYPES)}"
                    )
                    raise ValueError(msg)
                if target.column in taken:
                    msg = f"[attributes.{table}] {key!r}: column {target.column!r} exists already"
                    raise ValueError(msg)
                taken.add(target.column)
        return value

    def client(self) -> CentraClient:
        """A client for the endpoint that paces itself within ``rate_share`` of the limits."""
        from centra_bridge.client import CentraClient, RateBudget

        budget = RateBudget(self.rate_tier, share=self.rate_share)
        return CentraClient(self.endpoint, self.token, timeout=self.timeout, budget=budget)

    def attribute_columns(self) -> dict[str, tuple[Any, ...]]:
        from centra_bridge.sync._tables import AttributeColumn

        return {
            table: tuple(AttributeColumn(key, m.column, m.type) for key, m in mapping.items())
            for table, mapping in self.attributes.items()
        }

    @field_validator("endpoint")
    @classmethod
    def _endpoint_is_http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            msg = f"must be an http(s) URL such as https://<shop>.centra.com/graphql, got {value!r}"
            raise ValueError(msg)
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


class _TomlSource(PydanticBaseSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings], data: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._data = data

    def get_field_value(
        self,
        field: FieldInfo,  # noqa: ARG002 (required by the interface)
        field_name: str,
    ) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


def _config_path(explicit: Path | None) -> tuple[Path, bool]:
    """The config file to read and whether the user named it (a named file must exist)."""
    if explicit is not None:
        return explicit, True
    from_env = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if from_env:
        return Path(from_env), True
    return DEFAULT_CONFIG_FILE, False


def _line_of(path: Path, key: str) -> int | None:
    # ``key = ...`` or a table header ``[key]`` / ``[key.sub]``.
    pattern = re.compile(rf"^\s*({re.escape(key)}\s*=|\[\s*{re.escape(key)}\s*[\].])")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path} is not valid TOML: {exc}"
        raise ConfigError(msg, hint="Fix the file at the line named above.") from exc
    known = set(Settings.model_fields)
    for key in data:
        if key not in known:
            line = _line_of(path, key)
            where = f"{path}:{line}" if line else str(path)
            msg = f"{where}: unknown setting {key!r}"
            raise ConfigError(
                msg,
                hint=f"Known settings: {', '.join(sorted(known))}.",
            )
    return data


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Resolve settings from ``overrides`` (CLI), the environment, then the TOML file.

    ``None`` overrides are ignored so that CLI options left unset fall through.
    """
    path, named = _config_path(config_file)
    if path.exists():
        file_data = _read_toml(path)
    elif named:
        msg = f"Config file {path} does not exist"
        raise ConfigError(
            msg,
            hint="Pass an existing file with --config, or unset CENTRA_BRIDGE_CONFIG.",
        )
    else:
        file_data = {}
    init = {k: v for k, v in overrides.items() if v is not None}

    class _Resolved(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003 (no .env files)
            file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return (init_settings, env_settings, _TomlSource(settings_cls, file_data))

    try:
        return _Resolved(**init)
    except ValidationError as exc:
        raise _explain(exc, path, file_data, init) from None


def _explain(
    exc: ValidationError, path: Path, file_data: dict[str, Any], init: dict[str, Any]
) -> ConfigError:
    """Turn pydantic's report into one message naming each setting and where it was looked for."""
    problems: list[str] = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "?"
        option = f"--{name.replace('_', '-')}"
        env = f"{ENV_PREFIX}{name.upper()}"
        if error["type"] == "missing":
            problems.append(
                f"{name} is not set; looked at the {option} option, the {env} environment "
                f"variable and {path} (key {name!r}{'' if path.exists() else ', file not found'})"
            )
            continue
        if name in init:
            source = f"the {option} option"
        elif env in os.environ:
            source = f"the {env} environment variable"
        elif name in file_data:
            line = _line_of(path, name)
            source = f"{path}:{line}" if line else str(path)
        else:
            source = "the default"
        # Never echo the offending value: it could be the token.
        problems.append(f"{name} from {source}: {error['msg']}")
    return ConfigError("; ".join(problems), hint="Set each setting named above, then retry.")
