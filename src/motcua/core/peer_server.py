"""What every local peer (``motcua sim <name>``) shares: a threaded stdlib HTTP server with fault modes.

A peer is a real HTTP server speaking an outside service's protocol (core/plugins.Peer). Each one
subclasses ``PeerServer`` and ``PeerHandler`` and keeps only its protocol; here are the JSON
replies, the request body, ``GET /health`` and the fault modes every peer offers the tests:

- ``POST /_sim/mode {"mode": "ok|down|slow|garbage", "slow_seconds": 2}``: ``down`` answers 503,
  ``slow`` waits ``slow_seconds`` before answering, ``garbage`` answers 200 with a body that is not
  JSON. A peer applies them with ``PeerHandler.fault()`` where its protocol says.
- ``POST /_sim/reset``: back to a fresh start (mode ``ok``, the first delay, and whatever the peer
  keeps: ``PeerServer.reset``), so that one process can serve test after test.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

MODES = ("ok", "down", "slow", "garbage")
GARBAGE = b"<html>502 Bad Gateway</html>"


class PeerServer(ThreadingHTTPServer):
    daemon_threads = True
    modes: tuple[str, ...] = MODES

    def __init__(self, address: tuple[str, int], handler: type[PeerHandler], *, slow_seconds: float = 5.0) -> None:
        super().__init__(address, handler)
        self.mode = "ok"
        self.slow_seconds = self.first_slow_seconds = slow_seconds
        self.lock = threading.Lock()

    def reset(self) -> None:
        """Forget the fault mode; a peer that keeps records extends this to forget them (under ``lock``)."""
        self.mode = "ok"
        self.slow_seconds = self.first_slow_seconds

    @property
    def url(self) -> str:
        """The base URL the peer prints first (``motcua up`` reads it)."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"


class PeerHandler(BaseHTTPRequestHandler):
    server: PeerServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    @property
    def route(self) -> str:
        """The request's path without its query string."""
        return urlsplit(self.path).path

    def reply(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def json(self, data: Any, status: int = 200) -> None:
        self.reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def json_body(self) -> dict[str, Any]:
        """The request's JSON object; ``{}`` for no body, a body that is not JSON, or not an object."""
        length = int(self.headers.get("Content-Length") or 0)
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8") or "{}") if length else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def common_get(self) -> bool:
        """Answer ``GET /health``; whether it was that."""
        if self.route != "/health":
            return False
        self.json({"ok": True, "mode": self.server.mode})
        return True

    def common_post(self) -> bool:
        """Answer ``POST /_sim/reset``; whether it was that."""
        if self.route != "/_sim/reset":
            return False
        with self.server.lock:
            self.server.reset()
        self.json({"reset": True})
        return True

    def set_mode(self, body: dict[str, Any]) -> None:
        """``POST /_sim/mode``: switch the fault mode (and the delay of ``slow``)."""
        mode = str(body.get("mode", ""))
        if mode not in self.server.modes:
            self.json({"error": f"mode must be one of {', '.join(self.server.modes)}"}, 400)
            return
        try:
            if "slow_seconds" in body:
                self.server.slow_seconds = float(body["slow_seconds"])
        except (TypeError, ValueError):
            self.json({"error": "slow_seconds must be a number"}, 400)
            return
        self.server.mode = mode
        self.json({"mode": mode})

    def fault(self, down: Any, *, garbage: bool = True) -> bool:
        """Apply the mode before the protocol answers; whether the request has been answered.

        ``down`` is the JSON body of the 503 (each protocol words its errors); ``slow`` only waits.
        ``garbage=False`` leaves that mode to the peer, which does the work and then answers
        ``GARBAGE`` (the request was carried out, the answer lost).
        """
        mode = self.server.mode
        if mode == "down":
            self.json(down, 503)
            return True
        if mode == "slow":
            time.sleep(self.server.slow_seconds)
        if mode == "garbage" and garbage:
            self.reply(200, GARBAGE, "text/html")
            return True
        return False


def serve(server: ThreadingHTTPServer, stdout: Any, line: str) -> None:
    """Print ``line`` (its first URL is the peer's own: `motcua up` and the tests read it), then serve until stopped."""
    stdout.write(line)
    stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
