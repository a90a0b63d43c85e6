"""Root fixtures shared by every test."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls our browser
# tests make for set-up would otherwise be refused as "async unsafe". Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches site root paths and allauth counts rate limits in the cache, which
    survives database rollbacks; clear it so no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Browser tests last: each empties the database when it ends (it is transactional)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
