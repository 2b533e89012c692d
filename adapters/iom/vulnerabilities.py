"""IOM's vulnerability flags, each into the one section of its data category.

``MEDICAL`` and ``MENTAL_HEALTH`` (and any medical budget line of the plan) are health data:
they go ONLY into ``health`` as ``medical_condition``, with ``medicalAssistanceOnArrival`` as
``urgent_medical_need``. ``DISABILITY`` goes ONLY into ``disability``. The other flags go into
``vulnerabilities`` (category ``needs``). Flags without a code of ours are not shared
(``codes.UNMAPPED`` says why). Pure.
"""

from adapters.iom import codes
from adapters.iom.codes import VulnerabilityCode
from adapters.iom.native import IomCase
from gateway.schema.agency import AgencyPersonRecord, DisabilityInformation, HealthInformation

HEALTH_VULNERABILITY = "medical_condition"
DISABILITY_VULNERABILITY = "disability"
MEDICAL_BUDGET_LINE = "MEDICAL"
_SPECIAL = frozenset({HEALTH_VULNERABILITY, DISABILITY_VULNERABILITY})


def vulnerabilities_from_native(flags: list[VulnerabilityCode]) -> list[str]:
    """Our vulnerabilities that are neither health nor disability, each once."""
    return [code for code in codes.VULNERABILITIES.common_all(flags) if code not in _SPECIAL]


def health_from_native(case: IomCase) -> HealthInformation | None:
    """The health section: a medical flag or budget line, and the need for help on arrival."""
    lines = case.reintegration_plan.budget_lines if case.reintegration_plan else []
    medical = _flagged(case.vulnerabilities, HEALTH_VULNERABILITY) or any(
        line.category == MEDICAL_BUDGET_LINE for line in lines
    )
    if not medical and case.medical_assistance_on_arrival is None:
        return None
    return HealthInformation(
        vulnerabilities=[HEALTH_VULNERABILITY] if medical else [],
        urgent_medical_need=case.medical_assistance_on_arrival,
    )


def disability_from_native(flags: list[VulnerabilityCode]) -> DisabilityInformation | None:
    """The disability section when IOM flagged one; IOM records no care allowance."""
    if not _flagged(flags, DISABILITY_VULNERABILITY):
        return None
    return DisabilityInformation(has_disability=True)


def vulnerabilities_to_native(record: AgencyPersonRecord) -> list[VulnerabilityCode]:
    """IOM's flags for the record's vulnerabilities, health and disability sections."""
    disabled = record.disability is not None and record.disability.has_disability
    ours = [
        *(record.vulnerabilities or []),
        *(record.health.vulnerabilities if record.health else []),
        *([DISABILITY_VULNERABILITY] if disabled else []),
    ]
    return codes.VULNERABILITIES.written_all(ours)


def _flagged(flags: list[VulnerabilityCode], ours: str) -> bool:
    return any(codes.VULNERABILITIES.common(flag) == ours for flag in flags)
