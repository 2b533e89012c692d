"""The OAuth 2.0 authorization server: the client credentials grant, built on authlib.

Two ways for a client to authenticate at the token endpoint: ``private_key_jwt`` (RFC 7523,
signed with the key the client registered; ``iss``/``sub`` = client id and = the form's
``client_id`` if sent, ``aud`` = the token endpoint or the issuer identifier, ``iat`` and
``exp`` at most five minutes apart, each ``jti`` used once) and ``client_secret_basic``
(development).
A token request names its scopes and exactly one ``purpose:<code>``; anything the client was
not granted is ``invalid_scope``. Errors are RFC 6749 section 5.2 bodies. Every token issued or
refused goes through the audit hook.
"""

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any

from authlib.oauth2 import AuthorizationServer, ClientAuthentication
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidClientError, InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from joserfc.jwk import KeySet
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete

from gateway.audit.hook import AuditEvent, record
from gateway.auth.keys import KeyRing
from gateway.auth.models import Client, UsedAssertion
from gateway.auth.scopes import duty_conflicts, is_purpose, parse_requested, unknown_scopes
from gateway.auth.secrets import secret_matches
from gateway.auth.tokens import TokenPolicy, issue
from gateway.models import utcnow
from gateway.storable_text import is_storable

PRIVATE_KEY_JWT = "private_key_jwt"
ASSERTION_LIFETIME_SECONDS = 300
ASSERTION_CLOCK_SKEW_SECONDS = 30
MAX_JTI_LENGTH = 200  # the column of used assertions
CLIENT_SECRET_BASIC = "client_secret_basic"  # noqa: S105 (a method name, not a secret)


