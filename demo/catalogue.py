"""Loads the demo catalogue (``demo.data.catalogue``): the training section with its four levels
and courses, two Practitioner Forums with their resources, and the parent/carer support and
procedures pages.

Pages are found by slug and documents by title, and only what is missing is added, so running
``seed_demo`` again changes nothing and never undoes an editor's change.

Course slugs are stable: ``demo.sessions`` schedules sessions of the workshop courses by slug.
"""

import io

from xhtml2pdf import pisa

from django.core.files.base import ContentFile
from django.utils.html import escape

from wagtail.documents.models import Document
from wagtail.models import Site

from courses.models import (
    CoursePage,
    CoursePrerequisite,
    ForumIndexPage,
    ForumPage,
    ForumResource,
    StandardPage,
    TrainingIndexPage,
    TrainingLevelPage,
)
from demo.data.catalogue import (
    COURSES,
    DOCUMENT_FOOTER,
    DOCUMENTS,
    FORUM_INDEX,
    FORUMS,
    LEVELS,
    SPECIALIST,
    SUPPORT_PAGES,
    TRAINING_INDEX,
)
from demo.data.people import SPECIALIST_ROLE_CODES
from demo.pages import child_page, stream
from people.models import JobRole


def seed(log):
    home = Site.objects.get(is_default_site=True).root_page.specific
    documents = {key: _document(title, name, lines) for key, (title, name, lines) in DOCUMENTS.items()}

    index, _ = child_page(home, TrainingIndexPage, **TRAINING_INDEX)
    levels = {}
    for number, slug, title, audience, aims, covers in LEVELS:
        levels[number] = (
            TrainingLevelPage.objects.filter(number=number).first()
            or child_page(
                index, TrainingLevelPage, slug, title=title, number=number, audience=audience, aims=aims, covers=covers
            )[0]
        )
    specialists = list(JobRole.objects.filter(code__in=SPECIALIST_ROLE_CODES))
    added = sum(_course(levels[spec["level"]], spec, specialists) for spec in COURSES)
    log(f"Training: 4 levels, {len(COURSES)} courses ({added} added)")

    forums, _ = child_page(home, ForumIndexPage, **FORUM_INDEX)
    for spec in FORUMS:
        _forum(forums, spec, documents)
    log(f"Forums: {len(FORUMS)} with {ForumResource.objects.count()} resources")

    for spec in SUPPORT_PAGES:
        child_page(
            home,
            StandardPage,
            spec["slug"],
            title=spec["title"],
            introduction=spec["introduction"],
            body=stream(spec["body"], [documents[key] for key in spec["documents"]]),
        )
    log("Pages: " + ", ".join(spec["title"] for spec in SUPPORT_PAGES))


def _course(level, spec, specialists):
    """Adds a course under its level if no course has its slug; returns whether it added one."""
    if CoursePage.objects.filter(slug=spec["slug"]).exists():
        return False
    outcomes = "".join(f"<li>{outcome}</li>" for outcome in spec["outcomes"])
    page = CoursePage(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        learning_outcomes=f"<p>By the end you will be able to:</p><ul>{outcomes}</ul>",
        format=spec["format"],
        duration=spec["duration"],
        cpd_hours=spec["cpd_hours"],
        validity_months=spec["validity_months"],
        audience=level.audience,
        requires_lead_approval=spec.get("lead_approval", False),
    )
    page.topics.add(*spec["topics"])
    if spec.get("eligible_roles") == SPECIALIST:
        page.eligible_job_roles = specialists
    page.prerequisites = [
        CoursePrerequisite(required_course=CoursePage.objects.get(slug=slug), within_months=months)
        for slug, months in spec.get("prerequisites", [])
    ]
    level.add_child(instance=page)
    page.save_revision().publish()
    return True


def _forum(forums, spec, documents):
    if forums.get_children().filter(slug=spec["slug"]).exists():
        return
    page = ForumPage(
        slug=spec["slug"],
        title=spec["title"],
        forum_date=spec["forum_date"],
        area=spec["area"],
        venue=spec["venue"],
        summary=spec["summary"],
    )
    resources = []
    for key_or_title, url, description, topics in spec["resources"]:
        if url:
            resource = ForumResource(title=key_or_title, url=url, description=description)
        else:
            document = documents[key_or_title]
            resource = ForumResource(title=document.title, document=document, description=description)
        resource.topics.add(*topics)
        resources.append(resource)
    page.resources = resources
    forums.add_child(instance=page)
    page.save_revision().publish()


def _document(title, file_name, lines):
    """A small real PDF with ``lines`` of text, stored as a Wagtail document once."""
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    html = (
        f"<html><head><title>{escape(title)}</title></head><body><h1>{escape(lines[0])}</h1>{paragraphs}"
        f"<p><i>{escape(DOCUMENT_FOOTER)}</i></p></body></html>"
    )
    buffer = io.BytesIO()
    if pisa.CreatePDF(html, dest=buffer, encoding="utf-8").err:
        raise RuntimeError(f"Could not make the demo PDF {file_name}")
    return Document.objects.create(title=title, file=ContentFile(buffer.getvalue(), name=file_name))
