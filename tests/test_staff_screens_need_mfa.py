"""Every staff screen needs MFA: its URL sits under ``MFA_REQUIRED_PATH_PREFIXES`` (the
middleware guards those) or its view carries ``people.staff_access.mfa_required``.

The walk covers every URL the project serves, Wagtail's and allauth's included, so an agency-lead
or administrator screen mounted anywhere else fails here until it is guarded, or, if it is not
a staff screen at all, until it is named below with the reason it is public.
"""

import pytest

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.urls import URLResolver, get_resolver, include, path
from django.utils.decorators import method_decorator
from django.views import View

from people.staff_access import MFA_SETUP_MESSAGE, MFARequiredMixin, mfa_required
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyLeadershipFactory, UserFactory

# Screens for the public and for a learner's own account, which show nobody else's records.
PUBLIC_AND_LEARNER_URL_NAMES = {
    # people and records: a person's own details and training.
    "people:profile",
    "records:my_training",
    # bookings: the public programme, one session, and their calendar files (no personal data).
    "bookings:whats_on",
    "bookings:calendar_feed",
    "bookings:session_detail",
    "bookings:session_calendar",
    # bookings: a person's own bookings, offers and personal calendar feed (each looked up
    # with the signed-in person, or by their secret feed token).
    "bookings:book",
    "bookings:booking_detail",
    "bookings:past_bookings",
    "bookings:cancel",
    "bookings:my_offer_accept",
    "bookings:my_offer_decline",
    "bookings:offer_accept",
    "bookings:offer_decline",
    "bookings:personal_calendar",
    "bookings:reset_calendar",
    # bookings: moving one's own booking after the partnership cancelled its session.
    "bookings:transfer",
    "bookings:my_transfer",
    # courses: the forum resource library and site search.
    "courses:resources",
    "courses:search",
    # certificates: the public verify page (status only, to anyone holding a code). A person's
    # certificate pages carry mfa_required, since leads and administrators open them too.
    "certificates:verify",
    # Wagtail: documents, page serving, and the passwords and sign-in of private pages.
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "wagtail_serve",
}
# allauth's own screens: signing in, up and out, and a person's own email, password and MFA
# (where the set-up page the guard sends people to lives). They are all under accounts/.
ALLAUTH_ROUTE = "accounts/"
ALLAUTH_URL_NAME_PREFIXES = ("account_", "mfa_")

MFA_SETUP_URL = "/accounts/2fa/totp/activate/"


def url_patterns(patterns, route="", namespaces=()):
    """Every URL pattern under ``patterns``, as (route from the site root, namespaced name, view)."""
    for pattern in patterns:
        piece = str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from url_patterns(pattern.url_patterns, route + piece, inner)
        else:
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield route + piece, name, pattern.callback


def is_public(route, name):
    if name in PUBLIC_AND_LEARNER_URL_NAMES:
        return True
    return route.startswith(ALLAUTH_ROUTE) and (name or "").startswith(ALLAUTH_URL_NAME_PREFIXES)


def unguarded(patterns):
    """The routes that are neither under an MFA prefix, nor public, nor guarded by their view."""
    prefixes = tuple(settings.MFA_REQUIRED_PATH_PREFIXES)
    return [
        (route, name)
        for route, name, view in url_patterns(patterns)
        if not ("/" + route).startswith(prefixes)
        and not is_public(route, name)
        and not getattr(view, "mfa_required", False)
    ]


def test_every_url_of_the_project_is_under_an_mfa_prefix_public_or_guarded():
    patterns = list(url_patterns(get_resolver().url_patterns))

    assert unguarded(get_resolver().url_patterns) == []
    # The walk reaches into the included URL confs, not only the top level.
    assert sum(route.startswith("admin/") for route, _, _ in patterns) > 100
    assert any(name == "account_login" for _, name, _ in patterns)


def test_every_public_url_name_still_exists():
    """A stale entry would let a new screen take over a name and pass unguarded."""
    names = {name for _, name, _ in url_patterns(get_resolver().url_patterns)}

    assert PUBLIC_AND_LEARNER_URL_NAMES - names == set()


# A tiny site for the guard: staff screens mounted outside the MFA prefixes.


@mfa_required
def agency_report(request):
    return HttpResponse("Agency report")


class AgencyDashboard(MFARequiredMixin, View):
    def get(self, request):
        return HttpResponse("Agency dashboard")


@method_decorator(mfa_required, name="dispatch")
class AgencyExport(View):
    def get(self, request):
        return HttpResponse("Agency export")


def unguarded_agency_list(request):
    return HttpResponse("Everyone in the agency")


urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("reports/agency/", agency_report, name="agency_report"),
    path("reports/dashboard/", AgencyDashboard.as_view(), name="agency_dashboard"),
    path("reports/export/", AgencyExport.as_view(), name="agency_export"),
]


def test_a_staff_screen_mounted_outside_the_prefixes_without_the_guard_is_found():
    patterns = [*urlpatterns, path("reports/people/", unguarded_agency_list, name="agency_people")]

    assert unguarded(patterns) == [("reports/people/", "agency_people")]


GUARDED_PATHS = ["/reports/agency/", "/reports/dashboard/", "/reports/export/"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", GUARDED_PATHS)
def test_the_guard_sends_someone_signed_out_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", GUARDED_PATHS)
def test_the_guard_sends_an_agency_lead_without_mfa_to_set_it_up_and_says_why(client, url):
    client.force_login(AgencyLeadershipFactory().user)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP_URL
    assert [str(message) for message in get_messages(response.wsgi_request)] == [MFA_SETUP_MESSAGE]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", GUARDED_PATHS)
def test_the_guard_lets_an_agency_lead_with_mfa_through(client, url):
    lead = AgencyLeadershipFactory().user
    activate_totp(lead)
    client.force_login(lead)

    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_guard_leaves_who_may_see_the_screen_to_the_view(client):
    """A learner has no records of others to protect, so the guard passes them on; refusing
    them is the view's own permission check."""
    client.force_login(UserFactory())

    assert client.get("/reports/agency/").status_code == 200
