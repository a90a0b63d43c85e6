"""Starting a browser test as someone already signed in with two-factor authentication, for
tests whose subject is a staff page rather than signing in (tests/browser/test_accounts.py
drives the sign-in forms themselves)."""

from django.test import Client

from tests.people.conftest import activate_totp


def sign_in_with_mfa(page, base_url, user):
    """Activates an authenticator for ``user`` and gives ``page`` their signed-in session."""
    activate_totp(user)
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return page
