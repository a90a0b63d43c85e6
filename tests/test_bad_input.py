"""Tampered and hostile query strings against every public URL and the admin's lists: never a 500.

Runs on SQLite and PostgreSQL (a NUL byte, an id past 64 bits and a stray quote each break a
different database in a different place)."""

import pytest

from tests.bookings.factories import SessionFactory
from tests.courses.factories import ForumPageFactory
from tests.people.factories import AgencyLeadershipFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BAD_QUERIES = [
    "page=0",
    "page=-1",
    "page=999999",
    "page=abc",
    f"page={HUGE}",
    "month=2026-13",
    "month=0000-01",
    "month=%00",
    "level=5",
    "level=-1",
    f"level={HUGE}",
    "level=1&level=abc",
    "topic=%3Cscript%3Ealert(1)%3C/script%3E",
    "topic=%00",
    "area=%00",
    "forum=abc",
    f"forum={HUGE}",
    "q=%22",
    "q=%27%22%27",
    "q=%00",
    "q=a%00b",
    "q=" + "x" * 3000,
    "q=AND%20OR%20NOT%20(",
    "q=%25%5C*",
    "q=%F0%9F%98%80",
]


@pytest.fixture
def catalogue():
    session = SessionFactory()
    ForumPageFactory(resources=[{"title": "CSE Screening Tool", "description": "First contact.", "topics": ["cse"]}])
    return session


def public_paths(session):
    return [
        "/",
        "/whats-on/",
        "/whats-on/calendar.ics",
        f"/sessions/{session.uid}/",
        f"/sessions/{session.uid}/calendar.ics",
        session.course.url,
        session.course.get_parent().url,
        "/forums/resources/",
        "/search/",
    ]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_public_pages_survive_tampered_query_strings(client, catalogue, query):
    for path in public_paths(catalogue):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, f"{path}?{query}"


@pytest.mark.parametrize(
    "path",
    [
        "/sessions/00000000-0000-0000-0000-000000000000/",
        "/sessions/not-a-uuid/",
        "/sessions/00000000-0000-0000-0000-000000000000/calendar.ics",
        f"/documents/{HUGE}/x.pdf",
        "/training/no-such-level/",
    ],
)
def test_unknown_ids_and_slugs_are_not_found(client, catalogue, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query", ["p=0", "p=abc", "q=%00", "q=%22", f"agency={HUGE}", f"group={HUGE}", f"course={HUGE}", "ordering=x"]
)
def test_admin_lists_survive_tampered_query_strings(administrator_client, catalogue, query):
    AgencyLeadershipFactory()
    for path in [
        "/admin/users/",
        "/admin/agencies/",
        "/admin/job_roles/",
        "/admin/agency_leads/",
        "/admin/person_chooser/results/",
        "/admin/bookings/sessions/",
        "/admin/bookings/venues/",
        "/admin/topics/",
        "/admin/pages/",
        "/admin/documents/",
    ]:
        response = administrator_client.get(f"{path}?{query}")
        assert response.status_code < 500, f"{path}?{query}"
