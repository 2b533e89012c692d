"""Request and response bodies of the client registry."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, WithJsonSchema, field_validator

from gateway.auth.scopes import SCOPES, duty_conflicts, is_purpose
from gateway.codelists import code_list
from gateway.schema.types import AgencyCode, ShortText, StrictModel

AuthMethod = Literal["private_key_jwt", "client_secret_basic"]
ClientStatus = Literal["active", "suspended"]
Jwks = dict[str, Any]
# The scopes and purposes the validators below accept, published as enums in the spec.
ScopeName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(SCOPES)})]
PurposeName = Annotated[
    str, WithJsonSchema({"type": "string", "enum": code_list("purposes").codes()})
]


def _known_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(unknown)}; known: {', '.join(SCOPES)}")
    conflicts = [" and ".join(sorted(conflict)) for conflict in duty_conflicts(scopes)]
    if conflicts:
        raise ValueError(
            f"one client may not hold {'; '.join(conflicts)} together (separation of duties): "
            "register a separate client for each"
        )
    return sorted(set(scopes))


def _known_purposes(purposes: list[str]) -> list[str]:
    unknown = sorted(purpose for purpose in purposes if not is_purpose(purpose))
    if unknown:
        raise ValueError(f"unknown purposes: {', '.join(unknown)} (code list 'purposes')")
    return sorted(set(purposes))


class ClientCreate(StrictModel):
    """A new agency client; without ``jwks`` it authenticates with a secret (development)."""

    agency: AgencyCode
    display_name: ShortText
    scopes: list[ScopeName] = Field(min_length=1, max_length=len(SCOPES))
    purposes: list[PurposeName] = Field(min_length=1, max_length=20)
    jwks: Jwks | None = Field(
        default=None, description="The client's public JWK or JWKS, for private_key_jwt"
    )

    _scopes = field_validator("scopes")(_known_scopes)
    _purposes = field_validator("purposes")(_known_purposes)


class ClientUpdate(StrictModel):
    """Changes to a client; suspending it stops its tokens at once."""

    display_name: ShortText | None = None
    scopes: list[ScopeName] | None = Field(default=None, min_length=1, max_length=len(SCOPES))
    purposes: list[PurposeName] | None = Field(default=None, min_length=1, max_length=20)
    status: ClientStatus | None = None

    _scopes = field_validator("scopes")(lambda value: value and _known_scopes(value))
    _purposes = field_validator("purposes")(lambda value: value and _known_purposes(value))


class ClientPublic(StrictModel):
    """A registered client, without its secret."""

    client_id: str
    agency: str
    display_name: str
    scopes: list[str]
    purposes: list[str]
    auth_method: AuthMethod
    status: ClientStatus
    jwks: Jwks | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ClientCredentials(ClientPublic):
    """A client as created or re-keyed: the secret is shown this once and never again."""

    client_secret: str | None = Field(description="Shown only in this response; store it now")


class JwksChange(StrictModel):
    """New public keys for a private_key_jwt client (its old keys stop working)."""

    jwks: Jwks
