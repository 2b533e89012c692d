"""HTTP Basic sign-in of the simulated CSW API, and CSW's way of saying something went wrong.

Every ``/api/`` request must carry the configured user and password; anything else gets 401
with ``WWW-Authenticate: Basic realm="csw"`` and CSW's Cyrillic error body. The admin routes
(``/_admin/``) are a loopback tool and stay open.
"""

import base64
import binascii
import secrets

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

DEFAULT_USERNAME = "gateway"
DEFAULT_PASSWORD = "csw-dev-secret"  # noqa: S105 - the published development default
PROTECTED_PREFIX = "/api/"
CHALLENGE = {"WWW-Authenticate": 'Basic realm="csw", charset="UTF-8"'}


def error(status: int, summary: str, detail: str | None = None, **headers: str) -> JSONResponse:
    """An error as CSW's system writes it: ``{"greska": ..., "poruka": ...}``."""
    return JSONResponse({"greska": summary, "poruka": detail}, status_code=status, headers=headers)


class BasicAuthGuard:
    """ASGI middleware that lets through only requests signed in with the right credentials."""

    def __init__(self, app: ASGIApp, *, username: str, password: str) -> None:
        self.app = app
        self._expected = f"{username}:{password}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        guarded = scope["type"] == "http" and scope["path"].startswith(PROTECTED_PREFIX)
        if guarded and not self._signed_in(Headers(scope=scope).get("authorization", "")):
            refusal = error(
                401,
                "неовлашћен приступ",
                "Корисничко име или лозинка нису исправни.",
                **CHALLENGE,
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _signed_in(self, header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            given = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return secrets.compare_digest(given, self._expected)
