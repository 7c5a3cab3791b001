"""Process-local copies in front of the shared cache, for what every page reads.

With Redis, each cache read is a round trip and an unpickling on every page (with the local
memory cache, still an unpickling); a copy in the process saves both. Three kinds:

- shared_value(): small values that rarely change (the organization's name, the department
  tree), kept here for a few seconds. The price is staleness: after forget() in one process,
  the others may show the old value for up to LOCAL_SECONDS. Use it only for what pages show,
  never for decisions.
- immutable_get_many() / immutable_set_many(): values stored under keys that are hashes of
  what they hold (the post cards), so an entry can never be stale and needs no expiry here;
  the most recently used LOCAL_ENTRIES stay in the process.
- hint() / remember_hint(): values that only make work cheaper and give the same result
  whatever they hold (the feed's window memory), kept here for a minute.
- process_value() / keep_in_process(): values too big for the shared cache, which each
  process builds for itself (the questions' vectors); their owner decides when one is stale.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")
LOCAL_SECONDS = 10.0
# Post card parts are 1-3 KB: a few thousand are a few MB per process, and hold the cards of
# every page a worker has served in the last minutes.
LOCAL_ENTRIES = 4000
HINT_ENTRIES = 10000

_local: dict[str, tuple[float, Any]] = {}
_process: dict[str, Any] = {}


class _LRU:
    """The most recently used entries, each with its expiry (monotonic seconds; inf for
    content-addressed values). Server workers run several threads, and an OrderedDict's moves
    and evictions are not atomic, hence the lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> tuple[dict[str, Any], list[str]]:
        """(found, missing)."""
        now = time.monotonic()
        found: dict[str, Any] = {}
        missing: list[str] = []
        with self.lock:
            for key in keys:
                hit = self.entries.get(key)
                if hit is not None and hit[0] > now:
                    self.entries.move_to_end(key)
                    found[key] = hit[1]
                else:
                    missing.append(key)
        return found, missing

    def set_many(self, values: dict[str, Any], seconds: float) -> None:
        expires = time.monotonic() + seconds
        with self.lock:
            for key, value in values.items():
                self.entries[key] = (expires, value)
                self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_immutable = _LRU(LOCAL_ENTRIES)
_hints = _LRU(HINT_ENTRIES)


def shared_value(key: str, compute: Callable[[], T], *, seconds: int) -> T:
    """The value under `key`: from this process's copy, else the shared cache, else computed
    (and stored in both)."""
    now = time.monotonic()
    hit = _local.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    _local[key] = (now + LOCAL_SECONDS, value)
    return value


def forget(key: str) -> None:
    """Drop the value here and in the shared cache (other processes within LOCAL_SECONDS)."""
    _local.pop(key, None)
    cache.delete(key)


def immutable_get_many(keys: Iterable[str]) -> dict[str, Any]:
    """The values found under these content-addressed keys: from this process, else from the
    shared cache in one round trip (and then kept here)."""
    found, wanted = _immutable.get_many(keys)
    if wanted:
        shared = cache.get_many(wanted)
        if shared:
            _immutable.set_many(shared, float("inf"))
            found.update(shared)
    return found


def immutable_set_many(values: dict[str, Any], seconds: int) -> None:
    """Store content-addressed values here and in the shared cache."""
    _immutable.set_many(values, float("inf"))
    cache.set_many(values, seconds)


def hint(key: str) -> Any:
    """A value that only makes work cheaper, whatever it is (the feed's window memory): from
    this process when it set or read it lately, else from the shared cache. Another process
    may have stored a newer one meanwhile; a hint tolerates that."""
    found, _missing = _hints.get_many([key])
    if key in found:
        return found[key]
    value = cache.get(key)
    if value is not None:
        _hints.set_many({key: value}, LOCAL_SECONDS * 6)
    return value


def remember_hint(key: str, value: Any, seconds: int) -> None:
    _hints.set_many({key: value}, min(seconds, LOCAL_SECONDS * 6))
    cache.set(key, value, seconds)


def process_value(key: str) -> Any:
    """What keep_in_process() kept under `key` in this process, or None."""
    return _process.get(key)


def keep_in_process(key: str, value: Any) -> None:
    _process[key] = value


def clear_local() -> None:
    """Forget every process-local copy (tests start each case with empty caches, and so does
    the benchmark's cold case)."""
    _local.clear()
    _process.clear()
    _immutable.clear()
    _hints.clear()
