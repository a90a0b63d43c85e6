"""The eligibility rule: may this person take this course, and if not, every reason why.

One place for the rule, read by the course and level pages (``records.wagtail_hooks``); booking
(``bookings.rules``) re-checks it when a place is taken. Checks that belong to booking alone (the
booking window, places, already booked) stay in ``bookings``. The rule returns facts (a ``code`` and the
page a reason points at) together with the words the person reads, as the catalogue asked for
plain words in one place.

Reasons, in the order a person should deal with them:

- ``no_job_role``: the course is for some roles only and the profile names none (link: profile);
- ``job_role_not_eligible``: the profile's role is not one the course is for (link: the highest
  level below the course's whose live courses the role may take);
- ``prerequisite_missing``: a course that must be completed first has not been (link: that course);
- ``prerequisite_lapsed``: it was, but longer ago than allowed (link: that course).

An individual exception in force (``records.services.grant_exception``) overrides every reason;
the reasons are still returned so the page can say what was set aside.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wagtail.models import Page

from courses.models import CoursePage, CoursePrerequisite, TrainingLevelPage
from lscb_training.dates import add_months, format_short_date
from records.choices import ReasonCode
from records.models import Completion, EligibilityException


@dataclass(frozen=True)
class Reason:
    """One reason a person may not take a course: ``code`` (a ``ReasonCode``), the words they
    read, and the page it points to (a prerequisite course or a suitable level), if any."""

    code: str
    message: str
    page: Page | None = None
    lapsed_on: date | None = None

    @property
    def points_to_profile(self):
        return self.code == ReasonCode.NO_JOB_ROLE


@dataclass(frozen=True)
class Eligibility:
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    exception: EligibilityException | None = None

    @property
    def may_take(self):
        return not self.reasons or self.exception is not None

    @property
    def refused_for_role(self):
        """Whether the person's job role rules the course out (nothing they can complete will help)."""
        return any(reason.code == ReasonCode.JOB_ROLE_NOT_ELIGIBLE for reason in self.reasons)


def eligibility(person, course, on=None, *, roles=None, prerequisites=None):
    """Whether ``person`` may take ``course`` on ``on`` (default today), with every reason not.

    A caller that has already loaded the course's eligible ``roles`` and its ``prerequisites``
    (with ``required_course``), as the course page has, passes them to save the queries.
    """
    known = {}
    if roles is not None and prerequisites is not None:
        known = {
            "roles_by_course": {course.pk: list(roles)},
            "prerequisites_by_course": {course.pk: list(prerequisites)},
        }
    return eligibility_for_courses(person, [course], on=on, **known)[course.pk]


def eligibility_for_courses(person, courses, on=None, *, roles_by_course=None, prerequisites_by_course=None):
    """``{course.pk: Eligibility}`` for each of ``courses``, in a fixed number of queries
    (at most six, whatever the number of courses, prerequisites and completions)."""
    on = on or timezone.localdate()
    courses = list(courses)
    course_ids = [course.pk for course in courses]

    if roles_by_course is None:
        roles_by_course = {}
        through = CoursePage.eligible_job_roles.through
        for link in through.objects.filter(coursepage_id__in=course_ids).select_related("jobrole"):
            roles_by_course.setdefault(link.coursepage_id, []).append(link.jobrole)
    roles_by_course = {pk: sorted(roles, key=lambda role: role.name) for pk, roles in roles_by_course.items()}

    if prerequisites_by_course is None:
        prerequisites_by_course = {}
        prerequisites = CoursePrerequisite.objects.filter(course_id__in=course_ids).select_related("required_course")
        for prerequisite in prerequisites.order_by("sort_order", "id"):
            prerequisites_by_course.setdefault(prerequisite.course_id, []).append(prerequisite)

    latest_completion = {}
    required_ids = {p.required_course_id for ps in prerequisites_by_course.values() for p in ps}
    if required_ids:
        completions = (
            Completion.objects.for_person(person)
            .filter(course_id__in=required_ids, completed_on__lte=on)
            .order_by("completed_on")
            .values_list("course_id", "completed_on")
        )
        latest_completion = dict(completions)  # the latest date of each course wins

    exceptions = {
        exception.course_id: exception
        for exception in EligibilityException.objects.active().for_person(person).filter(course_id__in=course_ids)
    }

    refused_for_role = [course for course in courses if _refuses_role(person, roles_by_course.get(course.pk))]
    suitable_levels = _suitable_levels(person, refused_for_role)

    result = {}
    for course in courses:
        reasons = [
            *_role_reasons(person, roles_by_course.get(course.pk, []), suitable_levels.get(course.pk)),
            *_prerequisite_reasons(prerequisites_by_course.get(course.pk, []), latest_completion, on),
        ]
        result[course.pk] = Eligibility(reasons=tuple(reasons), exception=exceptions.get(course.pk))
    return result


def _refuses_role(person, roles):
    """Whether the course is for some roles only and the person holds another (a missing role
    is a reason of its own)."""
    return bool(roles) and person.job_role_id is not None and person.job_role_id not in {role.pk for role in roles}


def _role_reasons(person, roles, suitable_level):
    if not roles:
        return []
    names = join_names([role.name for role in roles])
    if person.job_role_id is None:
        return [
            Reason(
                ReasonCode.NO_JOB_ROLE,
                f"This course is only for these job roles: {names}. Your profile does not say what your job "
                "role is: add it to your profile.",
            )
        ]
    if not _refuses_role(person, roles):
        return []
    return [
        Reason(
            ReasonCode.JOB_ROLE_NOT_ELIGIBLE,
            f"This course is only for these job roles: {names}. Your profile says: {person.job_role.name}.",
            page=suitable_level,
        )
    ]


def _prerequisite_reasons(prerequisites, latest_completion, on):
    reasons = []
    for prerequisite in prerequisites:
        required = prerequisite.required_course
        completed_on = latest_completion.get(required.pk)
        if completed_on is None:
            message = f"Complete “{required.title}” first."
            reasons.append(Reason(ReasonCode.PREREQUISITE_MISSING, message, page=required))
            continue
        if not prerequisite.within_months:
            continue
        lapsed_on = add_months(completed_on, prerequisite.within_months)
        if lapsed_on <= on:
            months = prerequisite.within_months
            reasons.append(
                Reason(
                    ReasonCode.PREREQUISITE_LAPSED,
                    f"You completed “{required.title}” on {format_short_date(completed_on)}, but it must have "
                    f"been within {months} month{'' if months == 1 else 's'}: it lapsed on "
                    f"{format_short_date(lapsed_on)}. Complete it again first.",
                    page=required,
                    lapsed_on=lapsed_on,
                )
            )
    return reasons


def _suitable_levels(person, courses):
    """``{course.pk: level}``: for each course refused for the person's role, the highest live
    level below the course's own with a live course their role may take (one query, or none)."""
    if not courses:
        return {}
    takeable = (
        CoursePage.objects.live()
        .filter(Q(eligible_job_roles__isnull=True) | Q(eligible_job_roles=person.job_role_id))
        .with_level_number()
        .filter(level_number=OuterRef("number"))
    )
    levels = list(TrainingLevelPage.objects.live().annotate(suits=Exists(takeable)).order_by("number"))
    result = {}
    for course in courses:
        own = next((level.number for level in levels if course.is_child_of(level)), None)
        below = [level for level in levels if level.suits and own is not None and level.number < own]
        if below:
            result[course.pk] = below[-1]
    return result


def join_names(names):
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
