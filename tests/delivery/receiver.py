"""An agency's webhook receiver, served for real on loopback in a thread.

It verifies each notification with ``gateway.delivery.signing`` as an agency would, answers
204 when it is good and 401 when it is not, and keeps every request it got, raw, so a test can
replay one.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from gateway.delivery.signing import InvalidSignature, ReplayGuard, verify_notification


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    accepted: bool
    notification: dict[str, Any] | None = None
    refusal: str | None = None


@dataclass
class Receiver:
    url: str
    secret: str = ""
    guard: ReplayGuard = field(default_factory=ReplayGuard)
    received: list[Received] = field(default_factory=list)

    @property
    def accepted(self) -> list[dict[str, Any]]:
        return [item.notification for item in self.received if item.notification is not None]

    def handle(self, headers: dict[str, str], body: bytes) -> Received:
        try:
            notification = verify_notification(self.secret, body, headers, guard=self.guard)
        except InvalidSignature as error:
            item = Received(headers, body, False, refusal=f"{type(error).__name__}: {error}")
        else:
            item = Received(headers, body, True, notification=notification)
        self.received.append(item)
        return item


@contextmanager
def receiver() -> Iterator[Receiver]:
    """A receiver listening on a free loopback port."""
    found: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            item = found[0].handle(dict(self.headers.items()), body)
            self.send_response(204 if item.accepted else 401)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            del format, args

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found.append(Receiver(f"http://127.0.0.1:{server.server_address[1]}/hooks/referrals"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
