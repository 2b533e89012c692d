"""IOM's reintegration case as the common ``assistance`` section, and back.

Case status, programme, the plan's budget lines (EUR), the number of counselling sessions and
the sustainability survey. Medical budget lines are health data and are WITHHELD here: not
the line, not its amount, not its status (``vulnerabilities`` reports them in ``health``).
Budget categories without a code of ours (``codes.UNMAPPED``) are left out too. Pure.
"""

from typing import Literal

from adapters.iom import codes
from adapters.iom.native import (
    BudgetLine,
    CounsellingSession,
    IomCase,
    ReintegrationPlan,
    SustainabilitySurvey,
)
from gateway.schema.agency import AssistanceItem, ReintegrationCase

Dimension = Literal["economic", "social", "psychosocial"]


def assistance_from_native(case: IomCase) -> ReintegrationCase:
    """The reintegration case without its medical budget lines."""
    lines = case.reintegration_plan.budget_lines if case.reintegration_plan else []
    return ReintegrationCase(
        case_number=case.case_id,
        programme=case.programme,
        status=codes.CASE_STATUSES.mapped(case.case_status),
        opened_on=case.opened_on,
        counselling_sessions=len(case.counselling_sessions),
        items=[_item_from_native(line) for line in lines if _is_assistance(line)],
        sustainability=_scores(case.sustainability_survey),
    )


def plan_to_native(items: list[AssistanceItem]) -> ReintegrationPlan | None:
    """The budget lines of a plan; raises ValueError for amounts in RSD."""
    if not items:
        return None
    return ReintegrationPlan(budget_lines=[_line_to_native(item) for item in items])


def sessions_to_native(count: int | None) -> list[CounsellingSession]:
    """As many sessions as the common record counts; their dates are IOM's to keep."""
    return [CounsellingSession() for _ in range(count or 0)]


def survey_to_native(scores: dict[Dimension, float] | None) -> SustainabilitySurvey | None:
    """The survey's three scores."""
    return None if scores is None else SustainabilitySurvey.model_validate(scores)


def _is_assistance(line: BudgetLine) -> bool:
    return codes.ASSISTANCE_TYPES.common(line.category) is not None


def _item_from_native(line: BudgetLine) -> AssistanceItem:
    return AssistanceItem(
        type=codes.ASSISTANCE_TYPES.mapped(line.category),
        status=codes.ASSISTANCE_STATUSES.mapped(line.status),
        delivered_on=line.delivered_on,
        amount=line.amount_eur,
        currency=None if line.amount_eur is None else "EUR",
        provider=codes.PARTNERS.common(line.implemented_by),
    )


def _line_to_native(item: AssistanceItem) -> BudgetLine:
    if item.currency == "RSD":
        raise ValueError("IOM budgets are in EUR; an amount in RSD cannot be written")
    return BudgetLine(
        category=codes.ASSISTANCE_TYPES.written(item.type),
        amount_eur=item.amount,
        status=codes.ASSISTANCE_STATUSES.written(item.status),
        delivered_on=item.delivered_on,
        implemented_by=codes.PARTNERS.written(item.provider),
    )


def _scores(survey: SustainabilitySurvey | None) -> dict[Dimension, float] | None:
    if survey is None:
        return None
    return {
        "economic": survey.economic,
        "social": survey.social,
        "psychosocial": survey.psychosocial,
    }
