"""Counting refused anonymous calls per source address and window, in memory or in Redis.

A source's window opens at its first refusal and lasts ``window_seconds``; later refusals in
it are counted by HTTP status. The count of a closed window is handed over exactly once:
to the next refusal from that source (``note``), or to whoever sweeps (``closed``). With
Redis each step is one Lua script, so several gateway processes share the windows and a
count is handed to one of them only; keys are named after the trail (its database), so
gateways of another trail on the same Redis never take this one's counts. This module only
counts: ``gateway.audit.bursts`` decides what reaches the trail.
"""

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Protocol

import redis

_PREFIX = "gateway:refusals:"
_KEEP_SECONDS = 86_400
"""How long Redis keeps a window nobody swept (no gateway serving): a day, then it is lost."""

_NOTE = """
local opened = redis.call('HGET', KEYS[1], 'opened')
if opened and tonumber(ARGV[1]) < tonumber(opened) + tonumber(ARGV[2]) then
  redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
  return {0, {}}
end
local previous = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'opened', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[5])
return {1, previous}
"""

_SWEEP = """
local handed = {}
for _, source in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[3] .. source
  local opened = redis.call('HGET', key, 'opened')
  if not opened then
    redis.call('SREM', KEYS[1], source)
  elseif tonumber(ARGV[1]) >= tonumber(opened) + tonumber(ARGV[2]) then
    table.insert(handed, source)
    table.insert(handed, redis.call('HGETALL', key))
    redis.call('DEL', key)
    redis.call('SREM', KEYS[1], source)
  end
end
return handed
"""


@dataclass(frozen=True)
class Window:
    """A closed window of one source: when it opened, and its refusals after the first."""

    source: str
    opened_at: float
    counts: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Noted:
    """One refusal counted: whether it opened a window, and the window it closed, if any."""

    first: bool
    closed: Window | None = None


class RefusalTally(Protocol):
    """Where refused anonymous calls are counted."""

    window_seconds: int

    def note(self, source: str, status: int, now: float) -> Noted:
        """Count one refusal from ``source`` answered with ``status``."""
        ...

    def closed(self, now: float) -> list[Window]:
        """Hand over (once) every window closed by ``now`` that counted a refusal."""
        ...


def refusal_tally(redis_url: str | None, *, window_seconds: int, trail: str) -> RefusalTally:
    """The tally on Redis when a URL is given, in this process's memory otherwise."""
    if redis_url:
        return RedisTally(redis_url, window_seconds=window_seconds, trail=trail)
    return MemoryTally(window_seconds=window_seconds)


class MemoryTally:
    """Windows in this process (lost with it: at most one open window per source)."""

    def __init__(self, *, window_seconds: int) -> None:
        self.window_seconds = window_seconds
        self._open: dict[str, Window] = {}
        self._lock = threading.Lock()

    def note(self, source: str, status: int, now: float) -> Noted:
        with self._lock:
            current = self._open.get(source)
            if current is not None and now < current.opened_at + self.window_seconds:
                current.counts[status] = current.counts.get(status, 0) + 1
                return Noted(first=False)
            self._open[source] = Window(source, now)
            return Noted(first=True, closed=_counted(current))

    def closed(self, now: float) -> list[Window]:
        with self._lock:
            ended = [
                source
                for source, window in self._open.items()
                if now >= window.opened_at + self.window_seconds
            ]
            handed = [self._open.pop(source) for source in ended]
        return [window for window in handed if window.counts]


class RedisTally:
    """Windows in Redis, shared by every gateway process that names the same server."""

    def __init__(self, url: str, *, window_seconds: int, trail: str) -> None:
        self.window_seconds = window_seconds
        self._prefix = f"{_PREFIX}{hashlib.sha256(trail.encode()).hexdigest()[:16]}:"
        self._sources = self._prefix + "sources"
        self._redis = redis.Redis.from_url(url)
        self._note = self._redis.register_script(_NOTE)
        self._sweep = self._redis.register_script(_SWEEP)

    def note(self, source: str, status: int, now: float) -> Noted:
        keep = max(_KEEP_SECONDS, 2 * self.window_seconds)
        arguments: list[str | int] = [repr(now), self.window_seconds, status, keep, source]
        first, previous = self._note(keys=[self._prefix + source, self._sources], args=arguments)
        if not first:
            return Noted(first=False)
        return Noted(first=True, closed=_counted(_window(source, previous)))

    def closed(self, now: float) -> list[Window]:
        arguments: list[str | int] = [repr(now), self.window_seconds, self._prefix]
        handed = self._sweep(keys=[self._sources], args=arguments)
        pairs = zip(handed[::2], handed[1::2], strict=True)
        windows = [_window(source.decode(), fields) for source, fields in pairs]
        return [window for window in windows if window is not None and window.counts]


def _window(source: str, fields: list[bytes]) -> Window | None:
    """A window from a Redis hash given as [name, value, ...] (None if there was none)."""
    values = {
        name.decode(): value.decode() for name, value in zip(fields[::2], fields[1::2], strict=True)
    }
    opened = values.pop("opened", None)
    if opened is None:
        return None
    counts = {int(status): int(count) for status, count in values.items()}
    return Window(source, float(opened), counts)


def _counted(window: Window | None) -> Window | None:
    return window if window is not None and window.counts else None
