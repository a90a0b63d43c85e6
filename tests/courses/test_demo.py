"""The demo catalogue: the four levels, the courses and the forums, and safe to run again."""

import pytest

from wagtail.documents.models import Document
from wagtail.models import Page

from courses.models import CourseFormat, CoursePage, ForumPage, StandardPage, TrainingLevelPage
from demo import catalogue as demo
from demo.data.people import SPECIALIST_ROLE_CODES
from tests.conftest import shared_rows
from tests.people.factories import JobRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The catalogue, seeded once for the module: what a test changes is rolled back."""
    with shared_rows(django_db_blocker):
        for code in SPECIALIST_ROLE_CODES:
            JobRoleFactory(code=code)
        demo.seed(lambda message: None)
        yield


def test_demo_builds_the_four_levels_in_the_offer_s_words(seeded):
    levels = list(TrainingLevelPage.objects.order_by("number"))

    assert [level.number for level in levels] == [1, 2, 3, 4]
    assert "increase general awareness of the main issues" in levels[0].aims
    assert "youth offending service, personal advisers and Independent Reviewing Officers" in levels[3].audience


def test_demo_has_at_least_eight_live_courses_including_level_1_e_learning(seeded):
    e_learning = CoursePage.objects.get(slug="cse-e-learning")

    assert CoursePage.objects.live().count() >= 8
    assert e_learning.format == CourseFormat.E_LEARNING
    assert e_learning.validity_months == 36
    assert e_learning.get_parent().specific.number == 1


def test_demo_specialist_workshop_is_for_the_five_specialist_roles_after_level_3_within_36_months(seeded):
    workshop = CoursePage.objects.get(slug="cse-specialist-workshop")
    prerequisite = workshop.prerequisites.get()

    assert sorted(workshop.eligible_job_roles.values_list("code", flat=True)) == sorted(SPECIALIST_ROLE_CODES)
    assert prerequisite.required_course.get_parent().specific.number == 3
    assert prerequisite.within_months == 36


def test_demo_forums_of_2017_and_2018_have_real_pdf_documents_and_links(seeded):
    forums = list(ForumPage.objects.order_by("forum_date"))
    document = Document.objects.get(title="CSE Screening Tool")

    assert [forum.forum_date.isoformat() for forum in forums] == ["2017-01-26", "2018-01-25"]
    assert forums[0].resources.filter(document__isnull=False).exists()
    assert forums[0].resources.exclude(url="").exists()
    with document.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"


def test_demo_adds_the_parent_carer_support_and_procedures_pages(seeded):
    assert set(StandardPage.objects.live().values_list("slug", flat=True)) >= {"parent-carer-support", "cse-procedures"}


def test_running_the_demo_again_changes_nothing(seeded):
    pages, documents = Page.objects.count(), Document.objects.count()

    demo.seed(lambda message: None)

    assert (Page.objects.count(), Document.objects.count()) == (pages, documents)


def test_demo_pages_are_served(seeded, client):
    for page in Page.objects.live().filter(depth__gte=3).specific():
        assert client.get(page.url).status_code == 200, page.url


def test_demo_topics_read_well_and_keep_the_slugs_what_s_on_filters_by(seeded):
    from taggit.models import Tag

    topics = dict(Tag.objects.values_list("slug", "name"))

    assert topics["cse"] == "CSE"
    assert topics["harmful-sexual-behaviour"] == "Harmful sexual behaviour"
    assert {"met", "missing", "online-safety", "risk-assessment"} <= set(topics)
    assert not any("_" in slug for slug in topics), "a tag typed twice in different cases got a second slug"
