"""The import layers in .importlinter hold, and breaking them fails the check.

``lint-imports`` runs in CI and in ``make lint``; these tests make sure a contract that no
longer sees the project (a renamed package, a wrong root) cannot pass silently. The probes run
against a copy of the project's packages, so the real tree is never touched.
"""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from django.apps import apps
from django.conf import settings

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = settings.BASE_DIR / ".importlinter"


def read_config():
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return config


def root_packages():
    return read_config()["importlinter"]["root_packages"].split()


def required_layers():
    """The apps named in the layers contract, less the optional ones (in parentheses)."""
    layers = read_config()["importlinter:contract:layers"]["layers"].split()
    return {name for name in layers if name not in ("|", ":") and not name.startswith("(")}


def lint_imports(root):
    return subprocess.run(  # noqa: S603 (our own venv's script, fixed arguments)
        [LINT_IMPORTS, "--no-cache", "--config", ".importlinter"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    """The project's packages and .importlinter, copied (source only) to a scratch folder."""
    root = tmp_path_factory.mktemp("project")
    for package in root_packages():
        shutil.copytree(settings.BASE_DIR / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(CONFIG, root / ".importlinter")
    return root


def test_every_app_of_the_project_is_checked_as_a_required_layer():
    """import-linter sees only the root packages, and an optional layer passes while it is
    missing: a new app left out of either would never be checked."""
    project_apps = {config.name for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR}

    assert project_apps == set(root_packages())
    assert project_apps == required_layers()


def test_the_project_keeps_its_layers():
    result = lint_imports(settings.BASE_DIR)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("probe", "imports", "broken"),
    [
        ("people._probe", "bookings.models", "people is not allowed to import bookings"),
        ("lscb_training._probe", "people.models", "lscb_training is not allowed to import people"),
        ("elearning._probe", "bookings.models", "elearning is not allowed to import bookings"),
        ("bookings._probe", "demo", "bookings is not allowed to import demo"),
    ],
    ids=["upward", "ground-upward", "sibling", "to-the-demo"],
)
def test_an_import_against_the_layers_breaks_the_contract(project_copy, probe, imports, broken):
    probe_file = project_copy / (probe.replace(".", "/") + ".py")
    probe_file.write_text(f"import {imports}\n")
    try:
        result = lint_imports(project_copy)
    finally:
        probe_file.unlink()

    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken" in result.stdout
    assert broken in result.stdout
    assert f"{probe} -> {imports}" in result.stdout


def test_the_copy_without_a_probe_keeps_the_contract(project_copy):
    """The control for the probes above: the copy alone passes, so only the probe breaks it."""
    result = lint_imports(project_copy)

    assert result.returncode == 0, result.stdout + result.stderr
