"""The agency simulators the demo starts beside the gateway, each as its own process."""

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from gateway.config import Settings


def parse_ports(text: str) -> dict[str, int]:
    """``"kirs=8101,nes=8102"`` as ``{"kirs": 8101, "nes": 8102}``."""
    ports: dict[str, int] = {}
    for pair in filter(None, (item.strip() for item in text.split(","))):
        agency, _, port = pair.partition("=")
        ports[agency.strip()] = int(port)
    return ports


@contextmanager
def demo_simulators(settings: Settings, *, seed: int, households: int) -> Iterator[None]:
    """Start every agency's simulator on its demo port; stop them all on the way out.

    The way out includes SIGTERM: the server re-raises the signal once it has shut down, and
    without a handler of ours the process would end there and leave the simulators running.
    """
    processes = []
    for agency, port in parse_ports(settings.simulator_ports).items():
        command = [
            *(sys.executable, "-m", "gateway", "simulate", agency),
            *("--port", str(port), "--seed", str(seed), "--households", str(households)),
            *("--auto-progress", str(settings.demo_auto_progress_seconds)),
        ]
        processes.append(subprocess.Popen(command))  # noqa: S603 (our own command line)
        click.echo(f"{agency} simulator on http://{settings.host}:{port}")
    before = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
