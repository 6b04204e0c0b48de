"""A threaded HTTP server on 127.0.0.1 (random port) for loopback fakes of APIs."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeHTTPServer(ThreadingHTTPServer):
    """The server; handlers reach their fake through ``self.server.fake``."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], fake: Any) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.fake = fake


class LoopbackServer:
    """Serves ``handler`` in a daemon thread between ``start()`` and ``stop()``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], fake: Any) -> None:
        self._server = FakeHTTPServer(handler, fake)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Start serving."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving (idempotent): later calls get a refused connection."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
