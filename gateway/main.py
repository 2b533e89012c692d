"""The composition root: ``create_app(settings)`` wires settings, database, routes and errors."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, Engine, text

from gateway.auth.caller import Caller, development_caller, get_caller
from gateway.body_limit import BodyLimitMiddleware
from gateway.config import Settings
from gateway.db import create_database_engine, create_session_factory
from gateway.errors import FieldProblem, Problem, ServiceUnavailable, install_error_handlers
from gateway.reference.endpoints import router as reference_router
from gateway.registry.endpoints import router as registry_router

API_TITLE = "Returnee interoperability gateway"
API_VERSION = "1.0.0"
API_DESCRIPTION = (
    "One common returnee and referral schema through which Serbia's agencies that support "
    "returnees (KIRS, NES, the Centres for Social Work, IOM) exchange data, with the "
    "returnee's consent. Every error is an RFC 9457 problem body."
)


def create_app(
    settings: Settings | None = None,
    *,
    bind: Engine | Connection | None = None,
    caller_resolver: Callable[[Request], Caller] = development_caller,
) -> FastAPI:
    """A gateway application; ``bind`` lets tests hand in their own engine or connection."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_database_engine(settings) if bind is None else None
        app.state.session_factory = create_session_factory(bind or engine)  # type: ignore[arg-type]
        try:
            yield
        finally:
            if engine is not None:
                engine.dispose()

    app = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.caller_resolver = caller_resolver
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    for router in (registry_router, reference_router):
        app.include_router(router, dependencies=[Depends(get_caller)])
    _add_health_routes(app)
    app.openapi = lambda: published_openapi(app)  # type: ignore[method-assign]
    return app


def _add_health_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["operations"], include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], include_in_schema=False)
    def readyz(request: Request) -> JSONResponse:
        try:
            with request.app.state.session_factory() as session:
                session.execute(text("SELECT 1"))
        except Exception as error:
            raise ServiceUnavailable("The database cannot be reached.") from error
        return JSONResponse({"status": "ready"})


def published_openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with the problem body schema among the components."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, FieldProblem):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema.pop("$defs", None)
        schemas[model.__name__] = schema
    app.openapi_schema = document
    return document
