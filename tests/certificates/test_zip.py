"""A session's certificates as one ZIP, streamed: one PDF per person who attended, a valid
archive, only for training administrators, linked from the booking desk."""

import io
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.attendance import Mark
from bookings.choices import Attendance
from certificates import bundles
from certificates.models import Certificate
from certificates.services import revoke_certificate
from people.staff_access import TRAINING_ADMINISTRATORS
from tests.bookings.factories import BookingFactory
from tests.bookings.helpers import person, session_at
from tests.conftest import signed_in_with_mfa
from tests.courses.factories import CoursePageFactory
from tests.people.factories import AgencyLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def marker():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def session(marker):
    """A session two hours old: three attended (one late within the grace), one no-show."""
    session = session_at(
        timezone.now().replace(microsecond=0) - timedelta(hours=2),
        course=CoursePageFactory(title="Working with CSE: disruption"),
    )
    names = ["Zoë Ångström-O’Neill", "Siân Ó Briain", "Ali Khan", "Nobody Came"]
    bookings = [BookingFactory(session=session, user=person(full_name=name)) for name in names]
    marks = [
        Mark(bookings[0].pk, Attendance.ATTENDED),
        Mark(bookings[1].pk, Attendance.ATTENDED),
        Mark(bookings[2].pk, Attendance.ARRIVED_LATE, 10),
        Mark(bookings[3].pk, Attendance.DID_NOT_ATTEND),
    ]
    services.mark_register(session, marks, by=marker)
    return session


def zip_url(session):
    return reverse("certificate_zips:session", args=[session.pk])


def archive_of(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_one_pdf_per_person_who_attended(administrator_client, session):
    response = administrator_client.get(zip_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = archive_of(response)
    assert archive.testzip() is None
    codes = {c.person.full_name: c.code for c in Certificate.objects.select_related("person")}
    assert sorted(archive.namelist()) == sorted(
        [
            f"ali-khan-{codes['Ali Khan']}.pdf",
            f"sian-o-briain-{codes['Siân Ó Briain']}.pdf",
            f"zoe-angstrom-oneill-{codes['Zoë Ångström-O’Neill']}.pdf",
        ]
    )


def test_each_member_is_that_persons_certificate(administrator_client, session):
    archive = archive_of(administrator_client.get(zip_url(session)))

    for name in archive.namelist():
        code = name.removesuffix(".pdf")[-13:]
        text = PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text()
        certificate = Certificate.objects.select_related("person").get(code=code)
        assert code in text and certificate.person.full_name in text


def test_the_zip_is_streamed_and_named_for_the_session(administrator_client, session):
    response = administrator_client.get(zip_url(session))

    assert response.streaming
    day = timezone.localtime(session.starts_at).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificates-working-with-cse-disruption-{day:%Y-%m-%d}.zip"'
    )


def test_the_zip_is_written_in_chunks_no_bigger_than_one_read(session):
    certificates = list(bundles.session_certificates(session))

    chunks = list(bundles.zip_chunks(certificates))

    assert len(chunks) > len(certificates)
    assert max(len(chunk) for chunk in chunks) <= bundles.CHUNK_BYTES + 1024
    assert zipfile.ZipFile(io.BytesIO(b"".join(chunks))).testzip() is None


def test_the_zip_serves_the_stored_pdfs_it_made(administrator_client, session):
    archive_of(administrator_client.get(zip_url(session)))

    assert all(certificate.pdf for certificate in Certificate.objects.all())


def test_a_revoked_certificate_is_left_out(administrator_client, session, marker):
    revoked = Certificate.objects.select_related("person").get(person__full_name="Ali Khan")
    revoke_certificate(revoked, marker, "Left after ten minutes.")

    names = archive_of(administrator_client.get(zip_url(session))).namelist()

    assert len(names) == 2
    assert not any(revoked.code in name for name in names)


def test_a_session_without_certificates_goes_back_to_the_desk_and_says_why(administrator_client):
    empty = session_at(timezone.now().replace(microsecond=0) - timedelta(hours=2))

    response = administrator_client.get(zip_url(empty), follow=True)

    assert response.redirect_chain[-1][0] == reverse("bookings_desk:session", args=[empty.pk])
    assert "No certificates for this session yet" in response.content.decode()


def test_an_unknown_session_is_not_found(administrator_client):
    assert administrator_client.get(reverse("certificate_zips:session", args=[999999])).status_code == 404


# Who may have it.


def test_someone_signed_out_is_sent_to_sign_in(client, session):
    response = client.get(zip_url(session))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_learner_is_refused(client, session):
    client.force_login(UserFactory())

    assert client.get(zip_url(session)).status_code == 403


def test_an_agency_lead_is_refused(client, session):
    signed_in_with_mfa(client, AgencyLeadershipFactory().user)

    assert client.get(zip_url(session)).status_code == 403


def test_an_admin_user_who_is_not_a_training_administrator_is_refused(client, session):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    signed_in_with_mfa(client, editor)

    response = client.get(zip_url(session))

    # Wagtail turns the refusal into its "no permission" message on the dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_administrator_without_mfa_is_sent_to_set_it_up(client, session):
    administrator = UserFactory()
    administrator.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    client.force_login(administrator)

    response = client.get(zip_url(session))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


# Where administrators find it.


def test_the_booking_desk_links_administrators_to_the_zip(administrator_client, session):
    html = administrator_client.get(reverse("bookings_desk:session", args=[session.pk])).content.decode()

    assert f'href="{zip_url(session)}"' in html
    assert "Certificates (ZIP)" in html


def test_the_booking_desk_shows_no_zip_link_to_an_editor_who_is_not_an_administrator(client, session):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editor.user_permissions.add(Permission.objects.get(codename="change_session", content_type__app_label="bookings"))
    signed_in_with_mfa(client, editor)

    response = client.get(reverse("bookings_desk:session", args=[session.pk]))

    assert response.status_code == 200
    assert zip_url(session) not in response.content.decode()
