"""Two served gateways on one Redis: a burst of bad tokens is limited and counted once, together."""

import os
import random
import time
from typing import Any

import httpx
from sqlalchemy import Engine

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.audit.helpers import entries
from tests.servers import running_gateway

REDIS_URL = os.environ.get("GATEWAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
GARBAGE = {"Authorization": "Bearer not-a-token"}
LIMIT = 10
BURST = 20


def loopback_address() -> str:
    """An address of its own on loopback, so no other run shares this source's count."""
    return "127." + ".".join(str(random.randint(1, 254)) for _ in range(3))


def refusals_from(engine: Engine, source: str) -> list[dict[str, Any]]:
    return [e for e in entries(engine, decision="deny") if e["detail"].get("source") == source]


def counted(rows: list[dict[str, Any]]) -> int:
    """Refusals on the record: each first of a window, plus each window's count."""
    return sum(row["detail"].get("count", 1) for row in rows)


def settled(engine: Engine, source: str, *, within: float = 60) -> list[dict[str, Any]]:
    """The source's entries once every refusal of the burst is on the record."""
    deadline = time.monotonic() + within
    rows = refusals_from(engine, source)
    while counted(rows) < BURST and time.monotonic() < deadline:
        time.sleep(0.5)
        rows = refusals_from(engine, source)
    return rows


def test_two_gateways_share_the_limit_and_write_the_count_once(fresh_database: str) -> None:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    env = {"GATEWAY_REDIS_URL": REDIS_URL, "GATEWAY_SOURCE_REFUSAL_LIMIT": f"{LIMIT}/5 seconds"}
    source = loopback_address()
    transport = httpx.HTTPTransport(local_address=source)
    with (
        running_gateway(fresh_database, **env) as one,
        running_gateway(fresh_database, **env) as other,
        httpx.Client(transport=transport, timeout=10) as http,
    ):
        statuses = [
            http.get(f"{url}/v1/persons", headers=GARBAGE).status_code
            for url in [one, other] * (BURST // 2)
        ]
        rows = settled(engine, source)
    engine.dispose()
    assert statuses[: LIMIT + 1] == [401] * LIMIT + [429]
    assert counted(rows) == BURST
    assert len(rows) < BURST // 2
    assert any(row["action"] == "request.refused.repeated" for row in rows)
