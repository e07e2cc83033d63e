"""Settings: CLI options, then ``CENTRA_BRIDGE_*`` environment variables, then a TOML file.

The TOML file is ``--config PATH``, else ``$CENTRA_BRIDGE_CONFIG``, else ``./centra-bridge.toml``
when it exists. Keys are the field names below (``endpoint = "https://shop.centra.com/graphql"``).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from centra_bridge.client import ClientOptions
from centra_bridge.erp import ErpOptions
from centra_bridge.errors import ConfigError
from centra_bridge.invitations import InvitationsOptions
from centra_bridge.sync import SyncOptions
from centra_bridge.warehouse import WarehouseOptions

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "ENV_PREFIX",
    "FEATURES",
    "JOBS",
    "Schedules",
    "ServiceSettings",
    "Settings",
    "ShopSettings",
    "WarehouseSettings",
    "load_service_settings",
    "load_settings",
    "load_warehouse_settings",
]

ENV_PREFIX = "CENTRA_BRIDGE_"
DEFAULT_CONFIG_FILE = Path("centra-bridge.toml")
_SERVICE_SECTIONS = {"service", "shops"}  # read by load_service_settings only


class Settings(ClientOptions, SyncOptions, BaseSettings):
    """Everything the CLI needs: the client's settings and the sync's, flat, from CLI options,
    ``CENTRA_BRIDGE_*`` environment variables and the TOML file. Library code takes the
    feature's own options (``ClientOptions``, ``SyncOptions``), which this is too."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", frozen=True, extra="ignore"
    )

    # A section of its own: ``[invitations]``, CENTRA_BRIDGE_INVITATIONS__DELAY=3d.
    invitations: InvitationsOptions = Field(default_factory=InvitationsOptions)
    # ``[erp]``: fulfilment's settings (CENTRA_BRIDGE_ERP__CAPTURE=mark-paid).
    erp: ErpOptions = Field(default_factory=ErpOptions)


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
    """The line of ``key = ...`` or of a table header ``[key]`` / ``[key.sub]``; a dotted
    ``section.key`` is looked for inside its section."""
    section, _, name = key.rpartition(".") if "." in key else ("", "", key)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if section:
        found = _line_of(path, section)
        if found is None:
            return None
        start = found
    pattern = re.compile(rf"^\s*({re.escape(name)}\s*=|\[\s*{re.escape(name)}\s*[\].])")
    for number, line in enumerate(lines[start:], start=start + 1):
        if pattern.match(line):
            return number
        if section and line.lstrip().startswith("[") and number > start:
            break  # the next section: not in this one
    return start or None if section else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path} is not valid TOML: {exc}"
        raise ConfigError(msg, hint="Fix the file at the line named above.") from exc
    known = set(Settings.model_fields) | _SERVICE_SECTIONS
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


class WarehouseSettings(WarehouseOptions, BaseSettings):
    """Only where the warehouse is: for commands that read it and never call Centra."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Resolve settings from ``overrides`` (CLI), the environment, then the TOML file.

    ``None`` overrides are ignored so that CLI options left unset fall through.
    """
    return _load(Settings, config_file, overrides)


def load_warehouse_settings(config_file: Path | None = None, **overrides: Any) -> WarehouseSettings:
    """The warehouse's settings alone, from the same places (no endpoint or token needed)."""
    return _load(WarehouseSettings, config_file, overrides)


S = TypeVar("S", bound=BaseSettings)


def _load(kind: type[S], config_file: Path | None, overrides: dict[str, Any]) -> S:
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

    class _Resolved(kind):  # type: ignore[valid-type,misc]
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
        loc = [str(part) for part in error["loc"]]
        name = ".".join(loc) if loc else "?"
        option = f"--{loc[0].replace('_', '-')}" if loc else "?"
        env = f"{ENV_PREFIX}{'__'.join(loc).upper()}"
        if error["type"] == "missing":
            problems.append(
                f"{name} is not set; looked at the {option} option, the {env} environment "
                f"variable and {path} (key {name!r}{'' if path.exists() else ', file not found'})"
            )
            continue
        if loc and loc[0] in init:
            source = f"the {option} option"
        elif env in os.environ:
            source = f"the {env} environment variable"
        elif loc and loc[0] in file_data:
            line = _line_of(path, name)
            source = f"{path}:{line}" if line else str(path)
        else:
            source = "the default"
        # Never echo the offending value: it could be the token.
        problems.append(f"{name} from {source}: {error['msg']}")
    return ConfigError("; ".join(problems), hint="Set each setting named above, then retry.")


