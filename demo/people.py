"""Demo people for a fictional partnership in a Cumbria-like county.

Agencies, job roles, around 600 people spread over them as a real partnership would have
them, and one sign-in for each persona, all from the lists in ``demo.data.people``.

Everything is generated from those lists with ``random.Random(2017)``, so every run produces
the same people with the same email addresses. Seeding only adds what is missing and never
overwrites a change an administrator made, so it is safe to run again (``make run`` does).
"""

import datetime
import random
import re

from allauth.account.models import EmailAddress

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from demo.data.people import (
    AGENCIES,
    DEMO_PASSWORD,
    FIRST_NAMES,
    FIRST_ROLE_DATE,
    JOB_ROLES,
    LAST_ROLE_DATE,
    MANAGER_ROLES,
    PERSONA_ROLE_STARTED_ON,
    PERSONAS,
    SURNAMES,
)
from people.groups import ensure_training_administrators_group
from people.models import Agency, AgencyLeadership, JobRole, RoleHistory, User


def seed(log):
    roles = _seed_job_roles()
    agencies = _seed_agencies()
    log(f"Job roles: {len(roles)}; agencies: {len(agencies)}")
    password = make_password(DEMO_PASSWORD)
    personas = _seed_personas(agencies, roles, password)
    persona_emails = {p["email"] for p in PERSONAS}
    wanted = generate_people(taken=persona_emails)
    added = _seed_people(wanted, agencies, roles, password)
    demo_people = User.objects.filter(email__in=persona_emails | {p["email"] for p in wanted})
    _ensure_verified_emails(demo_people)
    _ensure_role_history(demo_people)
    log(f"People: {User.objects.count()} ({added} added), with {len(personas)} persona sign-ins")


def _seed_job_roles():
    roles = {}
    for code, name, _sectors, description in JOB_ROLES:
        roles[code], _ = JobRole.objects.get_or_create(code=code, defaults={"name": name, "description": description})
    return roles


def _seed_agencies():
    agencies = {}
    for name, sector, *_rest in AGENCIES:
        agencies[name], _ = Agency.objects.get_or_create(name=name, defaults={"sector": sector})
    return agencies


def _seed_personas(agencies, roles, password):
    group = ensure_training_administrators_group()
    people = {}
    for spec in PERSONAS:
        person = User.objects.filter(email=spec["email"]).first()
        if person is None:
            person = User(
                email=spec["email"],
                full_name=spec["full_name"],
                agency=agencies[spec["agency"]],
                job_role=roles[spec["job_role"]],
                team=spec["team"],
                role_started_on=PERSONA_ROLE_STARTED_ON,
                password=password,
                is_staff=spec.get("superuser", False) or spec.get("training_administrator", False),
                is_superuser=spec.get("superuser", False),
            )
            person.save()  # save() writes the person's RoleHistory
        if spec.get("training_administrator"):
            person.groups.add(group)
        for agency_name in spec.get("leads", []):
            AgencyLeadership.objects.get_or_create(user=person, agency=agencies[agency_name])
        people[spec["persona"]] = person
    return people


def email_local_part(full_name):
    """ "Ruth O'Neill" -> "ruth.oneill"; "Ana Da Silva" -> "ana.da-silva"."""
    first, _, last = full_name.lower().partition(" ")
    return ".".join(re.sub(r"[^a-z-]", "", part.replace(" ", "-")) for part in (first, last))


def generate_people(taken):
    """The generated (non-persona) people, as dicts, the same on every run."""
    rng = random.Random(2017)  # noqa: S311 - reproducible demo data, not security
    taken = set(taken)
    people = []
    span = (LAST_ROLE_DATE - FIRST_ROLE_DATE).days
    for agency_name, _sector, domain, size, role_weights, teams in AGENCIES:
        codes, weights = zip(*role_weights.items(), strict=True)
        members = {}
        for _ in range(size):
            full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            local = email_local_part(full_name)
            email, n = f"{local}@{domain}", 1
            while email in taken:
                n += 1
                email = f"{local}{n}@{domain}"
            taken.add(email)
            job_role = rng.choices(codes, weights)[0]
            fitting = [team for team, team_roles in teams.items() if not team_roles or job_role in team_roles]
            team = rng.choice(fitting) if fitting and rng.random() < 0.85 else ""
            person = {
                "email": email,
                "full_name": full_name,
                "agency": agency_name,
                "job_role": job_role,
                "team": team,
                "line_manager_name": "",
                "line_manager_email": "",
                # Weighted towards recent starts, as staff turnover makes it.
                "role_started_on": LAST_ROLE_DATE - datetime.timedelta(days=int(span * rng.random() ** 2)),
            }
            people.append(person)
            if team:
                members.setdefault(team, []).append(person)
        # Each team is managed by its first manager-grade member (or else its first member);
        # most of the others name that manager.
        for team_members in members.values():
            manager = next((p for p in team_members if p["job_role"] in MANAGER_ROLES), team_members[0])
            for person in team_members:
                if person is not manager and rng.random() < 0.9:
                    person["line_manager_name"] = manager["full_name"]
                    person["line_manager_email"] = manager["email"]
    return people


def _seed_people(wanted, agencies, roles, password):
    existing = set(User.objects.filter(email__in=[p["email"] for p in wanted]).values_list("email", flat=True))
    new = [
        User(
            **{**p, "agency": agencies[p["agency"]], "job_role": roles[p["job_role"]]},
            password=password,
        )
        for p in wanted
        if p["email"] not in existing
    ]
    # bulk_create skips User.save(), so the role history is written by _ensure_role_history().
    User.objects.bulk_create(new, batch_size=500)
    return len(new)


def _ensure_verified_emails(demo_people):
    """Every demo person has a verified primary address, as if they had followed the link."""
    missing = demo_people.filter(emailaddress__isnull=True).values_list("pk", "email")
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=pk, email=email, verified=True, primary=True) for pk, email in missing],
        batch_size=500,
    )


def _ensure_role_history(demo_people):
    """One open history row for each demo person who has none (bulk-created people)."""
    missing = demo_people.filter(role_history__isnull=True).values_list(
        "pk", "agency_id", "job_role_id", "role_started_on"
    )
    RoleHistory.objects.bulk_create(
        [
            RoleHistory(user_id=pk, agency_id=agency_id, job_role_id=role_id, started_on=started_on)
            for pk, agency_id, role_id, started_on in missing
        ],
        batch_size=500,
    )


def logins_table(site_url):
    """The persona sign-ins, as printed by ``seed_demo --logins`` and shown in the README, with
    links on ``site_url`` (where ``make run`` serves, such as http://127.0.0.1:8000)."""
    width = max(len(p["persona"]) for p in PERSONAS)
    email_width = max(len(p["email"]) for p in PERSONAS)
    lines = [
        f"Demo sign-ins ({site_url}{reverse('account_login')})",
        f"  {'Who':<{width}}  {'Email':<{email_width}}  Password",
    ]
    lines += [f"  {p['persona']:<{width}}  {p['email']:<{email_width}}  {DEMO_PASSWORD}" for p in PERSONAS]
    lines += [
        "",
        "Every other demo person has the same password. Administrators and agency leads are asked",
        "to set up two-factor authentication (an authenticator app) the first time they open a",
        f"staff screen (for administrators, the admin at {site_url}{reverse('wagtailadmin_home')}).",
    ]
    return "\n".join(lines)
