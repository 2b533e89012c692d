"""Many writers in several processes on one database: the chain stays whole, with no gaps.

Runs on the suite's backend: on PostgreSQL (the CI leg) the processes serialise on the chain's
advisory lock; on SQLite on its database-level write lock."""

import subprocess
import sys
from pathlib import Path

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.audit.helpers import entries, verified
from tests.audit.writers import ENTRIES_PER_TRANSACTION

PROCESSES = 2
THREADS = 8
TRANSACTIONS = 25
ROOT = Path(__file__).resolve().parents[2]


def test_sixteen_writers_over_two_processes_leave_a_chain_that_verifies(
    fresh_database: str,
) -> None:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    command = [sys.executable, "-m", "tests.audit.writers", fresh_database]
    processes = [
        subprocess.Popen([*command, str(process), str(THREADS), str(TRANSACTIONS)], cwd=ROOT)
        for process in range(PROCESSES)
    ]
    assert [process.wait(timeout=300) for process in processes] == [0] * PROCESSES
    expected = PROCESSES * THREADS * TRANSACTIONS * ENTRIES_PER_TRANSACTION
    rows = entries(engine)
    assert [row["sequence"] for row in rows] == list(range(1, expected + 1))
    assert len({row["detail"]["writer"] for row in rows}) == expected
    report = verified(engine, batch_size=100)
    engine.dispose()
    assert report.valid, report
    assert report.entries_checked == expected
