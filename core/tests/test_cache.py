"""The Redis cache backend used when LOTSE_CACHE_URL is set (needs the local Redis)."""

from __future__ import annotations

import socket
import uuid

import pytest

from core.cache import LotseRedisCache

REDIS = ("127.0.0.1", 6379)


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


def test_values_round_trip_and_one_client_serves_every_call():
    cache = LotseRedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": uuid.uuid4().hex})
    cache.set("stamp", "a", 30)
    cache.set_many({"one": 1, "two": [2, 2]}, 30)

    assert cache.get("stamp") == "a"
    assert cache.get_many(["one", "two", "missing"]) == {"one": 1, "two": [2, 2]}
    assert cache.add("stamp", "b", 30) is False
    assert cache.incr("one") == 2
    cache.delete_many(["stamp", "one", "two"])
    assert cache.get("stamp") is None

    client = cache._cache
    assert client.get_client() is client.get_client(write=True)
