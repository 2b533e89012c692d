"""Operator commands for consents: ``gateway consents record|revoke|list|receipt``.

For offices that record paper consents in bulk: the command acts as the named agency's
operator, with the same checks (minors, guardians, evidence) as the API.
"""

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import click
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.cli_auth import commit_as, fail, operator
from gateway.consent import service
from gateway.consent.receipt import receipt_page
from gateway.consent.schemas import ConsentCreate, ConsentRevocation


def _operator(agency: str) -> Caller:
    """The operator at this shell, recording for ``agency`` (audited as ``cli:<os user>``)."""
    return operator(
        agency,
        scopes=frozenset({"consents:read", "consents:write"}),
        purpose="reintegration_planning",
    )


@click.group()
def consents() -> None:
    """Record, revoke and list returnees' consents."""


@consents.command("record")
@click.option("--agency", required=True, help="The agency recording it")
@click.option("--person", "person_id", default=None, help="Subject person id")
@click.option("--household", "household_id", default=None, help="Subject household id")
@click.option("--grantee", "grantees", multiple=True, required=True)
@click.option("--purpose", "purposes", multiple=True, required=True)
@click.option("--category", "categories", multiple=True, required=True)
@click.option("--given-by", "given_by", default=None, help="Guardian's person id (minors)")
@click.option("--recorded-by", required=True, help="Name and role of the worker")
@click.option("--channel", default="signed_form", show_default=True)
@click.option("--document", "document_reference", default=None, help="Where the paper is kept")
@click.option("--language", default="sr-Latn", show_default=True)
def record_command(
    agency: str,
    person_id: str | None,
    household_id: str | None,
    grantees: tuple[str, ...],
    purposes: tuple[str, ...],
    categories: tuple[str, ...],
    given_by: str | None,
    recorded_by: str,
    channel: str,
    document_reference: str | None,
    language: str,
) -> None:
    """Record a consent and print it as JSON."""
    try:
        body = ConsentCreate.model_validate(
            {
                "person_id": person_id,
                "household_id": household_id,
                "grantees": list(grantees),
                "purposes": list(purposes),
                "categories": list(categories),
                "given_by_person_id": given_by,
                "evidence": {
                    "recorded_by": recorded_by,
                    "channel": channel,
                    "document_reference": document_reference,
                },
                "notice_language": language,
            }
        )
    except ValidationError as error:
        fail(str(error))
    actor = _operator(agency)
    _run(actor, lambda session: service.record_consent(session, body=body, caller=actor))


@consents.command("revoke")
@click.argument("consent_id", type=click.UUID)
@click.option("--agency", required=True)
@click.option("--reason", required=True)
def revoke_command(consent_id: uuid.UUID, agency: str, reason: str) -> None:
    """Revoke a consent; it stops working on the very next request."""
    try:
        revocation = ConsentRevocation(reason=reason)
    except ValidationError as error:
        fail(str(error))
    actor = _operator(agency)
    _run(
        actor,
        lambda session: service.revoke_consent(
            session, consent_id=consent_id, revocation=revocation, caller=actor
        ),
    )


@consents.command("list")
@click.option("--agency", required=True)
@click.option("--person", "person_id", type=click.UUID, default=None)
@click.option("--household", "household_id", type=click.UUID, default=None)
def list_command(agency: str, person_id: uuid.UUID | None, household_id: uuid.UUID | None) -> None:
    """Print the consents about a person or household as JSON."""
    actor = _operator(agency)
    found = commit_as(
        actor,
        lambda session: service.list_consents(
            session, caller=actor, person_id=person_id, household_id=household_id
        ),
    )
    click.echo(json.dumps([consent.model_dump(mode="json") for consent in found], indent=2))


@consents.command("receipt")
@click.argument("consent_id", type=click.UUID)
@click.option("--agency", required=True)
@click.option("--language", type=click.Choice(["sr-Latn", "sr-Cyrl", "en"]), default="sr-Latn")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def receipt_command(consent_id: uuid.UUID, agency: str, language: str, output: Path) -> None:
    """Write the printable consent receipt to an HTML file."""
    actor = _operator(agency)
    consent = commit_as(
        actor, lambda session: service.read_consent(session, consent_id=consent_id, caller=actor)
    )
    output.write_text(receipt_page(consent, language), encoding="utf-8")  # type: ignore[arg-type]
    click.echo(f"receipt written to {output}")


def _run(actor: Caller, action: Callable[[Session], BaseModel]) -> None:
    click.echo(commit_as(actor, action).model_dump_json(indent=2))
