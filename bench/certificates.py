"""Times certificate PDFs: rendering, a repeat download served from storage, a session's ZIP.

Standalone: ``python bench/certificates.py`` (set DATABASE_URL to run it on PostgreSQL). It builds
a throwaway database, seeds a course under a level, the site settings (partnership, signatory)
and 200 people whose completions (``records.services.record_completions``) issue 200
certificates, then, with DEBUG off, times in the same run:

- rendering each of the 200 certificates (``certificates.pdf.render``: facts, QR code, template,
  xhtml2pdf), interleaved with xhtml2pdf rendering a minimal one-line A4 landscape document with
  the same embedded font: the reference. Target: median within 1.5x of it;
- a repeat download of a certificate through Django's test client, signed in as its holder (the
  stored file, no rendering), interleaved with a trivial view through the same middleware with
  the same session cookie. Target: median within 3x of it. A second reference, a trivial view
  that reads ``request.user``, shows how much of the gap is only being signed in;
- a 60-person session's ZIP through the admin view, as a training administrator: cold (every
  PDF made on the way, as on the first request after the register is marked) and warm (all
  stored).
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "lscb_training.settings.test"

import warnings  # noqa: E402

import django  # noqa: E402

# WhiteNoise warns that collectstatic has not run; the bench serves no static files.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "200"))
DOWNLOADS = int(os.environ.get("BENCH_RUNS", "200"))
ZIP_PEOPLE = 60
ZIP_WARM_RUNS = int(os.environ.get("BENCH_ZIP_RUNS", "5"))
WARM_UP = 5
TRIVIAL = "/bench/ok/"
TRIVIAL_SIGNED_IN = "/bench/me/"
NAMES = ["Zoë Ångström-O’Neill", "Siân Ó Briain", "Łukasz Żółć", "Ada Lovelace", "Chidi Okonkwo-Smith"]

MINIMAL = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><style>
@font-face {{ font-family: CertSerif; src: url("{font}"); }}
@page {{ size: a4 landscape; margin: 1.5cm; }} body {{ font-family: CertSerif; }}
</style></head><body><p>Zoë Ångström-O’Neill</p></body></html>"""


def trivial(request):
    return HttpResponse("ok")


def trivial_signed_in(request):
    """The same, after loading the signed-in person (the session and user queries every
    personal page pays): a second reference, to show what the download adds beyond them."""
    return HttpResponse(request.user.full_name)


urlpatterns = [
    path("bench/ok/", trivial),
    path("bench/me/", trivial_signed_in),
    path("", include("lscb_training.urls")),
]


def seed():
    """A course under a level, the partnership's settings, a venue, and an agency."""
    from wagtail.models import Site

    from bookings.models import Area, Venue
    from courses.models import CoursePage, TrainingIndexPage, TrainingLevelPage
    from lscb_training.models import HomePage, SiteSettings
    from people.models import Agency, Sector

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    level = index.add_child(
        instance=TrainingLevelPage(title="Level 2: awareness workshops", slug="level-2", number=2, audience="All")
    )
    course = level.add_child(
        instance=CoursePage(
            title="Child sexual exploitation: recognising and responding",
            slug="cse-recognising-and-responding",
            summary="CSE.",
            duration="3 hours",
            cpd_hours=3,
            validity_months=36,
        )
    )
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.certificate_signatory_name = "Siân Ó Briain"
    site_settings.certificate_signatory_title = "Independent Chair"
    site_settings.save()
    venue = Venue.objects.create(name="Riverside Centre", address="1 Castle Street", area=Area.CARLISLE)
    agency = Agency.objects.create(name="Fellside Health", sector=Sector.HEALTH)
    return course, venue, agency


def people(agency, count, prefix):
    from allauth.account.models import EmailAddress

    from people.models import User

    made = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", full_name=f"{NAMES[n % len(NAMES)]} {n}", agency=agency)
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=someone, email=someone.email, verified=True, primary=True) for someone in made
    )
    return made


def issue(course, holders):
    from certificates.models import Certificate
    from records.choices import CompletionSource
    from records.services import record_completions

    record_completions(holders, course, timezone.localdate() - timedelta(days=3), CompletionSource.ATTENDANCE)
    return list(Certificate.objects.filter(person__in=holders).select_related("person", "course").order_by("id"))


def timed(action):
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rendering(certificates):
    from certificates import pdf

    surroundings = pdf.Surroundings.load()
    minimal = MINIMAL.format(font=pdf.font_paths()[0])
    for certificate in certificates[:WARM_UP]:
        pdf.render(certificate, surroundings)
        pdf.render_html_to_pdf(minimal)
    renders, references, sizes = [], [], []
    for certificate in certificates:
        started = time.perf_counter()
        sizes.append(len(pdf.render(certificate, surroundings)))
        renders.append(time.perf_counter() - started)
        references.append(timed(lambda: pdf.render_html_to_pdf(minimal)))
    return renders, references, statistics.median(sizes), len(pdf.render_html_to_pdf(minimal))


