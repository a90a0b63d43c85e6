"""A certificate as a PDF (xhtml2pdf, A4 landscape), made once and kept.

``stored_pdf`` is what downloads call: it returns the stored file, rendering it on the first
download and again only when something it prints has changed (its ``pdf_fingerprint`` is the
SHA-256 of everything printed, plus ``TEMPLATE_VERSION``). Issuing never renders, so marking a
register stays cheap; the first download pays once.

The font is DejaVu Serif, shipped in ``static/fonts/`` (with its licence) and embedded, so names
such as Zoë Ångström-O’Neill and Siân Ó Briain print as typed. xhtml2pdf 0.2.28 confines what a
document may read to a resource policy: here the shipped static files and the media root (for the
logo's rendition), nothing remote.
"""

import base64
import datetime
import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from types import SimpleNamespace

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from wagtail.models import Site

from certificates.models import Certificate, CertificateKind
from courses.models import TrainingLevelPage
from lscb_training.dates import format_date
from lscb_training.models import SiteSettings

TEMPLATE = "certificates/pdf.html"
# Bump when templates/certificates/pdf.html changes what a certificate looks like or says:
# every stored PDF is then made again on its next download.
TEMPLATE_VERSION = "1"
FONT_FILES = ("fonts/DejaVuSerif.ttf", "fonts/DejaVuSerif-Bold.ttf")
LOGO_RENDITION = "max-360x160"
# Pixels per QR module: crisp when printed at 3cm without relying on a viewer's scaling.
QR_MODULE_PIXELS = 4
QR_QUIET_ZONE = 2


class CertificatePDFError(RuntimeError):
    pass


@dataclass(frozen=True)
class Printed:
    """Everything a certificate's PDF prints, as text: the fingerprint is made of these."""

    title: str
    kind: str
    verb: str  # "attended" or "completed", between the name and the course
    name: str
    course: str
    level: str
    completed_on: str
    duration: str
    cpd_hours: str
    expires_on: str
    code: str
    verify_url: str
    partnership_name: str
    signatory_name: str
    signatory_title: str
    logo: str  # the logo image's file and its hash: a new file is a new logo
    template_version: str


def verify_path(code):
    """The verify page of ``code``, the QR's target (``certificates:verify``)."""
    try:
        return reverse("certificates:verify", args=[code])
    except NoReverseMatch:
        return f"/verify/{code}/"


def site_root_url(site=None):
    """The partnership's public address (the default Wagtail site), never the host a request
    came in on: the PDF is stored and shared, so it must print the one canonical URL."""
    if site is not None:
        return site.root_url
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def level_label(level):
    """The level as printed, e.g. "Level 2: awareness workshops", whether or not the page's
    title already names its number."""
    title = level.title.strip()
    number = getattr(level, "number", None)
    return title if number is None or title.lower().startswith("level") else f"Level {number}: {title}"


@dataclass
class Surroundings:
    """What every certificate prints from outside itself: the site's address and settings, the
    logo, and each course's level. Load once for a download or a whole session's ZIP."""

    root_url: str
    site_settings: SiteSettings
    logo: object
    levels: dict

    @classmethod
    def load(cls):
        """One query when the default site has its settings (the usual case)."""
        site_settings = SiteSettings.objects.select_related("site", "logo").filter(site__is_default_site=True).first()
        if site_settings is None:
            site = Site.objects.filter(is_default_site=True).first()
            site_settings = SiteSettings.for_site(site) if site is not None else SiteSettings()
        else:
            site = site_settings.site
        return cls(site_root_url(site), site_settings, site_settings.logo, {})

    def level_of(self, course):
        """The course's level, looked up once per course: two columns, not a page (loading a
        Wagtail page costs more than the query)."""
        if course.pk not in self.levels:
            level = TrainingLevelPage.objects.filter(path=course.path[: -course.steplen]).values("title", "number")
            level = level.first() or {"title": course.get_parent().title, "number": None}  # placed elsewhere
            self.levels[course.pk] = level_label(SimpleNamespace(**level))
        return self.levels[course.pk]


def printed(certificate, surroundings=None):
    """What ``certificate``'s PDF prints (its person and course loaded with it). Without
    ``surroundings``, a few more queries: the site, its settings, the logo, the level."""
    surroundings = surroundings or Surroundings.load()
    site_settings, logo = surroundings.site_settings, surroundings.logo
    course = certificate.course
    name = certificate.person.full_name.strip() or certificate.person.email
    return Printed(
        title=f"{certificate.get_kind_display()}: {course.title}, {name}",
        kind=certificate.get_kind_display(),
        verb="attended" if certificate.kind == CertificateKind.ATTENDANCE else "completed",
        name=name,
        course=course.title,
        level=surroundings.level_of(course),
        completed_on=format_date(certificate.completed_on),
        duration=course.duration.strip(),
        cpd_hours=_hours(course.cpd_hours),
        expires_on=format_date(certificate.expires_on) if certificate.expires_on else "",
        code=certificate.code,
        verify_url=surroundings.root_url + verify_path(certificate.code),
        partnership_name=site_settings.partnership_name,
        signatory_name=site_settings.certificate_signatory_name,
        signatory_title=site_settings.certificate_signatory_title,
        logo=f"{logo.pk}:{logo.file.name}:{logo.file_hash}" if logo is not None else "",
        template_version=TEMPLATE_VERSION,
    )


