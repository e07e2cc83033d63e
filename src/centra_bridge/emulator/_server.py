"""Serve an ``Emulator`` over real HTTP with uvicorn, in a background thread or the foreground."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from centra_bridge.emulator._app import Emulator

__all__ = ["EmulatorServer"]


class EmulatorServer:
    """Run ``emulator`` on ``host:port`` (port 0 picks a free one) in a daemon thread.

    Use as a context manager; ``url`` is the GraphQL endpoint once started.
    """

    def __init__(self, emulator: Emulator, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this: without it, an answer written in two parts (head,
        # then body) waits for the client's delayed ACK, 40 ms on every keep-alive request.
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(
            emulator.asgi_app(),
            log_level="warning",
            access_log=False,
            lifespan="off",
            date_header=False,  # the emulator dates its answers by the shop's clock
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/graphql"

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                msg = f"The emulator did not start on {self.base_url}"
                raise RuntimeError(msg)
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._socket.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (Ctrl-C)."""
        self._server.run(sockets=[self._socket])

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
