"""``gateway serve --workers N``: N server processes, the host's background duties in one."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.servers import free_port, running


def _holders(lock: Path) -> list[int]:
    """The processes holding an flock on ``lock``, from the kernel's table of locks."""
    inode = os.stat(lock).st_ino
    pids = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 08:01:123456 0 EOF"; blocked waiters have "->"
        if "->" in fields or fields[1] != "FLOCK":
            continue
        if int(fields[5].rsplit(":", 1)[1]) == inode:
            pids.append(int(fields[4]))
    return pids


def _children(pid: int) -> set[int]:
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return {int(line) for line in result.stdout.split()}


def _wait_for_holder(lock: Path, among: set[int], timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holders = _holders(lock) if lock.exists() else []
        if holders and set(holders) <= among:
            return holders
        time.sleep(0.2)
    raise AssertionError(f"no server process took the host's duties within {timeout} s")


def test_several_server_processes_run_the_duties_once_and_hand_them_over(
    fresh_database: str, tmp_path: Path
) -> None:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    engine.dispose()
    lock, port = tmp_path / "duties.lock", free_port()
    env = {"GATEWAY_DATABASE_URL": fresh_database, "GATEWAY_HOST_DUTIES_LOCK": str(lock)}
    command = ["-m", "gateway", "serve", "--port", str(port), "--workers", "2"]
    with running(command, port=port, env=env) as base_url:
        supervisor = _supervisor(port)
        servers = _wait_for_servers(supervisor, 2)
        holders = _wait_for_holder(lock, servers)
        assert len(holders) == 1, f"the duties run in {holders}, not in one process"

        os.kill(holders[0], signal.SIGKILL)
        replaced = _wait_for_servers(supervisor, 2, without=holders[0])
        successor = _wait_for_holder(lock, replaced)
        assert len(successor) == 1
        assert successor[0] != holders[0]
        assert httpx.get(base_url + "/healthz", timeout=5).status_code == 200


def _supervisor(port: int) -> int:
    """The ``gateway serve`` process listening on ``port`` (this test's child)."""
    for pid in _children(os.getpid()):
        arguments = _command_line(pid).split(b"\0")
        if str(port).encode() in arguments and arguments[0] == sys.executable.encode():
            return pid
    raise AssertionError("the serve process is not among this test's children")


def _wait_for_servers(
    supervisor: int, count: int, *, without: int | None = None, timeout: float = 30
) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        servers = {pid for pid in _children(supervisor) if _is_server(pid)} - {without}
        if len(servers) == count:
            return {pid for pid in servers if pid is not None}
        time.sleep(0.2)
    raise AssertionError(f"the supervisor did not keep {count} server processes")


def _is_server(pid: int) -> bool:
    """A uvicorn server process (multiprocessing spawn), not a helper such as a resource
    tracker."""
    arguments = _command_line(pid)
    return b"spawn_main" in arguments and b"resource_tracker" not in arguments


def _command_line(pid: int) -> bytes:
    """The process's arguments, NUL-separated; empty once it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""
