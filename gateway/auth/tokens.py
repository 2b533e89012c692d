"""Access tokens: signed JWTs (RFC 9068 profile) the gateway issues and checks.

Checking trusts nothing the token says about how to check it: the algorithm is pinned to
ES256, the key comes from our own key ring by ``kid`` (``jku``, ``x5u`` and embedded ``jwk``
headers are never followed), and ``typ``, ``iss``, ``aud``, ``exp``, ``nbf`` and the claims we
rely on are all required.
"""

import datetime as dt
import time
import uuid
from dataclasses import dataclass

from joserfc import jws, jwt
from joserfc.errors import JoseError
from sqlmodel import Session

from gateway.auth.keys import ALGORITHM, KeyRing, Keys

TOKEN_TYPE = "at+jwt"  # noqa: S105 (the JWT type of access tokens)
_FORBIDDEN_HEADERS = frozenset({"jku", "x5u", "jwk", "x5c", "crit"})


class InvalidToken(Exception):
    """The token cannot be trusted; the message says why (for the WWW-Authenticate header)."""


@dataclass(frozen=True)
class TokenClaims:
    """What a verified access token says about its holder."""

    client_id: str
    agency: str
    scopes: frozenset[str]
    purpose: str
    jti: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class TokenPolicy:
    """Who issues and who accepts tokens, and how long they live."""

    issuer: str
    audience: str
    lifetime_seconds: int
    leeway_seconds: int


def issue(
    keys: Keys,
    policy: TokenPolicy,
    *,
    client_id: str,
    agency: str,
    scopes: frozenset[str],
    purpose: str,
) -> tuple[str, int]:
    """A signed access token and its lifetime in seconds."""
    now = int(time.time())
    signing = keys.signing
    header = {"alg": ALGORITHM, "kid": signing.kid, "typ": TOKEN_TYPE}
    claims = {
        "iss": policy.issuer,
        "aud": policy.audience,
        "sub": client_id,
        "client_id": client_id,
        "agency": agency,
        "scope": " ".join(sorted(scopes)),
        "purpose": purpose,
        "jti": uuid.uuid4().hex,
        "iat": now,
        "nbf": now,
        "exp": now + policy.lifetime_seconds,
    }
    return jwt.encode(header, claims, signing, algorithms=[ALGORITHM]), policy.lifetime_seconds


def verify(keys: KeyRing, session: Session, policy: TokenPolicy, token: str) -> TokenClaims:
    """The claims of a token we issued and that is valid now; ``InvalidToken`` otherwise."""
    header = _trusted_header(token)
    if not keys.knows(session, str(header["kid"])):
        raise InvalidToken("the token was not signed by a key of this gateway")
    try:
        decoded = jwt.decode(token, keys.current(session).verifying, algorithms=[ALGORITHM])
        registry = jwt.JWTClaimsRegistry(
            leeway=policy.leeway_seconds,
            iss={"essential": True, "value": policy.issuer},
            aud={"essential": True, "value": policy.audience},
            exp={"essential": True},
            nbf={"essential": True},
            sub={"essential": True},
            jti={"essential": True},
        )
        registry.validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise InvalidToken(f"the token is not valid: {error}") from None
    return _claims(decoded.claims)


def _trusted_header(token: str) -> dict[str, object]:
    try:
        header = jws.extract_compact(token.encode()).protected if token.count(".") == 2 else None
    except (JoseError, ValueError):
        header = None
    if not isinstance(header, dict):
        raise InvalidToken("the token is not a signed JWT")
    if header.get("alg") != ALGORITHM or header.get("typ") != TOKEN_TYPE:
        raise InvalidToken("the token's algorithm or type is not the one this gateway issues")
    if _FORBIDDEN_HEADERS & header.keys() or not isinstance(header.get("kid"), str):
        raise InvalidToken("the token names its key in a way this gateway does not accept")
    return header


def _claims(claims: dict[str, object]) -> TokenClaims:
    try:
        return TokenClaims(
            client_id=str(claims["sub"]),
            agency=str(claims["agency"]),
            scopes=frozenset(str(claims["scope"]).split()),
            purpose=str(claims["purpose"]),
            jti=str(claims["jti"]),
            expires_at=dt.datetime.fromtimestamp(int(str(claims["exp"])), dt.UTC),
        )
    except (KeyError, ValueError):
        raise InvalidToken("the token lacks a claim this gateway needs") from None
