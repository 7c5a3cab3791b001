"""Small values that every page reads and that rarely change (the organization's name, the
department tree), kept in the process for a few seconds in front of the shared cache.

With Redis, each cache read is a round trip and an unpickling on every page; a copy in the
process saves both. The price is staleness: after forget() in one process, the others may show
the old value for up to LOCAL_SECONDS. Use it only for what pages show, never for decisions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")
LOCAL_SECONDS = 10.0

_local: dict[str, tuple[float, Any]] = {}


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


def clear_local() -> None:
    """Forget every process-local copy (tests start each case with empty caches)."""
    _local.clear()
