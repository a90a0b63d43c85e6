"""Fast settings for the test suite. Set DATABASE_URL to run it on PostgreSQL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import TASKS, database_from_env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_env(":memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The browser tests' live server threads share the in-memory database; a connection kept
    # between requests can hold a shared-cache table lock that the end-of-test flush then hits.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {
    **TASKS,
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Certificates' PDFs go to a directory of the run's own, not the checkout's var/.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lscb-test-private-"))
STORAGES = {**STORAGES, "certificates": {**STORAGES["certificates"], "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}}}  # noqa: F405
