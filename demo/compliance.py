"""Demo compliance: the partnership's training requirements, the agencies' rosters, and the
completions and exemptions that give the police lead's dashboard a realistic mix (about 70%
compliant, 12% expiring soon, 10% expired, 5% not started, a few exemptions and new starters).

The mix is reached from the police staff's statuses as the earlier seeders left them (their
completions are generated, so the shares fall where they fall): people not started, or expired
where there are more of those than the mix wants, get a completion dated to put them where the
mix falls short. A person's status only ever improves by a completion, so the shares are worked
out afresh from today's figures each run and a run that finds them met adds nothing. Completions
are recorded through ``records.services.record_completion``, dated back from today, so the demo
tells the same story whenever it is loaded.

Requirements are found by title and roster entries by agency and email: what is there, an
administrator's or a lead's change included, is left as it is.
"""

import random
from datetime import timedelta

from django.utils import timezone

from compliance.models import Exemption, Requirement, RosterEntry
from compliance.snapshots import take_snapshot
from compliance.staff import counts, staff_list
from compliance.status import ComplianceStatus, in_force
from courses.models import CoursePage
from demo.data.compliance import (
    EXEMPTIONS,
    MIX_AGENCY,
    MIX_REQUIREMENT,
    OTHER_ROSTER_ONLY,
    POLICE_LEAVING_IN_DAYS,
    POLICE_ROSTER_ONLY,
    REQUIREMENTS,
    TAKES_EFFECT_ON,
    TARGET_SHARES,
)
from demo.data.people import AGENCIES, PERSONAS
from demo.people import email_local_part
from lscb_training.dates import add_months
from people.models import Agency, AgencyLeadership, JobRole, RoleHistory, User
from records.choices import CompletionSource
from records.services import record_completion

COMPLIANT = ComplianceStatus.COMPLIANT
EXPIRING = ComplianceStatus.EXPIRING
EXPIRED = ComplianceStatus.EXPIRED
NOT_STARTED = ComplianceStatus.NOT_STARTED
NEW_STARTER = ComplianceStatus.NEW_STARTER
WORKSHOPS = ["cse-awareness", "met-awareness"]


def seed(log):
    roles = {role.code: role for role in JobRole.objects.all()}
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    added = _seed_requirements(roles, agencies)
    log(f"Requirements: {Requirement.objects.count()} ({added} added)")
    police = agencies.get(MIX_AGENCY)
    if police is None or not roles:
        log("No demo people yet, so no rosters.")
        return
    today = timezone.localdate()
    added = _seed_police_roster(police, roles, today) + _seed_other_rosters(agencies, roles, today)
    log(f"Roster entries: {RosterEntry.objects.count()} ({added} added)")
    requirements = in_force(today)
    requirement = next((r for r in requirements if r.title == MIX_REQUIREMENT), None)
    courses = {course.slug: course for course in CoursePage.objects.filter(slug__in=WORKSHOPS)}
    if requirement is None or len(courses) < len(WORKSHOPS):
        log("No courses yet, so no compliance mix.")
        return
    moved = Mix(police, requirement, requirements, courses, today).reach()
    figures = counts([police], requirement, today, requirements=requirements)
    shares = ", ".join(
        f"{figures[status]} {ComplianceStatus(status).label.lower()}" for status in ComplianceStatus.values
    )
    log(f"{police.name} against “{requirement.title}”: {shares} ({moved} changed)")
    # The last 12 months' snapshots, as the monthly job would have taken them, so the
    # partnership overview has a trend to show: worked out from the dated completions and role
    # history for each month's first day.
    first = today.replace(day=1)
    written = sum(take_snapshot(add_months(first, -back)) for back in range(12))
    log(f"Monthly compliance snapshots: {written} figures over 12 months")


def _seed_requirements(roles, agencies):
    added = 0
    for title, agency_name, role_codes, level, renew, window, grace in REQUIREMENTS:
        if Requirement.objects.filter(title=title).exists():
            continue
        if agency_name and agency_name not in agencies:
            continue
        requirement = Requirement(
            title=title,
            agency=agencies.get(agency_name),
            minimum_level=level,
            renewal_months=renew,
            expiring_window_days=window,
            grace_months=grace,
            takes_effect_on=TAKES_EFFECT_ON,
        )
        requirement.job_roles.set([roles[code] for code in role_codes if code in roles])
        requirement.save()  # saves the job roles with it (a ParentalManyToManyField)
        added += 1
    return added


def _domains():
    return {name: domain for name, _sector, domain, *_rest in AGENCIES}


