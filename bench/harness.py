"""Timing helpers shared by the benchmarks: run an operation many times, summarise latencies."""

import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Latencies of one measured operation and its throughput."""

    label: str
    latencies: list[float]
    wall_seconds: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall_seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)


def measure(label: str, operation: Callable[[int], object], *, count: int, workers: int) -> Timing:
    """Run ``operation(i)`` for i in range(count) on ``workers`` threads and time each call."""

    def timed(index: int) -> float:
        started = time.perf_counter()
        operation(index)
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        latencies = list(pool.map(timed, range(count)))
    return Timing(label, latencies, time.perf_counter() - started)


def report(through: Timing, direct: Timing, *, ratio: str = "gateway / direct") -> str:
    """Two lines of figures and the ratios of the gateway against the direct work."""
    lines = [
        f"  {timing.label:<34} {timing.throughput:8.0f}/s  p50 {_ms(timing.median)}"
        f"  p95 {_ms(timing.percentile(0.95))}  p99 {_ms(timing.percentile(0.99))}"
        for timing in (through, direct)
    ]
    lines.append(
        f"  {'ratio ' + ratio:<34} p50 x{through.median / direct.median:5.1f}"
        f"   p99 x{through.percentile(0.99) / direct.percentile(0.99):5.1f}"
        f"   throughput x{through.throughput / direct.throughput:5.2f}"
    )
    return "\n".join(lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"
