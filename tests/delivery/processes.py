"""Real processes for the delivery tests: a gateway that can be killed, workers, a simulator.

Unlike ``tests.servers.running``, these hand back the process itself, so a test can kill it
with SIGKILL mid-way and start another on the same database.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.servers import free_port


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``python <command>`` with ``env`` added, its output into ``log``."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, *command],
            env=os.environ | env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_until_ready(
    process: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 30
) -> None:
    """Wait until ``url`` answers 200; fail with the log if the process dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        with suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it does not go."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no shutdown, no cleanup, as a power cut would."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def simulator(agency: str, directory: Path, **knobs: str) -> Iterator[str]:
    """The agency's simulator on a free port, with fault knobs from ``knobs``."""
    port = free_port()
    env = {f"SIMULATOR_{agency.upper()}_{name.upper()}": value for name, value in knobs.items()}
    log = directory / f"{agency}-simulator.log"
    command = ["-m", "gateway", "simulate", agency, "--port", str(port)]
    command += ["--store", str(directory / f"{agency}.db")]
    process = start(command, env=env, log=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(process, f"{url}/_admin/faults", log)
        yield url
    finally:
        stop(process)


def serve_gateway(
    database_url: str, directory: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], str]:
    """``gateway serve`` (with its delivery worker) on a free port, ready."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = {
        "GATEWAY_DATABASE_URL": database_url,
        "GATEWAY_LOG_LEVEL": "warning",
        "GATEWAY_PUBLIC_URL": url,
        "GATEWAY_API_RATE_LIMIT": "100000/minute",
    } | env
    log = directory / f"gateway-{port}.log"
    process = start(["-m", "gateway", "serve", "--port", str(port)], env=settings, log=log)
    wait_until_ready(process, f"{url}/healthz", log)
    return process, url
