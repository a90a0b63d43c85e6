"""The agency lead's compliance pages: the agency chooser, the dashboard, the staff list with its
CSV and XLSX, and a person's record, each only for the agencies the person may see (another
agency's lead and a learner get a 404), with figures that equal the staff list's rows and a
fixed number of queries whatever the number of staff."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance import dashboard_views
from compliance.models import RosterEntry
from compliance.status import ComplianceStatus
from people.models import Sector
from records.choices import CompletionSource
from records.services import record_completion
from tests.bookings.factories import BookingFactory, SessionFactory
from tests.compliance.factories import ExemptionFactory, RequirementFactory
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, JobRoleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_a_fixed_day")]

TODAY = datetime.date(2026, 6, 15)
# A completion on each of these days gives, on TODAY, against a requirement renewed every 36
# months with a 60-day window: compliant, expiring soon, expired.
COMPLETED = {
    ComplianceStatus.COMPLIANT: datetime.date(2025, 1, 1),
    ComplianceStatus.EXPIRING: datetime.date(2023, 7, 1),
    ComplianceStatus.EXPIRED: datetime.date(2022, 1, 1),
}
STATUSES = list(ComplianceStatus)


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE awareness")


@pytest.fixture
def agency():
    return AgencyFactory(name="Fellside Police", sector=Sector.POLICE)


@pytest.fixture
def other_agency():
    return AgencyFactory(name="Dale Health")


@pytest.fixture
def requirement(course):
    return RequirementFactory(title="CSE awareness for everyone", courses=[course])


@pytest.fixture
def lead(client, agency):
    return signed_in_with_mfa(client, AgencyLeadershipFactory(agency=agency).user)


def staff_member(agency, course, status, *, role=None, team="", **extra):
    """A person of ``agency`` whose status against the requirement is ``status`` on TODAY."""
    started = datetime.date(2026, 5, 1) if status == ComplianceStatus.NEW_STARTER else datetime.date(2019, 1, 1)
    member = UserFactory(agency=agency, job_role=role or JobRoleFactory(), role_started_on=started, team=team, **extra)
    if status in COMPLETED:
        record_completion(member, course, COMPLETED[status], CompletionSource.ATTENDANCE)
    return member


def mixed_staff(agency, course, number, roles=None):
    """``number`` people cycling through every status, across two teams and ``roles``."""
    roles = roles or [JobRoleFactory(name="Response officer"), JobRoleFactory(name="Detective")]
    return [
        staff_member(agency, course, STATUSES[i % len(STATUSES)], role=roles[i % len(roles)], team=f"Team {i % 2}")
        for i in range(number)
    ]


def url(name, agency, *args, query=""):
    return reverse(f"compliance:{name}", args=[agency.pk, *args]) + (f"?{query}" if query else "")


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def all_listed_emails(client, agency, query=""):
    """Every email on every page of the staff list, in its order."""
    emails, page = [], 1
    while True:
        response = client.get(url("staff", agency, query=f"{query}&page={page}"))
        emails += [row["work_email"] for row in response.context["people"]]
        if not response.context["page_obj"].has_next():
            return emails
        page += 1


# The pages render for the lead.


def test_a_lead_of_one_agency_goes_straight_to_its_dashboard(client, lead, agency):
    response = client.get(reverse("compliance:home"))

    assert response.status_code == 302
    assert response["Location"] == url("dashboard", agency)


def test_an_administrator_chooses_among_every_agency(administrator_client, agency, other_agency):
    html = administrator_client.get(reverse("compliance:home")).content.decode()

    assert "Fellside Police" in html
    assert "Dale Health" in html


def test_the_dashboard_shows_each_requirements_figures_as_a_chart_and_a_table(
    client, lead, agency, course, requirement
):
    mixed_staff(agency, course, 5)

    response = client.get(url("dashboard", agency))
    html = response.content.decode()

    assert response.status_code == 200
    assert 'role="img"' in html
    assert "CSE awareness for everyone: staff by status" in html
    assert "<caption>Staff by status for each requirement" in html
    assert url("staff", agency, query=f"requirement={requirement.pk}&amp;status=expired") in html
    (summary,) = response.context["summaries"]
    assert [shown["count"] for shown in summary["statuses"]] == [1, 1, 1, 1, 1]
    assert [shown["percent"] for shown in summary["statuses"]] == [20, 20, 20, 20, 20]


def test_the_dashboard_breaks_the_chosen_requirement_down_by_team_and_job_role(
    client, lead, agency, course, requirement
):
    mixed_staff(agency, course, 4)

    response = client.get(url("dashboard", agency, query=f"requirement={requirement.pk}"))

    assert [row["label"] for row in response.context["by_team"]] == ["Team 0", "Team 1"]
    assert [row["label"] for row in response.context["by_role"]] == ["Detective", "Response officer"]
    assert sum(row["total"] for row in response.context["by_team"]) == 4


def test_a_requirement_of_another_agency_or_sector_is_not_on_the_dashboard(
    client, lead, agency, other_agency, course, requirement
):
    RequirementFactory(title="Health only", sector=Sector.HEALTH, courses=[course])
    RequirementFactory(title="Dale only", agency=other_agency, courses=[course])
    RequirementFactory(title="Police only", sector=Sector.POLICE, courses=[course])

    response = client.get(url("dashboard", agency))

    assert [summary["requirement"].title for summary in response.context["summaries"]] == [
        "CSE awareness for everyone",
        "Police only",
    ]


def test_the_staff_list_shows_each_person_with_status_in_words_and_dates(client, lead, agency, course, requirement):
    member = staff_member(agency, course, ComplianceStatus.EXPIRING, full_name="Ewan Expiring")

    html = client.get(url("staff", agency)).content.decode()

    assert "Ewan Expiring" in html
    assert ">Expiring soon<" in html
    assert "1 July 2023" in html  # completed
    assert "1 July 2026" in html  # lapses
    assert url("person", agency, member.pk) in html
    assert f'name="people" value="{member.pk}"' in html
    assert reverse("compliance:remind", args=[agency.pk]) in html
    assert "Copy their line managers" in html


def test_the_staff_list_and_its_export_note_a_booking_and_an_exemption(client, lead, agency, course, requirement):
    booked = staff_member(agency, course, ComplianceStatus.EXPIRED, full_name="Bea Booked")
    BookingFactory(user=booked, session=SessionFactory(course=course))
    excused = staff_member(agency, course, ComplianceStatus.NOT_STARTED, full_name="Ed Excused")
    ExemptionFactory(person=excused, requirement=requirement)

    response = client.get(url("staff", agency))
    rows = {row["name"]: row for row in response.context["people"]}
    exported = {row[0]: row for row in csv_rows(client.get(url("staff_csv", agency)))}

    assert (rows["Bea Booked"]["is_booked"], rows["Ed Excused"]["is_exempt"]) == (True, True)
    assert rows["Ed Excused"]["status_label"] == "Compliant"
    assert "<br>Booked" in response.content.decode()
    assert "<br>Exempt" in response.content.decode()
    assert exported["Bea Booked"][5:] == ["Expired", "2022-01-01", "2025-01-01", "Booked", "", "Yes"]
    assert exported["Ed Excused"][5:] == ["Compliant", "", "", "", "Exempt", "Yes"]


def test_a_roster_entry_without_an_account_says_so_and_cannot_be_selected(client, lead, agency, requirement):
    RosterEntry.objects.create(agency=agency, email="new.person@agency.example.org", full_name="Nia New")

    response = client.get(url("staff", agency))
    html = response.content.decode()

    assert "Nia New" in html
    assert "No account yet" in html
    assert 'name="people"' not in html


def test_a_roster_entry_linked_to_an_account_in_no_agency_is_not_called_accountless(client, lead, agency, requirement):
    someone = UserFactory(agency=None, job_role=None, email="admin.person@agency.example.org")
    RosterEntry.objects.create(agency=agency, email=someone.email, full_name="Ada Admin", person=someone)

    html = client.get(url("staff", agency)).content.decode()
    (row,) = [row for row in csv_rows(client.get(url("staff_csv", agency)))[1:] if row[1] == someone.email]

    assert "Ada Admin" in html
    assert "No account yet" not in html
    assert row[-1] == "Yes"


def test_the_person_record_shows_requirements_completions_and_certificates(client, lead, agency, course, requirement):
    member = staff_member(agency, course, ComplianceStatus.COMPLIANT, full_name="Cara Compliant")

    response = client.get(url("person", agency, member.pk))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Cara Compliant" in html
    assert "CSE awareness for everyone" in html
    assert ">Compliant<" in html
    assert "1 January 2025" in html
    ((certificate, _status),) = response.context["certificates"]
    assert reverse("certificates:detail", args=[certificate.code]) in html


def test_the_leads_home_page_links_to_training_compliance(client, lead):
    html = client.get(reverse("bookings:leads")).content.decode()

    assert f'href="{reverse("compliance:home")}"' in html


# Nobody sees what is not theirs.


@pytest.mark.parametrize("name", ["dashboard", "staff", "staff_csv", "staff_xlsx"])
def test_a_lead_of_another_agency_gets_a_404(client, lead, other_agency, course, requirement, name):
    mixed_staff(other_agency, course, 2)

    assert client.get(url(name, other_agency)).status_code == 404


def test_a_person_opened_from_a_filtered_list_leads_back_to_it_even_after_an_exemption(
    client, lead, agency, course, requirement
):
    member = staff_member(agency, course, ComplianceStatus.EXPIRED, full_name="Eve Expired")
    listed = f"{url('staff', agency)}?status=expired&sort=-name"
    record = f"{url('person', agency, member.pk)}?list=status%3Dexpired%26sort%3D-name"
    assert record in client.get(listed).content.decode().replace("&amp;", "&")

    html = client.get(record).content.decode().replace("&amp;", "&")
    assert f'href="{listed}">Back to the staff list' in html
    exempt = f"{url('person', agency, member.pk)}exempt/?list=status%3Dexpired%26sort%3D-name"
    assert f'href="{exempt}"' in html

    ends = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(exempt, {"requirement": requirement.pk, "reason": "Secondment", "ends_on": ends})
    assert response["Location"] == record


def test_a_lead_gets_a_404_for_a_person_of_another_agency(client, lead, agency, other_agency, course, requirement):
    elsewhere = staff_member(other_agency, course, ComplianceStatus.COMPLIANT)

    assert client.get(url("person", agency, elsewhere.pk)).status_code == 404
    assert client.get(url("person", other_agency, elsewhere.pk)).status_code == 404


def test_a_lead_gets_a_404_for_someone_who_has_left_by_the_roster(client, lead, agency, course, requirement):
    leaver = staff_member(agency, course, ComplianceStatus.COMPLIANT)
    RosterEntry.objects.create(
        agency=agency, email=leaver.email, full_name="x", person=leaver, leaves_on=datetime.date(2026, 6, 1)
    )

    assert client.get(url("person", agency, leaver.pk)).status_code == 404


@pytest.mark.parametrize("name", ["home", "dashboard", "staff", "staff_csv", "staff_xlsx", "person"])
def test_a_learner_gets_a_404(client, agency, course, requirement, name):
    learner = staff_member(agency, course, ComplianceStatus.COMPLIANT)
    client.force_login(learner)
    address = {
        "home": reverse("compliance:home"),
        "dashboard": url("dashboard", agency),
        "staff": url("staff", agency),
        "staff_csv": url("staff_csv", agency),
        "staff_xlsx": url("staff_xlsx", agency),
        "person": url("person", agency, learner.pk),
    }[name]

    assert client.get(address).status_code == 404


# Figures and rows agree.


def test_the_dashboard_counts_equal_the_staff_list_rows_under_each_status(client, lead, agency, course, requirement):
    mixed_staff(agency, course, 7)
    RosterEntry.objects.create(agency=agency, email="roster@agency.example.org", full_name="Rory Roster")
    (summary,) = client.get(url("dashboard", agency)).context["summaries"]

    for shown in summary["statuses"]:
        response = client.get(url("staff", agency, query=f"requirement={requirement.pk}&status={shown['status']}"))
        assert len(response.context["people"]) == shown["count"]
        assert response.context["figures"]["total"] == shown["count"]
    assert summary["total"] == 8


def test_the_exports_hold_every_row_of_every_page_in_the_same_order(
    client, lead, agency, course, requirement, monkeypatch
):
    monkeypatch.setattr(dashboard_views, "PER_PAGE", 2)
    mixed_staff(agency, course, 5)
    RosterEntry.objects.create(agency=agency, email="roster@agency.example.org", full_name="=HYPERLINK(1)")
    query = f"requirement={requirement.pk}&sort=-status"

    listed = all_listed_emails(client, agency, query)
    in_csv = csv_rows(client.get(url("staff_csv", agency, query=query)))
    in_xlsx = xlsx_rows(client.get(url("staff_xlsx", agency, query=query)))

    assert len(listed) == 6
    assert [row[1] for row in in_csv[1:]] == listed
    assert [row[1] for row in in_xlsx[1:]] == listed
    assert in_csv[0] == in_xlsx[0]
    assert "'=HYPERLINK(1)" in [row[0] for row in in_csv]


def test_the_exports_keep_the_filters_and_name_the_agency_and_day(client, lead, agency, course, requirement):
    mixed_staff(agency, course, 5)
    query = f"requirement={requirement.pk}&status=expired"

    response = client.get(url("staff_csv", agency, query=query))
    rows = csv_rows(response)

    assert [row[5] for row in rows[1:]] == ["Expired"]
    assert "staff-fellside-police-cse-awareness-for-everyone-2026-06-15.csv" in response["Content-Disposition"]
    assert "2026-06-15.xlsx" in client.get(url("staff_xlsx", agency, query=query))["Content-Disposition"]


def test_the_staff_list_sorts_by_a_column_and_says_so(client, lead, agency, course, requirement):
    staff_member(agency, course, ComplianceStatus.COMPLIANT, full_name="Anna Able")
    staff_member(agency, course, ComplianceStatus.EXPIRED, full_name="Zed Zulu")

    response = client.get(url("staff", agency, query="sort=-name"))
    html = response.content.decode()

    assert [row["name"] for row in response.context["people"]] == ["Zed Zulu", "Anna Able"]
    assert 'aria-sort="descending"' in html


def test_bad_filter_values_are_reported_not_a_500(client, lead, agency, other_agency, course, requirement):
    staff_member(agency, course, ComplianceStatus.COMPLIANT)
    theirs = RequirementFactory(agency=other_agency, courses=[course])
    query = f"requirement={theirs.pk}&status=nope&job_role=abc&team=Nowhere&search={'x' * 300}&sort=evil&page=zz"

    response = client.get(url("staff", agency, query=query))
    html = response.content.decode()

    assert response.status_code == 200
    assert "so it was not applied" in html
    assert response.context["requirement"] == requirement
    assert len(response.context["people"]) == 1
    assert client.get(url("dashboard", agency, query="requirement=abc")).status_code == 200
    assert client.get(url("staff_csv", agency, query=query)).status_code == 200


def test_a_page_past_the_end_shows_the_last_page(client, lead, agency, course, requirement, monkeypatch):
    monkeypatch.setattr(dashboard_views, "PER_PAGE", 2)
    mixed_staff(agency, course, 3)

    response = client.get(url("staff", agency, query="page=99"))

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


# A fixed number of queries, whatever the number of staff.


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["dashboard", "staff", "person"])
def test_the_pages_use_as_many_queries_for_eight_people_as_for_two(client, lead, agency, course, requirement, name):
    roles = [JobRoleFactory(name="Response officer"), JobRoleFactory(name="Detective")]
    first = mixed_staff(agency, course, 2, roles)
    args = [first[0].pk] if name == "person" else []
    client.get(url(name, agency, *args))  # the first request fills caches (the site, its settings)
    few = queries(client, url(name, agency, *args))
    mixed_staff(agency, course, 6, roles)

    assert queries(client, url(name, agency, *args)) == few


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        f"page={HUGE}",
        f"requirement={HUGE}",
        f"job_role={HUGE}",
        "team=%00",
        "search=%00",
        "sort=%00",
    ],
)
def test_tampered_query_strings_never_give_a_500(client, lead, agency, course, requirement, query):
    staff_member(agency, course, ComplianceStatus.COMPLIANT)

    for name in ["dashboard", "staff", "staff_csv", "staff_xlsx"]:
        assert client.get(url(name, agency, query=query)).status_code == 200, f"{name}?{query}"


def test_an_id_past_64_bits_is_not_found(client, lead, agency, requirement):
    assert client.get(f"/leads/compliance/{HUGE}/").status_code == 404
    assert client.get(f"/leads/compliance/{agency.pk}/people/{HUGE}/").status_code == 404


def test_the_person_record_gives_the_team_the_roster_gives(client, lead, agency, course, requirement):
    member = staff_member(agency, course, ComplianceStatus.COMPLIANT, team="Own words")
    RosterEntry.objects.create(agency=agency, email=member.email, full_name="x", person=member, team="Roster team")

    response = client.get(url("person", agency, member.pk))

    assert response.context["team"] == "Roster team"


def test_an_agency_no_requirement_covers_says_so(client, lead, agency):
    staff_member(agency, CoursePageFactory(), ComplianceStatus.NOT_STARTED)

    for name in ["dashboard", "staff"]:
        assert "No training requirement covers Fellside Police yet." in client.get(url(name, agency)).content.decode()
    assert client.get(url("staff_csv", agency)).status_code == 404


def test_the_counts_beside_the_staff_list_equal_its_rows_under_every_filter(client, lead, agency, course, requirement):
    detective = JobRoleFactory(name="Detective")
    mixed_staff(agency, course, 10, roles=[JobRoleFactory(name="Response officer"), detective])
    RosterEntry.objects.create(agency=agency, email="rory@agency.example.org", full_name="Rory Roster", team="Team 1")
    queries = [
        f"job_role={detective.pk}",
        "team=Team 1",
        "search=agency.example",
        f"status={ComplianceStatus.EXPIRED}&team=Team 0",
        f"status={ComplianceStatus.NOT_STARTED}&job_role={detective.pk}",
    ]
    for query in queries:
        full = f"requirement={requirement.pk}&{query}"
        listed = all_listed_emails(client, agency, full)
        figures = client.get(url("staff", agency, query=full)).context["figures"]
        assert figures["total"] == len(listed), query
        assert sum(figures[status] for status in ComplianceStatus.values) == len(listed), query


def test_the_dashboards_breakdowns_equal_the_staff_list_filtered_to_each_team_and_role(
    client, lead, agency, course, requirement
):
    roles = [JobRoleFactory(name="Response officer"), JobRoleFactory(name="Detective")]
    mixed_staff(agency, course, 9, roles=roles)
    context = client.get(url("dashboard", agency, query=f"requirement={requirement.pk}")).context
    by_team = {row["label"]: row["total"] for row in context["by_team"]}
    by_role = {row["label"]: row["total"] for row in context["by_role"]}
    assert by_team == {
        team: len(all_listed_emails(client, agency, f"requirement={requirement.pk}&team={team}"))
        for team in ("Team 0", "Team 1")
    }
    assert by_role == {
        role.name: len(all_listed_emails(client, agency, f"requirement={requirement.pk}&job_role={role.pk}"))
        for role in roles
    }
