"""A tiny agency stand-in for the status matrix: it answers every request with one set status.

Served by uvicorn on loopback (``tests.servers.running``): ``PUT /_answer`` with
``{"status": 503, "body": "..."}`` sets the answer; ``GET /_ready`` says it is up; IOM's token
endpoint always issues a token, so the status reaches the call behind it.
"""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_answer: dict[str, object] = {"status": 200, "body": ""}


async def ready(_request: Request) -> Response:
    return Response("ready")


async def set_answer(request: Request) -> Response:
    _answer.update(await request.json())
    return Response(status_code=204)


async def token(_request: Request) -> Response:
    return JSONResponse(
        {"access_token": "token-abcdefgh", "token_type": "Bearer", "expires_in": 300}
    )


async def answer(_request: Request) -> Response:
    return Response(str(_answer["body"]), status_code=int(str(_answer["status"])))


app = Starlette(
    routes=[
        Route("/_ready", ready),
        Route("/_answer", set_answer, methods=["PUT"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/{path:path}", answer, methods=["GET", "POST", "PUT", "DELETE"]),
    ]
)