def _hours(value):
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".")
    return f"{text} hour" if text == "1" else f"{text} hours"


def fingerprint(facts):
    payload = json.dumps(asdict(facts), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def qr_png_data_uri(text):
    """A QR code of ``text`` as a PNG data URI, drawn from the module matrix.

    The mask is fixed: qrcode otherwise scores all eight in pure Python (about 15 ms, up to a
    third of the whole render); any mask scans, the choice only evens out the pattern.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_QUIET_ZONE, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.frombytes("L", (size, size), bytes(0 if dark else 255 for row in matrix for dark in row))
    image = image.resize((size * QR_MODULE_PIXELS,) * 2, Image.Resampling.NEAREST).convert("1")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _static_root(path):
    return Path(finders.find(path)).parent


def resource_policy():
    """Reads confined to the shipped fonts and the media root (the logo's rendition); nothing
    remote. Built per render, so a test's ``MEDIA_ROOT`` is obeyed."""
    font_dir = _static_root(FONT_FILES[0])
    return ResourceAccessPolicy.server(base_dir=font_dir, extra_roots=(Path(settings.MEDIA_ROOT),), allow_remote=False)


def font_paths():
    return [finders.find(path) for path in FONT_FILES]


def render_html_to_pdf(html):
    """xhtml2pdf with the certificate's resource policy; any error is raised, never a blank PDF."""
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=resource_policy())
    if result.err:
        raise CertificatePDFError(f"xhtml2pdf reported {result.err} errors")
    return output.getvalue()


def render(certificate, surroundings=None, facts=None):
    """The PDF of ``certificate`` as bytes. Call ``stored_pdf`` instead to serve one."""
    surroundings = surroundings or Surroundings.load()
    facts = facts or printed(certificate, surroundings)
    logo = surroundings.logo
    logo_path = logo.get_rendition(LOGO_RENDITION).file.path if logo is not None else None
    regular, bold = font_paths()
    html = render_to_string(
        TEMPLATE,
        {
            "certificate": facts,
            "qr": qr_png_data_uri(facts.verify_url),
            "logo_path": logo_path,
            "font_regular": regular,
            "font_bold": bold,
        },
    )
    return render_html_to_pdf(html)


def _file_name(certificate, digest):
    today = datetime.date.today()
    return f"certificates/{today:%Y/%m}/{certificate.code}-{digest[:12]}.pdf"


def stored_pdf(certificate, surroundings=None):
    """``certificate``'s stored PDF (a ``FieldFile``), rendered and saved first if there is none
    or what it prints has changed.

    Safe when two first downloads race: each writes a file of its own name, then swaps the row
    to it only if the row still names what it read. The loser removes its own file and uses the
    winner's; the file a reader may be sending is never overwritten in place. A replaced file is
    removed after the commit.
    """
    surroundings = surroundings or Surroundings.load()
    facts = printed(certificate, surroundings)
    digest = fingerprint(facts)
    storage = certificate.pdf.storage
    if certificate.pdf and certificate.pdf_fingerprint == digest and storage.exists(certificate.pdf.name):
        return certificate.pdf
    previous = certificate.pdf.name or ""
    content = render(certificate, surroundings, facts)
    name = storage.save(_file_name(certificate, digest), ContentFile(content))
    swapped = Certificate.objects.filter(pk=certificate.pk, pdf=previous).update(pdf=name, pdf_fingerprint=digest)
    if not swapped:
        # Another download stored one first, from the same details or newer ones: keep theirs.
        storage.delete(name)
        certificate.refresh_from_db(fields=["pdf", "pdf_fingerprint"])
        return certificate.pdf
    if previous and previous != name:
        transaction.on_commit(lambda: storage.delete(previous))
    certificate.pdf.name = name
    certificate.pdf_fingerprint = digest
    return certificate.pdf


def open_stored_pdf(certificate, surroundings=None):
    """``stored_pdf`` opened for reading. If the file went between finding and opening it (a
    download that changed details removed it), it is found, or made, again once."""
    stored = stored_pdf(certificate, surroundings)
    try:
        return stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        certificate.refresh_from_db(fields=["pdf", "pdf_fingerprint"])
        stored = stored_pdf(certificate, surroundings)
        return stored.storage.open(stored.name, "rb")
