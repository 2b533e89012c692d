"""Cursor pages: the shape of every list the API returns."""

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """One page of a list; pass ``next_cursor`` back as ``cursor`` for the next page."""

    items: list[Item]
    next_cursor: str | None = Field(description="Opaque cursor of the next page; null at the end")
