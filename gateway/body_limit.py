"""Refuse request bodies over the configured size before any of them is parsed.

A declared ``Content-Length`` over the limit is answered at once; a body sent without one is
counted as it arrives and refused the moment it passes the limit (the route's body reader
raises, and the error handlers answer 413 like any other problem).
"""

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import PROBLEM_MEDIA_TYPE, PayloadTooLarge


class BodyLimitMiddleware:
    """ASGI middleware answering 413 with a problem body for oversized requests."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._refuse(scope, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise HTTPException(413, self._detail())
            return message

        return counting_receive

    def _detail(self) -> str:
        return f"The request body may be at most {self.max_body_bytes} bytes."

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = PayloadTooLarge(self._detail()).problem(instance=scope["path"])
        payload = json.dumps(body.model_dump(mode="json", exclude_none=True)).encode()
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