def fetch(client, url):
    def action():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
        response.close()

    return action


def downloads(certificate):
    client = Client()
    client.force_login(certificate.person)
    url = reverse("certificates:pdf", args=[certificate.code])
    actions = {
        "download": fetch(client, url),
        "trivial": fetch(client, TRIVIAL),
        "signed_in": fetch(client, TRIVIAL_SIGNED_IN),
    }
    for action in actions.values():
        for _ in range(WARM_UP):
            action()
    timings = {name: [] for name in actions}
    for _ in range(DOWNLOADS):
        for name, action in actions.items():
            timings[name].append(timed(action))
    return timings


def session_zip(course, venue, agency):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from bookings import services
    from bookings.attendance import Mark
    from bookings.choices import Attendance
    from bookings.models import Booking, BookingStatus, Session
    from people.models import User

    starts_at = timezone.now().replace(microsecond=0) - timedelta(hours=4)
    session = Session.objects.create(
        course=course, venue=venue, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), capacity=ZIP_PEOPLE
    )
    attendees = people(agency, ZIP_PEOPLE, "attendee")
    bookings = Booking.objects.bulk_create(
        Booking(session=session, user=someone, agency=agency, status=BookingStatus.CONFIRMED) for someone in attendees
    )
    Session.objects.filter(pk=session.pk).update(places_taken=ZIP_PEOPLE)
    administrator = User.objects.create(email="admin@example.org", full_name="Ada Admin", is_superuser=True)
    services.mark_register(session, [Mark(b.pk, Attendance.ATTENDED) for b in bookings], by=administrator)
    TOTP.activate(administrator, generate_totp_secret())
    client = Client()
    client.force_login(administrator)
    url = reverse("certificate_zips:session", args=[session.pk])
    size = []

    def build():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        size.append(len(b"".join(response.streaming_content)))

    cold = timed(build)
    warm = [timed(build) for _ in range(ZIP_WARM_RUNS)]
    return cold, warm, size[-1]


def main():
    assert not settings.DEBUG, "the bench runs with DEBUG off"
    old_name = connection.settings_dict["NAME"]
    workdir = tempfile.TemporaryDirectory(prefix="lscb-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    # Keep the connection between requests as production does (base settings: 60 s); the test
    # settings close it after each one for the live server's threads, which would time
    # reopening SQLite, not the download.
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(ROOT_URLCONF=__name__):
            course, venue, agency = seed()
            certificates = issue(course, people(agency, CERTIFICATES, "holder"))
            renders, references, pdf_bytes, minimal_bytes = rendering(certificates)
            download_times = downloads(certificates[0])
            zip_cold, zip_warm, zip_bytes = session_zip(course, venue, agency)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()
        # The test settings' private media directory is this run's own (a new temporary one).
        shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)

    render_ms, reference_ms = statistics.median(renders) * 1000, statistics.median(references) * 1000
    download_ms = statistics.median(download_times["download"]) * 1000
    trivial_ms = statistics.median(download_times["trivial"]) * 1000
    signed_in_ms = statistics.median(download_times["signed_in"]) * 1000
    render_ratio, download_ratio = render_ms / reference_ms, download_ms / trivial_ms
    print(f"bench/certificates.py: {CERTIFICATES} certificates, {DOWNLOADS} downloads, after {WARM_UP} warm-up")
    print(f"  database: {connection.vendor}; DEBUG {settings.DEBUG}")
    print(f"  certificate PDF (render):          median {render_ms:7.2f} ms, best {min(renders) * 1000:7.2f} ms")
    print(f"    ({pdf_bytes / 1024:.0f} KB: two DejaVu Serif faces subset, a QR code, three fixed frames)")
    print(f"  minimal document, same font:       median {reference_ms:7.2f} ms, best {min(references) * 1000:7.2f} ms")
    print(f"    ({minimal_bytes / 1024:.0f} KB)")
    print(f"  certificate / minimal: {render_ratio:.2f}x (target <= 1.5x)")
    print(f"  repeat download (stored file):     median {download_ms:7.2f} ms")
    print(f"  trivial Django view ({TRIVIAL}):   median {trivial_ms:7.2f} ms")
    print(f"  trivial view reading the user:     median {signed_in_ms:7.2f} ms")
    print(
        f"  download / trivial: {download_ratio:.2f}x (target <= 3x); / trivial signed in: "
        f"{download_ms / signed_in_ms:.2f}x"
    )
    print(f"  {ZIP_PEOPLE}-certificate session ZIP ({zip_bytes / 1024:.0f} KB):")
    print(f"    cold (every PDF made and stored on the way): {zip_cold * 1000:8.0f} ms")
    print(f"    warm (all stored), median of {ZIP_WARM_RUNS}:          {statistics.median(zip_warm) * 1000:8.0f} ms")
    met = render_ratio <= 1.5 and download_ratio <= 3
    print(f"  targets {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