def _free_email(full_name, domain, taken):
    local = email_local_part(full_name)
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def _seed_police_roster(police, roles, today):
    """The police lead's roster: everyone with an account in the force (one of them leaving
    soon), and a few who have not signed up yet."""
    on_roster = set(RosterEntry.objects.filter(agency=police).values_list("email", flat=True))
    taken = set(User.objects.values_list("email", flat=True)) | on_roster
    periods = RoleHistory.objects.covering(today).filter(agency=police).select_related("user").order_by("user__email")
    personas = {spec["email"] for spec in PERSONAS}
    generated = [period.user.email for period in periods if period.user.email not in personas]
    leaving = random.Random(2019).choice(generated) if generated else None  # noqa: S311 - demo data
    entries = [
        RosterEntry(
            agency=police,
            email=period.user.email.lower(),
            full_name=period.user.full_name,
            job_role_id=period.job_role_id,
            team=period.user.team,
            started_on=period.started_on,
            leaves_on=today + timedelta(days=POLICE_LEAVING_IN_DAYS) if period.user.email == leaving else None,
            person=period.user,
        )
        for period in periods
        if period.user.email.lower() not in on_roster
    ]
    domain = _domains()[police.name]
    waiting = set(RosterEntry.objects.filter(agency=police, person__isnull=True).values_list("full_name", flat=True))
    for full_name, role_code, team, days_ago, leaves_in in POLICE_ROSTER_ONLY:
        if full_name in waiting:
            continue
        entries.append(
            RosterEntry(
                agency=police,
                email=_free_email(full_name, domain, taken),
                full_name=full_name,
                job_role=roles.get(role_code),
                team=team,
                started_on=today - timedelta(days=days_ago),
                leaves_on=today + timedelta(days=leaves_in) if leaves_in is not None else None,
            )
        )
    RosterEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def _seed_other_rosters(agencies, roles, today):
    domains = _domains()
    taken = set(User.objects.values_list("email", flat=True)) | set(RosterEntry.objects.values_list("email", flat=True))
    existing = set(RosterEntry.objects.values_list("agency__name", "full_name"))
    entries = [
        RosterEntry(
            agency=agencies[agency_name],
            email=_free_email(full_name, domains[agency_name], taken),
            full_name=full_name,
            job_role=roles.get(role_code),
            started_on=today - timedelta(days=days_ago),
        )
        for agency_name, full_name, role_code, days_ago in OTHER_ROSTER_ONLY
        if agency_name in agencies and (agency_name, full_name) not in existing
    ]
    RosterEntry.objects.bulk_create(entries)
    return len(entries)


class Mix:
    """Moves police staff from the statuses the mix has too many of (not started, expired, new
    starters) to those it has too few of, by recording completions and granting the exemptions."""

    def __init__(self, agency, requirement, requirements, courses, today):
        self.agency, self.requirement, self.requirements = agency, requirement, requirements
        self.courses, self.today = courses, today
        rows = staff_list([agency], requirement, today, requirements=requirements)
        self.figures = counts([agency], requirement, today, requirements=requirements)
        personas = {spec["email"] for spec in PERSONAS}
        movable = sorted(
            (row["work_email"], row["ident"], row["status"])
            for row in rows
            if row["kind"] == "account" and row["work_email"] not in personas and not row["is_exempt"]
        )
        # A fixed shuffle, so the people moved are spread over teams rather than the start of the alphabet.
        random.Random(2020).shuffle(movable)  # noqa: S311 - reproducible demo data
        self.pools = {NOT_STARTED: [], EXPIRED: [], NEW_STARTER: []}
        for _email, pk, status in movable:
            if status in self.pools:
                self.pools[status].append(pk)
        self.targets = {status: round(share * self.figures["total"]) for status, share in TARGET_SHARES.items()}
        self.rng = random.Random(2021)  # noqa: S311 - reproducible demo data
        self.moved = 0

    def reach(self):
        # Too few expired: some who never started did it once, long ago.
        while self.figures[EXPIRED] < self.targets[EXPIRED] and self._surplus(NOT_STARTED) > 0:
            self._complete(self.pools[NOT_STARTED].pop(), NOT_STARTED, EXPIRED, months_ago=(37, 60))
        self._exempt()
        while self.figures[EXPIRING] < self.targets[EXPIRING] and (source := self._most_surplus()):
            self._complete(self.pools[source].pop(), source, EXPIRING, months_ago=None)
        while self.figures[COMPLIANT] < self.targets[COMPLIANT] and (source := self._most_surplus()):
            self._complete(self.pools[source].pop(), source, COMPLIANT, months_ago=(2, 33))
        return self.moved

    def _surplus(self, status):
        return min(self.figures[status] - self.targets[status], len(self.pools[status]))

    def _most_surplus(self):
        status = max(self.pools, key=self._surplus)
        return status if self._surplus(status) > 0 else None

    def _move(self, source, to):
        self.figures[source] -= 1
        self.figures[to] += 1
        self.moved += 1

    def _complete(self, pk, source, to, months_ago):
        if source == NEW_STARTER:
            # Done in their first weeks, as new starters are asked to.
            completed_on = self.today - timedelta(days=self.rng.randint(3, 20))
        elif months_ago is None:
            # Within the "expiring soon" window: lapses in the next few weeks.
            renew = self.requirement.renewal_months
            completed_on = add_months(self.today, -renew) + timedelta(days=self.rng.randint(5, 50))
        else:
            completed_on = add_months(self.today, -self.rng.randint(*months_ago)) - timedelta(
                days=self.rng.randint(0, 27)
            )
        # The half-day workshops, never the Level 1 e-learning course: demo.elearning draws its
        # learners from those with no other completion of that course, and adding one here would
        # change its draw on the next run.
        course = self.courses["met-awareness" if self.rng.random() < 0.3 else "cse-awareness"]
        record_completion(User.objects.get(pk=pk), course, completed_on, CompletionSource.ATTENDANCE)
        self._move(source, to)

    def _exempt(self):
        """The exemptions, once: granted by the agency's lead to people the mix has to spare."""
        if Exemption.objects.filter(requirement=self.requirement, person__agency=self.agency).exists():
            return
        lead = AgencyLeadership.objects.filter(agency=self.agency).values_list("user_id", flat=True).first()
        for reason, months in EXEMPTIONS:
            source = self._most_surplus()
            if source is None:
                return
            Exemption.objects.create(
                person_id=self.pools[source].pop(),
                requirement=self.requirement,
                reason=reason,
                starts_on=add_months(self.today, -1),
                ends_on=add_months(self.today, months - 1),
                granted_by_id=lead,
            )
            self._move(source, COMPLIANT)
