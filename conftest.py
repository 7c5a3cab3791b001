"""Shared test fixtures: named personas, built through the same actions the product uses.

alice owns things, bob is her teammate (same department), charlie is an outsider (another
department), and admin runs the installation.
"""

from __future__ import annotations

import pytest

from knowflow.core.testing import make_department, make_person


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: test databases reuse ids, so a cached per-person
    entry from one test would otherwise reach the next (the key prefix is per worker)."""
    from django.conf import settings
    from django.core.cache import cache

    from knowflow.core.memo import clear_local

    clear_local()
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    # One Redis serves every parallel worker: delete only this worker's keys (FLUSHDB would
    # also take the other workers' sessions).
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


@pytest.fixture
def engineering(db):
    return make_department("Engineering")


@pytest.fixture
def sales(db):
    return make_department("Sales")


@pytest.fixture
def alice(engineering):
    return make_person("Alice Archer", department=engineering, title="Staff engineer")


@pytest.fixture
def bob(engineering):
    return make_person("Bob Baker", department=engineering, title="Engineer")


@pytest.fixture
def charlie(sales):
    return make_person("Charlie Chen", department=sales, title="Account executive")


@pytest.fixture
def admin_user(db):
    return make_person("Ada Admin", is_superuser=True)


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def charlie_client(client, charlie):
    client.force_login(charlie)
    return client
