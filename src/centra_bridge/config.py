"""Settings: CLI options, then ``CENTRA_BRIDGE_*`` environment variables, then a TOML file.

The TOML file is ``--config PATH``, else ``$CENTRA_BRIDGE_CONFIG``, else ``./centra-bridge.toml``
when it exists. Keys are the field names below (``endpoint = "https://shop.centra.com/graphql"``).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import Field, ValidationError
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
    "Settings",
    "WarehouseSettings",
    "load_settings",
    "load_warehouse_settings",
]

ENV_PREFIX = "CENTRA_BRIDGE_"
DEFAULT_CONFIG_FILE = Path("centra-bridge.toml")


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
