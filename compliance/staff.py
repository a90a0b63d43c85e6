"""An agency's staff on a day, with each person's status against a requirement: the rows every
dashboard, staff list, export, report and reminder reads, and the counts they show.

The staff of an agency on day T are

- the people whose role history (``people.RoleHistory``) puts them in it on T, in the job role
  it records for T, with the grace period running from that role's start; and
- the people on its roster (``RosterEntry``) who have no account yet, from their start date;

less anyone the roster says has left by T. Both halves go through ``compliance.status`` (one
definition of each status) and are joined with a UNION, so a count, a page of the staff list
and an export are each one query per half, whatever the number of people.
"""

import dataclasses

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from compliance.models import RosterEntry
from compliance.status import ComplianceStatus, applies_to, in_force, with_status
from people.models import RoleHistory

STATUS_ORDER = [
    ComplianceStatus.EXPIRED,
    ComplianceStatus.NOT_STARTED,
    ComplianceStatus.EXPIRING,
    ComplianceStatus.NEW_STARTER,
    ComplianceStatus.COMPLIANT,
]

# The staff list's sort keys: what the page offers, and the columns each orders by.
SORTS = {
    "name": ["name", "work_email"],
    "-name": ["-name", "-work_email"],
    "status": ["status_rank", "name", "work_email"],
    "-status": ["-status_rank", "name", "work_email"],
    "role": [F("job_role_name").asc(nulls_last=True), "name", "work_email"],
    "team": ["team_name", "name", "work_email"],
    # Never completed last either way: PostgreSQL and SQLite would each put them elsewhere.
    "completed": [F("completed_on").asc(nulls_last=True), "name", "work_email"],
    "-completed": [F("completed_on").desc(nulls_last=True), "name", "work_email"],
}

COLUMNS = [
    "kind",  # "account" (ident: the person's id) or "roster" (ident: the roster entry's id)
    "ident",
    "name",
    "work_email",
    "agency_key",
    "agency_name",
    "job_role_key",
    "job_role_name",
    "team_name",
    "role_started_on",  # the grace period runs from here
    "completed_on",  # the latest completion that counts
    "is_exempt",
    "is_booked",
    "has_account",  # an account's row, or a roster entry linked to an account in no agency
    "status",  # a ComplianceStatus value
    "status_rank",  # STATUS_ORDER's order: the most urgent first
]


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the staff list is narrowed to; the counts beside it use the same."""

    status: str = ""
    job_role: int | None = None
    team: str = ""
    search: str = ""


def accounts(agencies, on):
    """The role periods of the people in ``agencies`` on ``on`` (one a person), less those the
    agency's roster says have left."""
    left = RosterEntry.objects.filter(agency_id=OuterRef("agency_id"), person_id=OuterRef("user_id"), leaves_on__lte=on)
    return RoleHistory.objects.covering(on).filter(agency__in=agencies, user__is_active=True).exclude(Exists(left))


def roster_only(agencies, on):
    """The people on the rosters of ``agencies`` counted through their roster entry, started
    and not left: those with no account yet, and those whose account puts them in no agency
    that day (an administrator's account, say), who would otherwise be counted nowhere."""
    in_an_agency = RoleHistory.objects.covering(on).filter(user_id=OuterRef("person_id"), agency__isnull=False)
    return RosterEntry.objects.filter(agency__in=agencies).filter(
        Q(person__isnull=True) | ~Exists(in_an_agency),
        Q(started_on__isnull=True) | Q(started_on__lte=on),
        Q(leaves_on__isnull=True) | Q(leaves_on__gt=on),
    )


def _narrow(rows, filters, *, name, email, team):
    if filters.status:
        rows = rows.filter(compliance_status=filters.status)
    if filters.job_role:
        rows = rows.filter(job_role_id=filters.job_role)
    if filters.team:
        rows = rows.annotate(_team=team).filter(_team=filters.team)
    if filters.search:
        words = filters.search.split()
        for word in words:
            rows = rows.filter(Q(**{f"{name}__icontains": word}) | Q(**{f"{email}__icontains": word}))
    return rows


def _account_team():
    roster_team = RosterEntry.objects.filter(agency_id=OuterRef("agency_id"), person_id=OuterRef("user_id")).values(
        "team"
    )[:1]
    return Coalesce(NullIf(Subquery(roster_team), Value("")), F("user__team"), output_field=CharField())


