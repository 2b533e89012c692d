"""Routes agency systems push their events to, and the admin view of rejected payloads."""

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gateway.auth.caller import ReturneesWrite, require_scope
from gateway.db import SessionDep
from gateway.dependencies import AdaptersDep
from gateway.errors import PROBLEM_MEDIA_TYPE, Forbidden, NotFound, problem_responses
from gateway.inbound import service

router = APIRouter(tags=["inbound events"])
AgencyPath = Annotated[str, Path(max_length=32, pattern=r"^[a-z]+$")]
_NATIVE = {"schema": {"type": "string", "description": "The agency's native event"}}
_RESPONSES: dict[int | str, Any] = {
    200: {
        "description": "A replay: the first result",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    201: {
        "description": "Applied",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    422: {
        "description": "The payload could not be applied; it is kept",
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"type": "object"}}},
    },
    **problem_responses(400, 401, 403, 404, 413, 429, 503),
}


class RejectedPayload(BaseModel):
    """A payload that could not be applied, kept as it arrived."""

    id: uuid.UUID
    kind: str | None
    received_at: dt.datetime
    received_by_client: str
    content_type: str
    payload: str = Field(
        description="As received, as UTF-8 text; bytes that are not UTF-8, and NUL, as \\xNN"
    )
    problems: list[str]


@router.post(
    "/v1/inbound/{agency}",
    status_code=201,
    responses=_RESPONSES,
    response_model=None,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": _NATIVE,
                "application/xml": _NATIVE,
                "text/xml": _NATIVE,
            },
        }
    },
)
async def push_event(
    agency: AgencyPath,
    request: Request,
    session: SessionDep,
    caller: ReturneesWrite,
    adapters: AdaptersDep,
) -> JSONResponse:
    """Receive an event in the agency's native format; idempotent by the event's id."""
    if caller.agency != agency:
        raise Forbidden(f"A client of {caller.agency} cannot push events as {agency}.")
    if agency not in adapters:
        raise NotFound(f"No adapter is configured for the agency '{agency}'.")
    payload = await request.body()
    outcome = await run_in_threadpool(
        service.receive,
        session,
        adapter=adapters[agency],
        caller=caller,
        payload=payload,
        content_type=request.headers.get("content-type", ""),
    )
    media_type = PROBLEM_MEDIA_TYPE if outcome.status >= 400 else "application/json"
    status = 200 if outcome.replayed and outcome.status < 400 else outcome.status
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
    return JSONResponse(outcome.body, status_code=status, media_type=media_type, headers=headers)


@router.get(
    "/v1/inbound/{agency}/rejected",
    responses=problem_responses(400, 401, 403, 422, 429),
    dependencies=[require_scope("admin")],
)
def rejected_payloads(
    agency: AgencyPath, session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[RejectedPayload]:
    """Payloads of an agency that could not be applied, newest first, for inspection."""
    return [
        RejectedPayload.model_validate(row.model_dump())
        for row in service.rejected(session, agency=agency, limit=limit)
    ]
