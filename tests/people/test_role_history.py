"""A person's role history stays in order by construction: compliance is computed from it."""

import datetime
import importlib
import random
from types import SimpleNamespace

import pytest

from django.db import IntegrityError, transaction
from django.utils import timezone

from people.models import ROLE_START_YEARS_BACK, RoleHistory, User
from tests.people.factories import AgencyFactory, JobRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/profile/"


def history(person):
    rows = RoleHistory.objects.filter(user=person).order_by("started_on")
    return [(row.agency.name, row.job_role.name, row.started_on, row.ended_on) for row in rows]


def details(person, **changes):
    return {
        "full_name": person.full_name,
        "agency": person.agency_id,
        "job_role": person.job_role_id,
        "team": "",
        "line_manager_name": "",
        "line_manager_email": "",
        "role_started_on": person.role_started_on.isoformat(),
        **changes,
    }


def admin_details(person, **changes):
    return {**details(person), "email": person.email, "is_active": "on", **changes}


@pytest.fixture
def police():
    return AgencyFactory(name="Fellside Police")


@pytest.fixture
def officer():
    return JobRoleFactory(name="Response officer")


@pytest.fixture
def investigator():
    return JobRoleFactory(name="Investigator")


@pytest.fixture
def moved_once(police, officer, investigator):
    """Response officer from 1 March 2020, investigator from 1 March 2024."""
    person = UserFactory(agency=police, job_role=officer, role_started_on=datetime.date(2020, 3, 1))
    person.job_role, person.role_started_on = investigator, datetime.date(2024, 3, 1)
    person.save()
    return person


def test_someone_who_signed_up_today_can_correct_their_role_today(client, police, officer, investigator):
    person = UserFactory(agency=police, job_role=officer)  # the sign-up default: started today
    client.force_login(person)
    today = timezone.localdate()

    response = client.post(PROFILE_URL, details(person, job_role=investigator.pk))

    assert response.status_code == 302
    assert history(person) == [("Fellside Police", "Investigator", today, None)]


def test_someone_who_signed_up_today_can_give_their_real_start_date(client, police, officer):
    person = UserFactory(agency=police, job_role=officer)
    client.force_login(person)

    response = client.post(PROFILE_URL, details(person, role_started_on="2019-09-02"))

    assert response.status_code == 302
    assert history(person) == [("Fellside Police", "Response officer", datetime.date(2019, 9, 2), None)]


def test_changing_only_the_start_date_moves_the_start_in_the_history(client, moved_once):
    client.force_login(moved_once)

    response = client.post(PROFILE_URL, details(moved_once, role_started_on="2024-05-01"))

    assert response.status_code == 302
    assert history(moved_once) == [
        ("Fellside Police", "Response officer", datetime.date(2020, 3, 1), datetime.date(2024, 5, 1)),
        ("Fellside Police", "Investigator", datetime.date(2024, 5, 1), None),
    ]


def test_an_earlier_start_date_shortens_the_previous_role(client, moved_once):
    client.force_login(moved_once)

    client.post(PROFILE_URL, details(moved_once, role_started_on="2022-01-10"))

    assert history(moved_once) == [
        ("Fellside Police", "Response officer", datetime.date(2020, 3, 1), datetime.date(2022, 1, 10)),
        ("Fellside Police", "Investigator", datetime.date(2022, 1, 10), None),
    ]


def test_a_start_date_reaching_back_over_the_previous_role_is_refused(client, moved_once):
    client.force_login(moved_once)
    before = history(moved_once)

    response = client.post(PROFILE_URL, details(moved_once, role_started_on="2019-01-01"))

    assert response.status_code == 200
    assert "must be after 1 March 2020, when the previous role started" in response.content.decode()
    assert history(moved_once) == before


