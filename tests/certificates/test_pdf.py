"""The certificate's PDF: what it prints (read back with pypdf), the shipped font embedded, its
metadata, and ``stored_pdf``: made once, kept, made again when what it prints changes."""

import io
import logging
from unittest import mock

import pytest
from pypdf import PdfReader

from django.core.files.storage import storages

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from certificates import pdf
from certificates.models import Certificate
from courses.models import CoursePage, TrainingLevelPage
from lscb_training.dates import format_date
from lscb_training.models import SiteSettings
from people.models import User
from tests.courses.factories import CoursePageFactory
from tests.people.factories import UserFactory
from tests.records.factories import CompletionFactory

pytestmark = pytest.mark.django_db

NAME = "Zoë Ångström-O’Neill"


@pytest.fixture
def site_settings():
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.partnership_name = "Cumbria Local Safeguarding Children Partnership"
    settings.certificate_signatory_name = "Siân Ó Briain"
    settings.certificate_signatory_title = "Independent Chair"
    settings.save()
    return settings


@pytest.fixture
def certificate(site_settings):
    person = UserFactory(full_name=NAME)
    course = CoursePageFactory(title="Recognising and responding to CSE", duration="3 hours", cpd_hours=3)
    return CompletionFactory(user=person, course=course).certificate


