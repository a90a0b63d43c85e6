"""A person's status against a requirement, computed in the database from completions: the one
function every page, export and reminder asks (``with_status``), for a queryset of people.

For a requirement renewed every R months, with an "expiring soon" window of W days and a grace
period of G months, on day T, from the latest completion of any course that meets it:

- **compliant** (until the completion plus R months): completed, and not within W days of lapsing;
  or excused by an exemption running on T;
- **expiring soon**: completed, lapsing within W days;
- **expired**: completed once, lapsed since (whenever the role started);
- **new starter** (due by the role's start plus G months): never completed, and the role (or the
  requirement, if newer) started less than G months ago;
- **not started**: never completed.

"Booked" is noted beside any status: an upcoming confirmed place on, or e-learning under way in,
a course that meets the requirement. The thresholds are dates worked out once in Python, so the
database compares dates and never does calendar arithmetic (which SQLite and PostgreSQL word
differently).
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from bookings.choices import BookingStatus
from bookings.models import Booking
from compliance.models import Exemption, Requirement, Scope
from courses.models import CoursePage, level_number_of
from elearning.models import Enrolment, EnrolmentStatus
from lscb_training.dates import add_months
from people.models import RoleHistory
from records.models import Completion

ONE_DAY = datetime.timedelta(days=1)


class ComplianceStatus(TextChoices):
    COMPLIANT = "compliant", "Compliant"
    EXPIRING = "expiring", "Expiring soon"
    EXPIRED = "expired", "Expired"
    NOT_STARTED = "not_started", "Not started"
    NEW_STARTER = "new_starter", "New starter"


def satisfying_course_ids(requirement):
    """The courses any of which meets ``requirement``: those it names, and every course at its
    minimum level or above. Read from the requirement when ``in_force`` has loaded it."""
    if hasattr(requirement, "course_ids"):
        return requirement.course_ids
    ids = set(requirement.courses.values_list("pk", flat=True))
    if requirement.minimum_level:
        at_or_above = CoursePage.objects.annotate(level_number=level_number_of("path")).filter(
            level_number__gte=requirement.minimum_level
        )
        ids |= set(at_or_above.values_list("pk", flat=True))
    return ids


def in_force(on=None, requirements=None):
    """The requirements in effect on ``on``, each with its ``course_ids`` and ``role_ids``
    loaded, in a fixed number of queries: pass the list to ``applies_to`` and ``with_status``
    so that neither asks the database about requirements again."""
    on = on or timezone.localdate()
    requirements = Requirement.objects.all() if requirements is None else requirements
    loaded = list(
        requirements.filter(takes_effect_on__lte=on).select_related("agency").prefetch_related("courses", "job_roles")
    )
    levels = {}
    if any(requirement.minimum_level for requirement in loaded):
        numbered = CoursePage.objects.annotate(level_number=level_number_of("path"))
        levels = dict(numbered.values_list("pk", "level_number"))
    for requirement in loaded:
        requirement.course_ids = {course.pk for course in requirement.courses.all()}
        if requirement.minimum_level:
            requirement.course_ids |= {
                pk for pk, number in levels.items() if number and number >= requirement.minimum_level
            }
        requirement.role_ids = [role.pk for role in requirement.job_roles.all()]
    return loaded


def _role_ids(requirement):
    if hasattr(requirement, "role_ids"):
        return requirement.role_ids
    return [role.pk for role in requirement.job_roles.all()]


def _covers(requirement):
    """A filter on people (or role periods, or roster entries: each has ``agency`` and
    ``job_role``): those ``requirement`` is written for (scope and job roles)."""
    who = Q()
    if requirement.scope == Scope.AGENCY:
        who &= Q(agency_id=requirement.agency_id)
    elif requirement.scope == Scope.SECTOR:
        who &= Q(agency__sector=requirement.sector)
    roles = _role_ids(requirement)
    if roles:
        who &= Q(job_role_id__in=roles)
    return who


def applies_to(requirement, people, on=None, *, courses=None, requirements=None):
    """The rows of ``people`` that ``requirement`` applies to on ``on``: those it covers, less
    those covered by a more specific requirement for any of the same courses. ``requirements``
    is ``in_force(on)`` when the caller has it (no queries about requirements here then)."""
    on = on or timezone.localdate()
    if requirement.takes_effect_on > on:
        return people.none()
    courses = satisfying_course_ids(requirement) if courses is None else courses
    people = people.filter(_covers(requirement))
    others = in_force(on) if requirements is None else requirements
    for other in others:
        if other.pk == requirement.pk or other.takes_effect_on > on:
            continue
        if other.scope > requirement.scope and satisfying_course_ids(other) & courses:
            people = people.exclude(_covers(other))
    return people


def with_status(people, requirement, today=None, now=None, *, person="pk", started="role_started_on"):
    """``people`` annotated with ``latest_completion`` (date), ``exempt`` and ``booked``
    (booleans) and ``compliance_status`` (a ``ComplianceStatus`` value), in one query whatever
    their number. Filter and count on ``compliance_status`` in the database.

    ``people`` is a queryset of people (the default), of role periods (``person="user_id"``,
    ``started="started_on"``: see ``compliance.staff``) or of roster entries without an account
    (``person=None``: no completions, so not started or a new starter). ``started`` names the
    field the new starter's grace period runs from.
    """
    today = today or timezone.localdate()
    now = now or timezone.now()
    courses = satisfying_course_ids(requirement)
    if person is None:
        latest = Value(None, output_field=DateField())
        exempt = Value(False)
        booked = Q(pk__isnull=True)
    else:
        key = OuterRef(person)
        latest = Subquery(
            Completion.objects.filter(user=key, course_id__in=courses, completed_on__lte=today)
            .order_by("-completed_on")
            .values("completed_on")[:1]
        )
        exempt = Exists(
            Exemption.objects.filter(person=key, requirement=requirement, starts_on__lte=today, ends_on__gt=today)
        )
        booked = Exists(
            Booking.objects.filter(
                user=key,
                status=BookingStatus.CONFIRMED,
                session__course_id__in=courses,
                session__starts_at__gte=now,
            )
        ) | Exists(
            Enrolment.objects.filter(person=key, status=EnrolmentStatus.IN_PROGRESS, module__course_id__in=courses)
        )
    thresholds = _thresholds(requirement, today)

    def new_starter(start):
        if thresholds["everyone_new"]:
            return Value(True)
        return GreaterThan(start, thresholds["grace_from"])

    # The status a person's latest completion gives them, worked out inside the subquery that
    # finds it, so the database looks the completion up once a row: a CASE over an annotated
    # subquery repeats the subquery in every WHEN that names it (five or six lookups a person).
    no_completion = Case(
        When(new_starter(F(started)), then=Value(ComplianceStatus.NEW_STARTER)),
        default=Value(ComplianceStatus.NOT_STARTED),
        output_field=CharField(),
    )
    if person is None:
        from_completion = Value(None, output_field=CharField())
    else:
        whens = []
        if thresholds["lapsed_by"] is not None:
            whens += [
                When(completed_on__gt=thresholds["expiring_by"], then=Value(ComplianceStatus.COMPLIANT)),
                When(completed_on__gt=thresholds["lapsed_by"], then=Value(ComplianceStatus.EXPIRING)),
            ]
            # Otherwise lapsed: expired, whatever the role's start (the grace period is for
            # people who have never done it).
        code = Case(
            *whens,
            default=Value(ComplianceStatus.EXPIRED if whens else ComplianceStatus.COMPLIANT),
            output_field=CharField(),
        )
        from_completion = Subquery(
            Completion.objects.filter(user=key, course_id__in=courses, completed_on__lte=today)
            .order_by("-completed_on")
            .annotate(code=code)
            .values("code")[:1],
            output_field=CharField(),
        )
    return people.annotate(
        latest_completion=latest,
        exempt=exempt,
        booked=Case(When(booked, then=Value(True)), default=Value(False), output_field=BooleanField()),
    ).annotate(
        compliance_status=Case(
            When(exempt=True, then=Value(ComplianceStatus.COMPLIANT)),
            default=Coalesce(from_completion, no_completion),
            output_field=CharField(),
        )
    )


def last_start_reaching(day, months):
    """The latest date from which ``months`` months on (``add_months``, clamped to a month's
    end) is ``day`` or earlier. Not simply ``day`` less ``months`` months: on 28 February, six
    months on from 29, 30 and 31 August is also 28 February."""
    latest = add_months(day, -months)
    while add_months(latest + ONE_DAY, months) <= day:
        latest += ONE_DAY
    return latest


def completed_for_lapse_between(first, last, months):
    """The first and last completion dates that lapse (``months`` on, clamped to a month's end
    as ``add_months`` does) from ``first`` to ``last`` inclusive. Lapse dates never go backwards
    as completion dates go forwards, so the completions are a range too: a filter the database
    can use, with no calendar arithmetic in SQL."""
    return last_start_reaching(first - ONE_DAY, months) + ONE_DAY, last_start_reaching(last, months)


def _thresholds(requirement, today):
    renew = requirement.renewal_months
    grace_from = last_start_reaching(today, requirement.grace_months)
    return {
        # A completion on or before this day has lapsed (it lapses R months on, that day included).
        "lapsed_by": last_start_reaching(today, renew) if renew else None,
        # ... and one on or before this day lapses within the window.
        "expiring_by": last_start_reaching(today + datetime.timedelta(days=requirement.expiring_window_days), renew)
        if renew
        else None,
        # A role (or requirement) started on or before this day is past its grace period today.
        "grace_from": grace_from,
        # A requirement newer than the grace period gives everyone it covers the grace period.
        "everyone_new": requirement.takes_effect_on > grace_from,
    }


def due_dates(person, requirement):
    """For one annotated person (a row of ``with_status``): the date their completion lapses, or
    for a new starter the date it is due by; ``None`` where neither applies."""
    if person.compliance_status in (ComplianceStatus.COMPLIANT, ComplianceStatus.EXPIRING, ComplianceStatus.EXPIRED):
        if person.latest_completion and requirement.renewal_months:
            return add_months(person.latest_completion, requirement.renewal_months)
        return None
    if person.compliance_status == ComplianceStatus.NEW_STARTER:
        start = max(filter(None, [person.role_started_on, requirement.takes_effect_on]))
        return add_months(start, requirement.grace_months)
    return None


def requirements_for(person, on=None):
    """The requirements that apply to ``person`` on ``on`` (by the agency and job role their
    role history records for that day), the more specific winning where two cover the same
    course."""
    on = on or timezone.localdate()
    periods = RoleHistory.objects.covering(on).filter(user=person)
    requirements = in_force(on)
    return [
        requirement
        for requirement in requirements
        if applies_to(requirement, periods, on, requirements=requirements).exists()
    ]


def statuses_of(person, on=None, *, periods=None, agency=None):
    """``[(requirement, row)]`` for each requirement that applies to ``person`` on ``on``: the
    row is their role period that day annotated by ``with_status``. One query a requirement.
    A lead's page passes its ``agency`` and that agency's role ``periods`` (leavers out)."""
    on = on or timezone.localdate()
    if periods is None:
        periods = RoleHistory.objects.covering(on)
    periods = periods.filter(user=person)
    requirements = in_force(on)
    found = []
    for requirement in requirements:
        if agency is not None and not requirement.covers_agency(agency):
            continue
        row = with_status(
            applies_to(requirement, periods, on, requirements=requirements),
            requirement,
            today=on,
            person="user_id",
            started="started_on",
        ).first()
        if row is not None:
            # due_dates reads the role's start under the name a person row gives it.
            row.role_started_on = row.started_on
            found.append((requirement, row))
    return found