# -- many shops: ``centra-bridge serve`` ------------------------------------------------------
#
# [service]                         host, port, token_env, state, schedules (defaults per shop)
# <flat settings>                   defaults every shop inherits (rate_tier, tables, ...)
# [shops.<name>]                    endpoint, token_env, features, webhook_secret_env, erp_watch,
#                                   any setting above; sub-tables invitations, erp, schedules
#
# Without a [shops] section the one shop comes from the environment (``CENTRA_BRIDGE_*``) as for
# every other command: the zero-config case.

FEATURES = ("sync", "invitations", "erp", "reconcile")
JOBS = ("sync", "invitations", "erp_imports", "reconcile")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$")
_DAILY = re.compile(r"^\s*(?:daily\s+)?([01]\d|2[0-3]):([0-5]\d)\s*$")
_SHOP_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")
_SHOP_KEYS = {"endpoint", "token_env", "features", "webhook_secret_env", "erp_watch", "schedules"}


def _seconds(value: Any) -> float:
    if isinstance(value, int | float) and value > 0:
        return float(value)
    found = _DURATION.match(str(value))
    if not found or float(found[1]) <= 0:
        msg = f"expected a duration such as 30s, 5m, 1h or 1d, got {value!r}"
        raise ValueError(msg)
    return float(found[1]) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[found[2]]


class Schedules(BaseModel):
    """How often each job runs: durations (``30s``, ``5m``), the reconcile a daily ``HH:MM``
    (UTC); ``"off"`` switches a job off."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sync: float | None = Field(60.0, description="Events consumer (or polling) run, every")
    invitations: float | None = Field(300.0, description="Deliver the invitations due, every")
    erp_imports: float | None = Field(60.0, description="Look for ERP files to import, every")
    reconcile: str | None = Field("03:00", description="Nightly reconcile (repair), at HH:MM UTC")

    @field_validator("sync", "invitations", "erp_imports", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> float | None:
        return None if value in (None, "off") else _seconds(value)

    @field_validator("reconcile", mode="before")
    @classmethod
    def _daily(cls, value: Any) -> str | None:
        if value in (None, "off"):
            return None
        found = _DAILY.match(str(value))
        if not found:
            msg = f"expected a time of day HH:MM (UTC) or off, got {value!r}"
            raise ValueError(msg)
        return f"{found[1]}:{found[2]}"


@dataclass(frozen=True)
class ShopSettings:
    """One ``[shops.<name>]`` section, resolved: the shop's own ``Settings`` (token read from
    the variable ``token_env`` names), what runs and when."""

    name: str
    settings: Settings
    features: tuple[str, ...]
    schedules: Schedules
    webhook_secret: SecretStr | None = None
    erp_watch: Path | None = None
    token_env: str | None = None  # where the token came from, to name it (never its value)


@dataclass(frozen=True)
class ServiceSettings:
    """``centra-bridge serve`` / ``worker``: the shops, the page's address, the state store."""

    shops: dict[str, ShopSettings]
    host: str = "127.0.0.1"
    port: int = 8787
    token: SecretStr | None = None  # the page's bearer token (required off loopback)
    state: str = str(Path(".centra-bridge") / "service.sqlite")
    path: Path | None = None  # the config file read, if any
    lease_ttl: float = 15.0  # seconds a killed job keeps its shop before another may take it

    @property
    def queued(self) -> bool:
        """Jobs go through the Procrastinate queue (a PostgreSQL state store)."""
        return self.state.startswith(("postgresql://", "postgres://"))


class _ServiceSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(8787, ge=0, le=65535)
    token_env: str | None = None
    state: str = str(Path(".centra-bridge") / "service.sqlite")
    schedules: dict[str, Any] = Field(default_factory=dict)
    lease_ttl: float = Field(15.0, ge=2, le=600)


