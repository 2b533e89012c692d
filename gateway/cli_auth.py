"""Operator commands for clients and signing keys: ``gateway clients ...``, ``gateway keys ...``.

The commands call the same services as the admin API, so each change writes the same audit
entry, with the operator at the shell as its actor (``operator()``). The helpers here open
the operator's audited session for the other command modules too.
"""

import getpass
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, TypeVar

import click
from pydantic import ValidationError
from sqlmodel import Session

from gateway.audit.actions import OPERATOR_AGENCY, OPERATOR_PREFIX, OPERATOR_PURPOSE
from gateway.audit.context import Actor, operation
from gateway.auth import clients as agency_clients
from gateway.auth.caller import Caller
from gateway.auth.keys import rotate
from gateway.auth.schemas import ClientCreate, ClientPublic, ClientUpdate
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.errors import GatewayError
from gateway.migrate import ensure_current

Result = TypeVar("Result")


def operator(
    agency: str = OPERATOR_AGENCY,
    *,
    scopes: frozenset[str] = frozenset({"admin"}),
    purpose: str = OPERATOR_PURPOSE,
) -> Caller:
    """The operator at this shell, acting as the gateway's administrator or for ``agency``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a user id without a name (some containers)
        user = f"uid-{os.getuid()}"
    return Caller(
        client_id=f"{OPERATOR_PREFIX}{user}"[:64], agency=agency, scopes=scopes, purpose=purpose
    )


@contextmanager
def operator_session(actor: Caller) -> Iterator[Session]:
    """A session on the configured database, in an audit context naming ``actor``."""
    engine = create_database_engine(Settings())
    audit_actor = Actor(actor.client_id, actor.agency, actor.purpose)
    try:
        ensure_current(engine)
        with operation(audit_actor), Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


def commit_as(actor: Caller, change: Callable[[Session], Result]) -> Result:
    """Make ``change`` as ``actor`` and commit it with its audit entries; a refusal exits 2."""
    with operator_session(actor) as session:
        try:
            result = change(session)
        except GatewayError as error:
            fail(error.detail + "".join(f"\n  {e.location}: {e.message}" for e in error.errors))
        session.commit()
    return result


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
        fail(str(error))
    actor = operator()
    created = commit_as(
        actor, lambda session: agency_clients.create_client(session, client=body, actor=actor)
    )
    click.echo(created.model_dump_json(indent=2))


@clients.command("list")
@click.option("--agency", default=None)
def list_(agency: str | None) -> None:
    """Print the registered clients as JSON."""
    with operator_session(operator()) as session:
        found = agency_clients.list_clients(session, agency=agency)
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
    actor = operator()
    rotated = commit_as(
        actor,
        lambda session: agency_clients.rotate_secret(session, client_id=client_id, actor=actor),
    )
    click.echo(rotated.model_dump_json(indent=2))


def _set_status(client_id: str, status: str) -> None:
    actor = operator()

    def change(session: Session) -> ClientPublic:
        current = agency_clients.read_client(session, client_id=client_id)
        return agency_clients.update_client(
            session,
            client_id=client_id,
            changes=ClientUpdate(status=status),
            if_match=f'"{current.version}"',
            actor=actor,
        )

    commit_as(actor, change)
    click.echo(f"{client_id} is {status}")


@click.group()
def keys() -> None:
    """Manage the keys that sign access tokens."""


@keys.command("rotate")
def rotate_keys() -> None:
    """Make a new signing key; the old one verifies until its tokens expire."""
    kek, actor = Settings().key_encryption_key.get_secret_value(), operator()
    kid = commit_as(actor, lambda session: rotate(session, kek=kek, actor=actor).kid)
    click.echo(f"new signing key {kid}; tokens of the old key verify until they expire")
