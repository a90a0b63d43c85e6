"""Factories for the training tree, built through Wagtail's tree API so paths and depths are real.

Every page factory takes an optional ``parent``; without one it finds (or builds) the right
parent, so ``CoursePageFactory()`` alone gives a published course under level 1 of the one
training section beneath the home page. Pages are published with a revision, as an editor would.

    index = TrainingIndexPageFactory()
    level4 = TrainingLevelPageFactory(number=4)
    course = CoursePageFactory(level=level4, format=CourseFormat.FULL_DAY, topics=["cse", "met"])
"""

import datetime

import factory

from django.core.files.base import ContentFile
from django.utils.text import slugify

from wagtail.documents.models import Document

from courses.models import (
    CourseFormat,
    CoursePage,
    CoursePrerequisite,
    ForumIndexPage,
    ForumPage,
    ForumResource,
    TrainingIndexPage,
    TrainingLevelPage,
)
from lscb_training.models import HomePage


def home_page():
    """The home page the site's data migration created."""
    return HomePage.objects.get(depth=2)


class PublishedPageFactory(factory.django.DjangoModelFactory):
    """Adds the page beneath ``parent`` and publishes a first revision."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def default_parent(cls, kwargs):
        return home_page()

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or cls.default_parent(kwargs)
        page = cls.build_page(model_class, **kwargs)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    @classmethod
    def build_page(cls, model_class, **kwargs):
        return model_class(**kwargs)


def training_index():
    """The training section, made once (it is ``max_count = 1``)."""
    return TrainingIndexPage.objects.first() or TrainingIndexPageFactory()


class TrainingIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = TrainingIndexPage

    title = "Training"
    slug = "training"
    introduction = "<p>CSE training at four levels, from e-learning for everyone to specialist workshops.</p>"


class TrainingLevelPageFactory(PublishedPageFactory):
    """A level (``number`` 1–4 must be unique) under the training section."""

    class Meta:
        model = TrainingLevelPage

    number = 1
    title = factory.LazyAttribute(lambda o: f"Level {o.number}")
    slug = factory.LazyAttribute(lambda o: f"level-{o.number}")
    audience = "<p>All professionals in Cumbria working with children and young people.</p>"
    aims = "<p>General awareness of the sexual exploitation of children.</p>"
    covers = "<p>What CSE is, the signs, and what to do.</p>"

    @classmethod
    def default_parent(cls, kwargs):
        return training_index()


def training_level(number):
    """Level ``number``, made if it does not exist yet."""
    return TrainingLevelPage.objects.filter(number=number).first() or TrainingLevelPageFactory(number=number)


class CoursePageFactory(PublishedPageFactory):
    """A course under ``level`` (default: level 1).

    ``topics`` is a list of tag names; ``eligible_job_roles`` a list of ``people.JobRole``;
    ``prerequisites`` a list of ``(required_course, within_months)`` pairs.
    """

    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"CSE course {n}")
    summary = "A workshop on recognising and responding to child sexual exploitation."
    learning_outcomes = "<ul><li>Recognise the signs of CSE</li><li>Know how to refer</li></ul>"
    format = CourseFormat.HALF_DAY
    duration = "3 hours"
    cpd_hours = 3
    audience = "<p>Practitioners working with children and young people.</p>"
    validity_months = 36
    requires_lead_approval = False

    @classmethod
    def _create(cls, model_class, *args, level=None, parent=None, **kwargs):
        return super()._create(model_class, *args, parent=parent or level or training_level(1), **kwargs)

    @classmethod
    def build_page(cls, model_class, topics=(), eligible_job_roles=(), prerequisites=(), **kwargs):
        page = model_class(**kwargs)
        # modelcluster holds tags, roles and prerequisites in memory until the page is saved.
        if topics:
            page.topics.add(*topics)
        if eligible_job_roles:
            page.eligible_job_roles = list(eligible_job_roles)
        if prerequisites:
            page.prerequisites = [
                CoursePrerequisite(required_course=course, within_months=months) for course, months in prerequisites
            ]
        return page


def forum_index():
    """The forums section, made once (it is ``max_count = 1``)."""
    return ForumIndexPage.objects.first() or ForumIndexPageFactory()


class ForumIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = ForumIndexPage

    title = "Practitioner Forums"
    slug = "forums"
    introduction = "<p>Slides, documents and links from the annual Practitioner Forums.</p>"


def make_document(title="CSE Screening Tool", content=b"CSE Screening Tool", name="screening-tool.txt"):
    return Document.objects.create(title=title, file=ContentFile(content, name=name))


class ForumPageFactory(PublishedPageFactory):
    """A forum under the forums section.

    ``resources`` is a list of dicts of ``ForumResource`` fields, with ``topics`` as tag names;
    a dict with neither ``document`` nor ``url`` gets a new text document.
    """

    class Meta:
        model = ForumPage

    title = factory.Sequence(lambda n: f"Practitioner Forum {2000 + n}")
    forum_date = factory.Sequence(lambda n: datetime.date(2000 + n, 1, 26))
    area = "Penrith"
    venue = "North Lakes Hotel"
    summary = "The annual forum for practitioners across Cumbria."

    @classmethod
    def default_parent(cls, kwargs):
        return forum_index()

    @classmethod
    def build_page(cls, model_class, resources=(), **kwargs):
        page = model_class(**kwargs)
        page.resources = [build_resource(**fields) for fields in resources]
        return page


def build_resource(topics=(), **fields):
    if not fields.get("document") and not fields.get("url"):
        fields["document"] = make_document(title=fields.get("title", "Slides"))
    resource = ForumResource(**{"title": "Slides", "description": "", **fields})
    if topics:
        resource.topics.add(*topics)
    return resource
