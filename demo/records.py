"""Demo completions, recorded through ``records.services.record_completion`` as the site records them.

The personas each have a training history that shows something on the site: the front-line
social worker has done everything the level 4 specialist workshop asks for, the police lead's
full-day workshop is too old for it (the course page says when it lapsed), the teacher's
e-learning (imported from the outside provider) has expired. About half the generated people have
an imported e-learning completion, some the awareness workshop, and many specialists the full-day
workshop. Passing the e-learning modules on the site is ``demo.elearning``'s part, which runs next.

Dates are counted back from today, so the demo tells the same story whenever it is loaded; a
person who already has a completion of a course is skipped, so running it again adds nothing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from courses.models import CoursePage
from demo.data.people import PERSONAS, SPECIALIST_ROLE_CODES
from demo.data.records import GENERATED_COMPLETIONS, OLDEST_DAYS_AGO, PERSONA_COMPLETIONS
from lscb_training.dates import add_months
from people.models import User
from records.models import Completion
from records.services import record_completion


def seed(log):
    courses = {course.slug: course for course in CoursePage.objects.filter(slug__in=_slugs())}
    if not courses:
        log("No courses yet, so no completions.")
        return
    done = set(Completion.objects.values_list("user_id", "course_id"))
    added = _seed_personas(courses, done) + _seed_generated(courses, done)
    log(f"Completions: {Completion.objects.count()} ({added} added)")


def _slugs():
    return {slug for _persona, slug, *_ in PERSONA_COMPLETIONS} | {slug for slug, *_ in GENERATED_COMPLETIONS}


def _record(person, course, completed_on, source, done):
    if (person.pk, course.pk) in done:
        return 0
    record_completion(person, course, completed_on, source)
    done.add((person.pk, course.pk))
    return 1


def _seed_personas(courses, done):
    today = timezone.localdate()
    by_persona = {spec["persona"]: spec["email"] for spec in PERSONAS}
    people = {person.email: person for person in User.objects.filter(email__in=by_persona.values())}
    added = 0
    for persona, slug, months_ago, source in PERSONA_COMPLETIONS:
        person, course = people.get(by_persona[persona]), courses.get(slug)
        if person and course:
            added += _record(person, course, add_months(today, -months_ago), source, done)
    return added


def _seed_generated(courses, done):
    """The same people get the same completions on every run (``random.Random(2018)``)."""
    rng = random.Random(2018)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    personas = {spec["email"] for spec in PERSONAS}
    people = User.objects.filter(is_superuser=False, job_role__isnull=False).select_related("job_role")
    added = 0
    for person in people.order_by("email"):
        if person.email in personas:
            continue
        for slug, share, specialists_only, source in GENERATED_COMPLETIONS:
            # Every draw is made whether or not it is used, so one person's history never shifts another's.
            chosen = rng.random() < share
            days_ago = rng.randint(20, OLDEST_DAYS_AGO)
            if specialists_only and person.job_role.code not in SPECIALIST_ROLE_CODES:
                continue
            if chosen and slug in courses:
                added += _record(person, courses[slug], today - timedelta(days=days_ago), source, done)
    return added
