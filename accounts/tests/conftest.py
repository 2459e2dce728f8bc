from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its request rate limits (e.g. 30 sign-ins per minute and IP) in the cache,
    # which outlives the test database transaction.
    cache.clear()
    yield
    cache.clear()
