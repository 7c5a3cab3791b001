"""The Redis cache backend (knowflow/core/cache.py): one client per pool, keys unchecked."""

import warnings

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture
def redis_cache():
    if settings.CACHES["default"]["BACKEND"] != "knowflow.core.cache.RedisCache":
        pytest.skip("REDIS_URL is not set (local run without Redis)")
    return cache


def test_one_client_serves_every_command(redis_cache):
    inner = redis_cache._cache
    assert inner.get_client("a") is inner.get_client("b")
    assert inner.get_client("a", write=True) is inner.get_client(None)


def test_reads_and_writes_work_without_key_warnings(redis_cache):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django's memcached key check warns; ours does not run
        key = "card shared " + "x" * 300
        redis_cache.set(key, {"html": "<p>hi</p>"}, 30)
        redis_cache.set_many({"k1": 1, "k2": [2]}, 30)
        assert redis_cache.get(key) == {"html": "<p>hi</p>"}
        assert redis_cache.get_many(["k1", "k2", "k3"]) == {"k1": 1, "k2": [2]}
        redis_cache.delete_many(["k1", key])
        assert redis_cache.get_many(["k1", "k2", key]) == {"k2": [2]}
        assert redis_cache.add("k2", 3) is False
        assert redis_cache.get("k2") == [2]
