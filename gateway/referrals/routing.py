"""Routing: which service and office meet a need, and the referrals proposed for open needs.

For each need domain the active rules of active services apply; a rule for the subject's
municipality replaces the general rule for the same service, and lower ranks come first.
A suggestion says whether the receiving agency is covered for what the referral would carry,
and whether the subject has an open referral for that service already.
"""

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.consent.enforcement import Policy
from gateway.referrals import coverage, repository
from gateway.referrals.models import ReferralService, RoutingRule
from gateway.referrals.schemas import Suggestion, SuggestionRequest, Suggestions
from gateway.referrals.subjects import Subject, visible_subject
from gateway.registry.models import Person

PRIORITY_OF_SEVERITY = {"critical": "urgent", "high": "high", "medium": "normal", "low": "low"}
Route = tuple[RoutingRule, ReferralService]


def routes(
    session: Session, domains: Iterable[str], municipality: str | None
) -> dict[str, list[Route]]:
    """The routes of each domain, best first: local rules over general ones, then by rank."""
    best: dict[tuple[str, str], Route] = {}
    for rule, service in repository.active_rules_for(session, domains, municipality):
        key = (rule.need_domain, service.code)
        known = best.get(key)
        if known is None or (known[0].municipality is None and rule.municipality is not None):
            best[key] = (rule, service)
    found: dict[str, list[Route]] = defaultdict(list)
    for route in best.values():
        found[route[0].need_domain].append(route)
    for domain_routes in found.values():
        domain_routes.sort(key=lambda route: (route[0].municipality is None, route[0].rank))
    return found


def office_for(
    session: Session, service: ReferralService, needs: Iterable[str], municipality: str | None
) -> str | None:
    """The office the best rule for one of these needs names for this service, if any."""
    for domain_routes in routes(session, needs, municipality).values():
        for rule, routed in domain_routes:
            if routed.code == service.code and rule.office:
                return rule.office
    return None


def suggest(session: Session, *, body: SuggestionRequest, caller: Caller) -> Suggestions:
    """Proposed referrals to other agencies for the subject's open needs (seen by the caller)."""
    subject = visible_subject(
        session, caller, person_id=body.person_id, household_id=body.household_id
    )
    _require_needs(session, caller, subject)
    needs = open_needs(session, subject)
    municipality = body.municipality or subject.municipality
    found = routes(session, needs, municipality)
    referred = repository.open_services_for(
        session, person_id=body.person_id, household_id=body.household_id
    )
    suggestions = [
        _suggestion(session, subject, domain, severity, route, referred)
        for domain, severity in needs.items()
        for route in found.get(domain, [])
        if route[1].agency != caller.agency  # an agency does not refer to itself
    ]
    return Suggestions(
        person_id=body.person_id,
        household_id=body.household_id,
        municipality=municipality,
        suggestions=suggestions,
        unrouted_needs=sorted(domain for domain in needs if domain not in found),
    )


def open_needs(session: Session, subject: Subject) -> dict[str, str]:
    """The open needs (domain: severity) by the latest assessment of each domain."""
    if isinstance(subject, Person):
        person_id, household_id = subject.id, repository.household_of(session, subject.id)
    else:
        person_id, household_id = None, subject.id
    latest: dict[str, dict[str, str]] = {}
    for assessment in repository.needs_assessments(
        session, person_id=person_id, household_id=household_id
    ):
        latest |= {need["domain"]: need for need in assessment.needs}
    return {
        domain: need["severity"]
        for domain, need in sorted(latest.items())
        if need.get("status", "open") == "open"
    }


def _require_needs(session: Session, caller: Caller, subject: Subject) -> None:
    policy = Policy(session, caller)
    if isinstance(subject, Person):
        decision = policy.for_person(subject, {"needs"})
    else:
        decision = policy.for_household(subject, {"needs"})
    noun = "person's needs" if isinstance(subject, Person) else "household's needs"
    policy.require_part(
        decision, "needs", part=noun, action="referral.suggested", subject=subject.id
    )
    policy.audit("referral.suggested", subject.id, decision)


def _suggestion(
    session: Session,
    subject: Subject,
    domain: str,
    severity: str,
    route: Route,
    referred: set[str],
) -> Suggestion:
    rule, service = route
    categories = coverage.carried_categories(service.categories, [domain])
    found = coverage.coverage(
        session, agency=service.agency, subject=subject, categories=categories
    )
    return Suggestion(
        need_domain=domain,
        severity=severity,
        service=service.code,
        service_label=service.label_en,
        to_agency=service.agency,
        office=rule.office,
        priority=PRIORITY_OF_SEVERITY.get(severity, "normal"),
        rule_id=rule.id,
        covered=found.covered,
        missing_categories=sorted(found.missing),
        already_referred=service.code in referred,
    )
