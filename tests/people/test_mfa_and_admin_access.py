"""Two-factor authentication and who may enter the admin.

Administrators and agency leads see other people's records, so a password alone must never
open the admin: both admin logins go through allauth, and allauth asks for the TOTP code.
"""

import pytest
from allauth.mfa.models import Authenticator

from tests.people.conftest import PASSWORD, activate_totp, reauthenticate, sign_in, totp_code
from tests.people.factories import AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TOTP_SETUP_URL = "/accounts/2fa/totp/activate/"
MFA_AUTHENTICATE_URL = "/accounts/2fa/authenticate/"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def lead_with_admin_access(training_administrators):
    """An agency lead who also helps administer training, so may open the Wagtail admin."""
    lead = AgencyLeadershipFactory().user
    lead.groups.add(training_administrators)
    return lead


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/leads/", "/django-admin/"])
def test_an_agency_lead_without_mfa_is_sent_to_set_it_up(client, lead_with_admin_access, path):
    client.force_login(lead_with_admin_access)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP_URL


def test_an_agency_lead_without_admin_access_is_still_sent_to_set_up_mfa(client):
    client.force_login(AgencyLeadershipFactory().user)

    response = client.get("/leads/")

    assert response["Location"] == TOTP_SETUP_URL


def test_a_staff_member_without_mfa_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/django-admin/")["Location"] == TOTP_SETUP_URL


def test_the_setup_page_says_why_mfa_is_needed(client, lead_with_admin_access):
    sign_in(client, lead_with_admin_access)

    response = client.get("/admin/", follow=True)

    # allauth asks for the password again on the way to the set-up page.
    assert response.redirect_chain[0] == (TOTP_SETUP_URL, 302)
    assert "needs two-factor authentication" in response.content.decode()


def test_with_totp_a_password_alone_does_not_sign_in_and_the_code_is_asked_for(client, lead_with_admin_access):
    activate_totp(lead_with_admin_access)

    response = sign_in(client, lead_with_admin_access)

    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert signed_in_user_id(client) is None
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/accounts/login/")


def test_the_right_code_after_the_password_opens_the_admin(client, lead_with_admin_access):
    secret = activate_totp(lead_with_admin_access)
    sign_in(client, lead_with_admin_access)

    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(lead_with_admin_access.pk)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, lead_with_admin_access):
    secret = activate_totp(lead_with_admin_access)
    sign_in(client, lead_with_admin_access)
    wrong = f"{(int(totp_code(secret)) + 500_000) % 1_000_000:06d}"

    response = client.post(MFA_AUTHENTICATE_URL, {"code": wrong})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_code">Incorrect code.</a>' in html
    assert signed_in_user_id(client) is None


def test_a_training_administrator_who_is_not_a_superuser_enters_the_admin_after_mfa(client, training_administrators):
    administrator = UserFactory()
    administrator.groups.add(training_administrators)
    secret = activate_totp(administrator)
    sign_in(client, administrator)
    client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    response = client.get("/admin/")

    assert response.status_code == 200


@pytest.mark.parametrize("login_path", ["/admin/login/", "/django-admin/login/"])
def test_the_admin_logins_redirect_to_the_allauth_sign_in(client, login_path):
    response = client.get(f"{login_path}?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


@pytest.mark.parametrize("login_path", ["/admin/login/", "/django-admin/login/"])
def test_posting_a_password_to_an_admin_login_signs_nobody_in(client, lead_with_admin_access, login_path):
    lead_with_admin_access.is_superuser = lead_with_admin_access.is_staff = True
    lead_with_admin_access.save()
    activate_totp(lead_with_admin_access)

    client.post(login_path, {"username": lead_with_admin_access.email, "password": PASSWORD})

    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_someone_signed_out_is_sent_to_the_allauth_sign_in_for_the_admin(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@pytest.mark.parametrize("path", ["/admin/", "/admin/users/", "/admin/agencies/", "/django-admin/"])
def test_a_learner_is_refused_the_admin_and_sees_no_data(client, path):
    other = UserFactory(email="someone.else@agency.example.org")
    client.force_login(UserFactory())

    response = client.get(path)

    assert response.status_code == 403
    assert other.email not in response.content.decode()
    assert "You cannot see this page" in response.content.decode()


def test_an_agency_lead_with_mfa_but_no_admin_access_is_refused_the_admin(client):
    lead = AgencyLeadershipFactory().user
    activate_totp(lead)
    client.force_login(lead)

    assert client.get("/admin/").status_code == 403


def test_the_totp_setup_page_shows_a_qr_code_and_the_secret_as_text(client):
    person = UserFactory()
    sign_in(client, person)
    reauthenticate(client)

    response = client.get(TOTP_SETUP_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="QR code for your authenticator app"' in html
    secret = response.context["form"].secret
    assert f'<code class="totp-secret" id="authenticator_secret">{secret}</code>' in html


def test_entering_the_code_from_the_app_turns_on_totp(client):
    person = UserFactory()
    sign_in(client, person)
    reauthenticate(client)
    secret = client.get(TOTP_SETUP_URL).context["form"].secret

    response = client.post(TOTP_SETUP_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_a_wrong_code_at_setup_is_refused_and_nothing_is_turned_on(client):
    person = UserFactory()
    sign_in(client, person)
    reauthenticate(client)
    secret = client.get(TOTP_SETUP_URL).context["form"].secret
    wrong = f"{(int(totp_code(secret)) + 500_000) % 1_000_000:06d}"

    response = client.post(TOTP_SETUP_URL, {"code": wrong})

    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=person).exists()


def test_the_totp_setup_page_asks_for_the_password_again_first(client):
    sign_in(client, UserFactory())

    response = client.get(TOTP_SETUP_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_confirming_it_is_you_with_an_authenticator_asks_for_a_code_on_the_sites_page(client):
    person = UserFactory()
    activate_totp(person)
    client.force_login(person)

    html = client.get("/accounts/2fa/reauthenticate/").content.decode()

    assert "Enter a code from your authenticator app" in html
    assert 'action="/accounts/2fa/reauthenticate/"' in html
    assert "Enter your password again" not in html
