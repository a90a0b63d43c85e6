"""The e-learning reports in the Wagtail admin: each module's results and each module's learners,
on screen and as CSV and XLSX; who may open them; a fixed number of queries at two sizes."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from elearning import services
from elearning.models import Enrolment, EnrolmentStatus
from elearning.reports import with_results
from lscb_training.dates import format_short_date
from tests.conftest import signed_in_with_mfa
from tests.elearning.factories import ModuleFactory, right_answers, wrong_answers
from tests.people.conftest import activate_totp
from tests.people.factories import AgencyFactory, AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db

RESULTS = "/admin/elearning/results/"


def learners_url(module):
    return f"/admin/elearning/results/{module.pk}/learners/"


def enrolled(module, person=None, lessons=0):
    """``person`` (a new one by default) enrolled on ``module`` with ``lessons`` lessons done."""
    enrolment = services.enrol(person or UserFactory(), module)
    for lesson in module.lessons.order_by("sort_order")[:lessons]:
        services.complete_lesson(enrolment, lesson)
    return enrolment


def attempted(enrolment, *outcomes):
    """Reads every lesson, then submits one attempt per outcome ("pass" or "fail")."""
    for lesson in enrolment.module.lessons.all():
        services.complete_lesson(enrolment, lesson)
    for outcome in outcomes:
        attempt = services.start_attempt(enrolment)
        services.submit_attempt(attempt, right_answers(attempt) if outcome == "pass" else wrong_answers(attempt))
    return enrolment


def results_of(module):
    return with_results(type(module).objects.filter(pk=module.pk)).get()


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def module_with_learners():
    """Four people: one passed at the second attempt, one passed first time, one failed once and
    is still going, one has read a lesson."""
    module = ModuleFactory(bank=5)
    attempted(enrolled(module), "fail", "pass")
    attempted(enrolled(module), "pass")
    attempted(enrolled(module), "fail")
    enrolled(module, lessons=1)
    return module


# The figures


def test_the_figures_count_people_enrolments_and_attempts(module_with_learners):
    module = results_of(module_with_learners)

    assert (module.enrolled, module.in_progress, module.completed) == (4, 2, 2)
    assert (module.attempts_submitted, module.attempts_passed) == (4, 2)
    assert module.average_score == 50
    assert module.attempts_to_pass == 1.5


def test_a_person_who_renews_is_enrolled_and_completed_once():
    module = ModuleFactory()
    person = UserFactory()
    first = attempted(enrolled(module, person), "pass")
    Enrolment.objects.filter(pk=first.pk).update(started_at=timezone.now() - timedelta(days=3 * 365))
    Enrolment.objects.create(person=person, module=module, status=EnrolmentStatus.PASSED)

    module = results_of(module)

    assert (module.enrolled, module.completed) == (1, 1)


def _text(cell):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def table_rows(html):
    """The text of each cell of each row of the page's listing."""
    body = html[html.index('<table class="listing">') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    return [
        [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_results_list_each_module_with_its_figures_and_a_link_to_its_learners(
    administrator_client, module_with_learners
):
    response = administrator_client.get(RESULTS)

    html = response.content.decode()
    assert table_rows(html) == [[module_with_learners.course.title, "4", "2", "2", "50.0%", "50.0%", "1.5"]]
    assert f'href="{learners_url(module_with_learners)}"' in html
    assert "?export=csv" in html and "?export=xlsx" in html


def test_a_module_nobody_has_started_shows_dashes_not_zero_rates(administrator_client):
    ModuleFactory(course__title="Missing from home or care")

    html = administrator_client.get(RESULTS).content.decode()

    assert table_rows(html) == [["Missing from home or care", "0", "0", "0", "—", "—", "—"]]


def test_the_results_export_as_csv_with_numbers(administrator_client, module_with_learners):
    response = administrator_client.get(RESULTS, {"export": "csv"})

    rows = csv_rows(response)
    assert rows[0] == [
        "Module",
        "People enrolled",
        "In progress",
        "Completed",
        "Attempts submitted",
        "Attempts passed",
        "Pass rate (%)",
        "Average score (%)",
        "Average attempts to pass",
    ]
    assert rows[1:] == [[module_with_learners.course.title, "4", "2", "2", "4", "2", "50.0", "50.0", "1.5"]]


def test_the_results_export_as_xlsx_with_numbers(administrator_client, module_with_learners):
    ModuleFactory(course__title="Missing from home or care")

    response = administrator_client.get(RESULTS, {"export": "xlsx"})

    rows = xlsx_rows(response)
    assert response["Content-Disposition"].endswith('module-results.xlsx"')
    assert rows[0][0] == "Module"
    assert rows[1:] == sorted(
        [
            [module_with_learners.course.title, 4, 2, 2, 4, 2, 50.0, 50.0, 1.5],
            ["Missing from home or care", 0, 0, 0, 0, 0, None, None, None],
        ]
    )


def modules_with_learners(count):
    for _ in range(count):
        module = ModuleFactory(bank=3)
        attempted(enrolled(module), "fail", "pass")
        enrolled(module, lessons=1)


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if params.get("export"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_the_results_cost_the_same_queries_for_two_modules_as_for_six(administrator_client, export):
    params = {"export": export} if export else {}
    modules_with_learners(2)
    for_two = queries_for(administrator_client, RESULTS, **params)
    modules_with_learners(4)

    assert queries_for(administrator_client, RESULTS, **params) == for_two


# The learners of a module


def test_the_learners_list_each_person_with_their_progress_and_attempts(administrator_client):
    module = ModuleFactory(course__title="CSE Level 1")
    passed = attempted(enrolled(module), "fail", "pass")
    reading = enrolled(module, lessons=1)

    response = administrator_client.get(learners_url(module))

    html = response.content.decode()
    today = format_short_date(timezone.localdate())
    by_email = {row[1]: row for row in table_rows(html)}
    person = passed.person
    assert by_email[person.email] == [
        person.full_name,
        person.email,
        person.agency.name,
        person.job_role.name,
        "Completed",
        "3 of 3",
        "2",
        "100%",
        "100%",
        today,
        today,
        "",
    ]
    person = reading.person
    assert by_email[person.email][2:] == [
        person.agency.name,
        person.job_role.name,
        "In progress",
        "1 of 3",
        "0",
        "—",
        "—",
        today,
        "",
        "",
    ]
    assert "CSE Level 1" in html
    assert "?export=csv" in html and "?export=xlsx" in html


def test_the_learners_export_as_csv_with_their_dates(administrator_client):
    module = ModuleFactory(deadline_weeks=4)
    enrolment = attempted(enrolled(module), "fail", "pass")
    person = enrolment.person

    rows = csv_rows(administrator_client.get(learners_url(module), {"export": "csv"}))

    today = timezone.localdate().isoformat()
    assert rows[0] == [
        "Name",
        "Email",
        "Agency",
        "Job role",
        "Status",
        "Lessons done",
        "Lessons in the module",
        "Attempts",
        "Best score (%)",
        "Last score (%)",
        "Started",
        "Finished",
        "Due",
    ]
    due = (timezone.localdate() + timedelta(weeks=4)).isoformat()
    assert rows[1:] == [
        [person.full_name, person.email, person.agency.name, person.job_role.name, "Completed", "3", "3", "2", "100"]
        + ["100", today, today, due]
    ]


def test_the_learners_export_as_xlsx_with_numbers_and_dates(administrator_client):
    module = ModuleFactory()
    enrolment = attempted(enrolled(module), "fail")

    response = administrator_client.get(learners_url(module), {"export": "xlsx"})

    rows = xlsx_rows(response)
    assert rows[1][:10] == [
        enrolment.person.full_name,
        enrolment.person.email,
        enrolment.person.agency.name,
        enrolment.person.job_role.name,
        "In progress",
        3,
        3,
        1,
        0,
        0,
    ]
    assert rows[1][10] == timezone.localdate()
    assert rows[1][11:] == [None, None]


def test_a_name_that_looks_like_a_formula_is_exported_as_text(administrator_client):
    module = ModuleFactory()
    enrolled(module, UserFactory(full_name='=HYPERLINK("http://evil.example","x")'))

    rows = csv_rows(administrator_client.get(learners_url(module), {"export": "csv"}))
    sheet = load_workbook(
        io.BytesIO(b"".join(administrator_client.get(learners_url(module), {"export": "xlsx"}).streaming_content))
    ).active

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_the_learners_filter_by_status(administrator_client):
    module = ModuleFactory()
    passed = attempted(enrolled(module), "pass")
    reading = enrolled(module)

    html = administrator_client.get(learners_url(module), {"status": "passed"}).content.decode()

    assert passed.person.email in html
    assert reading.person.email not in html


def test_the_learners_filter_by_agency_also_in_the_export(administrator_client):
    module = ModuleFactory()
    fellside = AgencyFactory(name="Fellside Police")
    inside = enrolled(module, UserFactory(agency=fellside))
    outside = enrolled(module)

    rows = csv_rows(administrator_client.get(learners_url(module), {"agency": fellside.pk, "export": "csv"}))

    assert [row[1] for row in rows[1:]] == [inside.person.email]
    assert outside.person.email not in str(rows)


@pytest.mark.parametrize("query", [{"agency": "abc"}, {"agency": "9" * 26}, {"status": "lost"}])
def test_a_bad_filter_value_lists_learners_rather_than_failing(administrator_client, query):
    module = ModuleFactory()
    enrolment = enrolled(module)

    response = administrator_client.get(learners_url(module), query)

    assert response.status_code == 200
    assert enrolment.person.email in response.content.decode()


def test_the_learners_list_only_the_modules_own_learners(administrator_client):
    module, other = ModuleFactory(), ModuleFactory()
    elsewhere = enrolled(other)

    html = administrator_client.get(learners_url(module)).content.decode()

    assert elsewhere.person.email not in html
    assert "Nobody has started" in html


def test_a_renewal_is_a_row_of_its_own(administrator_client):
    module = ModuleFactory()
    person = UserFactory()
    attempted(enrolled(module, person), "pass")
    Enrolment.objects.create(person=person, module=module)

    rows = csv_rows(administrator_client.get(learners_url(module), {"export": "csv"}))

    assert [row[4] for row in rows[1:]] == ["In progress", "Completed"]


@pytest.mark.parametrize("bad_id", ["99999", "9" * 26])
def test_a_module_that_does_not_exist_is_not_found(administrator_client, bad_id):
    assert administrator_client.get(f"/admin/elearning/results/{bad_id}/learners/").status_code == 404
    assert administrator_client.get(f"/admin/elearning/results/{bad_id}/learners/results/").status_code == 404


def learners_of_one_module(count):
    module = ModuleFactory(bank=3)
    for _ in range(count):
        attempted(enrolled(module), "fail", "pass")
        enrolled(module, lessons=2)
    return module


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_the_learners_cost_the_same_queries_for_two_learners_as_for_six(administrator_client, export):
    params = {"export": export} if export else {}
    few, many = learners_of_one_module(1), learners_of_one_module(3)

    assert queries_for(administrator_client, learners_url(many), **params) == queries_for(
        administrator_client, learners_url(few), **params
    )


# Who may open them


def reports(module):
    return [RESULTS, f"{RESULTS}results/", learners_url(module), learners_url(module) + "results/"]


@pytest.mark.parametrize("which", range(4))
def test_a_superuser_opens_every_report(superuser_client, which):
    module = ModuleFactory()

    assert superuser_client.get(reports(module)[which]).status_code == 200


@pytest.mark.parametrize("which", range(4))
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_someone_signed_out_is_sent_to_sign_in(client, which, export):
    url = reports(ModuleFactory())[which]

    for params in ({}, {"export": export}):
        response = client.get(url, params)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("which", range(4))
def test_a_learner_is_refused(client, which):
    module = ModuleFactory()
    learner = enrolled(module).person
    client.force_login(learner)

    assert client.get(reports(module)[which]).status_code == 403
    assert client.get(reports(module)[which], {"export": "csv"}).status_code == 403


@pytest.mark.parametrize("which", range(4))
def test_an_agency_lead_is_refused(client, which):
    module = ModuleFactory()
    lead = AgencyLeadershipFactory().user
    activate_totp(lead)
    client.force_login(lead)

    assert client.get(reports(module)[which]).status_code == 403
    assert client.get(reports(module)[which], {"export": "xlsx"}).status_code == 403


def admin_user_without_module_permissions(client):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return signed_in_with_mfa(client, editor)


@pytest.mark.parametrize("which", range(4))
def test_an_admin_user_without_the_module_permissions_is_sent_back_to_the_dashboard(client, which):
    """Wagtail's answer to a permission it refuses to someone who may use its admin."""
    url = reports(ModuleFactory())[which]
    admin_user_without_module_permissions(client)

    for params in ({}, {"export": "csv"}):
        response = client.get(url, params)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_e_learning_menu_offers_module_results_to_administrators_only(administrator_client, client):
    html = administrator_client.get("/admin/").content.decode()
    assert RESULTS in html

    admin_user_without_module_permissions(client)
    assert RESULTS not in client.get("/admin/").content.decode()


def test_the_module_list_links_each_module_to_its_learners_and_to_the_results(administrator_client):
    module = ModuleFactory()

    html = administrator_client.get("/admin/elearning_module/").content.decode()

    assert learners_url(module) in html
    assert RESULTS in html
