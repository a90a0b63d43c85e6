"""Makes existing people, agencies and role history fit the rules that 0005 puts in the database.

- Emails are lower-cased where that is safe (no other account has the same address in other
  capitals). Two accounts that are one address are not merged by a migration: it stops and
  names them, to be resolved in the admin first. The same for agencies and job roles whose
  names differ only in capitals, since people and courses point at each.
- Each person's role history is replayed in the order it was recorded, by the rule
  ``people.models.RoleHistory.record`` now follows, and then brought to the person's current
  agency, role and start date. Rows a later, earlier-dated change had left ending before they
  started, or overlapping, are removed or shortened; the open row matches the person.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone


def refuse_names_differing_only_in_capitals(apps, model_name, noun):
    Model = apps.get_model("people", model_name)
    clashes = (
        Model.objects.annotate(key=Lower("name")).values("key").annotate(n=Count("pk")).filter(n__gt=1).values("key")
    )
    names = sorted(Model.objects.annotate(key=Lower("name")).filter(key__in=clashes).values_list("name", flat=True))
    if names:
        raise RuntimeError(
            f"These {noun} names differ only in capitals: {', '.join(names)}. Merge or rename them in the admin, "
            "then migrate again."
        )


def lower_case_emails(apps):
    User = apps.get_model("people", "User")
    clashes = User.objects.annotate(key=Lower("email")).values("key").annotate(n=Count("pk")).filter(n__gt=1)
    if clashes.exists():
        emails = ", ".join(sorted(clash["key"] for clash in clashes))
        raise RuntimeError(
            f"More than one account has each of these email addresses in different capitals: {emails}. "
            "Close or change the extra accounts in the admin, then migrate again."
        )
    for user in User.objects.exclude(email=Lower("email")).only("pk", "email"):
        User.objects.filter(pk=user.pk).update(email=user.email.lower())


def new_period(timeline, agency_id, job_role_id, started_on):
    """The rule for a new agency or role from ``started_on``: later periods are replaced, the
    one running then ends then."""
    kept = [period for period in timeline if period["started_on"] < started_on]
    for period in kept:
        if period["ended_on"] is None or period["ended_on"] > started_on:
            period["ended_on"] = started_on
    kept.append(
        {"id": None, "agency_id": agency_id, "job_role_id": job_role_id, "started_on": started_on, "ended_on": None}
    )
    return kept


def replay(rows, user, today):
    """The history ``rows`` (in recording order) should have been, ending in ``user``'s current role."""
    timeline = []
    for row in rows:
        timeline = new_period(timeline, row.agency_id, row.job_role_id, row.started_on)
        timeline[-1]["id"] = row.pk
    if not (user.agency_id or user.job_role_id):
        timeline = [period for period in timeline if period["started_on"] < today]
        for period in timeline:
            if period["ended_on"] is None or period["ended_on"] > today:
                period["ended_on"] = today
        return timeline
    started_on = user.role_started_on or today
    current = next((period for period in timeline if period["ended_on"] is None), None)
    same_role = current and (current["agency_id"], current["job_role_id"]) == (user.agency_id, user.job_role_id)
    if same_role and current["started_on"] <= started_on:
        for period in timeline:
            if period["ended_on"] == current["started_on"]:
                period["ended_on"] = started_on
        current["started_on"] = started_on
        return timeline
    return new_period(timeline, user.agency_id, user.job_role_id, started_on)


def replay_role_history(apps):
    User = apps.get_model("people", "User")
    RoleHistory = apps.get_model("people", "RoleHistory")
    today = timezone.localdate()
    for user in User.objects.only("pk", "agency_id", "job_role_id", "role_started_on").iterator():
        rows = list(RoleHistory.objects.filter(user=user).order_by("recorded_at", "pk"))
        if not rows and not (user.agency_id or user.job_role_id):
            continue
        if not user.role_started_on and (user.agency_id or user.job_role_id):
            user.role_started_on = today
            User.objects.filter(pk=user.pk).update(role_started_on=today)
        timeline = replay(rows, user, today)
        kept = {period["id"]: period for period in timeline if period["id"]}
        RoleHistory.objects.filter(user=user).exclude(pk__in=kept).delete()
        for row in rows:
            period = kept.get(row.pk)
            if period and (row.started_on, row.ended_on) != (period["started_on"], period["ended_on"]):
                RoleHistory.objects.filter(pk=row.pk).update(
                    started_on=period["started_on"], ended_on=period["ended_on"]
                )
        for period in timeline:
            if period["id"] is None:
                RoleHistory.objects.create(
                    user=user,
                    agency_id=period["agency_id"],
                    job_role_id=period["job_role_id"],
                    started_on=period["started_on"],
                )


def fix(apps, schema_editor):
    refuse_names_differing_only_in_capitals(apps, "Agency", "agency")
    refuse_names_differing_only_in_capitals(apps, "JobRole", "job role")
    lower_case_emails(apps)
    replay_role_history(apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_encrypt_mfa_secrets")]

    operations = [migrations.RunPython(fix, migrations.RunPython.noop)]
