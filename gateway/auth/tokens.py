"""Access tokens: signed JWTs (RFC 9068 profile) the gateway issues and checks.

Checking trusts nothing the token says about how to check it: the algorithm is pinned to
ES256, the key comes from our own key ring by ``kid`` (``jku``, ``x5u`` and embedded ``jwk``
headers are never followed), and ``typ``, ``iss``, ``aud``, ``exp``, ``nbf``, ``iat`` and the
claims we rely on are all required.

Nor does a correct signature make the claims true: a token may live no longer than the
configured lifetime, names one purpose from the code list, and (``check_holder``) claims no
more than its client holds now: its agency, scopes and purposes, and no tokens from before the
client was last suspended or reactivated.
"""

import datetime as dt
import math
import time
import uuid
from dataclasses import dataclass

from joserfc import jws, jwt
from joserfc.errors import JoseError
from sqlmodel import Session

from gateway.auth.keys import ALGORITHM, KeyRing, Keys
from gateway.auth.models import Client
from gateway.auth.scopes import is_purpose

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
    issued_at: float
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
    issued_at: float | None = None,
) -> tuple[str, int]:
    """A signed access token and its lifetime in seconds, issued ``issued_at`` (default now)."""
    # ``iat`` keeps milliseconds so that a token is ordered against a suspension or a
    # reactivation in the same second (``check_holder``); RFC 7519 allows fractional dates.
    iat = math.floor((time.time() if issued_at is None else issued_at) * 1000) / 1000
    now = int(iat)
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
        "iat": iat,
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
            iat={"essential": True},
            sub={"essential": True},
            jti={"essential": True},
        )
        registry.validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise InvalidToken(f"the token is not valid: {error}") from None
    claims = _claims(decoded.claims)
    if claims.expires_at.timestamp() - claims.issued_at > policy.lifetime_seconds:
        raise InvalidToken("the token's lifetime is longer than this gateway issues")
    return claims


def check_holder(claims: TokenClaims, client: Client | None) -> None:
    """Refuse a token that claims more than its client holds now (``InvalidToken``)."""
    if client is None or client.status != "active":
        raise InvalidToken("the client of this token is suspended or no longer registered")
    if claims.agency != client.agency:
        raise InvalidToken("the token names another agency than its client's")
    if not claims.scopes <= set(client.scopes) or claims.purpose not in client.purposes:
        raise InvalidToken("the token carries a scope or purpose its client does not hold")
    valid_after = client.tokens_valid_after
    if valid_after is not None and claims.issued_at < valid_after.timestamp():
        raise InvalidToken("the token was issued before its client was suspended or reactivated")


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
    words = _words(claims)
    issued_at, expires_at = claims["iat"], claims["exp"]
    if not isinstance(issued_at, int | float) or not isinstance(expires_at, int | float):
        raise InvalidToken("the token's dates are not numbers")
    return TokenClaims(
        client_id=words["sub"],
        agency=words["agency"],
        scopes=frozenset(words["scope"].split()),
        purpose=words["purpose"],
        jti=str(claims["jti"]),
        issued_at=float(issued_at),
        expires_at=dt.datetime.fromtimestamp(expires_at, dt.UTC),
    )


def _words(claims: dict[str, object]) -> dict[str, str]:
    """The text claims we rely on, each present, a string, and consistent with the others."""
    words = {name: claims.get(name) for name in ("sub", "client_id", "agency", "scope", "purpose")}
    checked = {name: word for name, word in words.items() if isinstance(word, str) and word}
    if len(checked) != len(words):
        raise InvalidToken("the token lacks a claim this gateway needs, or its type is wrong")
    if checked["client_id"] != checked["sub"]:
        raise InvalidToken("the token's client_id and sub differ")
    if not is_purpose(checked["purpose"]):
        raise InvalidToken("the token's purpose is not one purpose from the code list")
    return checked
