"""The federated read route."""

import uuid

from fastapi import APIRouter

from gateway.auth.caller import ReturneesRead
from gateway.db import SessionDep
from gateway.dependencies import AdaptersDep, SettingsDep
from gateway.errors import problem_responses
from gateway.federation import service
from gateway.federation.schemas import FederatedRecord

router = APIRouter(tags=["persons"])


@router.get(
    "/v1/persons/{person_id}/record",
    responses=problem_responses(400, 401, 403, 404, 422, 429, 503),
)
async def federated_record(
    person_id: uuid.UUID,
    session: SessionDep,
    caller: ReturneesRead,
    adapters: AdaptersDep,
    settings: SettingsDep,
) -> FederatedRecord:
    """The person with what each agency holds, fetched live and filtered by consent."""
    return await service.read(
        session,
        person_id=person_id,
        caller=caller,
        adapters=adapters,
        budget_seconds=settings.federation_budget_seconds,
    )
