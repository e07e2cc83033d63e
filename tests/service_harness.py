"""What the service's tests share: a config file of shops, a service running in a thread, a
plain ASGI server, waiting for a condition."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from centra_bridge.config import ServiceSettings, load_service_settings
from centra_bridge.service import Service, StatusReader, open_service_store


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, what: str = "it") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\") + '"'


def write_config(
    path: Path,
    shops: dict[str, dict[str, Any]],
    *,
    service: dict[str, Any] | None = None,
    schedules: dict[str, Any] | None = None,
) -> Path:
    """``shops``: name -> keys of its section; a dict value becomes a sub-table."""
    lines = ["[service]", *(f"{k} = {toml_value(v)}" for k, v in (service or {}).items())]
    if schedules:
        lines += ["[service.schedules]", *(f"{k} = {toml_value(v)}" for k, v in schedules.items())]
    for name, keys in shops.items():
        lines.append(f"[shops.{name}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in keys.items() if not isinstance(v, dict)]
        for sub, values in keys.items():
            if isinstance(values, dict):
                lines.append(f"[shops.{name}.{sub}]")
                lines += [f"{k} = {toml_value(v)}" for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


@contextmanager
def running_service(settings: ServiceSettings, workers: int = 2) -> Iterator[Service]:
    service = Service(settings, workers=workers)
    ready = threading.Event()
    thread = threading.Thread(target=service.run, kwargs={"on_ready": lambda _: ready.set()})
    thread.start()
    try:
        assert ready.wait(20), "the service did not start"
        yield service
    finally:
        service.stop.set()
        thread.join(60)
        assert not thread.is_alive(), "the service did not stop within 60 s"


def read_status(settings: ServiceSettings) -> Any:
    store = open_service_store(settings)
    reader = StatusReader(settings, store)
    try:
        return reader.read()
    finally:
        reader.close()
        store.close()


def finished(settings: ServiceSettings, shop: str, job: str) -> bool:
    status = read_status(settings)
    found = next(s for s in status.shops if s.name == shop)
    return any(j.job == job and j.last_finished for j in found.jobs)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """An ASGI app on a free loopback port; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10, "the server start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


def load(path: Path) -> ServiceSettings:
    return load_service_settings(path)
