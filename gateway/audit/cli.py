"""Operator commands for the audit trail: ``gateway audit verify|checkpoint|export|...``.

``verify`` exits 1 when the chain or a checkpoint is broken (0 when intact, 2 on a usage
error), so it can run from cron or CI. ``verify-checkpoint`` needs no database: it checks an
exported checkpoint with the gateway's JWKS only. What the commands do is audited like the
API's use of the trail, with the operator at the shell (``cli:<os user>``) as the actor.
"""

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args

import click
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from gateway.audit import checkpoints, service
from gateway.audit.context import Actor, operation
from gateway.audit.export import ExportFormat
from gateway.audit.repository import EntryFilter
from gateway.auth.caller import Caller
from gateway.auth.keys import KeyRing, ensure_key
from gateway.cli_auth import operator
from gateway.config import Settings
from gateway.db import create_database_engine, create_session_factory
from gateway.errors import GatewayError
from gateway.migrate import ensure_current

FileOption = click.Path(dir_okay=False, path_type=Path)


@contextmanager
def _database(actor: Caller) -> Iterator[tuple[Settings, sessionmaker[Session]]]:
    settings = Settings()
    engine: Engine = create_database_engine(settings)
    try:
        ensure_current(engine)
        with operation(Actor(actor.client_id, actor.agency, actor.purpose)):
            yield settings, create_session_factory(engine)
    except GatewayError as error:
        click.echo(f"error: {error.detail}", err=True)
        sys.exit(2)
    finally:
        engine.dispose()


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")


@click.group()
def audit() -> None:
    """Verify, checkpoint and export the audit trail."""


@audit.command("verify")
@click.option("--from-checkpoint", type=click.IntRange(min=1), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON")
def verify(from_checkpoint: int | None, as_json: bool) -> None:
    """Verify the hash chain and the checkpoints; exit 1 if anything was altered."""
    actor = operator()
    with _database(actor) as (_, factory), factory() as session:
        report = service.verify(session, actor, from_checkpoint=from_checkpoint)
        session.commit()
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(_summary(report.model_dump()))
    sys.exit(0 if report.valid else 1)


def _summary(report: dict[str, Any]) -> str:
    lines = [
        f"{'valid' if report['valid'] else 'BROKEN'}: {report['entries_checked']} entries "
        f"from {report['from_sequence']} to {report['head_sequence']}, "
        f"{report['checkpoints_checked']} checkpoints, {report['witnesses_checked']} witnesses"
    ]
    bad = report["first_bad_entry"]
    if bad:
        lines.append(f"first bad entry: {bad['sequence']} ({bad['problem']}): {bad['detail']}")
    lines += [f"checkpoint {p['number']}: {p['problem']}" for p in report["checkpoint_problems"]]
    lines += [
        f"warning: witness {p['client_id']} of checkpoint {p['checkpoint']}: {p['problem']}"
        for p in report["witness_problems"]
    ]
    return "\n".join(lines)


@audit.command("checkpoint")
def checkpoint() -> None:
    """Sign the trail's current count and head hash as a new checkpoint; print it."""
    actor = operator()
    with _database(actor) as (settings, factory), factory() as session:
        kek = settings.key_encryption_key.get_secret_value()
        ensure_key(session, kek=kek)
        key_ring = KeyRing(kek=kek, lifetime_seconds=settings.token_lifetime_seconds)
        made = service.make_checkpoint(
            session, actor, key_ring=key_ring, issuer=settings.issuer, made_by="cli"
        )
        session.commit()
    click.echo(made.model_dump_json(indent=2))


@audit.command("export-checkpoint")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--output", type=FileOption, default=None)
def export_checkpoint(number: int, output: Path | None) -> None:
    """Write a checkpoint as a document to verify offline."""
    with _database(operator()) as (_, factory), factory() as session:
        document = service.export_checkpoint(session, number=number)
    _write(json.dumps(document, indent=2, ensure_ascii=False), output)


@audit.command("jwks")
@click.option("--output", type=FileOption, default=None)
def jwks(output: Path | None) -> None:
    """Write every public key the gateway ever signed with (keep it with exported checkpoints)."""
    with _database(operator()) as (_, factory), factory() as session:
        keys = checkpoints.gateway_jwks(session)
    _write(json.dumps(keys, indent=2), output)


@audit.command("verify-checkpoint")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jwks", "jwks_file", required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--witness-jwks",
    multiple=True,
    metavar="CLIENT_ID=FILE",
    help="A witness's public keys; repeat for more",
)
def verify_checkpoint(document: Path, jwks_file: Path, witness_jwks: tuple[str, ...]) -> None:
    """Check an exported checkpoint offline with the gateway's JWKS; exit 1 if it fails."""
    try:
        exported = json.loads(document.read_text(encoding="utf-8"))
        keys = json.loads(jwks_file.read_text(encoding="utf-8"))
        witnesses = {
            client: json.loads(Path(file).read_text(encoding="utf-8"))
            for client, _, file in (entry.partition("=") for entry in witness_jwks)
        }
    except (OSError, ValueError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    problems = checkpoints.verify_export(exported, keys, witnesses)
    for problem in problems:
        click.echo(f"BROKEN: {problem}")
    if not problems:
        statement = exported["statement"]
        click.echo(
            f"valid: checkpoint {statement['number']} of {statement['issuer']} counts "
            f"{statement['entry_count']} entries, head {statement['head_hash']}"
        )
    sys.exit(1 if problems else 0)


@audit.command("export")
@click.option("--format", "export_format", type=click.Choice(get_args(ExportFormat)))
@click.option("--subject", default=None, help="Only entries about this subject")
@click.option("--output", type=FileOption, default=None, help="File (default: stdout)")
def export(export_format: ExportFormat | None, subject: str | None, output: Path | None) -> None:
    """Export the trail (or one subject's entries) as JSON Lines or CSV."""
    entry_filter = EntryFilter(subjects=(subject,) if subject else ())
    actor = operator()
    with _database(actor) as (_, factory):
        with factory() as session:
            stream = service.start_export(
                session, factory, actor, entry_filter, export_format or "ndjson"
            )
            session.commit()
        target = output.open("wb") if output else sys.stdout.buffer
        try:
            for chunk in stream:
                target.write(chunk)
        finally:
            if output:
                target.close()
