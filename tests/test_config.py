"""Settings resolution: CLI, then environment, then TOML; clear errors; a masked token."""

from __future__ import annotations

from pathlib import Path

import pytest

from centra_bridge.config import load_settings
from centra_bridge.errors import ConfigError


def test_cli_beats_environment_beats_file(monkeypatch, tmp_path: Path):
    (tmp_path / "centra-bridge.toml").write_text(
        'endpoint = "https://file.centra.com/graphql"\ntoken = "file-token"\npage_size = 50\n'
    )
    monkeypatch.setenv("CENTRA_BRIDGE_ENDPOINT", "https://env.centra.com/graphql")
    monkeypatch.setenv("CENTRA_BRIDGE_PAGE_SIZE", "75")
    from_env = load_settings()
    assert from_env.endpoint == "https://env.centra.com/graphql"
    assert from_env.page_size == 75
    assert from_env.token.get_secret_value() == "file-token"
    from_cli = load_settings(endpoint="https://cli.centra.com/graphql", token=None)
    assert from_cli.endpoint == "https://cli.centra.com/graphql"


def test_missing_setting_names_every_place_looked_at():
    with pytest.raises(ConfigError) as caught:
        load_settings(endpoint="https://shop.centra.com/graphql")
    message = caught.value.message
    assert "--token" in message
    assert "CENTRA_BRIDGE_TOKEN" in message
    assert "centra-bridge.toml" in message


