"""The page tree can only be built the right way, and an administrator can build it in the admin."""

import pytest

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import (
    CourseFormat,
    CoursePage,
    ForumIndexPage,
    ForumPage,
    ForumResource,
    StandardPage,
    TrainingIndexPage,
    TrainingLevelPage,
)
from lscb_training.models import HomePage
from tests.courses.factories import (
    CoursePageFactory,
    ForumIndexPageFactory,
    ForumPageFactory,
    TrainingLevelPageFactory,
    home_page,
    training_index,
)
from tests.people.factories import JobRoleFactory


class TestTrainingTreeRules(WagtailPageTestCase):
    """Wagtail's own page-type assertions, one rule each."""

    def test_a_course_can_only_be_created_under_a_level(self):
        self.assertAllowedParentPageTypes(CoursePage, {TrainingLevelPage})
        self.assertCanNotCreateAt(TrainingIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)

    def test_a_level_can_only_be_created_in_the_training_section(self):
        self.assertAllowedParentPageTypes(TrainingLevelPage, {TrainingIndexPage})
        self.assertCanNotCreateAt(HomePage, TrainingLevelPage)
        self.assertCanNotCreateAt(TrainingLevelPage, TrainingLevelPage)

    def test_a_level_holds_only_courses_and_a_course_holds_nothing(self):
        self.assertAllowedSubpageTypes(TrainingLevelPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, set())

    def test_the_home_page_holds_the_training_section_forums_and_standard_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {TrainingIndexPage, ForumIndexPage, StandardPage})

    def test_a_forum_can_only_be_created_under_the_forums_page(self):
        self.assertAllowedParentPageTypes(ForumPage, {ForumIndexPage})
        self.assertCanCreateAt(ForumIndexPage, ForumPage)


pytestmark = pytest.mark.django_db


def test_a_second_training_section_cannot_be_created():
    training_index()

    assert not TrainingIndexPage.can_create_at(home_page())


def add_page(client, model, parent, data):
    url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
    return client.post(url, {**data, "action-publish": "action-publish"})


def test_an_administrator_builds_the_training_section_index_level_and_course_in_the_admin(superuser_client):
    specialist = JobRoleFactory(code="iro", name="Independent Reviewing Officer")

    response = add_page(
        superuser_client,
        TrainingIndexPage,
        home_page(),
        nested_form_data({"title": "Training", "slug": "training", "introduction": rich_text("<p>Four levels.</p>")}),
    )
    assert response.status_code == 302
    index = TrainingIndexPage.objects.get()

    response = add_page(
        superuser_client,
        TrainingLevelPage,
        index,
        nested_form_data(
            {
                "title": "Level 4: specialist workshops",
                "slug": "level-4",
                "number": "4",
                "audience": rich_text("<p>Front-line social workers and IROs.</p>"),
                "aims": rich_text("<p>Managing risk.</p>"),
                "covers": rich_text("<p>Attachment and disclosures.</p>"),
            }
        ),
    )
    assert response.status_code == 302
    level = TrainingLevelPage.objects.get()

    response = add_page(
        superuser_client,
        CoursePage,
        level,
        nested_form_data(
            {
                "title": "CSE specialist workshop",
                "slug": "cse-specialist-workshop",
                "summary": "Managing risk, attachment and disclosures.",
                "learning_outcomes": rich_text("<ul><li>Assess risk</li></ul>"),
                "format": CourseFormat.FULL_DAY,
                "duration": "6 hours",
                "cpd_hours": "6",
                "validity_months": "36",
                "audience": rich_text("<p>Specialist roles only.</p>"),
                "topics": "cse, risk-assessment",
                "prerequisites": inline_formset([]),
                "requires_lead_approval": "on",
            }
        )
        # A multiple choice field posts one value per ticked box, which nested_form_data cannot express.
        | {"eligible_job_roles": [str(specialist.pk)]},
    )
    assert response.status_code == 302
    course = CoursePage.objects.get()
    assert course.live
    assert course.get_parent().specific == level
    assert sorted(course.topics.names()) == ["cse", "risk-assessment"]
    assert list(course.eligible_job_roles.all()) == [specialist]
    assert course.requires_lead_approval


