"""The audited, consent-checked person read under load, beside the naive floor, in one run.

Run: ``python -m bench.load [--seconds S] [--connections 1,4,32] [--workers N]``. Needs
PostgreSQL (``GATEWAY_TEST_POSTGRES_URL``, fsync as the server has it). Each side gets its own
throwaway database on that server:

- **gateway**: ``gateway serve --workers N``, 1,000 persons with five consents each (one for
  NES), an NES client reading with the purpose ``employment_services``: token check, client
  status, rate limit, policy decision, masking, a chained audit entry, one transaction.
- **floor**: ``../shared/bench-floor/floor_app.py`` under uvicorn with the same number of
  worker processes: ES256 JWT, one consent row, one person row, one audit row (no chain, no
  policy, no rate limit).
- **direct**: the person's primary-key select on the gateway's database, one connection, no
  HTTP: the added latency of a read is the gateway's p50/p99 at one connection minus this.

The load comes from this process (asyncio, HTTP/1.1 keep-alive, one request in flight per
connection) on the same cores, so each side's figures include the same client cost. For
each side and connection count: throughput, p50/p95/p99, errors (any status but 200), CPU
milliseconds per request (user and system time of the server processes, from /proc) and peak
RSS per server process (VmHWM).
"""

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from bench.consent import seed
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.auth_helpers import register_client, secret_token
from tests.databases import postgres_database
from tests.servers import free_port, started

FLOOR = Path(__file__).resolve().parents[2] / "shared" / "bench-floor"
FLOOR_PERSON = "00000000-0000-0000-0000-000000000001"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Target:
    """One server under load: where to send reads, and its processes to measure."""

    name: str
    base_url: str
    paths: list[str]
    token: str
    process: subprocess.Popen[bytes]


@dataclass(frozen=True)
class Run:
    """What one load run saw."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float
    peak_rss_mb: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    def line(self, label: str) -> str:
        return (
            f"  {label:<22} {self.throughput:7.0f}/s  p50 {_ms(self.percentile(0.5))}"
            f"  p95 {_ms(self.percentile(0.95))}  p99 {_ms(self.percentile(0.99))}"
            f"  errors {self.errors:>4}  CPU {1000 * self.cpu_seconds / max(self.requests, 1):5.2f}"
            f" ms/req  peak RSS {', '.join(f'{mb:.0f}' for mb in self.peak_rss_mb)} MB"
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


async def _connection(
    target: Target, deadline: float, latencies: list[float], errors: list[int]
) -> None:
    host, port = target.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {target.token}\r\n\r\n"
        ).encode()
        for path in target.paths
    ]
    rng = random.Random()
    try:
        while time.perf_counter() < deadline:
            started_at = time.perf_counter()
            writer.write(rng.choice(requests))
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for header in head.split(b"\r\n"):
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started_at)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


def _server_processes(root: int) -> list[int]:
    """``root`` and its descendants."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        listed = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
        )
        queue += [int(child) for child in listed.stdout.split()]
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def _peak_rss_mb(pids: list[int]) -> list[float]:
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return sorted(peaks, reverse=True)


def load(target: Target, *, connections: int, seconds: float) -> Run:
    """``connections`` clients reading as fast as the server answers, for ``seconds``."""
    pids = _server_processes(target.process.pid)
    latencies: list[float] = []
    errors: list[int] = []

    async def all_connections() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(_connection(target, deadline, latencies, errors) for _ in range(connections))
        )

    cpu_before, started_at = _cpu_seconds(pids), time.perf_counter()
    asyncio.run(all_connections())
    elapsed, cpu = time.perf_counter() - started_at, _cpu_seconds(pids) - cpu_before
    return Run(len(latencies), len(errors), elapsed, latencies, cpu, _peak_rss_mb(pids))


def direct_selects(database_url: str, person_ids: list[str], *, seconds: float) -> Run:
    """The person's primary-key select, one connection, autocommit: the comparator of the
    added latency."""
    latencies: list[float] = []
    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        deadline, rng = time.perf_counter() + seconds, random.Random()
        started_at = time.perf_counter()
        while time.perf_counter() < deadline:
            begun = time.perf_counter()
            connection.execute("SELECT * FROM person WHERE id = %s", (rng.choice(person_ids),))
            latencies.append(time.perf_counter() - begun)
        elapsed = time.perf_counter() - started_at
    return Run(len(latencies), 0, elapsed, latencies, 0.0, [])


