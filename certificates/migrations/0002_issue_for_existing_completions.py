"""Completions recorded before certificates existed get theirs: one per completion whose source
earns one (CERTIFICATE_SOURCES), the latest of each person's course in force and the earlier
ones superseded by it, as ``certificates.services.issue_certificates`` would have left them."""

from django.conf import settings
from django.db import migrations

from certificates.codes import new_code


def issue(apps, schema_editor):
    Completion = apps.get_model("records", "Completion")
    Certificate = apps.get_model("certificates", "Certificate")
    latest = {}
    batch = []
    rows = (
        Completion.objects.filter(source__in=settings.CERTIFICATE_SOURCES, certificate__isnull=True)
        .order_by("user_id", "course_id", "-completed_on", "-id")
        .iterator(chunk_size=2000)
    )
    codes = set(Certificate.objects.values_list("code", flat=True))
    for completion in rows:
        code = new_code()
        while code in codes:
            code = new_code()
        codes.add(code)
        batch.append(
            Certificate(
                code=code,
                completion_id=completion.pk,
                person_id=completion.user_id,
                course_id=completion.course_id,
                kind="attendance" if completion.source == "attendance" else "completion",
                completed_on=completion.completed_on,
                expires_on=completion.expires_on,
            )
        )
    Certificate.objects.bulk_create(batch, batch_size=1000)
    changed = []
    for certificate in Certificate.objects.order_by("person_id", "course_id", "-completed_on", "-id"):
        key = (certificate.person_id, certificate.course_id)
        if key not in latest:
            latest[key] = certificate
        elif certificate.superseded_by_id is None:
            certificate.superseded_by_id = latest[key].pk
            changed.append(certificate)
    Certificate.objects.bulk_update(changed, ["superseded_by"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_certificates"), ("records", "0002_completion_score_and_reference")]

    operations = [migrations.RunPython(issue, migrations.RunPython.noop)]
