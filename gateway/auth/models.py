"""Tables of the authorization server: agency clients, signing keys, used client assertions."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from gateway.models import UTCDateTime, timestamp_field


class Client(SQLModel, table=True):
    """An agency system registered to call the gateway."""

    __tablename__ = "client"

    client_id: str = Field(primary_key=True, max_length=64)
    agency: str = Field(max_length=32, index=True)
    display_name: str = Field(max_length=200)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    purposes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    auth_method: str = Field(max_length=32)
    secret_hash: str | None = Field(default=None, max_length=200)
    jwks: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="active", max_length=16)
    # Set when the client is suspended or reactivated: tokens issued before it stay refused.
    tokens_valid_after: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = 1
    created_at: dt.datetime = timestamp_field()
    updated_at: dt.datetime = timestamp_field()


class SigningKey(SQLModel, table=True):
    """A key the gateway signs access tokens with; retired keys verify until their tokens expire."""

    __tablename__ = "signing_key"

    kid: str = Field(primary_key=True, max_length=64)
    algorithm: str = Field(max_length=16)
    public_jwk: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    encrypted_private_jwk: str = Field(max_length=2000)
    created_at: dt.datetime = timestamp_field()
    retired_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class UsedAssertion(SQLModel, table=True):
    """The ``jti`` of a client assertion already used, kept until the assertion expires."""

    __tablename__ = "used_assertion"

    client_id: str = Field(primary_key=True, max_length=64)
    jti: str = Field(primary_key=True, max_length=200)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
