"""Keep the SQLite database file in memory (setting SQLITE_PIN_MEMORY).

SQLite has no buffer pool of its own that outlives a write: a connection's page cache is
dropped whenever another connection commits, so what keeps a large database fast is the
kernel's page cache. Some hosts reclaim file pages that were not read for a while even with
memory free (proactive reclaim such as DAMON's, seen dropping pages unread for a minute): a
search for a rare word then reads three or four pages per match from disk, 60-130 ms at a
million posts instead of 15-25 (docs/benchmarks.md, "Search"). PostgreSQL's answer is its
shared buffers; this is SQLite's: each web process maps the database file and locks the
mapping in memory (mlock), so the kernel keeps those pages however long they go unread.

The lock covers the whole file (the pages a search touches are spread through it), so it costs
the file's size in memory, shared by every process that pins it. The file grows: the part added
since the last look is locked every REFRESH_SECONDS. Locking needs the right to lock that much
memory (root, CAP_IPC_LOCK, or systemd's LimitMEMLOCK=infinity): without it the pin logs one
warning and the application runs as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import mmap
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("knowflow.pinning")

# How often the file is looked at for growth (new pages are unpinned until then).
REFRESH_SECONDS = 60.0

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [
    ctypes.c_void_p,
    ctypes.c_size_t,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_long,
]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_libc.mlock.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_MAP_FAILED = ctypes.c_void_p(-1).value


def _os_error(what: str) -> OSError:
    number = ctypes.get_errno()
    return OSError(number, f"{what}: {os.strerror(number)}")


@dataclass
class FilePin:
    """A file's pages locked in memory, in one mapping per stretch pinned (the first, then
    each growth), so what is already locked is never locked again."""

    path: Path
    inode: int = 0
    size: int = 0
    mappings: list[tuple[int, int]] = field(default_factory=list)  # (address, length)

    def refresh(self) -> int:
        """Lock what the file holds now: the part added since the last call, or all of it again
        when the file shrank or was replaced. Returns the bytes locked in all. Raises OSError
        when the file cannot be read or the memory cannot be locked (nothing stays half
        locked from the failed call)."""
        fd = os.open(self.path, os.O_RDONLY)
        try:
            status = os.fstat(fd)
            if status.st_ino != self.inode or status.st_size < self.size:
                self.release()  # a restore put another file there, or a VACUUM shrank it
                self.inode = status.st_ino
            start = self.size - self.size % mmap.PAGESIZE
            length = status.st_size - start
            if length > 0:
                address = _libc.mmap(None, length, mmap.PROT_READ, mmap.MAP_SHARED, fd, start)
                if address is None or address == _MAP_FAILED:
                    raise _os_error(f"mmap {self.path}")
                if _libc.mlock(address, length) != 0:
                    error = _os_error(f"mlock {length:,} bytes of {self.path}")
                    _libc.munmap(address, length)
                    raise error
                self.mappings.append((address, length))
                self.size = status.st_size
            return self.size
        finally:
            os.close(fd)

    def release(self) -> None:
        for address, length in self.mappings:
            _libc.munmap(address, length)
        self.mappings.clear()
        self.size = 0


_started = False
_start_lock = threading.Lock()


def database_file() -> Path | None:
    """The SQLite database file of the default connection (None for another database or an
    in-memory one)."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.sqlite3":
        return None
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def start(*, interval: float = REFRESH_SECONDS) -> bool:
    """Pin the database file from a daemon thread of this process, once per process, when
    SQLITE_PIN_MEMORY is on and the database is an SQLite file. Returns whether it started."""
    global _started
    from django.conf import settings

    if not settings.SQLITE_PIN_MEMORY:
        return False
    path = database_file()
    if path is None:
        return False
    with _start_lock:
        if _started:
            return False
        _started = True
    threading.Thread(
        target=_keep_pinned, args=(FilePin(path), interval), name="sqlite-pin", daemon=True
    ).start()
    return True


def _keep_pinned(pin: FilePin, interval: float) -> None:
    first = True
    while True:
        try:
            size = pin.refresh()
        except FileNotFoundError:  # not created yet (before the first migrate): look again
            time.sleep(interval)
            continue
        except OSError as error:
            pin.release()
            logger.warning(
                "SQLITE_PIN_MEMORY: the database stays unpinned (%s). Locking memory needs "
                "root, CAP_IPC_LOCK or LimitMEMLOCK=infinity, and the file's size in memory.",
                error,
            )
            return
        if first and size:
            logger.info("SQLITE_PIN_MEMORY: %s locked in memory (%.0f MB)", pin.path, size / 2**20)
            first = False
        time.sleep(interval)
