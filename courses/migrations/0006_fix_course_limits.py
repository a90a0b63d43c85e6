"""Makes existing courses fit the limits that 0007 puts in the database.

Each fix keeps what people saw: a validity of 0 months already read "Does not expire", as an
empty one does; CPD hours of 0 or less and a "within 0 months" window meant nothing, and are
cleared to "not stated" and "any time"; a course listed as its own prerequisite could never be
booked, and that row is removed.
"""

from django.db import migrations
from django.db.models import F


def fix_course_limits(apps, schema_editor):
    CoursePage = apps.get_model("courses", "CoursePage")
    CoursePrerequisite = apps.get_model("courses", "CoursePrerequisite")
    CoursePage.objects.filter(cpd_hours__lte=0).update(cpd_hours=None)
    CoursePage.objects.filter(validity_months=0).update(validity_months=None)
    CoursePrerequisite.objects.filter(within_months=0).update(within_months=None)
    CoursePrerequisite.objects.filter(required_course=F("course")).delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_resource_document_or_link_not_both")]

    operations = [migrations.RunPython(fix_course_limits, migrations.RunPython.noop)]
