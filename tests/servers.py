"""Real servers for integration tests: processes listening on free loopback ports."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

import httpx


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running(
    command: Sequence[str], *, port: int, env: dict[str, str], ready_path: str = "/healthz"
) -> Iterator[str]:
    """Start ``command``, wait until ``ready_path`` answers, yield its base URL, stop it."""
    with started(command, port=port, env=env, ready_path=ready_path) as (base_url, _process):
        yield base_url


@contextmanager
def started(
    command: Sequence[str], *, port: int, env: dict[str, str], ready_path: str = "/healthz"
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``running``, yielding the process as well (to measure it, say)."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, *command], env=os.environ | env, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(process, log, base_url + ready_path)
            yield base_url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(
    process: subprocess.Popen[bytes], log: IO[bytes], url: str, timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"the server exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s")


@contextmanager
def running_gateway(database_url: str, **env: str) -> Iterator[str]:
    """``gateway serve`` under uvicorn on a free loopback port."""
    port = free_port()
    settings = {
        "GATEWAY_DATABASE_URL": database_url,
        "GATEWAY_LOG_LEVEL": "warning",
        "GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{port}",
    } | env
    with running(["-m", "gateway", "serve", "--port", str(port)], port=port, env=settings) as url:
        yield url