class RegisteredClient(ClientMixin):  # type: ignore[misc]
    """A client row as authlib sees it."""

    def __init__(self, row: Client) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, _redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return secret_matches(client_secret, self.row.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method == self.row.auth_method

    def check_response_type(self, _response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class TokenRequest(OAuth2Request):  # type: ignore[misc]
    """A token request read from the form body before the server runs."""

    def __init__(self, uri: str, form: Mapping[str, str], headers: Mapping[str, str]) -> None:
        super().__init__(
            "POST", uri, headers={key.title(): value for key, value in headers.items()}
        )
        self._form = dict(form)
        self.payload = BasicOAuth2Payload(self._form)

    @property
    def form(self) -> dict[str, str]:
        return self._form


class ScopedClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]
    """Client credentials, where the scope must name granted scopes and one granted purpose."""

    TOKEN_ENDPOINT_AUTH_METHODS = (PRIVATE_KEY_JWT, CLIENT_SECRET_BASIC)

    def validate_requested_scope(self) -> None:
        row: Client = self.request.client.row
        try:
            requested = parse_requested(self.request.payload.scope)
        except ValueError as error:
            raise InvalidScopeError(description=str(error)) from None
        if not requested.scopes or requested.purpose is None:
            raise InvalidScopeError(description="ask for at least one scope and one purpose:<code>")
        if unknown_scopes(requested.scopes) or not is_purpose(requested.purpose):
            raise InvalidScopeError(description="the request names an unknown scope or purpose")
        if duty_conflicts(requested.scopes):
            raise InvalidScopeError(description="admin and audit:read are never held together")
        if not requested.scopes <= set(row.scopes) or requested.purpose not in row.purposes:
            raise InvalidScopeError(description="the client was not granted this scope or purpose")


class ClientAssertion(JWTBearerClientAssertion):  # type: ignore[misc]
    """private_key_jwt: the client signs an assertion with the key it registered."""

    CLIENT_AUTH_METHOD = PRIVATE_KEY_JWT

    def __init__(self, session: Session, policy: TokenPolicy, token_endpoint: str) -> None:
        super().__init__(leeway=ASSERTION_CLOCK_SKEW_SECONDS)
        self.session = session
        self.audiences = [token_endpoint, policy.issuer]  # RFC 7523 3.3 and RFC 8414 allow both

    def __call__(self, query_client: Any, request: TokenRequest) -> RegisteredClient | None:
        named, assertion = request.form.get("client_id"), request.form.get("client_assertion")
        if named is not None and assertion:
            # RFC 7521 4.2: a client_id sent along must identify the assertion's client.
            _, claims = self.extract_assertion(assertion)
            if named != claims.get("sub") or named != claims.get("iss"):
                raise InvalidClientError(description="client_id is not the assertion's iss/sub")
        client: RegisteredClient | None = super().__call__(query_client, request)
        return client

    def get_audiences(self) -> list[str]:
        return self.audiences

    def resolve_client_public_key(self, client: RegisteredClient) -> KeySet:
        return KeySet.import_key_set(client.row.jwks or {"keys": []})  # type: ignore[arg-type]

    def verify_claims(self, claims: Any) -> None:
        for name in ("iat", "exp"):
            if not isinstance(claims.get(name), int | float):
                raise InvalidClientError(description=f"Missing or invalid claim: '{name}'")
        # A short life bounds how long a stolen assertion works and how long its jti is kept.
        if claims["exp"] - claims["iat"] > ASSERTION_LIFETIME_SECONDS:
            raise InvalidClientError(
                description=f"the assertion lives longer than {ASSERTION_LIFETIME_SECONDS} s"
            )
        # Issued in the future is no more valid than expired; it also keeps exp near now.
        if claims["iat"] > time.time() + ASSERTION_CLOCK_SKEW_SECONDS:
            raise InvalidClientError(description="the assertion was issued in the future")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not 0 < len(jti) <= MAX_JTI_LENGTH or not is_storable(jti):
            raise InvalidClientError(
                description=f"'jti' must be a text of 1 to {MAX_JTI_LENGTH} storable characters"
            )
        super().verify_claims(claims)

    def validate_jti(self, claims: Mapping[str, Any], jti: str) -> bool:
        """Record the ``jti``; false when it was used before."""
        expires_at = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
        self.session.exec(delete(UsedAssertion).where(col(UsedAssertion.expires_at) < utcnow()))
        try:
            with self.session.begin_nested():
                self.session.add(
                    UsedAssertion(client_id=str(claims["sub"]), jti=jti, expires_at=expires_at)
                )
        except IntegrityError:
            return False
        return True


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    """One token request's authorization server, bound to its database session."""

    def __init__(
        self, session: Session, keys: KeyRing, policy: TokenPolicy, token_endpoint: str
    ) -> None:
        super().__init__(scopes_supported=None)
        self.session = session
        self.keys = keys
        self.policy = policy
        self.token_endpoint = token_endpoint
        # iat is when the request arrived: a token asked for before a suspension is older than it.
        self.received_at = time.time()
        self.authenticate_client = ClientAuthentication(self.query_client)
        self.authenticate_client.register(
            PRIVATE_KEY_JWT, ClientAssertion(session, policy, token_endpoint)
        )
        self.register_grant(ScopedClientCredentialsGrant)
        self.register_token_generator("client_credentials", self._generate)
        self.issued: dict[str, Any] | None = None

    def query_client(self, client_id: str) -> RegisteredClient | None:
        # The id may come from a Basic header or an assertion, past the form's checks.
        if not is_storable(client_id):
            return None
        row = self.session.get(Client, client_id)
        return RegisteredClient(row) if row is not None and row.status == "active" else None

    def _generate(self, *, client: RegisteredClient, scope: str, **_: Any) -> dict[str, Any]:
        requested = parse_requested(scope)
        assert requested.purpose is not None
        token, lifetime = issue(
            self.keys.current(self.session),
            self.policy,
            client_id=client.row.client_id,
            agency=client.row.agency,
            scopes=requested.scopes,
            purpose=requested.purpose,
            issued_at=self.received_at,
        )
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": scope,
        }

    def save_token(self, token: dict[str, Any], request: TokenRequest) -> None:
        client: RegisteredClient = request.client
        self.issued = token
        record(
            self.session,
            AuditEvent(
                action="token.issued",
                decision="permit",
                actor_client=client.row.client_id,
                actor_agency=client.row.agency,
                purpose=parse_requested(token["scope"]).purpose,
                detail={"scope": token["scope"], "auth_method": request.auth_method},
            ),
        )

    def handle_error_response(
        self, request: TokenRequest, error: OAuth2Error
    ) -> tuple[int, Any, Any]:
        client_id = request.client.row.client_id if request.client else request.payload.client_id
        record(
            self.session,
            AuditEvent(
                action="token.refused",
                decision="deny",
                actor_client=client_id,
                detail={"error": error.error, "reason": error.description},
            ),
        )
        return super().handle_error_response(request, error)  # type: ignore[no-any-return]

    def create_oauth2_request(self, request: TokenRequest) -> TokenRequest:
        return request

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, Any]:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """authlib's hook for framework signals; the audit hook already covers what matters."""
