"""The application: ``create_app(settings)`` wires routes, middleware and errors to the parts
the composition root builds (``gateway.composition``) for as long as it serves."""

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from gateway.audit.bursts import burst_summaries
from gateway.audit.endpoints import router as audit_router
from gateway.audit.middleware import AuditContextMiddleware
from gateway.audit.openapi import document_audit
from gateway.audit.periodic import periodic_checkpoints
from gateway.audit.sealer import sealing
from gateway.audit.tally import refusal_tally
from gateway.auth.admin_endpoints import router as clients_router
from gateway.auth.endpoints import router as oauth_router
from gateway.auth.keys import KeyRing, ensure_key
from gateway.auth.rate_limits import RateLimits
from gateway.auth.tokens import TokenPolicy
from gateway.body_limit import BodyLimitMiddleware
from gateway.composition import composed, worker_of
from gateway.concurrency import document_preconditions
from gateway.config import Settings
from gateway.consent.endpoints import router as consent_router
from gateway.delivery.endpoints import router as delivery_router
from gateway.delivery.runtime import running
from gateway.errors import FieldProblem, Problem, ServiceUnavailable, install_error_handlers
from gateway.federation.endpoints import router as federation_router
from gateway.host_duties import host_duties
from gateway.inbound.endpoints import router as inbound_router
from gateway.reference.endpoints import router as reference_router
from gateway.referrals.admin_endpoints import router as referral_admin_router
from gateway.referrals.endpoints import router as referrals_router
from gateway.registry.endpoints import router as registry_router
from gateway.route_precedence import put_literal_paths_first
from gateway.security_headers import SecurityHeadersMiddleware
from gateway.storable_text import refuse_unstorable_text

API_TITLE = "Returnee interoperability gateway"
API_VERSION = "1.0.0"
API_DESCRIPTION = (
    "One common returnee and referral schema through which Serbia's agencies that support "
    "returnees (KIRS, NES, the Centres for Social Work, IOM) exchange data, with the "
    "returnee's consent. Every error is an RFC 9457 problem body."
)


def create_app(
    settings: Settings | None = None, *, bind: Engine | Connection | None = None
) -> FastAPI:
    """A gateway application; ``bind`` lets tests hand in their own engine or connection."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with composed(settings, bind=bind) as parts:
            app.state.session_factory = parts.session_factory
            app.state.key_ring = _key_ring(settings, parts.session_factory)
            app.state.adapters = parts.adapters
            app.state.delivery_settings = parts.delivery
            with contextlib.ExitStack() as held:
                # a test's own database (bind) has no background work
                duties = bind is None and held.enter_context(host_duties(settings))
                worker = worker_of(parts) if duties and parts.delivery.worker else None
                async with (
                    sealing(parts.session_factory, enabled=duties),
                    periodic_checkpoints(app, enabled=duties),
                    burst_summaries(app, enabled=duties),
                    running(worker),
                ):
                    yield

    app = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(refuse_unstorable_text)],
    )
    app.state.settings = settings
    app.state.token_policy = token_policy(settings)
    app.state.rate_limits = RateLimits(settings)
    app.state.refusal_tally = refusal_tally(
        settings.redis_url,
        window_seconds=app.state.rate_limits.source_refusals.get_expiry(),
        trail=settings.sqlalchemy_url,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(AuditContextMiddleware)
    documentation = (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url)
    app.add_middleware(SecurityHeadersMiddleware, documentation_paths=documentation)
    routers = (
        oauth_router,
        registry_router,
        federation_router,
        inbound_router,
        consent_router,
        reference_router,
        clients_router,
        audit_router,
        referrals_router,
        referral_admin_router,
        delivery_router,
    )
    for router in routers:
        app.include_router(router)
    _add_health_routes(app)
    put_literal_paths_first(app)
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
    document_audit(document)
    document_preconditions(document)
    app.openapi_schema = document
    return document


def token_policy(settings: Settings) -> TokenPolicy:
    """Who issues and accepts the gateway's tokens, and for how long."""
    return TokenPolicy(
        issuer=settings.issuer,
        audience=f"{settings.issuer}/v1",
        lifetime_seconds=settings.token_lifetime_seconds,
        leeway_seconds=settings.token_leeway_seconds,
    )


def _key_ring(settings: Settings, session_factory: sessionmaker[Session]) -> KeyRing:
    """The key ring, with a first signing key made if the database has none."""
    kek = settings.key_encryption_key.get_secret_value()
    key_ring = KeyRing(kek=kek, lifetime_seconds=settings.token_lifetime_seconds)
    with session_factory() as session:
        ensure_key(session, kek=kek)
        key_ring.reload(session, force=True)
        session.commit()
    return key_ring