@contextmanager
def gateway(database_url: str, *, workers: int) -> Iterator[tuple[Target, list[str]]]:
    engine = create_database_engine(Settings(database_url=database_url))
    upgrade(engine)
    person_ids = [str(person_id) for person_id in seed(engine, consents=5000)]
    credentials = register_client(
        engine, agency="nes", scopes=["returnees:read"], purposes=["employment_services"]
    )
    engine.dispose()
    port = free_port()
    env = {
        "GATEWAY_DATABASE_URL": database_url,
        "GATEWAY_LOG_LEVEL": "warning",
        "GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "GATEWAY_API_RATE_LIMIT": "100000000/minute",
        "GATEWAY_DELIVERY_WORKER": "false",
    }
    command = ["-m", "gateway", "serve", "--port", str(port), "--workers", str(workers)]
    with started(command, port=port, env=env) as (base_url, process):
        with httpx.Client(base_url=base_url) as http:
            token = secret_token(http, credentials, purpose="employment_services")
            paths = [f"/v1/persons/{person_id}" for person_id in person_ids]
            assert http.get(paths[0], headers={"Authorization": f"Bearer {token}"}).is_success
        yield Target("gateway", base_url, paths, token, process), person_ids


@contextmanager
def floor(database_url: str, *, workers: int, directory: Path) -> Iterator[Target]:
    port = free_port()
    env = {
        "FLOOR_PG": database_url.replace("postgresql+psycopg://", "postgresql://"),
        "FLOOR_KEY": str(directory / "floor_key.json"),
        "FLOOR_TOKEN": str(directory / "floor_token"),
        "PYTHONPATH": str(FLOOR),
    }
    # The key is made on first import: once, before the workers start (the floor's docstring).
    subprocess.run([sys.executable, "-c", "import floor_app"], env=os.environ | env, check=True)
    command = ["-m", "uvicorn", "floor_app:app", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning"]
    with started(command, port=port, env=env, ready_path="/bare") as (base_url, process):
        token = (directory / "floor_token").read_text()
        yield Target("floor", base_url, [f"/v1/persons/{FLOOR_PERSON}"], token, process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", default="1,4,32")
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    if not os.environ.get("GATEWAY_TEST_POSTGRES_URL"):
        sys.exit("bench.load needs PostgreSQL: set GATEWAY_TEST_POSTGRES_URL")
    counts = [int(count) for count in arguments.connections.split(",")]
    load_average = os.getloadavg()[0]
    print(
        f"Audited person read under load: {arguments.workers} server processes a side, "
        f"{arguments.seconds:.0f} s a run, load average {load_average:.2f} at the start"
    )
    with (
        tempfile.TemporaryDirectory() as directory,
        postgres_database() as gateway_url,
        postgres_database() as floor_url,
        gateway(gateway_url, workers=arguments.workers) as (ours, person_ids),
        floor(floor_url, workers=arguments.workers, directory=Path(directory)) as naive,
    ):
        direct = direct_selects(gateway_url, person_ids, seconds=arguments.seconds)
        print(direct.line("direct select (1 conn)"))
        for connections in counts:
            runs = {
                target.name: load(target, connections=connections, seconds=arguments.seconds)
                for target in (ours, naive)
            }
            print(f"{connections} connection{'s' if connections > 1 else ''}")
            for name, run in runs.items():
                print(run.line(name))
            ratio = runs["gateway"].throughput / runs["floor"].throughput
            print(f"  gateway / floor throughput {ratio:.2f}")
            if connections == 1:
                ours_run = runs["gateway"]
                added_p50 = ours_run.percentile(0.5) - direct.percentile(0.5)
                added_p99 = ours_run.percentile(0.99) - direct.percentile(0.99)
                print(
                    f"  added over the direct select: p50 +{added_p50 * 1000:.2f} ms,"
                    f" p99 +{added_p99 * 1000:.2f} ms"
                )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