def test_admin_refuses_a_second_level_with_the_same_number_with_a_clear_message(superuser_client):
    level = TrainingLevelPageFactory(number=2)

    response = add_page(
        superuser_client,
        TrainingLevelPage,
        level.get_parent(),
        nested_form_data(
            {"title": "Another level 2", "slug": "another-level-2", "number": "2", "audience": rich_text("<p>All.</p>")}
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "There is already a level with this number. Each level can appear only once."
    ]
    assert TrainingLevelPage.objects.count() == 1


def test_admin_refuses_a_course_outside_a_level(superuser_client):
    index = training_index()
    before = Page.objects.count()

    response = add_page(superuser_client, CoursePage, index, {"title": "Stray course", "summary": "Nowhere."})

    assert response.status_code == 302  # Wagtail turns the refusal into a redirect with a message
    assert Page.objects.count() == before


def resource_form(**fields):
    return {"title": "", "description": "", "document": "", "url": "", "topics": "", **fields}


def test_an_administrator_adds_a_forum_with_a_document_and_a_link_each_with_topics(superuser_client):
    forums = ForumIndexPageFactory()
    document = Document.objects.create(title="CSE Screening Tool", file=ContentFile(b"Screening", name="tool.txt"))

    response = add_page(
        superuser_client,
        ForumPage,
        forums,
        nested_form_data(
            {
                "title": "Practitioner Forum January 2018",
                "slug": "january-2018",
                "forum_date": "2018-01-25",
                "area": "Penrith",
                "venue": "North Lakes Hotel",
                "summary": "The annual forum.",
                "resources": inline_formset(
                    [
                        resource_form(title="CSE Screening Tool", document=str(document.pk), topics="cse"),
                        resource_form(title="NWG Network", url="https://www.nwgnetwork.org/", topics="cse, met"),
                    ]
                ),
            }
        ),
    )

    assert response.status_code == 302
    forum = ForumPage.objects.get()
    resources = list(forum.resources.all())
    assert [r.title for r in resources] == ["CSE Screening Tool", "NWG Network"]
    assert sorted(resources[1].topics.names()) == ["cse", "met"]
    assert resources[0].document == document


@pytest.mark.parametrize(
    ("document", "url", "message"),
    [
        (False, "", "Choose a document or enter a link."),
        (True, "https://example.org/", "Choose a document or enter a link, not both."),
    ],
)
def test_a_resource_needs_exactly_one_of_document_or_link(superuser_client, document, url, message):
    forums = ForumIndexPageFactory()
    doc = Document.objects.create(title="Slides", file=ContentFile(b"Slides", name="slides.txt"))

    response = add_page(
        superuser_client,
        ForumPage,
        forums,
        nested_form_data(
            {
                "title": "Forum",
                "slug": "forum",
                "forum_date": "2017-01-26",
                "summary": "A forum.",
                "resources": inline_formset(
                    [resource_form(title="Slides", document=str(doc.pk) if document else "", url=url)]
                ),
            }
        ),
    )

    assert response.status_code == 200
    formset = response.context["form"].formsets["resources"]
    assert formset.forms[0].errors["url"] == [message]
    assert not ForumResource.objects.exists()
    assert not ForumPage.objects.exists()


def test_forum_factory_builds_a_forum_with_resources():
    forum = ForumPageFactory(resources=[{"title": "Risk indicators", "url": "https://example.org/", "topics": ["cse"]}])

    assert forum.get_parent().specific == ForumIndexPage.objects.get()
    assert list(forum.resources.values_list("title", flat=True)) == ["Risk indicators"]


def test_an_administrator_can_open_the_edit_forms_of_a_course_and_a_forum(superuser_client):
    course = CoursePageFactory(topics=["cse"])
    forum = ForumPageFactory(resources=[{"title": "Slides", "topics": ["cse"]}])

    for page in (course, forum):
        assert superuser_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_an_administrator_sees_and_searches_the_topics_courses_and_resources_share(superuser_client):
    CoursePageFactory(topics=["Harmful sexual behaviour"])
    ForumPageFactory(resources=[{"title": "Slides", "topics": ["Online safety"]}])

    listing = superuser_client.get(reverse("topics:index")).content.decode()
    search = superuser_client.get(reverse("topics:index"), {"q": "harmful"}).content.decode()

    assert "Harmful sexual behaviour" in listing
    assert "Online safety" in listing
    assert "harmful-sexual-behaviour" in search
    assert "Online safety" not in search
