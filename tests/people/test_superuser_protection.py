"""Only superusers manage superusers, by every path the Wagtail user admin offers.

A training administrator manages people, so a way round this rule would let them lock the
partnership's superusers out, or take over their accounts.
"""

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.users.views.bulk_actions import SetActiveStateBulkAction

from people.models import User
from people.wagtail_hooks import SuperusersOnlyBySuperusersBulkMixin, refuse_bulk_actions_on_superusers_by_others
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target_superuser():
    return UserFactory(is_superuser=True, is_staff=True, email="root@lscb.example.org")


@pytest.fixture
def other_group():
    return Group.objects.create(name="Forum organisers")


def bulk_url(action, person):
    return f"/admin/bulk/people/user/{action}/?next=/admin/users/&id={person.pk}"


def bulk_post(client, action, person, group):
    data = {"set_active_state": {"mark_as_active": "False"}, "assign_role": {"role": group.pk}, "delete": {}}
    return client.post(bulk_url(action, person), data[action])


def untouched(person, group):
    """Still there, still active, and not given the other group."""
    person = User.objects.filter(pk=person.pk).first()
    return person is not None and person.is_active and not person.groups.filter(pk=group.pk).exists()


@pytest.mark.parametrize("action", ["set_active_state", "assign_role", "delete"])
def test_a_training_administrators_bulk_action_leaves_a_superuser_untouched(
    administrator_client, target_superuser, other_group, action
):
    bulk_post(administrator_client, action, target_superuser, other_group)

    assert untouched(target_superuser, other_group)


@pytest.mark.parametrize("action", ["set_active_state", "assign_role", "delete"])
def test_a_bulk_action_confirmation_lists_a_superuser_as_out_of_reach(administrator_client, target_superuser, action):
    response = administrator_client.get(bulk_url(action, target_superuser))

    assert response.status_code == 200
    assert [item["item"] for item in response.context["items"]] == []
    assert response.context["items_with_no_access"] == [target_superuser]


@pytest.mark.parametrize("action", ["set_active_state", "assign_role", "delete"])
def test_a_training_administrators_bulk_action_still_reaches_other_people(administrator_client, other_group, action):
    person = UserFactory()

    bulk_post(administrator_client, action, person, other_group)

    assert not untouched(person, other_group)


@pytest.mark.parametrize("action", ["set_active_state", "assign_role"])
def test_a_superuser_may_still_use_bulk_actions_on_another_superuser(
    superuser_client, target_superuser, other_group, action
):
    bulk_post(superuser_client, action, target_superuser, other_group)

    assert not untouched(target_superuser, other_group)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/users/edit/{pk}/"),
        ("post", "/admin/users/edit/{pk}/"),
        ("get", "/admin/users/delete/{pk}/"),
        ("post", "/admin/users/delete/{pk}/"),
    ],
)
def test_a_training_administrator_cannot_open_or_post_a_superusers_edit_or_delete_page(
    administrator_client, target_superuser, other_group, method, path
):
    data = {"email": "taken-over@example.org", "full_name": "X", "groups": [other_group.pk]}

    response = getattr(administrator_client, method)(
        path.format(pk=target_superuser.pk), data if method == "post" else {}
    )

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/users/edit/" not in response["Location"]
    assert untouched(target_superuser, other_group)
    target_superuser.refresh_from_db()
    assert target_superuser.email == "root@lscb.example.org"


def test_any_other_user_bulk_action_touching_a_superuser_is_refused(rf, target_superuser):
    """The backstop hook, for a bulk action on people that does not filter superusers itself."""
    request = rf.post("/admin/bulk/people/user/set_active_state/")
    request.user = UserFactory()
    action = SetActiveStateBulkAction(request, User)

    with pytest.raises(PermissionDenied):
        refuse_bulk_actions_on_superusers_by_others(request, "set_active_state", [target_superuser], action)


def test_every_bulk_action_on_people_is_one_that_keeps_superusers_out_of_reach():
    # A bulk action a Wagtail upgrade adds would show here, and needs the same check.
    actions = bulk_action_registry.get_bulk_actions_for_model("people", "user")

    assert {action.action_type for action in actions} == {"delete", "set_active_state", "assign_role"}
    assert all(issubclass(action, SuperusersOnlyBySuperusersBulkMixin) for action in actions)
