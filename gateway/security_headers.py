"""Response headers that keep browsers from misreading, framing or leaking what the gateway serves.

Every response says ``X-Content-Type-Options: nosniff`` (a JSON body is never run as a script
or page) and ``Referrer-Policy: no-referrer`` (addresses carry person and consent ids). Every
HTML response carries a Content-Security-Policy: the printable pages are built with
``printable_page``, which allows their own stylesheet by hash and nothing else; any other HTML
response that arrives without a policy gets the strictest one, so a page added later loads
nothing until it says what it needs. The interactive documentation runs scripts from a CDN
the gateway does not control; there the policy only forbids framing it.
"""

import base64
import hashlib
from collections.abc import Iterable

from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_LOCKED = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_DOCUMENTATION = "frame-ancestors 'none'"
_EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def printable_page(markup: str, *, stylesheet: str) -> HTMLResponse:
    """An HTML page whose policy lets it use the inline ``stylesheet`` and nothing else."""
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()
    policy = f"{_LOCKED}; style-src 'sha256-{digest}'"
    return HTMLResponse(markup, headers={"Content-Security-Policy": policy})


class SecurityHeadersMiddleware:
    """ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp, *, documentation_paths: Iterable[str | None]) -> None:
        self.app = app
        self.documentation_paths = frozenset(path for path in documentation_paths if path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        documentation = scope["path"] in self.documentation_paths

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add_headers(MutableHeaders(scope=message), documentation=documentation)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _add_headers(headers: MutableHeaders, *, documentation: bool) -> None:
    for name, value in _EVERY_RESPONSE.items():
        headers.setdefault(name, value)
    if headers.get("content-type", "").startswith("text/html"):
        headers.setdefault("Content-Security-Policy", _DOCUMENTATION if documentation else _LOCKED)
