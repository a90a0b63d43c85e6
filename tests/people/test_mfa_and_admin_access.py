"""Two-factor authentication and who may enter the admin.

Administrators and agency leads see other people's records, so a password alone must never
open the admin: both admin logins go through allauth, and allauth asks for the TOTP code.
"""

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator

from django.db import transaction

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


def age_the_sign_in(client, seconds):
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= seconds
    session.save()


def test_the_totp_setup_page_asks_for_the_password_again_once_the_sign_in_is_not_recent(client):
    sign_in(client, UserFactory())
    age_the_sign_in(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)

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


def test_right_after_signing_in_the_totp_setup_page_opens_without_asking_for_the_password_again(client):
    sign_in(client, UserFactory())

    response = client.get(TOTP_SETUP_URL)

    assert response.status_code == 200
    assert "form" in response.context


def test_a_session_with_no_sign_in_recorded_is_still_asked_to_confirm_it_is_you(client):
    client.force_login(UserFactory())

    response = client.get(TOTP_SETUP_URL)

    assert response["Location"].startswith("/accounts/reauthenticate/")


NO_ADMIN_ACCESS = "You do not have access to the admin. It is for the partnership's training administrators."


def test_a_lead_without_admin_access_is_told_the_admin_is_not_for_them_without_a_detour_through_mfa(client):
    client.force_login(AgencyLeadershipFactory().user)

    response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 403
    assert NO_ADMIN_ACCESS in html
    assert '<a href="/profile/training/">Go to your training</a>' in html
    assert "belong to someone else" not in html


def test_a_learner_refused_the_admin_is_told_who_it_is_for_and_offered_their_training(client):
    client.force_login(UserFactory())

    html = client.get("/admin/users/").content.decode()

    assert NO_ADMIN_ACCESS in html
    assert '<a href="/profile/training/">Go to your training</a>' in html


def test_an_administrator_refused_the_django_admin_is_pointed_to_the_wagtail_admin(client, training_administrators):
    administrator = UserFactory()
    administrator.groups.add(training_administrators)
    activate_totp(administrator)
    client.force_login(administrator)

    response = client.get("/django-admin/")

    assert response.status_code == 403
    assert '<a href="/admin/">Go to the admin</a>' in response.content.decode()


def set_up_totp_from(client, path):
    """Follows the staff screen at ``path`` to two-factor set-up and enters the app's code."""
    assert client.get(path)["Location"] == TOTP_SETUP_URL
    secret = client.get(TOTP_SETUP_URL).context["form"].secret
    return client.post(TOTP_SETUP_URL, {"code": totp_code(secret)}, follow=True)


def test_a_leads_two_factor_set_up_ends_with_a_way_on_to_their_training(client):
    lead = AgencyLeadershipFactory().user
    sign_in(client, lead)

    html = set_up_totp_from(client, "/leads/").content.decode()

    assert "Your recovery codes" in html
    assert '<a href="/profile/training/">Continue to your training</a>' in html
    assert "Continue to the admin" not in html


def test_an_administrators_two_factor_set_up_ends_with_a_way_on_to_the_admin(client, lead_with_admin_access):
    sign_in(client, lead_with_admin_access)

    html = set_up_totp_from(client, "/admin/").content.decode()

    assert '<a href="/admin/">Continue to the admin</a>' in html


@pytest.fixture
def on_commit_at_once(monkeypatch):
    """allauth adds its MFA messages on commit, which a test's transaction never reaches;
    run them at once, inside the request, as a real commit would."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_the_first_two_factor_set_up_does_not_speak_of_old_recovery_codes(
    client, lead_with_admin_access, on_commit_at_once
):
    sign_in(client, lead_with_admin_access)

    html = set_up_totp_from(client, "/admin/").content.decode()

    assert "Two-factor authentication is on. Keep your recovery codes somewhere safe." in html
    assert "no longer work" not in html


def test_making_new_recovery_codes_says_the_old_ones_no_longer_work(client, on_commit_at_once):
    person = UserFactory()
    sign_in(client, person)
    secret = client.get(TOTP_SETUP_URL).context["form"].secret
    client.post(TOTP_SETUP_URL, {"code": totp_code(secret)}, follow=True)

    response = client.post("/accounts/2fa/recovery-codes/generate/", follow=True)

    assert "You have new recovery codes. Your old ones no longer work." in response.content.decode()
