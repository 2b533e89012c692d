"""Operator commands: ``gateway serve``, ``migrate``, ``demo``, ``openapi``, ``worker``."""

import json
import sys
from pathlib import Path

import anyio
import click
import uvicorn

from adapters.configured import parse_adapter_list, simulator_factory
from gateway.audit.cli import audit
from gateway.cli_auth import clients, keys
from gateway.cli_consent import consents
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.delivery.settings import DeliverySettings
from gateway.demo.simulators import demo_simulators, parse_ports
from gateway.migrate import OutdatedSchema, ensure_current, upgrade

DEMO_CLIENTS_FILE = Path("var/demo-clients.json")


@click.group()
def main() -> None:
    """The returnee interoperability gateway."""


main.add_command(clients)
main.add_command(keys)
main.add_command(audit)
main.add_command(consents)


@main.command()
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop")
def worker(once: bool) -> None:
    """Deliver referrals and notifications: claim, retry with backoff, park the dead."""
    from gateway.composition import run_worker

    settings, delivery = Settings(), DeliverySettings()
    click.echo(f"delivery worker started (up to {delivery.concurrency} deliveries at once)")
    try:
        handled = anyio.run(lambda: run_worker(settings, delivery, once=once))
    except OutdatedSchema as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if once:
        click.echo(f"{handled} jobs handled")


@main.command()
def migrate() -> None:
    """Apply the database migrations."""
    settings = Settings()
    engine = create_database_engine(settings)
    upgrade(engine)
    engine.dispose()
    click.echo(f"database is at the current schema ({_where(settings)})")


@main.command()
@click.option("--host", default=None, help="Address to listen on (GATEWAY_HOST)")
@click.option("--port", default=None, type=int, help="Port to listen on (GATEWAY_PORT)")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; the delivery worker and checkpoints run in one of them",
)
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the API; refuses a database whose schema is not current."""
    settings = Settings()
    _serve(settings, host=host or settings.host, port=port or settings.port, workers=workers)


@main.command()
@click.option("--seed", default=42, show_default=True, help="Seed of the synthetic population")
@click.option("--households", default=60, show_default=True, help="Households to generate")
@click.option("--serve/--no-serve", "then_serve", default=True, help="Start serving afterwards")
def demo(seed: int, households: int, then_serve: bool) -> None:
    """Migrate, seed a synthetic population (once), and serve."""
    from gateway.demo.clients import register_demo_clients
    from gateway.demo.seeding import seed_demo

    settings = Settings()
    engine = create_database_engine(settings)
    upgrade(engine)
    click.echo(seed_demo(engine, seed=seed, households=households))
    click.echo(
        register_demo_clients(engine, DEMO_CLIENTS_FILE, token_endpoint=settings.token_endpoint)
    )
    engine.dispose()
    if then_serve:
        with demo_simulators(settings, seed=seed, households=households):
            _serve(settings, host=settings.host, port=settings.port)


@main.command()
@click.argument("agency")
@click.option("--port", type=int, default=None, help="Port (default: the agency's demo port)")
@click.option("--store", default=None, help="SQLite file of the simulator's own data")
@click.option("--seed", default=42, show_default=True, help="Seed of the demo population")
@click.option("--households", default=60, show_default=True)
@click.option("--auto-progress", default=0.0, show_default=True, help="Seconds per referral step")
def simulate(
    agency: str,
    port: int | None,
    store: str | None,
    seed: int,
    households: int,
    auto_progress: float,
) -> None:
    """Run the simulator of an agency's system (its native format, its own store and auth)."""
    settings = Settings()
    try:
        factory = simulator_factory(parse_adapter_list(settings.adapters), agency)
    except KeyError as error:
        click.echo(f"error: {error.args[0]}", err=True)
        sys.exit(2)
    port = port or parse_ports(settings.simulator_ports).get(agency, 8100)
    app = factory(
        store_path=store or f"var/simulators/{agency}.db",
        seed=seed,
        households=households,
        auto_progress_seconds=auto_progress,
    )
    click.echo(f"{agency} simulator listening on http://{settings.host}:{port}")
    uvicorn.run(app, host=settings.host, port=port, log_level="warning")


@main.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def openapi(output: Path | None) -> None:
    """Write the published OpenAPI document (to stdout without --output)."""
    from gateway.main import create_app

    document = json.dumps(create_app(Settings()).openapi(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")


def _serve(settings: Settings, *, host: str, port: int, workers: int = 1) -> None:
    engine = create_database_engine(settings)
    try:
        ensure_current(engine)
    except OutdatedSchema as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    finally:
        engine.dispose()
    processes = f", {workers} server processes" if workers > 1 else ""
    click.echo(
        f"gateway listening on http://{host}:{port} (database: {_where(settings)}{processes})"
    )
    click.echo(f"API documentation at http://{host}:{port}/docs")
    # Each server process builds its application from the same environment (GATEWAY_*).
    uvicorn.run(
        "gateway.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
    )


def _where(settings: Settings) -> str:
    path = settings.sqlite_path()
    return f"SQLite file {path}" if path else "PostgreSQL"