class _StatusRank(Func):
    """``CASE status WHEN 'expired' THEN 0 ... END``: the simple form, which evaluates the
    status (a subquery) once, where ``Case(When(...))`` would repeat it in every WHEN."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        status_sql, params = compiler.compile(self.source_expressions[0])
        whens = " ".join("WHEN %s THEN %s" for _ in STATUS_ORDER)
        ranks = [value for rank, status in enumerate(STATUS_ORDER) for value in (str(status), rank)]
        return f"CASE {status_sql} {whens} END", (*params, *ranks)


def _rank():
    return _StatusRank(F("compliance_status"))


def halves(agencies, requirement, on, filters=Filters(), *, requirements=None, now=None):
    """The two halves of the staff of ``agencies`` that ``requirement`` applies to on ``on``,
    each annotated by ``with_status`` and narrowed by ``filters``: (accounts, roster only)."""
    requirements = in_force(on) if requirements is None else requirements
    people = with_status(
        applies_to(requirement, accounts(agencies, on), on, requirements=requirements),
        requirement,
        today=on,
        now=now,
        person="user_id",
        started="started_on",
    )
    people = _narrow(people, filters, name="user__full_name", email="user__email", team=_account_team())
    waiting = with_status(
        applies_to(requirement, roster_only(agencies, on), on, requirements=requirements),
        requirement,
        today=on,
        now=now,
        person="person_id",  # nobody's completions where there is no account yet
        started="started_on",
    )
    waiting = _narrow(waiting, filters, name="full_name", email="email", team=F("team"))
    return people, waiting


def staff_list(agencies, requirement, on, filters=Filters(), sort="name", *, requirements=None, now=None):
    """The staff list: one row (a dict of ``COLUMNS``) a person, sorted by ``sort`` (a key of
    ``SORTS``), sliceable for a page and countable, in one query each."""
    people, waiting = halves(agencies, requirement, on, filters, requirements=requirements, now=now)
    people = people.values(
        kind=Value("account"),
        ident=F("user_id"),
        name=F("user__full_name"),
        work_email=F("user__email"),
        agency_key=F("agency_id"),
        agency_name=F("agency__name"),
        job_role_key=F("job_role_id"),
        job_role_name=F("job_role__name"),
        team_name=_account_team(),
        role_started_on=F("started_on"),
        completed_on=F("latest_completion"),
        is_exempt=F("exempt"),
        is_booked=F("booked"),
        has_account=Value(True),
        status=F("compliance_status"),
        status_rank=_rank(),
    )
    waiting = waiting.values(
        kind=Value("roster"),
        ident=F("pk"),
        name=F("full_name"),
        work_email=F("email"),
        agency_key=F("agency_id"),
        agency_name=F("agency__name"),
        job_role_key=F("job_role_id"),
        job_role_name=F("job_role__name"),
        team_name=F("team"),
        role_started_on=F("started_on"),
        completed_on=F("latest_completion"),
        is_exempt=F("exempt"),
        is_booked=F("booked"),
        has_account=ExpressionWrapper(Q(person__isnull=False), output_field=BooleanField()),
        status=F("compliance_status"),
        status_rank=_rank(),
    )
    return people.order_by().union(waiting.order_by(), all=True).order_by(*SORTS.get(sort, SORTS["name"]))


def counts(agencies, requirement, on, filters=Filters(), *, requirements=None, now=None):
    """``{status: number}`` for every status, and ``"total"``, over exactly the rows
    ``staff_list`` gives for the same arguments: one query (the two halves' groups in a UNION)."""
    totals = dict.fromkeys([*ComplianceStatus.values, "total"], 0)
    # Grouped by status, not one COUNT FILTER a status: each of those would work the status out
    # again, and with it the person's latest completion.
    people, waiting = (
        half.values("compliance_status").annotate(n=Count("pk")).order_by()
        for half in halves(agencies, requirement, on, filters, requirements=requirements, now=now)
    )
    for row in people.union(waiting, all=True):
        totals[row["compliance_status"]] += row["n"]
        totals["total"] += row["n"]
    return totals


def breakdown(agencies, requirement, on, by, filters=Filters(), *, requirements=None, now=None):
    """Counts by ``by`` ("team", "job_role" or "agency"): ``[(label, {status: n, "total": n})]``
    sorted by label, two queries."""
    people, waiting = halves(agencies, requirement, on, filters, requirements=requirements, now=now)
    keys = {
        "team": (_account_team(), F("team")),
        "job_role": (F("job_role__name"), F("job_role__name")),
        "agency": (F("agency__name"), F("agency__name")),
    }[by]
    groups = {}
    for half, key in zip((people, waiting), keys, strict=True):
        rows = half.annotate(group=key).values("group", "compliance_status").annotate(n=Count("pk")).order_by()
        for row in rows:
            into = groups.setdefault(row["group"] or "", dict.fromkeys([*ComplianceStatus.values, "total"], 0))
            into[row["compliance_status"]] += row["n"]
            into["total"] += row["n"]
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))


def percent(part, whole):
    """A whole-number percentage for display, 0 of nothing."""
    return round(100 * part / whole) if whole else 0