def test_the_admin_refuses_a_new_role_dated_before_the_current_one_started(superuser_client, moved_once, officer):
    before = history(moved_once)

    response = superuser_client.post(
        f"/admin/users/edit/{moved_once.pk}/",
        admin_details(moved_once, job_role=officer.pk, role_started_on="2021-06-01"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["role_started_on"] == [
        "The agency or job role has changed: give the date the new role started, which must be after 1 March 2024 "
        "when the previous role started"
    ]
    assert history(moved_once) == before


def test_an_earlier_dated_change_saved_directly_replaces_what_it_covers(moved_once, officer):
    # Saved without a form (an import, the shell): the history still cannot end before it starts.
    moved_once.job_role, moved_once.role_started_on = officer, datetime.date(2022, 1, 1)
    moved_once.save()

    assert history(moved_once) == [
        ("Fellside Police", "Response officer", datetime.date(2020, 3, 1), datetime.date(2022, 1, 1)),
        ("Fellside Police", "Response officer", datetime.date(2022, 1, 1), None),
    ]


def test_a_person_left_with_no_agency_or_role_has_no_current_row(moved_once):
    moved_once.agency = moved_once.job_role = None
    moved_once.save()

    assert not RoleHistory.objects.filter(user=moved_once, ended_on=None).exists()
    assert RoleHistory.objects.filter(user=moved_once).count() == 2


def test_the_database_refuses_a_row_that_ends_before_it_starts(moved_once):
    row = RoleHistory.objects.filter(user=moved_once, ended_on__isnull=False).get()

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleHistory.objects.filter(pk=row.pk).update(ended_on=row.started_on)


def test_the_database_refuses_a_second_current_row(moved_once):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleHistory.objects.create(user=moved_once, agency=moved_once.agency, started_on=datetime.date(2025, 1, 1))


def assert_in_order(person):
    rows = list(RoleHistory.objects.filter(user=person).order_by("started_on"))
    for row in rows:
        assert row.ended_on is None or row.ended_on > row.started_on, f"{row} ends before it starts"
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert earlier.ended_on is not None and earlier.ended_on <= later.started_on, f"{earlier} overlaps {later}"
    current = [row for row in rows if row.ended_on is None]
    if person.agency_id or person.job_role_id:
        assert [(row.agency_id, row.job_role_id, row.started_on) for row in current] == [
            (person.agency_id, person.job_role_id, person.role_started_on)
        ]
    else:
        assert current == []


def test_role_history_stays_in_order_over_many_random_edits():
    rng = random.Random(8)  # noqa: S311 - a reproducible sequence of edits, not security
    agencies = [AgencyFactory() for _ in range(3)]
    roles = [JobRoleFactory() for _ in range(3)]
    today = timezone.localdate()
    earliest = datetime.date(today.year - ROLE_START_YEARS_BACK, 1, 1)
    recent = [today - datetime.timedelta(days=n) for n in range(0, 3000, 97)]
    person = UserFactory(agency=agencies[0], job_role=roles[0], role_started_on=recent[-1])

    for _ in range(200):
        edit = rng.choice(["role", "agency", "date", "role and date", "agency and date", "none", "reload"])
        if edit == "reload":
            person = User.objects.get(pk=person.pk)  # a fresh form or request loads the person anew
        if "role" in edit:
            person.job_role = rng.choice(roles)
        if "agency" in edit:
            person.agency = rng.choice(agencies)
        if "date" in edit:
            # Mostly recent dates, sometimes far back, sometimes the same as before.
            person.role_started_on = rng.choice([rng.choice(recent), earliest, today, person.role_started_on])
        if edit == "none":
            person.agency = person.job_role = None
        elif person.agency is None and person.job_role is None:
            person.agency = rng.choice(agencies)
        person.save()
        assert_in_order(User.objects.get(pk=person.pk))


def test_the_migration_replays_a_history_the_old_rule_left_out_of_order():
    # The old rule: a later change dated earlier closed the open row before it started, and left
    # the start-only correction unrecorded. The database now refuses such rows, so the replay is
    # tried on plain rows as the migration reads them.
    migration = importlib.import_module("people.migrations.0004_fix_names_emails_and_role_history")
    old_rows = [
        SimpleNamespace(pk=1, agency_id=1, job_role_id=1, started_on=datetime.date(2024, 3, 1)),
        SimpleNamespace(pk=2, agency_id=1, job_role_id=2, started_on=datetime.date(2021, 1, 1)),
        SimpleNamespace(pk=3, agency_id=2, job_role_id=2, started_on=datetime.date(2022, 6, 1)),
    ]
    person = SimpleNamespace(agency_id=2, job_role_id=2, role_started_on=datetime.date(2022, 9, 1))

    timeline = migration.replay(old_rows, person, today=datetime.date(2026, 11, 26))

    assert [(p["id"], p["agency_id"], p["job_role_id"], p["started_on"], p["ended_on"]) for p in timeline] == [
        (2, 1, 2, datetime.date(2021, 1, 1), datetime.date(2022, 9, 1)),
        (3, 2, 2, datetime.date(2022, 9, 1), None),
    ]


def test_a_role_history_row_reads_with_its_start_date_in_words():
    row = RoleHistory(
        user=UserFactory.build(full_name="Ada Brown"),
        job_role=JobRoleFactory.build(name="Teacher"),
        agency=AgencyFactory.build(name="Cumbria County Council"),
        started_on=datetime.date(2027, 4, 5),
    )

    assert str(row) == "Ada Brown: Teacher at Cumbria County Council from 5 April 2027"
