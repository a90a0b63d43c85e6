"""Friendly settings for `make run`: SQLite under var/, console email, DEBUG."""

from .base import *  # noqa: F403
from .base import TASKS

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No worker needed on a laptop: background work runs inline.
TASKS = {**TASKS, "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
