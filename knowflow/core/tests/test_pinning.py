"""SQLITE_PIN_MEMORY: the database file's pages locked in memory (knowflow/core/pinning.py)."""

from __future__ import annotations

import logging
import mmap
import os
from pathlib import Path

import pytest

from knowflow.core import pinning
from knowflow.core.pinning import FilePin


def locked_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmLck:"):
            return int(line.split()[1])
    raise AssertionError("no VmLck in /proc/self/status")


def write(path: Path, pages: int, mode: str = "wb") -> None:
    with path.open(mode) as f:
        f.write(os.urandom(pages * mmap.PAGESIZE))


@pytest.fixture
def pin(tmp_path):
    made = FilePin(tmp_path / "db.sqlite3")
    yield made
    made.release()


def test_the_file_is_locked_and_its_growth_too(tmp_path, pin):
    write(pin.path, 64)
    before = locked_kb()
    assert pin.refresh() == 64 * mmap.PAGESIZE
    assert locked_kb() - before == 64 * mmap.PAGESIZE // 1024
    assert pin.refresh() == 64 * mmap.PAGESIZE  # nothing new: nothing locked again
    assert locked_kb() - before == 64 * mmap.PAGESIZE // 1024
    write(pin.path, 16, "ab")
    assert pin.refresh() == 80 * mmap.PAGESIZE
    assert locked_kb() - before == 80 * mmap.PAGESIZE // 1024
    assert len(pin.mappings) == 2  # the growth alone was mapped
    pin.release()
    assert locked_kb() == before


def test_a_shrunk_or_replaced_file_is_locked_again_from_the_start(tmp_path, pin):
    write(pin.path, 32)
    before = locked_kb()
    pin.refresh()
    write(pin.path, 8)  # truncated and rewritten: smaller
    assert pin.refresh() == 8 * mmap.PAGESIZE
    assert locked_kb() - before == 8 * mmap.PAGESIZE // 1024
    other = tmp_path / "restored.sqlite3"
    write(other, 24)
    other.replace(pin.path)  # a restore puts another file in its place
    assert pin.refresh() == 24 * mmap.PAGESIZE
    assert len(pin.mappings) == 1
    assert locked_kb() - before == 24 * mmap.PAGESIZE // 1024


def test_when_memory_cannot_be_locked_nothing_stays_mapped(tmp_path, pin, monkeypatch):
    write(pin.path, 4)
    monkeypatch.setattr(pinning._libc, "mlock", lambda address, length: -1)
    with pytest.raises(OSError, match="mlock"):
        pin.refresh()
    assert pin.mappings == [] and pin.size == 0


def test_the_thread_gives_up_with_one_warning(tmp_path, monkeypatch, caplog):
    path = tmp_path / "db.sqlite3"
    write(path, 4)
    monkeypatch.setattr(pinning._libc, "mlock", lambda address, length: -1)
    with caplog.at_level(logging.WARNING, logger="knowflow.pinning"):
        pinning._keep_pinned(FilePin(path), interval=0)  # returns instead of looping
    assert [r.getMessage() for r in caplog.records if "unpinned" in r.getMessage()]


def test_start_only_for_an_sqlite_file_and_when_asked(settings, monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(pinning, "_started", False)
    monkeypatch.setattr(pinning.threading, "Thread", lambda **kw: started.append(kw) or _Idle())
    settings.SQLITE_PIN_MEMORY = False
    monkeypatch.setattr(pinning, "database_file", lambda: tmp_path / "db.sqlite3")
    assert pinning.start() is False
    settings.SQLITE_PIN_MEMORY = True
    monkeypatch.setattr(pinning, "database_file", lambda: None)  # PostgreSQL, or in memory
    assert pinning.start() is False
    monkeypatch.setattr(pinning, "database_file", lambda: tmp_path / "db.sqlite3")
    assert pinning.start() is True
    assert pinning.start() is False  # once per process
    assert [kw["name"] for kw in started] == ["sqlite-pin"]


def test_the_database_file_is_the_default_connections(monkeypatch):
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    monkeypatch.setitem(settings_dict, "ENGINE", "django.db.backends.sqlite3")
    monkeypatch.setitem(settings_dict, "NAME", "/srv/knowflow/data/knowflow.sqlite3")
    assert pinning.database_file() == Path("/srv/knowflow/data/knowflow.sqlite3")
    monkeypatch.setitem(settings_dict, "NAME", "file:memorydb_default?mode=memory&cache=shared")
    assert pinning.database_file() is None  # the test database: in memory
    monkeypatch.setitem(settings_dict, "ENGINE", "django.db.backends.postgresql")
    monkeypatch.setitem(settings_dict, "NAME", "knowflow")
    assert pinning.database_file() is None


class _Idle:
    def start(self) -> None:
        pass
