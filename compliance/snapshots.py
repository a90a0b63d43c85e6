"""The monthly snapshot: each agency's figures against each requirement on the first day of a
month, kept as history for the partnership overview's trend (``manage.py
take_compliance_snapshot``, run monthly from cron: docs/operations.md).

Taking the same month again writes the same figures (statuses are computed for that day from
dated completions), and the unique constraint on (month, agency, requirement) makes a second
run, or two at once on two servers, update rows in place instead of adding any.
"""

from django.utils import timezone

from compliance.models import Snapshot
from compliance.reports import by_agency, covers_agency
from compliance.status import ComplianceStatus, in_force
from people.models import Agency

FIGURES = [status.value for status in ComplianceStatus]


def take_snapshot(month=None):
    """Stores one ``Snapshot`` per agency and requirement in force (written for that agency) on
    the first day of ``month`` (a date in it; this month by default), and returns how many rows
    it wrote or found. Two queries per requirement, and one write."""
    day = (month or timezone.localdate()).replace(day=1)
    requirements = in_force(day)
    agencies = list(Agency.objects.order_by("pk"))
    rows = []
    for requirement in requirements:
        figures = by_agency(agencies, requirement, day, requirements=requirements)
        for agency in agencies:
            if not covers_agency(requirement, agency):
                continue
            mine = figures.get(agency.pk, {})
            rows.append(
                Snapshot(
                    month=day, agency=agency, requirement=requirement, **{key: mine.get(key, 0) for key in FIGURES}
                )
            )
    # taken_at is left as it was on a second run: the figures are the snapshot, not the clock.
    Snapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["month", "agency", "requirement"],
        update_fields=FIGURES,
    )
    return len(rows)
