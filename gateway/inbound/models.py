"""Every inbound event as received: applied ones by their event id, rejected ones for inspection."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from gateway.models import UTCDateTime, new_id, utcnow


class InboundEvent(SQLModel, table=True):
    __tablename__ = "inbound_event"
    __table_args__ = (UniqueConstraint("agency", "event_id", name="uq_inbound_event_agency_event"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency: str = Field(max_length=32, index=True)
    event_id: str | None = Field(default=None, max_length=100)
    kind: str | None = Field(default=None, max_length=32)
    received_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    received_by_client: str = Field(max_length=64)
    content_type: str = Field(max_length=100)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(max_length=16)
    problems: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    http_status: int
