"""Process-local copies in front of the shared cache (knowflow/core/memo.py)."""

from unittest import mock

from django.core.cache import cache

from knowflow.core import memo


def test_immutable_values_are_read_from_the_process_once_seen():
    memo.immutable_set_many({"card:a": "<p>a</p>"}, 60)
    assert cache.get("card:a") == "<p>a</p>"  # written through to the shared cache
    cache.set("card:b", "<p>b</p>", 60)  # stored by another process
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as shared:
        assert memo.immutable_get_many(["card:a", "card:b", "card:c"]) == {
            "card:a": "<p>a</p>",
            "card:b": "<p>b</p>",
        }
        assert shared.call_args.args[0] == ["card:b", "card:c"]  # card:a came from here
        assert memo.immutable_get_many(["card:b"]) == {"card:b": "<p>b</p>"}
        assert shared.call_count == 1  # card:b is kept here now: no second round trip


def test_immutable_copies_keep_only_the_most_recently_used(monkeypatch):
    monkeypatch.setattr(memo._immutable, "size", 3)
    memo.immutable_set_many({f"k{i}": i for i in range(3)}, 60)
    assert memo.immutable_get_many(["k0"]) == {"k0": 0}  # k0 is now the most recent
    memo.immutable_set_many({"k3": 3}, 60)
    assert list(memo._immutable.entries) == ["k2", "k0", "k3"]  # k1 went first
    cache.clear()
    assert memo.immutable_get_many(["k1", "k3"]) == {"k3": 3}


def test_hints_are_kept_here_for_a_while_and_shared(monkeypatch):
    memo.remember_hint("hint:x", {"people": 2}, 900)
    assert cache.get("hint:x") == {"people": 2}
    cache.set("hint:x", {"people": 5}, 900)  # another process learned something newer
    assert memo.hint("hint:x") == {"people": 2}  # this process's copy, still fresh
    clock = memo.time.monotonic()
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock + memo.LOCAL_SECONDS * 6 + 1)
    assert memo.hint("hint:x") == {"people": 5}  # expired here: the shared value
    assert memo.hint("hint:missing") is None


def test_clear_local_forgets_every_copy():
    memo.immutable_set_many({"k": 1}, 60)
    memo.remember_hint("h", 1, 60)
    cache.clear()
    memo.clear_local()
    assert memo.immutable_get_many(["k"]) == {} and memo.hint("h") is None