def read(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def fonts_of_text(reader):
    """The base font of every piece of visible text (ReportLab sets Helvetica at the start of
    each block whether or not it draws with it, so the font resources alone say too much)."""
    names = set()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict is not None:
            names.add(str(font_dict["/BaseFont"]).split("+")[-1])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return names


def test_the_pdf_prints_the_name_course_code_and_verification_url(certificate):
    _, text = read(pdf.render(certificate))

    assert NAME in text
    assert "Recognising and responding to CSE" in text
    assert certificate.code in text
    assert f"http://localhost/verify/{certificate.code}/" in text


def test_the_pdf_prints_the_kind_level_date_duration_cpd_expiry_and_signatory(certificate):
    _, text = read(pdf.render(certificate))

    assert "Certificate of attendance" in text
    assert "Level 1" in text
    assert format_date(certificate.completed_on) in text
    assert "3 hours" in text
    assert format_date(certificate.expires_on) in text
    assert "Siân Ó Briain" in text
    assert "Independent Chair" in text
    assert "Cumbria Local Safeguarding Children Partnership" in text


def test_a_course_that_does_not_expire_says_so(site_settings):
    certificate = CompletionFactory(course=CoursePageFactory(validity_months=None)).certificate

    _, text = read(pdf.render(certificate))

    assert "Does not expire" in text


def test_the_pdf_is_a4_landscape_on_one_page(certificate):
    reader, _ = read(pdf.render(certificate))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_a_long_name_and_title_with_a_logo_still_fit_on_one_page(site_settings, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site_settings.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    site_settings.save()
    course = CoursePageFactory(
        title="Child sexual exploitation and criminal exploitation: disruption, trafficking and working together"
    )
    person = UserFactory(full_name="Maria-Dolores Ångström-O’Neill-Fitzgerald de la Cruz")

    reader, text = read(pdf.render(CompletionFactory(user=person, course=course).certificate))

    assert len(reader.pages) == 1
    words = " ".join(text.split())
    assert "Fitzgerald de la Cruz" in words and "Check it is still valid at" in words


def test_every_word_is_set_in_the_shipped_font_embedded(certificate):
    reader, _ = read(pdf.render(certificate))

    # Subset fonts are named with a tag and a plus sign: "AAAAAA+DejaVuSerif".
    assert fonts_of_text(reader) == {"DejaVuSerif", "DejaVuSerif-Bold"}
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "DejaVu" in font["/BaseFont"]:
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0]["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()  # the TrueType program is in the file


def test_names_beyond_western_european_letters_print_without_a_missing_glyph(site_settings, caplog):
    """xhtml2pdf warns when a character has no glyph in the font it would use, the <title>
    included (it is the PDF's title)."""
    certificate = CompletionFactory(user=UserFactory(full_name="Łukasz Żółć")).certificate

    with caplog.at_level(logging.WARNING, logger="xhtml2pdf"):
        _, text = read(pdf.render(certificate))

    assert "Łukasz Żółć" in text
    assert [record.getMessage() for record in caplog.records] == []


def test_the_pdf_has_a_title_author_and_language(certificate):
    reader, _ = read(pdf.render(certificate))

    assert reader.metadata.title == f"Certificate of attendance: Recognising and responding to CSE, {NAME}"
    assert reader.metadata.author == "Cumbria Local Safeguarding Children Partnership"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_qr_code_is_embedded_as_an_image(certificate):
    reader, _ = read(pdf.render(certificate))

    assert len(reader.pages[0].images) == 1


def test_the_qr_code_reads_back_as_the_verification_url():
    """The QR image is the matrix qrcode computes for the URL, at a whole number of pixels
    per module (no scanner in the stack: compare the pixels with the matrix)."""
    import base64

    import qrcode
    from PIL import Image as PILImage

    url = "http://localhost/verify/CSE-7K3Q-9XMD/"
    uri = pdf.qr_png_data_uri(url)
    image = PILImage.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    step = pdf.QR_MODULE_PIXELS
    assert image.size == (len(matrix) * step,) * 2
    assert all(
        (image.getpixel((x * step + 1, y * step + 1)) == 0) == dark
        for y, row in enumerate(matrix)
        for x, dark in enumerate(row)
    )


def test_the_logo_is_printed_through_the_resource_policy(certificate, site_settings, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site_settings.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    site_settings.save()

    reader, _ = read(pdf.render(Certificate.objects.get(pk=certificate.pk)))

    assert len(reader.pages[0].images) == 2


def test_the_policy_refuses_files_outside_the_fonts_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    policy = pdf.resource_policy()

    with pytest.raises(Exception, match="(?i)outside|not allowed|blocked|denied"):
        policy.check_path(settings.BASE_DIR / "lscb_training" / "settings" / "base.py")


# stored_pdf: made once, kept, made again when what it prints changes.


def counted_renders():
    return mock.patch.object(pdf, "render", wraps=pdf.render)


def test_the_first_download_renders_and_stores_the_pdf(certificate):
    with counted_renders() as render:
        stored = pdf.stored_pdf(certificate)

    assert render.call_count == 1
    certificate.refresh_from_db()
    assert certificate.pdf.name == stored.name
    assert certificate.pdf_fingerprint
    assert storages["certificates"].exists(stored.name)
    assert NAME in read(stored.open("rb").read())[1]


def test_a_second_download_serves_the_stored_file_without_rendering(certificate):
    first = pdf.stored_pdf(certificate).name

    with counted_renders() as render:
        second = pdf.stored_pdf(Certificate.objects.get(pk=certificate.pk)).name

    assert render.call_count == 0
    assert second == first


def test_issuing_a_certificate_renders_nothing(site_settings):
    with counted_renders() as render:
        certificate = CompletionFactory().certificate

    assert render.call_count == 0
    assert not certificate.pdf


def test_a_changed_name_makes_the_pdf_again_and_removes_the_old_file(certificate, django_capture_on_commit_callbacks):
    first = pdf.stored_pdf(certificate).name
    User.objects.filter(pk=certificate.person_id).update(full_name="Siân Ó Briain")

    with counted_renders() as render, django_capture_on_commit_callbacks(execute=True):
        second = pdf.stored_pdf(Certificate.objects.get(pk=certificate.pk))

    assert render.call_count == 1
    assert second.name != first
    assert "Siân Ó Briain" in read(second.open("rb").read())[1]
    assert not storages["certificates"].exists(first)


def rename_course(certificate, site_settings):
    CoursePage.objects.filter(pk=certificate.course_id).update(title="A new title")


def change_cpd_hours(certificate, site_settings):
    CoursePage.objects.filter(pk=certificate.course_id).update(cpd_hours=2)


def remove_expiry(certificate, site_settings):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=None)


def change_signatory(certificate, site_settings):
    SiteSettings.objects.filter(pk=site_settings.pk).update(certificate_signatory_name="Ann Other")


def rename_level(certificate, site_settings):
    TrainingLevelPage.objects.filter(pk=certificate.course.get_parent().pk).update(title="Level one")


@pytest.mark.parametrize("change", [rename_course, change_cpd_hours, remove_expiry, change_signatory, rename_level])
def test_any_printed_detail_changing_makes_the_pdf_again(
    certificate, site_settings, change, django_capture_on_commit_callbacks
):
    first = pdf.stored_pdf(certificate).name
    change(certificate, site_settings)

    with counted_renders() as render, django_capture_on_commit_callbacks(execute=True):
        second = pdf.stored_pdf(Certificate.objects.get(pk=certificate.pk)).name

    assert render.call_count == 1
    assert second != first


def test_a_new_template_version_makes_the_pdf_again(certificate, monkeypatch):
    pdf.stored_pdf(certificate)
    monkeypatch.setattr(pdf, "TEMPLATE_VERSION", "2")

    with counted_renders() as render:
        pdf.stored_pdf(Certificate.objects.get(pk=certificate.pk))

    assert render.call_count == 1


def test_a_stored_file_that_went_missing_is_made_again(certificate):
    name = pdf.stored_pdf(certificate).name
    storages["certificates"].delete(name)

    with counted_renders() as render:
        stored = pdf.stored_pdf(Certificate.objects.get(pk=certificate.pk))

    assert render.call_count == 1
    assert storages["certificates"].exists(stored.name)


def test_two_first_downloads_at_once_leave_one_whole_file(certificate):
    """The second finishes rendering after the first has stored its file: it must not
    overwrite it, and must leave the row naming a whole, readable PDF."""
    late = Certificate.objects.get(pk=certificate.pk)  # read before the first stored anything
    first = pdf.stored_pdf(certificate).name

    second = pdf.stored_pdf(late).name

    assert second == first
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == first
    folder, _ = first.rsplit("/", 1)
    files = [name for name in storages["certificates"].listdir(folder)[1] if name.startswith(certificate.code)]
    assert files == [first.rsplit("/", 1)[1]]
    assert NAME in read(storages["certificates"].open(first).read())[1]


def test_when_two_renders_overlap_the_later_swap_loses_and_removes_its_own_file(certificate):
    """Both downloads render; the second finishes while the first is still rendering. The
    first then finds the row changed: it keeps the second's file and deletes its own."""
    real_render = pdf.render
    other = Certificate.objects.get(pk=certificate.pk)
    winner = {}

    def render_while_another_download_finishes(*args, **kwargs):
        if not winner:
            winner["name"] = "pending"
            winner["name"] = pdf.stored_pdf(other).name
        return real_render(*args, **kwargs)

    with mock.patch.object(pdf, "render", side_effect=render_while_another_download_finishes):
        stored = pdf.stored_pdf(certificate)

    assert stored.name == winner["name"]
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == winner["name"]
    folder, _ = winner["name"].rsplit("/", 1)
    files = [name for name in storages["certificates"].listdir(folder)[1] if name.startswith(certificate.code)]
    assert files == [winner["name"].rsplit("/", 1)[1]]
    assert NAME in read(storages["certificates"].open(winner["name"]).read())[1]
