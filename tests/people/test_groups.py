"""The Training administrators group gets the permissions of the apps that opt in from their
own AppConfig (people/groups.py), so people never names the apps above it."""

import pytest

from django.apps import apps

from people.groups import ensure_training_administrators_group

pytestmark = pytest.mark.django_db


def permissions_of(group, app_label):
    return set(group.permissions.filter(content_type__app_label=app_label).values_list("codename", flat=True))


def test_administrators_manage_the_models_of_apps_that_opt_in(training_administrators):
    assert {"add_session", "change_session", "delete_session", "view_session"} <= permissions_of(
        training_administrators, "bookings"
    )
    assert "change_agency" in permissions_of(training_administrators, "people")


def test_administrators_manage_the_third_party_app_an_app_lists(training_administrators):
    # courses lists taggit, whose topics tag courses and resources.
    assert "change_tag" in permissions_of(training_administrators, "taggit")


def test_administrators_get_nothing_from_an_app_that_does_not_opt_in(training_administrators):
    assert permissions_of(training_administrators, "sessions") == set()
    assert permissions_of(training_administrators, "mfa") == set()


def test_an_app_that_opts_in_is_picked_up_at_the_next_migrate(monkeypatch, training_administrators):
    monkeypatch.setattr(apps.get_app_config("sessions"), "training_administrators_manage", True, raising=False)

    ensure_training_administrators_group()

    assert permissions_of(training_administrators, "sessions") == {
        "add_session",
        "change_session",
        "delete_session",
        "view_session",
    }
