"""A process of concurrent audit writers, for the concurrency test: ``python -m tests.audit.writers
URL PROCESS THREADS TRANSACTIONS``. Each thread commits TRANSACTIONS transactions of two entries."""

import sys
import threading

from sqlmodel import Session

from gateway.audit.context import operation
from gateway.audit.hook import AuditEvent, record
from gateway.config import Settings
from gateway.db import create_database_engine

ENTRIES_PER_TRANSACTION = 2


def write(url: str, process: int, threads: int, transactions: int) -> None:
    engine = create_database_engine(Settings(database_url=url))
    start = threading.Barrier(threads)

    def writer(thread: int) -> None:
        start.wait()
        for index in range(transactions):
            with operation(), Session(engine) as session:
                for part in range(ENTRIES_PER_TRANSACTION):
                    detail = {"writer": f"{process}.{thread}.{index}.{part}"}
                    record(session, AuditEvent("person.read", "permit", detail=detail))
                session.commit()

    workers = [threading.Thread(target=writer, args=(thread,)) for thread in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    engine.dispose()


if __name__ == "__main__":
    url, process, threads, transactions = sys.argv[1:5]
    write(url, int(process), int(threads), int(transactions))
