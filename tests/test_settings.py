import os
import subprocess
import sys
from pathlib import Path

import pytest

from lscb_training.settings.base import database_from_env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789-abcdefghijklmnop",
    "DATABASE_URL": "postgres://lscb:lscb@127.0.0.1:5432/lscb",
    "ALLOWED_HOSTS": "training.example.org",
}


def manage(*args, env):
    # The test process allows async-unsafe ORM calls for Playwright; a deployment never does.
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "lscb_training.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_settings_refuse_to_start_without_required_environment(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


def test_the_embedded_sqlite_database_uses_wal_and_immediate_transactions(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env("var/example.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone:secret@db.example.org:5432/training")
    config = database_from_env("var/example.sqlite3")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "training"
    assert "transaction_mode" not in config.get("OPTIONS", {})


@pytest.mark.parametrize("url", [None, "postgres://someone:secret@db.example.org:5432/training"])
def test_connections_are_kept_for_a_minute_and_checked_before_reuse_on_either_engine(monkeypatch, url):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    if url:
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env("var/example.sqlite3")

    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_postgresql_connections_turn_the_jit_compiler_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pass@db.example.org:5432/lscb")
    config = database_from_env("var/example.sqlite3")
    assert config["OPTIONS"]["options"] == "-c jit=off"
