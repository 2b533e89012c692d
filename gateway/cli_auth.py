"""Operator commands for clients and signing keys: ``gateway clients ...``, ``gateway keys ...``."""

import json
from pathlib import Path

import click
from pydantic import ValidationError
from sqlmodel import Session

from gateway.auth import clients as registry
from gateway.auth.keys import rotate
from gateway.auth.schemas import ClientCreate, ClientUpdate
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.errors import GatewayError
from gateway.migrate import ensure_current


def _session() -> Session:
    engine = create_database_engine(Settings())
    ensure_current(engine)
    return Session(engine)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


@click.group()
def clients() -> None:
    """Register and manage agency clients."""


@clients.command("create")
@click.option("--agency", required=True, help="Agency code (code list 'agencies')")
@click.option("--name", "display_name", default=None, help="Display name")
@click.option("--scope", "scopes", multiple=True, required=True, help="A scope; repeat for more")
@click.option("--purpose", "purposes", multiple=True, required=True, help="A purpose; repeat")
@click.option("--jwks", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
def create(
    agency: str,
    display_name: str | None,
    scopes: tuple[str, ...],
    purposes: tuple[str, ...],
    jwks: Path | None,
) -> None:
    """Register a client and print it as JSON (with its secret, once, when no JWKS is given)."""
    try:
        body = ClientCreate(
            agency=agency,
            display_name=display_name or f"{agency.upper()} system",
            scopes=list(scopes),
            purposes=list(purposes),
            jwks=json.loads(jwks.read_text()) if jwks else None,
        )
    except (ValidationError, json.JSONDecodeError) as error:
        _fail(str(error))
        return
    with _session() as session:
        try:
            created = registry.create_client(session, client=body)
        except GatewayError as error:
            _fail(error.detail)
            return
        session.commit()
    click.echo(created.model_dump_json(indent=2))


@clients.command("list")
@click.option("--agency", default=None)
def list_(agency: str | None) -> None:
    """Print the registered clients as JSON."""
    with _session() as session:
        found = registry.list_clients(session, agency=agency)
    click.echo(json.dumps([client.model_dump(mode="json") for client in found], indent=2))


@clients.command("suspend")
@click.argument("client_id")
def suspend(client_id: str) -> None:
    """Suspend a client: its tokens stop working at once."""
    _set_status(client_id, "suspended")


@clients.command("activate")
@click.argument("client_id")
def activate(client_id: str) -> None:
    """Make a suspended client active again."""
    _set_status(client_id, "active")


@clients.command("rotate-secret")
@click.argument("client_id")
def rotate_secret(client_id: str) -> None:
    """Give a secret client a new secret and print it (once)."""
    with _session() as session:
        try:
            rotated = registry.rotate_secret(session, client_id=client_id)
        except GatewayError as error:
            _fail(error.detail)
            return
        session.commit()
    click.echo(rotated.model_dump_json(indent=2))


def _set_status(client_id: str, status: str) -> None:
    with _session() as session:
        try:
            current = registry.read_client(session, client_id=client_id)
            registry.update_client(
                session,
                client_id=client_id,
                changes=ClientUpdate(status=status),
                if_match=f'"{current.version}"',
            )
        except GatewayError as error:
            _fail(error.detail)
        session.commit()
    click.echo(f"{client_id} is {status}")


@click.group()
def keys() -> None:
    """Manage the keys that sign access tokens."""


@keys.command("rotate")
def rotate_keys() -> None:
    """Make a new signing key; the old one verifies until its tokens expire."""
    settings = Settings()
    with _session() as session:
        created = rotate(session, kek=settings.key_encryption_key.get_secret_value())
        session.commit()
        click.echo(f"new signing key {created.kid}; tokens of the old key verify until they expire")
