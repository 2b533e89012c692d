"""``gateway worker``: a delivery worker process beside (or instead of) the served one."""

import sys

import anyio
import click

from gateway.config import Settings
from gateway.delivery.runtime import standalone
from gateway.delivery.settings import DeliverySettings
from gateway.migrate import OutdatedSchema


@click.command()
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop")
def worker(once: bool) -> None:
    """Deliver referrals and notifications: claim, retry with backoff, park the dead."""
    settings, delivery = Settings(), DeliverySettings()
    click.echo(f"delivery worker started (up to {delivery.concurrency} deliveries at once)")
    try:
        handled = anyio.run(lambda: standalone(settings, delivery, once=once))
    except OutdatedSchema as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if once:
        click.echo(f"{handled} jobs handled")
