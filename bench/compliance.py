"""Times what the compliance pages ask of ``compliance.staff`` over a partnership-sized database,
against a hand-written SQL aggregate of the same counts, in the same run.

Standalone: ``DATABASE_URL=postgres://... python bench/compliance.py`` (SQLite without it, slower
to seed; BENCH_PEOPLE and BENCH_RUNS change the size and the number of runs). It builds a throwaway
database (the test database Django names after DATABASE_URL's, created and dropped here, so it
never touches one with data in it), seeds 50,000 people in 40 agencies (the largest about 10,000)
with their role history, rosters, some exemptions, 8 requirements and 200,000 completions, all
with ``bulk_create``, then times, on today's date:

- the dashboard summary of the largest agency: ``counts()`` for each requirement whose scope
  covers it;
- beside it, one hand-written SQL aggregate a requirement (``COUNT(*) FILTER`` over the role
  periods and roster entries, the latest completion in a subquery) giving the same counts, which
  the run checks are equal;
- the partnership overview as its page makes it (``compliance.reports.partnership_overview``:
  two grouped queries for each of the 8 requirements);
- the first page of the largest agency's staff list with a status filter (``staff_list(...)[:50]``)
  and its ``count()``;
- the CSV export of the largest agency's staff list (every row, written to memory).

It prints the medians, the ratio of the summary to the raw SQL, the SQL queries each step costs
and the targets (summary 500 ms and 3x the raw SQL, overview 1 s, export 3 s). BENCH_EXPLAIN=1
prints PostgreSQL's EXPLAIN ANALYZE of the summary's and the export's queries;
BENCH_WITHOUT_INDEX=completion_user_latest drops that index first, to see what it is worth.

PostgreSQL's JIT compiler (on by default) took a good part of these queries' time, since their
correlated subqueries give plans a high estimated cost, so the site's connections turn it off
(``lscb_training.settings.base.database_from_env``; here, on a shared 2-core machine, the overview
took 0.91 s with it and 0.39 s without).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "lscb_training.settings.test"

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "50000"))
COMPLETIONS = 4 * PEOPLE
AGENCIES = 40
LARGEST = PEOPLE // 5
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PAGE = 50

# (code, name): the police roles are the largest agency's; the others spread over the rest.
ROLES = [
    ("response-officer", "Response police officer"),
    ("pcso", "PCSO"),
    ("investigator", "Child abuse investigator"),
    ("call-handler", "Police call handler"),
    ("social-worker", "Social worker"),
    ("nurse", "Nurse"),
    ("teacher", "Teacher"),
    ("youth-worker", "Youth worker"),
]
POLICE_ROLES = {"response-officer": 50, "pcso": 15, "investigator": 15, "call-handler": 20}
OTHER_SECTORS = [
    ("childrens_services", {"social-worker": 60, "youth-worker": 40}),
    ("health", {"nurse": 100}),
    ("education", {"teacher": 100}),
    ("third_sector", {"youth-worker": 100}),
]
# (level, slug, validity months, share of completions)
COURSES = [
    (1, "cse-e-learning", 36, 40),
    (1, "missing-e-learning", 36, 15),
    (2, "cse-awareness", 36, 25),
    (2, "met-awareness", 36, 5),
    (3, "cse-full-day", 36, 10),
    (4, "cse-specialist", 36, 5),
]


def seed(today):
    """The partnership: agencies, people and their role periods, rosters, courses, completions,
    requirements and exemptions. Returns the largest agency."""
    from compliance.models import Exemption, Requirement, RosterEntry
    from courses.models import CoursePage, TrainingIndexPage, TrainingLevelPage
    from lscb_training.dates import add_months
    from lscb_training.models import HomePage
    from people.models import Agency, JobRole, RoleHistory, User
    from records.choices import CompletionSource
    from records.models import Completion

    rng = random.Random(13)
    roles = {code: JobRole.objects.create(code=code, name=name) for code, name in ROLES}
    largest = Agency.objects.create(name="Fellside Constabulary", sector="police")
    agencies = [largest] + [
        Agency.objects.create(name=f"Agency {n:02d}", sector=OTHER_SECTORS[n % len(OTHER_SECTORS)][0])
        for n in range(1, AGENCIES)
    ]
    mix = {largest.pk: POLICE_ROLES} | {
        agency.pk: OTHER_SECTORS[n % len(OTHER_SECTORS)][1] for n, agency in enumerate(agencies) if n
    }

    # People: the largest agency first, the rest spread evenly. A role started anywhere in the
    # last 20 years, one in fifty in the last three months (new starters); one in ten moved here
    # from another agency, which leaves them a closed role period before the open one.
    people, periods = [], []
    for n in range(PEOPLE):
        agency = largest if n < LARGEST else agencies[1 + n % (AGENCIES - 1)]
        codes, weights = zip(*mix[agency.pk].items(), strict=True)
        role = roles[rng.choices(codes, weights)[0]]
        started = today - timedelta(days=rng.randint(1, 89) if rng.random() < 0.02 else rng.randint(90, 7300))
        people.append(
            User(
                email=f"person{n}@example.org",
                full_name=f"Person {n:05d}",
                agency=agency,
                job_role=role,
                team=f"Team {n % 12}",
                role_started_on=started,
                password="!",  # noqa: S106 - an unusable password, as set_unusable_password() makes
                is_active=rng.random() > 0.01,
            )
        )
    User.objects.bulk_create(people, batch_size=2000)
    for person in people:
        if rng.random() < 0.1 and person.role_started_on > today - timedelta(days=7000):
            before = agencies[rng.randrange(AGENCIES)]
            periods.append(
                RoleHistory(
                    user=person,
                    agency=before,
                    job_role=person.job_role,
                    started_on=person.role_started_on - timedelta(days=rng.randint(200, 2000)),
                    ended_on=person.role_started_on,
                )
            )
        periods.append(
            RoleHistory(user=person, agency=person.agency, job_role=person.job_role, started_on=person.role_started_on)
        )
    RoleHistory.objects.bulk_create(periods, batch_size=5000)

    # Rosters: the largest agency's whole staff (one in a hundred left last month) and 300 not
    # signed up yet; 20 not signed up in each other agency.
    roster = [
        RosterEntry(
            agency=largest,
            email=person.email,
            full_name=person.full_name,
            job_role=person.job_role,
            team=f"Roster team {n % 20}",
            started_on=person.role_started_on,
            leaves_on=today - timedelta(days=30) if n % 100 == 0 else None,
            person=person,
        )
        for n, person in enumerate(people[:LARGEST])
    ]
    for agency in agencies:
        codes = list(mix[agency.pk])
        for n in range(300 if agency == largest else 20):
            roster.append(
                RosterEntry(
                    agency=agency,
                    email=f"waiting{n}-{agency.pk}@example.org",
                    full_name=f"Waiting {n} of {agency.name}",
                    job_role=roles[codes[n % len(codes)]],
                    started_on=today - timedelta(days=rng.randint(1, 900)),
                )
            )
    RosterEntry.objects.bulk_create(roster, batch_size=5000)

    # The catalogue: four levels and their courses (levels are read from the page tree).
    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    courses = {}
    for number in range(1, 5):
        level = index.add_child(
            instance=TrainingLevelPage(title=f"Level {number}", slug=f"level-{number}", number=number, audience="All")
        )
        for course_level, slug, validity, _share in COURSES:
            if course_level == number:
                courses[slug] = level.add_child(
                    instance=CoursePage(title=slug, slug=slug, summary="A course.", validity_months=validity)
                )

    # Completions: nine people in ten have some, about four each, over the last six years.
    slugs, shares = zip(*[(slug, share) for _level, slug, _validity, share in COURSES], strict=True)
    learners = [person for person in people if rng.random() < 0.9]
    seen, completions = set(), []
    while len(completions) < COMPLETIONS:
        person = learners[rng.randrange(len(learners))]
        course = courses[rng.choices(slugs, shares)[0]]
        completed_on = today - timedelta(days=rng.randint(0, 2190))
        if (person.pk, course.pk, completed_on) in seen:
            continue
        seen.add((person.pk, course.pk, completed_on))
        completions.append(
            Completion(
                user=person,
                course=course,
                completed_on=completed_on,
                expires_on=add_months(completed_on, 36),
                source=CompletionSource.IMPORT,
            )
        )
    Completion.objects.bulk_create(completions, batch_size=5000)

    # Requirements: three partnership-wide, one once only, two for a sector, two for one agency
    # (the more specific wins over the Level 1 for the people they cover).
    def requirement(title, level=None, named=(), role_codes=(), renew=36, **scope):
        made = Requirement(
            title=title, minimum_level=level, renewal_months=renew, takes_effect_on=today.replace(year=2017), **scope
        )
        made.courses.set([courses[slug] for slug in named])
        made.job_roles.set([roles[code] for code in role_codes])
        made.save()
        return made

    level_1 = requirement("CSE awareness (Level 1)", level=1)
    requirement("CSE full-day (Level 3)", level=3, role_codes=["social-worker", "investigator"])
    requirement("CSE specialist (Level 4)", level=4, role_codes=["investigator", "social-worker"])
    requirement("Missing children e-learning", named=["missing-e-learning"], renew=None)
    requirement("Call handlers: CSE e-learning", named=["cse-e-learning"], role_codes=["call-handler"], sector="police")
    requirement("Health: Level 2 every two years", level=2, renew=24, sector="health")
    requirement("PCSOs: CSE awareness yearly", named=["cse-awareness"], role_codes=["pcso"], renew=12, agency=largest)
    requirement("Agency 03: Level 1 every two years", level=1, renew=24, agency=agencies[3])

    exempt = rng.sample(people[:LARGEST], 300) + rng.sample(people[LARGEST:], 200)
    Exemption.objects.bulk_create(
        [
            Exemption(
                person=person,
                requirement=level_1,
                reason="Long-term leave",
                starts_on=add_months(today, -2),
                ends_on=add_months(today, 4 if n % 3 else -1),
            )
            for n, person in enumerate(exempt)
        ]
    )
    return largest, agencies


def raw_counts(agency, requirement, requirements, today):
    """The counts ``compliance.staff.counts`` gives, from one hand-written SQL statement: the
    role periods and roster-only entries that the requirement covers, each with its latest
    completion that counts, classified with COUNT(*) FILTER. The dates and the people that a
    more specific requirement takes away are worked out here in Python, as ``with_status`` does."""
    from compliance.status import _thresholds, satisfying_course_ids

    def covers_agency(other):
        return other.covers_agency(agency)

    courses = sorted(satisfying_course_ids(requirement))
    # Job roles it covers in this agency: its own (or every role), less those a more specific
    # requirement for any of the same courses takes (all of them if it names no roles).
    role_filter, params = [], {}

    def among(name, values):
        # "IN (%(name0)s, ...)": SQLite has no arrays to pass as one parameter.
        params.update({f"{name}{n}": value for n, value in enumerate(values)})
        return "IN (" + ", ".join(f"%({name}{n})s" for n in range(len(values))) + ")"

    if requirement.role_ids:
        role_filter.append(f"job_role_id {among('role', requirement.role_ids)}")
    for n, other in enumerate(requirements):
        if other.pk == requirement.pk or other.scope <= requirement.scope or not covers_agency(other):
            continue
        if not satisfying_course_ids(other) & set(courses):
            continue
        if not other.role_ids:
            role_filter.append("FALSE")
        else:
            role_filter.append(f"(job_role_id IS NULL OR job_role_id NOT {among(f'other{n}_', other.role_ids)})")
    if not covers_agency(requirement):
        role_filter.append("FALSE")
    roles = " AND ".join(role_filter) or "TRUE"
    limits = _thresholds(requirement, today)
    counted = "latest IS NOT NULL" + (" AND latest > %(lapsed_by)s" if limits["lapsed_by"] else "")
    expiring = f"{counted} AND latest <= %(expiring_by)s" if limits["expiring_by"] else "FALSE"
    new = "TRUE" if limits["everyone_new"] else "COALESCE(started_on > %(grace_from)s, FALSE)"
    in_courses = among("course", courses)
    # Only fixed fragments are formatted in; every value goes as a parameter.
    sql = f"""
        WITH staff AS (
            SELECT rh.started_on, rh.job_role_id,
                (SELECT c.completed_on FROM records_completion c
                  WHERE c.user_id = rh.user_id AND c.course_id {in_courses} AND c.completed_on <= %(today)s
                  ORDER BY c.completed_on DESC LIMIT 1) AS latest,
                EXISTS (SELECT 1 FROM compliance_exemption e
                  WHERE e.person_id = rh.user_id AND e.requirement_id = %(requirement)s
                    AND e.starts_on <= %(today)s AND e.ends_on > %(today)s) AS exempt
            FROM people_rolehistory rh JOIN people_user u ON u.id = rh.user_id
            WHERE rh.agency_id = %(agency)s AND u.is_active
              AND rh.started_on <= %(today)s AND (rh.ended_on IS NULL OR rh.ended_on > %(today)s)
              AND NOT EXISTS (SELECT 1 FROM compliance_rosterentry r
                  WHERE r.agency_id = rh.agency_id AND r.person_id = rh.user_id AND r.leaves_on <= %(today)s)
            UNION ALL
            SELECT r.started_on, r.job_role_id, NULL, FALSE FROM compliance_rosterentry r
            WHERE r.agency_id = %(agency)s AND r.person_id IS NULL
              AND (r.started_on IS NULL OR r.started_on <= %(today)s)
              AND (r.leaves_on IS NULL OR r.leaves_on > %(today)s)
        )
        SELECT
            COUNT(*) FILTER (WHERE exempt OR ({counted} AND NOT ({expiring}))),
            COUNT(*) FILTER (WHERE NOT exempt AND {expiring}),
            COUNT(*) FILTER (WHERE NOT exempt AND NOT ({counted}) AND latest IS NOT NULL),
            COUNT(*) FILTER (WHERE NOT exempt AND latest IS NULL AND NOT ({new})),
            COUNT(*) FILTER (WHERE NOT exempt AND latest IS NULL AND {new}),
            COUNT(*)
        FROM staff WHERE {roles}
    """  # noqa: S608
    params |= {
        "today": today,
        "requirement": requirement.pk,
        "agency": agency.pk,
        "lapsed_by": limits["lapsed_by"],
        "expiring_by": limits["expiring_by"],
        "grace_from": limits["grace_from"],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(["compliant", "expiring", "expired", "not_started", "new_starter", "total"], row, strict=True))


def timed(step, runs=RUNS):
    """``step()`` ``runs`` times: (median seconds, queries of one run, what it returned)."""
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = step()
            times.append(time.perf_counter() - started)
    return statistics.median(times), len(captured), result


def explain(queryset_or_sql):
    """EXPLAIN ANALYZE of a queryset's SQL (PostgreSQL), for BENCH_EXPLAIN=1."""
    sql, params = queryset_or_sql.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    from django.db.models import Count

    from compliance.exports import staff_csv
    from compliance.models import Scope
    from compliance.reports import partnership_overview
    from compliance.staff import Filters, counts, halves, staff_list
    from compliance.status import ComplianceStatus, in_force

    old_name = connection.settings_dict["NAME"]
    workdir = tempfile.TemporaryDirectory(prefix="lscb-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0)
    try:
        today = timezone.localdate()
        started = time.perf_counter()
        largest, agencies = seed(today)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # BENCH_WITHOUT_INDEX=name measures without one of the migrations' indexes.
                if os.environ.get("BENCH_WITHOUT_INDEX"):
                    cursor.execute(f'DROP INDEX "{os.environ["BENCH_WITHOUT_INDEX"]}"')
                # As autovacuum leaves the tables: statistics, and the visibility map that lets
                # an index-only scan skip the table.
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seeded = time.perf_counter() - started
        requirements = in_force(today)
        covering = [
            r
            for r in requirements
            if r.scope == Scope.PARTNERSHIP
            or (r.scope == Scope.SECTOR and r.sector == largest.sector)
            or r.agency_id == largest.pk
        ]
        level_1 = next(r for r in requirements if r.title.startswith("CSE awareness (Level 1)"))
        export_requirement = next(r for r in requirements if r.title.startswith("Missing children"))

        summary_s, summary_q, summary = timed(
            lambda: [counts([largest], r, today, requirements=requirements) for r in covering]
        )
        raw_s, raw_q, raw = timed(lambda: [raw_counts(largest, r, requirements, today) for r in covering])
        for requirement, theirs, ours in zip(covering, summary, raw, strict=True):
            assert theirs == ours, (requirement.title, theirs, ours)
        # What the partnership overview page asks (compliance.reports), every agency side by side.
        overview_s, overview_q, overview = timed(lambda: partnership_overview(agencies, today))
        filters = Filters(status=ComplianceStatus.EXPIRED)

        def page():
            rows = staff_list([largest], level_1, today, filters, requirements=requirements)
            return list(rows[:PAGE]), rows.count()

        page_s, page_q, (first_page, matching) = timed(page)
        assert len(first_page) == min(PAGE, matching)

        def export():
            # What the staff list's CSV download streams (compliance.exports), read to the end.
            rows = staff_list([largest], export_requirement, today, requirements=requirements)
            response = staff_csv(rows, export_requirement, "bench.csv")
            return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

        export_s, export_q, exported = timed(export)

        if os.environ.get("BENCH_EXPLAIN") and connection.vendor == "postgresql":
            people, _waiting = halves([largest], level_1, today, requirements=requirements)
            print(explain(people.values("compliance_status").annotate(n=Count("pk")).order_by()))
            rows = staff_list([largest], export_requirement, today, requirements=requirements)
            print(explain(rows))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()

    level_1_counts = summary[covering.index(level_1)]
    print(
        f"Compliance over {PEOPLE:,} people in {AGENCIES} agencies (largest {LARGEST:,}), {COMPLETIONS:,} "
        f"completions, {len(requirements)} requirements ({connection.vendor}, {RUNS} runs, medians; "
        f"seeded in {seeded:.0f} s):"
    )
    print(f"  the largest agency against Level 1: {level_1_counts}")
    print(
        f"  dashboard summary ({len(covering)} requirements): {summary_s * 1000:8.1f} ms, {summary_q} queries"
        f"   (target 500 ms)"
    )
    print(f"  hand-written SQL, same counts:        {raw_s * 1000:8.1f} ms, {raw_q} queries")
    print(f"    ratio summary / SQL: {summary_s / raw_s:.1f}x (target 3x)")
    print(
        f"  partnership overview ({len(overview.requirements)} requirements x {len(overview.rows)} agencies): "
        f"{overview_s * 1000:8.1f} ms, {overview_q} queries   (target 1,000 ms)"
    )
    print(
        f"  staff list, first {PAGE} expired of {matching:,}, and the count: {page_s * 1000:8.1f} ms, {page_q} queries"
    )
    print(f"  CSV export of {exported:,} rows: {export_s * 1000:8.1f} ms, {export_q} queries   (target 3,000 ms)")


if __name__ == "__main__":
    main()
