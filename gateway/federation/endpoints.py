"""The federated read route."""

import uuid

from fastapi import APIRouter, Request

from gateway.auth.caller import ReturneesRead
from gateway.db import SessionDep
from gateway.errors import problem_responses
from gateway.federation import service
from gateway.federation.schemas import FederatedRecord

router = APIRouter(tags=["persons"])


@router.get(
    "/v1/persons/{person_id}/record",
    responses=problem_responses(400, 401, 403, 404, 422, 429, 503),
)
async def federated_record(
    person_id: uuid.UUID, request: Request, session: SessionDep, caller: ReturneesRead
) -> FederatedRecord:
    """The person with what each agency holds, fetched live and filtered by consent."""
    state = request.app.state
    return await service.read(
        session,
        person_id=person_id,
        caller=caller,
        adapters=state.adapters,
        budget_seconds=state.settings.federation_budget_seconds,
    )
