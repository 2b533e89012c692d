"""The gateway's error hierarchy and its one translation into RFC 9457 problem responses.

Services raise ``GatewayError`` subclasses in the domain's words; only this module knows
how they look on the wire. Every error the API can answer with is a problem body
(``application/problem+json``) with a ``type``, a ``title``, a ``status``, a ``detail`` and,
for invalid input, the offending fields in ``errors``.
"""

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.route_precedence import matched_template

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://gateway.returnee.rs/problems/"

logger = logging.getLogger(__name__)


class FieldProblem(BaseModel):
    """One offending field: where it is in the request and what is wrong with it."""

    model_config = ConfigDict(extra="forbid")

    location: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem details body."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldProblem] | None = None


class GatewayError(Exception):
    """Base of every error the gateway answers with; each knows its status and problem type."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[FieldProblem] = (),
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}
        self.extensions = extensions or {}

    def problem(self, instance: str | None = None) -> Problem:
        """The problem body for this error."""
        return Problem(
            type=PROBLEM_BASE + self.slug,
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            errors=self.errors or None,
            **self.extensions,
        )


class InvalidRequest(GatewayError):
    status = 422
    slug = "invalid-request"
    title = "The request is not valid"


class MalformedRequest(GatewayError):
    status = 400
    slug = "malformed-request"
    title = "The request could not be read"


class Unauthenticated(GatewayError):
    status = 401
    slug = "unauthenticated"
    title = "Authentication is required"


class Forbidden(GatewayError):
    status = 403
    slug = "forbidden"
    title = "The caller may not do this"


class NotFound(GatewayError):
    status = 404
    slug = "not-found"
    title = "Not found"


class MethodNotAllowed(GatewayError):
    status = 405
    slug = "method-not-allowed"
    title = "Method not allowed"


class Conflict(GatewayError):
    status = 409
    slug = "conflict"
    title = "The request conflicts with the current state"


class PreconditionFailed(GatewayError):
    status = 412
    slug = "stale-write"
    title = "The resource has changed since it was read"


class PayloadTooLarge(GatewayError):
    status = 413
    slug = "payload-too-large"
    title = "The request body is too large"


class UnsupportedMediaType(GatewayError):
    status = 415
    slug = "unsupported-media-type"
    title = "The request body has an unsupported media type"


class PreconditionRequired(GatewayError):
    status = 428
    slug = "precondition-required"
    title = "The write must name the version it changes"


class TooManyRequests(GatewayError):
    status = 429
    slug = "too-many-requests"
    title = "Too many requests"


class ServiceUnavailable(GatewayError):
    status = 503
    slug = "service-unavailable"
    title = "The service is unavailable"


def problem_response(error: GatewayError, request: Request) -> JSONResponse:
    """Render an error as a problem response."""
    body = error.problem(instance=request.url.path).model_dump(mode="json", exclude_none=True)
    return JSONResponse(
        body, status_code=error.status, headers=error.headers, media_type=PROBLEM_MEDIA_TYPE
    )


def _location(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc)


def _validation_error(exc: RequestValidationError) -> GatewayError:
    errors = [
        FieldProblem(location=_location(err["loc"]), message=err["msg"]) for err in exc.errors()
    ]
    if any(err["type"] == "json_invalid" for err in exc.errors()):
        return MalformedRequest("The request body is not valid JSON.", errors=errors)
    count = len(errors)
    noun = "field is" if count == 1 else "fields are"
    return InvalidRequest(f"{count} {noun} not valid.", errors=errors)


_HTTP_ERRORS: dict[int, type[GatewayError]] = {
    400: MalformedRequest,
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: InvalidRequest,
}


def _http_error(exc: StarletteHTTPException) -> GatewayError:
    error_class = _HTTP_ERRORS.get(exc.status_code, GatewayError)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = "There is no resource at this address."
    return error_class(detail, headers=dict(exc.headers or {}))


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """The methods the published spec offers at the path template this path names."""
    paths = app.openapi()["paths"]
    template = matched_template(paths, request.url.path)
    return sorted(method.upper() for method in paths.get(template, {}))


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error, expected or not, with a problem body."""

    async def on_gateway_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, GatewayError)
        return problem_response(exc, request)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem_response(_validation_error(exc), request)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        error = _http_error(exc)
        if exc.status_code == 405:
            error.headers["Allow"] = ", ".join(_allowed_methods(app, request))
        return problem_response(error, request)

    async def on_unexpected_error(request: Request, _exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        error = GatewayError("The gateway failed to handle the request; it has been logged.")
        return problem_response(error, request)

    app.add_exception_handler(GatewayError, on_gateway_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry that documents problem bodies for the given statuses."""
    return {
        status: {
            "description": "Problem details (RFC 9457)",
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