def _shop_line(path: Path, shop: str, key: str | None = None) -> str:
    """``file:line`` of ``[shops.<shop>]``, or of ``key`` in it (``invitations.delay``: the
    key ``delay`` under ``[shops.<shop>.invitations]``); the section's line when not found."""
    lines = path.read_text(encoding="utf-8").splitlines()
    name = rf"\s*\"?{re.escape(shop)}\"?\s*"

    def header(section: str) -> int | None:
        pattern = re.compile(rf"^\s*\[\s*shops\s*\.{name}{section}\]")
        return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)

    start = header("")
    if start is None:
        return str(path)
    parts = (key or "").split(".")
    if not key:
        return f"{path}:{start}"
    if len(parts) > 1:  # a sub-table: [shops.<shop>.<part>]
        sub = header(rf"\.\s*{re.escape(parts[0])}\s*")
        if sub is not None:
            start, parts = sub, parts[1:]
    wanted = re.compile(rf"^\s*{re.escape(parts[0])}\s*=")
    for number, line in enumerate(lines[start:], start + 1):
        if line.lstrip().startswith("["):
            break
        if wanted.match(line):
            return f"{path}:{number}"
    return f"{path}:{start}"


def _merged(defaults: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """The shop's section over the file's flat settings; sections merge key by key."""
    merged = dict(defaults)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


class _ShopResolved(Settings):
    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],  # noqa: ARG003
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,  # noqa: ARG003 (a shop is its section)
        dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def _secret_from(variable: Any, where: str, what: str) -> SecretStr:
    if not isinstance(variable, str) or not variable:
        msg = f"{where}: {what} must name an environment variable"
        raise ConfigError(msg, hint='e.g. token_env = "ACME_CENTRA_TOKEN", then export it.')
    value = os.environ.get(variable)
    if not value:
        msg = f"{where}: the environment variable {variable} ({what}) is not set"
        raise ConfigError(msg, hint=f"export {variable}=... before starting the service.")
    return SecretStr(value)


def _shop(
    path: Path, name: str, own: dict[str, Any], defaults: dict[str, Any], service: _ServiceSection
) -> ShopSettings:
    where = _shop_line(path, name)
    if not _SHOP_NAME.match(name):
        msg = f"{where}: shop name {name!r} must be lower-case letters, digits, - or _"
        raise ConfigError(msg, hint="The name is part of URLs (/webhooks/centra/<shop>).")
    data = _merged(defaults, own)
    token = _secret_from(data.pop("token_env", None), _shop_line(path, name, "token_env"),
                         "token_env")  # fmt: skip
    if "token" in own:
        msg = f"{_shop_line(path, name, 'token')}: a token never goes in the file"
        raise ConfigError(msg, hint="Put it in an environment variable and name it in token_env.")
    features = data.pop("features", ["sync"])
    unknown = sorted(set(features) - set(FEATURES)) if isinstance(features, list) else ["?"]
    if unknown:
        msg = f"{_shop_line(path, name, 'features')}: unknown features {unknown}"
        raise ConfigError(msg, hint=f"features is a list of: {', '.join(FEATURES)}.")
    secret_env = data.pop("webhook_secret_env", None)
    secret = None
    if secret_env is not None:
        secret = _secret_from(secret_env, _shop_line(path, name, "webhook_secret_env"),
                              "webhook_secret_env")  # fmt: skip
    watch = data.pop("erp_watch", None)
    try:
        schedules = Schedules(**{**service.schedules, **data.pop("schedules", {})})
    except ValidationError as exc:
        raise _explain_shop(exc, path, name, prefix="schedules") from None
    base = Path(data.get("state_dir", Path(".centra-bridge") / name))
    data.setdefault("state_dir", base)
    if "destination" not in data:
        data.setdefault("duckdb_path", Path(f"{name}.duckdb"))
    # Each shop's invitations and ERP ledgers apart: their facts are not keyed by shop.
    for section, file in (("invitations", "invitations.sqlite"), ("erp", "erp.sqlite")):
        options = dict(data.get(section) or {})
        for key in [k for k in options if k.endswith("_env")]:
            # A feature's secret (webhook_secret_env = "NAME"): from the environment, never
            # from the file.
            where = _shop_line(path, name, f"{section}.{key}")
            options[key.removesuffix("_env")] = _secret_from(options.pop(key), where, key)
        if "state" not in options:
            options["state"] = (
                f"{service.state}{'&' if '?' in service.state else '?'}schema={section}_"
                f"{name.replace('-', '_')}"
                if service.state.startswith(("postgresql://", "postgres://"))
                else str(base / file)
            )
        data[section] = options
    try:
        settings = _ShopResolved(**data, token=token)
    except ValidationError as exc:
        raise _explain_shop(exc, path, name) from None
    return ShopSettings(
        name, settings, tuple(features), schedules, secret,
        Path(watch) if watch else None, own.get("token_env"),
    )  # fmt: skip


