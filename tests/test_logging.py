"""Each log line is printed once (under `make run` every warning used to print twice)."""

import logging

import pytest


def printing_handlers(logger_name, level):
    """The plain console handlers a record from ``logger_name`` reaches and that print it."""
    logger = logging.getLogger(logger_name)
    record = logger.makeRecord(logger_name, level, __file__, 0, "Not Found: /nope/", (), None)
    printers = []
    while logger:
        # pytest's capture handlers subclass StreamHandler; only the site's own are counted.
        printers += [h for h in logger.handlers if type(h) is logging.StreamHandler and level >= h.level]
        if not logger.propagate:
            break
        logger = logger.parent
    return [h for h in printers if h.filter(record)]


@pytest.mark.parametrize(
    ("logger_name", "level"),
    [
        ("django.request", logging.WARNING),
        ("django.security.csrf", logging.WARNING),
        ("django.utils.autoreload", logging.INFO),
        ("django.server", logging.INFO),
        ("bookings.calendar", logging.WARNING),
    ],
)
@pytest.mark.parametrize("debug", [True, False])
def test_a_log_record_is_printed_by_exactly_one_handler(settings, logger_name, level, debug):
    settings.DEBUG = debug

    assert len(printing_handlers(logger_name, level)) == 1
