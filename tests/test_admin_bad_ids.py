"""Every admin create and edit form, and every chooser, given an id that cannot be one: never a 500.

The walk finds its forms from what is registered (model and snippet viewsets, site settings,
every page type, images and documents), so a screen added later is walked too. Each choice
field is posted a non-numeric id and one too large for any database (SQLite raises
OverflowError past 64 bits, PostgreSQL's integer columns at 32 bits): the answer is the form
again with a message beside that field. Run on SQLite and PostgreSQL.
"""

import pytest

from django import forms
from django.urls import NoReverseMatch, reverse

from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.blocks.base import BlockWidget
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, get_page_models

from courses.models import StandardPage
from lscb_training.models import SiteSettings
from tests.bookings.factories import SessionFactory
from tests.compliance.factories import ExemptionFactory, RequirementFactory
from tests.courses.factories import CoursePageFactory, ForumPageFactory, home_page
from tests.elearning.factories import ModuleFactory
from tests.html_forms import posted_data
from tests.people.factories import AgencyLeadershipFactory

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "9" * 26]


def bound_choice_fields(form):
    """(field name, name in the posted data) of every choice field in a form and its formsets.

    Not the hidden key of an inline row, which says which row is edited, not a choice."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField) and not field.disabled and not field.widget.is_hidden:
            yield name, form.add_prefix(name)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            yield from bound_choice_fields(child)


def all_forms(form):
    yield form
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            yield from all_forms(child)


@pytest.fixture
def site_content():
    """One of everything the admin edits, so every edit form has something to show."""
    ModuleFactory()  # before the course below: the walk edits the last course made
    session = SessionFactory()
    CoursePageFactory(prerequisites=[(session.course, 12)], eligible_job_roles=[])
    ForumPageFactory(resources=[{"title": "CSE Screening Tool", "topics": ["cse"]}])
    home_page().add_child(instance=StandardPage(title="About", slug="about"))
    leadership = AgencyLeadershipFactory()
    # A requirement and an exemption, so their edit screens are walked too, not only their add screens.
    requirement = RequirementFactory(agency=leadership.agency, courses=[session.course])
    ExemptionFactory(person=leadership.user, requirement=requirement)
    Image.objects.create(title="Logo", file=get_test_image_file())
    SiteSettings.objects.get_or_create(site_id=home_page().get_site().pk)
    return session


def screen_exists(url_name, *args):
    try:
        reverse(url_name, args=args)
    except NoReverseMatch:
        return False
    return True


def model_viewset_urls():
    """The create and edit screens of every model viewset, where it has them (records'
    completions have neither: only ``record_completion`` writes them)."""
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        if screen_exists(viewset.get_url_name("add")):
            yield reverse(viewset.get_url_name("add"))
        instance = viewset.model._default_manager.order_by("pk").first()
        if instance is not None and screen_exists(viewset.get_url_name("edit"), instance.pk):
            yield reverse(viewset.get_url_name("edit"), args=[instance.pk])


def page_urls():
    for model in get_page_models():
        if model is Page:
            continue
        parent_types = tuple(model.allowed_parent_page_models())
        pages = (page.specific for page in Page.objects.filter(depth__gt=1))
        parent = next((page for page in pages if isinstance(page, parent_types)), None)
        if parent is not None and model.can_create_at(parent):
            yield reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        instance = model.objects.order_by("-pk").first()  # the last made, with the most filled in
        if instance is not None:
            yield reverse("wagtailadmin_pages:edit", args=[instance.pk])


def other_form_urls():
    for model in settings_registry:
        site_id = home_page().get_site().pk
        yield reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site_id])
    yield reverse("wagtailimages:add")
    yield reverse("wagtailimages:edit", args=[Image.objects.first().pk])
    yield reverse("wagtaildocs:add")
    yield reverse("wagtaildocs:edit", args=[get_document_model().objects.first().pk])
    yield reverse("wagtailadmin_collections:add")


def admin_form_urls():
    return [*model_viewset_urls(), *page_urls(), *other_form_urls()]


def test_every_admin_choice_field_turns_a_bad_id_into_a_message_beside_it(superuser_client, site_content):
    walked = []
    for url in admin_form_urls():
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for name, posted_name in bound_choice_fields(response.context["form"]):
            for bad_id in BAD_IDS:
                data = {**posted_data(html, posted_name), posted_name: [bad_id]}
                answer = superuser_client.post(url, data)

                assert answer.status_code == 200, f"{url} {posted_name}={bad_id}: {answer.status_code}"
                field_errors = [
                    form.errors[name]
                    for form in all_forms(answer.context["form"])
                    if form.add_prefix(name) == posted_name and name in form.errors
                ]
                assert field_errors, f"{url} {posted_name}={bad_id}: no message beside the field"
                walked.append((url, posted_name))
    assert len({url for url, _name in walked}) > 15
    walked_fields = {name for _url, name in walked}
    expected_fields = ["course", "groups", "user", "logo", "prerequisites-0-required_course", "permissions"]
    for expected in [*expected_fields, "root_page", "requirement"]:
        assert expected in walked_fields


def chooser_viewsets():
    return [viewset for viewset in viewsets.viewsets if isinstance(viewset, ChooserViewSet)]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_every_chooser_answers_a_bad_id_with_not_found(superuser_client, site_content, bad_id):
    choosers = chooser_viewsets()
    assert {viewset.name for viewset in choosers} >= {"person_chooser", "wagtailimages_chooser", "wagtaildocs_chooser"}
    for viewset in choosers:
        url = reverse(viewset.get_url_name("chosen"), args=[bad_id])
        assert superuser_client.get(url).status_code == 404, url


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_every_chooser_answers_a_bad_id_among_several_chosen_with_not_found(superuser_client, site_content, bad_id):
    for url in [
        *(reverse(viewset.get_url_name("chosen_multiple")) for viewset in chooser_viewsets()),
        reverse("wagtailadmin_choose_page_chosen_multiple"),
    ]:
        response = superuser_client.get(url, {"id": ["1", bad_id]})
        assert response.status_code == 404, url


def bulk_action_urls():
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # registers them all
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action in actions:
                yield f"/admin/bulk/{app_label}/{model_name}/{action}/"


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_every_bulk_action_answers_a_bad_id_with_not_found(superuser_client, site_content, bad_id):
    urls = list(bulk_action_urls())
    assert "/admin/bulk/people/user/set_active_state/" in urls
    for url in urls:
        assert superuser_client.get(url, {"id": ["1", bad_id]}).status_code == 404, url
    assert superuser_client.get(urls[0], {"id": "all", "childOf": bad_id}).status_code == 404


def test_bulk_actions_still_take_the_ids_of_real_rows(superuser_client, site_content):
    page = Page.objects.filter(depth=2).first()

    response = superuser_client.get("/admin/bulk/wagtailcore/page/unpublish/", {"id": page.pk})

    assert response.status_code == 200
    assert page.title in response.content.decode()


def inline_row_keys(form):
    """The posted names of the hidden row ids of every existing inline row (a course's
    prerequisites, a forum's resources), in the form and its nested formsets."""
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.initial_forms:
            yield child.add_prefix(formset.model._meta.pk.name)
            yield from inline_row_keys(child)


@pytest.mark.parametrize("bad_id", [*BAD_IDS, None])
def test_a_tampered_or_missing_inline_row_id_is_refused_and_nothing_is_saved(superuser_client, site_content, bad_id):
    walked = []
    for url in admin_form_urls():
        response = superuser_client.get(url)
        html = response.content.decode()
        for row_key in inline_row_keys(response.context["form"]):
            data = posted_data(html, row_key)
            if bad_id is None:
                data.pop(row_key)
            else:
                data[row_key] = [bad_id]
            revisions_before = Page.objects.filter(latest_revision__isnull=False).count()

            answer = superuser_client.post(url, data)

            assert answer.status_code == 400, f"{url} {row_key}={bad_id}: {answer.status_code}"
            assert "nothing was saved" in answer.content.decode()
            assert Page.objects.filter(latest_revision__isnull=False).count() == revisions_before
            walked.append(row_key)
    assert "prerequisites-0-id" in walked
    assert "resources-0-id" in walked
    assert "lessons-0-id" in walked


def test_wagtails_deliberate_error_page_is_not_found(superuser_client):
    assert superuser_client.get("/admin/failwhale/").status_code == 404


def stream_field_names(form):
    """The posted names of every StreamField in the form and its inline rows."""
    for name, field in form.fields.items():
        if isinstance(field.widget, BlockWidget):
            yield form.add_prefix(name)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.initial_forms:
            yield from stream_field_names(child)


def test_a_stream_field_posted_without_its_editor_data_is_refused_and_nothing_is_saved(superuser_client, site_content):
    walked = []
    for url in admin_form_urls():
        response = superuser_client.get(url)
        html = response.content.decode()
        for name in stream_field_names(response.context["form"]):
            posted = posted_data(html, name)
            data = {key: value for key, value in posted.items() if key != name and not key.startswith(f"{name}-")}
            revisions_before = Page.objects.filter(latest_revision__isnull=False).count()

            answer = superuser_client.post(url, data)

            assert answer.status_code == 400, f"{url} without {name}: {answer.status_code}"
            assert Page.objects.filter(latest_revision__isnull=False).count() == revisions_before
            walked.append(name)
    assert "questions" in walked
    assert "lessons-0-body" in walked