def _explain_shop(exc: ValidationError, path: Path, shop: str, prefix: str = "") -> ConfigError:
    problems = []
    for error in exc.errors():
        loc = [prefix, *map(str, error["loc"])] if prefix else [str(p) for p in error["loc"]]
        name = ".".join(loc) or "?"
        if error["type"] == "missing":
            problems.append(f"{_shop_line(path, shop)}: shops.{shop}.{name} is not set")
        else:  # never the value: it could be a secret
            problems.append(f"{_shop_line(path, shop, name)}: shops.{shop}.{name}: {error['msg']}")
    return ConfigError("; ".join(problems), hint="Fix each setting named above, then retry.")


def load_service_settings(config_file: Path | None = None, **overrides: Any) -> ServiceSettings:
    """The service's shops: every ``[shops.<name>]`` of the TOML file, or, without one, the
    single shop of the environment and file as ``load_settings`` finds it (named ``default``).
    ``overrides`` are ``host``, ``port`` and ``state`` from the CLI (None: not given)."""
    path, named = _config_path(config_file)
    data = _read_toml(path) if path.exists() else {}
    if named and not path.exists():
        msg = f"Config file {path} does not exist"
        raise ConfigError(msg, hint="Pass an existing file with --config.")
    raw = data.get("service", {})
    try:
        section = _ServiceSection(**raw)
    except ValidationError as exc:
        problems = [
            f"{path}:{_line_of(path, 'service.' + str(e['loc'][0])) or '?'}: service."
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
            for e in exc.errors()
        ]
        raise ConfigError("; ".join(problems), hint="Fix the [service] section.") from None
    chosen = {k: v for k, v in overrides.items() if v is not None}
    section = section.model_copy(update=chosen)
    env_state = os.environ.get(f"{ENV_PREFIX}SERVICE_STATE")
    if env_state and "state" not in chosen:
        section = section.model_copy(update={"state": env_state})
    token = None
    if section.token_env:
        token = _secret_from(section.token_env, f"{path}:{_line_of(path, 'service.token_env')}",
                             "service.token_env")  # fmt: skip
    elif os.environ.get(f"{ENV_PREFIX}SERVICE_TOKEN"):
        token = SecretStr(os.environ[f"{ENV_PREFIX}SERVICE_TOKEN"])
    shops_raw = data.get("shops")
    if shops_raw is None:
        single = load_settings(config_file)
        schedules = Schedules(**section.schedules)
        one = ShopSettings("default", single, ("sync",), schedules)
        shops = {"default": one}
    else:
        defaults = {k: v for k, v in data.items() if k not in _SERVICE_SECTIONS}
        shops = {}
        for name, own in shops_raw.items():
            if not isinstance(own, dict):
                msg = f"{path}: [shops.{name}] must be a table"
                raise ConfigError(msg, hint="Write [shops.<name>] with its settings below it.")
            shops[name] = _shop(path, name, own, defaults, section)
        if not shops:
            msg = f"{path}: [shops] holds no shop"
            raise ConfigError(msg, hint="Add a [shops.<name>] section per shop.")
    return ServiceSettings(
        shops, section.host, section.port, token, section.state,
        path if path.exists() else None, section.lease_ttl,
    )  # fmt: skip