def test_bad_values_name_the_file_and_line_without_echoing_them(tmp_path: Path):
    path = tmp_path / "custom.toml"
    path.write_text(
        'endpoint = "https://shop.centra.com/graphql"\n\npage_size = 900\ntoken = "t0ps3cret"\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert f"{path}:3" in caught.value.message
    assert "page_size" in caught.value.message
    assert "t0ps3cret" not in caught.value.message


def test_unknown_keys_and_broken_toml_are_reported_with_their_line(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('endpoint = "https://shop.centra.com/graphql"\nendpiont = "x"\n')
    with pytest.raises(ConfigError, match=r"c\.toml:2: unknown setting 'endpiont'"):
        load_settings(path)
    path.write_text('endpoint = "https://shop.centra.com/graphql\n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_a_named_config_file_must_exist(tmp_path: Path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_endpoint_must_be_an_http_url():
    with pytest.raises(ConfigError, match="endpoint from the --endpoint option"):
        load_settings(endpoint="shop.centra.com", token="t")


def test_token_is_masked_in_repr():
    settings = load_settings(endpoint="https://shop.centra.com/graphql", token="t0ps3cret")
    assert "t0ps3cret" not in repr(settings)
    assert "t0ps3cret" not in str(settings.model_dump())


def test_unknown_table_is_refused_naming_the_known_ones():
    with pytest.raises(ConfigError) as caught:
        load_settings(endpoint="https://shop.centra.com/graphql", token="t", tables="orders,ordres")
    assert "tables from the --tables option" in str(caught.value)
    assert "unknown table 'ordres' (did you mean 'orders'?)" in str(caught.value)
    assert "order_lines" in str(caught.value)


def test_history_and_rate_settings_are_checked(tmp_path: Path):
    config = tmp_path / "centra-bridge.toml"
    config.write_text('tables = ["stock"]\nhistory = ["orders"]\nrate_tier = "gold"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config, endpoint="https://shop.centra.com/graphql", token="t")
    message = str(caught.value)
    assert f"history from {config}:2" in message
    assert "history of 'orders' needs the 'orders' table" in message
    assert f"rate_tier from {config}:3: Value error, unknown tier 'gold'" in message
    with pytest.raises(ConfigError, match="no history is kept for 'customers'"):
        load_settings(endpoint="https://shop.centra.com/graphql", token="t", history="customers")


def test_bad_destination_url_is_refused_without_showing_it(monkeypatch):
    monkeypatch.setenv("CENTRA_BRIDGE_DESTINATION", "mysql://root:hunter2@db/shop")
    with pytest.raises(ConfigError) as caught:
        load_settings(endpoint="https://shop.centra.com/graphql", token="t")
    message = str(caught.value)
    assert "destination from the CENTRA_BRIDGE_DESTINATION environment variable" in message
    assert "unsupported destination URL scheme 'mysql'" in message
    assert "hunter2" not in message


def test_bad_attribute_mapping_names_the_file_line_and_key(tmp_path: Path):
    config = tmp_path / "centra-bridge.toml"
    config.write_text(
        'endpoint = "https://shop.centra.com/graphql"\ntoken = "t"\n\n'
        '[attributes.products]\n"pr_material.name" = { column = "name", type = "text" }\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    message = str(caught.value)
    assert f"{config}:4" in message
    assert "'pr_material.name': column 'name' exists already" in message


def test_bad_config_fails_before_any_request(centra_emulator, cli):
    code, _out, err = cli(
        "sync", "--endpoint", centra_emulator.url, "--token", centra_emulator.token,
        "--tables", "orders,nope",
    )  # fmt: skip
    assert code != 0
    assert "unknown table 'nope'" in err
    assert sum(centra_emulator.emulator.responses.values()) == 0


def test_unknown_destination_name_is_refused_with_the_likely_one(tmp_path: Path):
    config = tmp_path / "centra-bridge.toml"
    config.write_text('endpoint = "https://shop.centra.com/graphql"\ndestination = "bigqeury"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config, token="t")
    message = str(caught.value)
    assert f"destination from {config}:2" in message
    assert "unknown destination 'bigqeury'; did you mean 'bigquery'?" in message
    assert "snowflake" in message
    assert load_settings(config, token="t", destination="bigquery").destination == "bigquery"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql://me:hunter2@db:54x2/shop", "the PostgreSQL port must be a number"),
        ("duckdb://", "a DuckDB destination names a file"),
    ],
)
def test_malformed_destination_urls_are_refused_before_any_request(url: str, problem: str):
    with pytest.raises(ConfigError) as caught:
        load_settings(endpoint="https://shop.centra.com/graphql", token="t", destination=url)
    assert problem in str(caught.value)
    assert "hunter2" not in str(caught.value)


# -- many shops (the service) --------------------------------------------------------------------

SHOPS = """\
rate_tier = "enhanced"
tables = ["orders", "order_lines"]

[service]
port = 9100
token_env = "PAGE_TOKEN"

[service.schedules]
sync = "30s"

[shops.acme]
endpoint = "https://acme.centra.com/graphql"
token_env = "ACME_TOKEN"
features = ["sync", "invitations", "erp"]
webhook_secret_env = "ACME_HOOK"
erp_watch = "drop/acme"

[shops.acme.invitations]
delay = "3d"

[shops.acme.schedules]
invitations = "10m"

[shops.globex]
endpoint = "https://globex.centra.com/graphql"
token_env = "GLOBEX_TOKEN"
destination = "postgresql://me@db/globex"
rate_tier = "growth"
"""


def _service_env(monkeypatch):
    for name, value in {
        "ACME_TOKEN": "acme-s3cret",
        "GLOBEX_TOKEN": "globex-s3cret",
        "ACME_HOOK": "hook-s3cret",
        "PAGE_TOKEN": "page-s3cret",
    }.items():
        monkeypatch.setenv(name, value)


def test_one_section_per_shop_with_defaults_from_the_file(monkeypatch, tmp_path: Path):
    from centra_bridge.config import load_service_settings

    _service_env(monkeypatch)
    path = tmp_path / "service.toml"
    path.write_text(SHOPS)
    service = load_service_settings(path)
    assert service.port == 9100 and service.host == "127.0.0.1"
    assert service.token is not None and service.token.get_secret_value() == "page-s3cret"
    acme, globex = service.shops["acme"], service.shops["globex"]
    assert acme.settings.token.get_secret_value() == "acme-s3cret"
    assert acme.settings.rate_tier == "enhanced" and globex.settings.rate_tier == "growth"
    assert acme.settings.tables == ["orders", "order_lines"]
    assert acme.features == ("sync", "invitations", "erp")
    assert acme.settings.invitations.delay.days == 3
    assert acme.schedules.sync == 30 and acme.schedules.invitations == 600
    assert globex.schedules.sync == 30 and globex.schedules.invitations == 300
    assert acme.webhook_secret is not None and acme.erp_watch == Path("drop/acme")
    # Each shop's warehouse, state and ledgers apart by default.
    assert acme.settings.duckdb_path == Path("acme.duckdb")
    assert acme.settings.state_dir != globex.settings.state_dir
    assert acme.settings.invitations.state != globex.settings.invitations.state
    assert globex.settings.destination == "postgresql://me@db/globex"
    assert "s3cret" not in repr(service)


def test_shops_share_a_postgresql_state_store_in_schemas_of_their_own(monkeypatch, tmp_path):
    from centra_bridge.config import load_service_settings

    _service_env(monkeypatch)
    path = tmp_path / "service.toml"
    path.write_text(SHOPS.replace("port = 9100", 'port = 9100\nstate = "postgresql://me@db/ops"'))
    service = load_service_settings(path)
    assert service.queued
    assert service.shops["acme"].settings.erp.state == "postgresql://me@db/ops?schema=erp_acme"


def test_without_shops_the_one_shop_comes_from_the_environment(monkeypatch):
    from centra_bridge.config import load_service_settings

    monkeypatch.setenv("CENTRA_BRIDGE_ENDPOINT", "https://solo.centra.com/graphql")
    monkeypatch.setenv("CENTRA_BRIDGE_TOKEN", "solo-token")
    service = load_service_settings()
    assert list(service.shops) == ["default"]
    assert service.shops["default"].settings.endpoint == "https://solo.centra.com/graphql"
    assert not service.queued


@pytest.mark.parametrize(
    ("change", "where", "what"),
    [
        (("page_size = 1", "page_size = 900"), 14, "shops.acme.page_size"),
        (
            ('features = ["sync", "invitations", "erp"]', 'features = ["sync", "reviews"]'),
            15,
            "unknown features ['reviews']",
        ),
        (('invitations = "10m"', 'invitations = "often"'), 23, "shops.acme.schedules.invitations"),
        (('token_env = "GLOBEX_TOKEN"', 'token_env = "NOPE_TOKEN"'), 27, "NOPE_TOKEN"),
        (('delay = "3d"', 'delay = "soon"'), 20, "shops.acme.invitations.delay"),
    ],
)
def test_shop_errors_name_the_file_and_line_never_the_secret(
    monkeypatch, tmp_path, change, where, what
):
    from centra_bridge.config import load_service_settings

    _service_env(monkeypatch)
    path = tmp_path / "service.toml"
    text = SHOPS.replace('token_env = "ACME_TOKEN"', 'token_env = "ACME_TOKEN"\npage_size = 1')
    path.write_text(text.replace(*change))
    with pytest.raises(ConfigError) as caught:
        load_service_settings(path)
    message = caught.value.message
    assert f"{path}:{where}" in message, message
    assert what in message
    assert "s3cret" not in message


def test_a_token_in_the_file_is_refused(monkeypatch, tmp_path):
    from centra_bridge.config import load_service_settings

    _service_env(monkeypatch)
    path = tmp_path / "service.toml"
    path.write_text(
        SHOPS.replace('token_env = "ACME_TOKEN"', 'token_env = "ACME_TOKEN"\ntoken = "x"')
    )
    with pytest.raises(ConfigError, match=r"service\.toml:14: a token never goes in the file"):
        load_service_settings(path)
