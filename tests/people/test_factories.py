import pytest
from allauth.account.models import EmailAddress

from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_factory_makes_a_person_who_can_sign_in_with_a_verified_email(client):
    person = UserFactory()

    assert EmailAddress.objects.get(user=person).verified
    assert client.login(email=person.email, password="correct-horse-battery")


def test_user_factory_can_leave_the_email_unverified():
    person = UserFactory(verified=False)

    assert not EmailAddress.objects.filter(user=person, verified=True).exists()
