"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page a test visits must pass axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules;
use the ``check_a11y`` fixture (or ``assert_accessible``) after each navigation.
"""

import os
import shutil
import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


_migrated_rows = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keeps the rows the migrations made (Wagtail's root, home page and site) for restoring.

    Browser tests are transactional, so each ends by emptying every table, and
    ``serialized_rollback`` should put those rows back. Django keeps the copy on the connection
    object, but once Playwright's event loop runs in the test thread asgiref hands the test a
    different connection object without the copy, and nothing would be restored.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            _migrated_rows[alias] = contents


@pytest.fixture(autouse=True)
def _restore_migrated_rows(_django_db_helper):
    from django.core.management import call_command
    from django.db import connections

    from wagtail.models import Site

    if not Site.objects.exists():
        for alias, contents in _migrated_rows.items():
            # The flush that emptied the tables also re-ran post_migrate (content types,
            # permissions, groups); clear those too so the saved rows go back as they were.
            call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run the browser tests.")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}


def assert_accessible(page):
    """Run axe-core on the page as it stands and fail with its report on any violation.

    Transitions finish first: axe measures colours as they are, and a message still fading in
    (Wagtail's fade in over half a second) would be judged on a blend with the page behind it.
    """
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(animation => animation.effect?.getComputedTiming().endTime !== Infinity)"
        ".map(animation => animation.finished))"
    )
    result = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert result.violations_count == 0, f"axe on {page.url}:\n{result.generate_report()}"


@pytest.fixture
def check_a11y():
    return assert_accessible


@pytest.fixture(autouse=True)
def requests_finished_before_the_flush(live_server):
    """After each test, once the browser has closed, waits for the live server's last requests.

    A page closed mid-load (the Wagtail editor's own requests) leaves a request thread reading
    the shared in-memory database; the flush that ends the test then fails with "database table
    is locked". Requesting ``live_server`` orders this after the flush's set-up and before the
    page's, so its wait runs after the page closes and before the flush.
    """
    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate() if thread.is_alive()
    ):
        time.sleep(0.05)
