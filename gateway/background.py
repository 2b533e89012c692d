"""Running a task for as long as a block runs: the shape of every background duty."""

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import anyio


@asynccontextmanager
async def in_background(task: Callable[[], Coroutine[Any, Any, None]]) -> AsyncIterator[None]:
    """Run ``task`` while the block runs; cancel it when the block ends."""
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(task)
        try:
            yield
        finally:
            tasks.cancel_scope.cancel()
