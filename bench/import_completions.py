"""Times the preview and the import of a 10,000-row file of outside completions against a bare
``bulk_create`` of the same 10,000 completions, in the same run.

Standalone: ``python bench/import_completions.py`` (set DATABASE_URL to run it on PostgreSQL;
BENCH_ROWS and BENCH_RUNS change the size and the number of runs). It builds a throwaway
database (on SQLite a file), seeds a course and 10,000 people, then for each run writes a CSV of
10,000 rows (one per person, a new completion date each run) and times:

- the preview: ``records.imports.read_upload`` and ``records.services.preview_import`` (reading
  the file, classifying every row, storing the batch);
- the import: ``records.services.import_completions`` (classifying again, inserting, reading
  back, the audit log, the announcements after commit);
- beside them, ``Completion.objects.bulk_create`` of the same rows, bare (another date).

It prints the medians, their ratios and the SQL queries each step costs.
"""

import os
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

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def seed():
    """A course under a level, an administrator and ``ROWS`` people."""
    from courses.models import CoursePage, TrainingIndexPage, TrainingLevelPage
    from lscb_training.models import HomePage
    from people.models import Agency, Sector, User

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    level = index.add_child(instance=TrainingLevelPage(title="Level 1", slug="level-1", number=1, audience="All"))
    course = level.add_child(
        instance=CoursePage(title="CSE awareness", slug="cse-awareness", summary="CSE.", validity_months=36)
    )
    agency = Agency.objects.create(name="Fellside Health", sector=Sector.HEALTH)
    admin = User.objects.create(email="admin@example.org", full_name="Ada Admin", is_superuser=True)
    people = User.objects.bulk_create(
        (User(email=f"person{n}@example.org", full_name=f"Person {n}", agency=agency) for n in range(ROWS)),
        batch_size=2000,
    )
    return course, admin, people


def csv_of(people, day):
    lines = ["Work email,Course code,Completion date,Status,Score,Provider certificate id"]
    lines += [
        f"{someone.email.upper()},CSE-Awareness,{day:%d/%m/%Y},Passed,{80 + n % 21},PRV-{n}"
        for n, someone in enumerate(people)
    ]
    return SimpleUploadedFile("completions.csv", "\n".join(lines).encode("utf-8-sig"))


def main():
    from lscb_training.dates import add_months
    from records.choices import CompletionSource
    from records.imports import read_upload
    from records.models import Completion
    from records.services import import_completions, preview_import

    old_name = connection.settings_dict["NAME"]
    workdir = tempfile.TemporaryDirectory(prefix="lscb-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0)
    try:
        course, admin, people = seed()
        today = timezone.localdate()
        preview_times, import_times, bulk_times, build_times = [], [], [], []
        preview_queries = import_queries = None
        for run in range(RUNS):
            day = today - timedelta(days=run + 1)
            upload = csv_of(people, day)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                batch = preview_import(read_upload(upload), upload.name, admin)
                preview_times.append(time.perf_counter() - started)
            preview_queries = len(captured)
            assert batch.counts()["will_import"] == ROWS, batch.counts()

            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                batch = import_completions(batch, by=admin)
                import_times.append(time.perf_counter() - started)
            import_queries = len(captured)
            assert batch.imported_count == ROWS

            bare_day = today - timedelta(days=RUNS + run + 1)
            started = time.perf_counter()
            rows = [
                Completion(
                    user=someone,
                    course=course,
                    completed_on=bare_day,
                    expires_on=add_months(bare_day, 36),
                    source=CompletionSource.IMPORT,
                    score=80 + n % 21,
                    reference=f"PRV-{n}",
                    recorded_by=admin,
                )
                for n, someone in enumerate(people)
            ]
            built = time.perf_counter()
            Completion.objects.bulk_create(rows)
            bulk_times.append(time.perf_counter() - built)
            build_times.append(built - started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()

    preview_ms = statistics.median(preview_times) * 1000
    import_ms = statistics.median(import_times) * 1000
    bulk_ms = statistics.median(bulk_times) * 1000
    build_ms = statistics.median(build_times) * 1000
    print(f"Import of {ROWS:,} completions ({connection.vendor}, {RUNS} runs, medians):")
    print(f"  preview (read the CSV, classify each row, keep it): {preview_ms:8.1f} ms, {preview_queries} queries")
    print(f"  import (classify again, insert, read back, log):    {import_ms:8.1f} ms, {import_queries} queries")
    print(f"  bare bulk_create of the same {ROWS:,} completions:   {bulk_ms:8.1f} ms")
    print(f"    (making the {ROWS:,} Completion objects it is given: {build_ms:8.1f} ms more)")
    print(f"  ratios to the bare bulk_create: preview {preview_ms / bulk_ms:.1f}x, import {import_ms / bulk_ms:.1f}x")
    print(f"    counting the objects' making in it: import {import_ms / (bulk_ms + build_ms):.1f}x")
    print("  (the inserts go in the database's largest batches, as a bare bulk_create's do: more on SQLite)")


if __name__ == "__main__":
    main()
