"""Importing completions from an outside e-learning provider: reading the file, the preview of
each row, confirming, and what bad input gets (a message, nothing written, never a 500)."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

from records import imports
from records.choices import CompletionSource, ImportStatus, RowOutcome
from records.imports import ImportFileError, parse_date, read_upload
from records.models import Completion, ImportBatch
from records.services import ImportRefused, cancel_import, import_completions, preview_import
from records.signals import completions_recorded
from tests.courses.factories import CoursePageFactory, TrainingLevelPageFactory
from tests.people.factories import AgencyLeadershipFactory, UserFactory
from tests.records.factories import CompletionFactory

IMPORTS = "/admin/records/imports/"
UPLOAD = f"{IMPORTS}upload/"
HEADER = "Work email,Course code,Completion date,Status,Score,Provider certificate id"
LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)
UK_LAST_WEEK = LAST_WEEK.strftime("%d/%m/%Y")


def csv_file(*lines, name="completions.csv", header=HEADER, encoding="utf-8"):
    return SimpleUploadedFile(name, "\n".join([header, *lines]).encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="completions.xlsx", number_formats=None):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell_name, number_format in (number_formats or {}).items():
        sheet[cell_name].number_format = number_format
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def error_of(upload):
    with pytest.raises(ImportFileError) as raised:
        read_upload(upload)
    return raised.value.messages[0]


@pytest.fixture
def course():
    return CoursePageFactory(title="CSE awareness", slug="cse-awareness", validity_months=36)


@pytest.fixture
def person():
    return UserFactory(full_name="Ada Brown", email="ada.brown@fellside.example.org")


def preview(*lines, keep_unknown=False, by=None):
    return preview_import(read_upload(csv_file(*lines)), "completions.csv", by, keep_unknown=keep_unknown)


def outcomes(batch):
    return [(row["outcome"], row["reason"]) for row in batch.rows]


# Reading the file


def test_a_csv_with_a_byte_order_mark_is_read():
    upload = SimpleUploadedFile("c.csv", ("\ufeff" + HEADER + "\na@x.org,cse,2026-01-02,passed,90,C-1").encode())

    rows = read_upload(upload)

    assert rows == [
        {
            "line": 2,
            "email": "a@x.org",
            "course_code": "cse",
            "completed_on": "2026-01-02",
            "status": "passed",
            "score": "90",
            "reference": "C-1",
        }
    ]


def test_headings_are_matched_whatever_their_case_and_in_any_order_with_common_variants():
    upload = csv_file("Completed,a@x.org,cse,14/03/2026", header="RESULT,E-mail address,course_code,Date Completed")

    [row] = read_upload(upload)

    assert (row["status"], row["email"], row["course_code"], row["completed_on"]) == (
        "Completed",
        "a@x.org",
        "cse",
        "14/03/2026",
    )
    assert (row["score"], row["reference"]) == ("", "")


def test_missing_required_columns_are_named():
    message = error_of(csv_file("a@x.org,passed", header="Email,Status"))

    assert message.startswith("The selected file has no course code or completion date column.")


def test_two_columns_for_the_same_thing_are_refused():
    message = error_of(csv_file("a@x.org,b@x.org,cse,2026-01-01,passed", header="Email,Work email,Course,Date,Status"))

    assert "two “work email” columns" in message


@pytest.mark.parametrize("name", ["completions.txt", "completions.xls", "completions", "completions.pdf"])
def test_a_file_that_is_not_csv_or_xlsx_is_refused(name):
    message = error_of(SimpleUploadedFile(name, b"anything"))

    assert message.startswith("The selected file must be a CSV or an Excel workbook (.xlsx).")


def test_an_empty_file_is_refused():
    assert error_of(SimpleUploadedFile("c.csv", b"")) == "The selected file is empty."
    assert error_of(SimpleUploadedFile("c.csv", b"\n\n,,\n")) == "The selected file is empty."


def test_a_file_with_headings_and_no_rows_is_refused():
    assert error_of(csv_file(",,,,,")) == "The selected file has headings but no rows of completions."


def test_a_file_that_is_not_utf8_is_refused_with_how_to_save_it():
    message = error_of(csv_file("zoë@x.org,cse,2026-01-01,passed,,", encoding="cp1252"))

    assert "not UTF-8" in message
    assert "CSV UTF-8" in message


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read():
    upload = SimpleUploadedFile("c.csv", b"x" * (imports.MAX_UPLOAD_BYTES + 1))

    assert error_of(upload).startswith("The selected file must be smaller than 5 MB.")


def test_a_file_with_more_rows_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)

    message = error_of(csv_file(*["a@x.org,cse,2026-01-01,passed,,"] * 4))

    assert message == "The selected file has more than 3 rows. Split it into smaller files and import each."


@pytest.mark.parametrize(
    "content",
    [b"not a zip at all", b"PK\x03\x04broken", None],
    ids=["not-a-zip", "broken-zip", "zip-without-a-workbook"],
)
def test_a_damaged_workbook_is_refused(content):
    if content is None:
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("hello.txt", "not a workbook")
        content = data.getvalue()

    message = error_of(SimpleUploadedFile("c.xlsx", content))

    assert message.startswith("The selected file could not be opened as an Excel workbook (.xlsx).")


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 1000)

    message = error_of(xlsx_file([HEADER.split(","), ["a@x.org", "cse", "2026-01-01", "passed"]]))

    assert message.startswith("The selected workbook is too large once unpacked.")


def test_a_workbook_with_a_csv_name_is_refused():
    upload = xlsx_file([HEADER.split(",")], name="completions.csv")

    assert error_of(upload).startswith("The selected file is a workbook, not CSV text.")


def test_a_workbook_gives_its_date_cells_as_dates_and_percentage_cells_as_percentages():
    upload = xlsx_file(
        [HEADER.split(","), ["a@x.org", "cse", datetime.datetime(2026, 3, 14, 10, 30), "Passed", 0.85, 12345]],
        number_formats={"E2": "0%"},
    )

    [row] = read_upload(upload)

    assert (row["completed_on"], row["score"], row["reference"]) == ("2026-03-14", "85", "12345")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-14", datetime.date(2026, 3, 14)),
        ("2026-03-14T09:30:00Z", datetime.date(2026, 3, 14)),
        ("14/03/2026", datetime.date(2026, 3, 14)),
        ("4/3/2026", datetime.date(2026, 3, 4)),
        ("14-03-2026", datetime.date(2026, 3, 14)),
        ("03/04/2026", datetime.date(2026, 4, 3)),  # day first: 3 April, never 4 March
        ("03/14/2026", None),  # month first is never read
        ("14/03/26", None),
        ("31/02/2026", None),
        ("14 March 2026", None),
        ("", None),
    ],
)
def test_dates_are_read_as_iso_or_day_first_and_never_month_first(text, day):
    assert parse_date(text) == day


# What each row would do


@pytest.mark.django_db
def test_a_good_row_will_import_matching_email_and_course_code_whatever_their_case(course, person):
    batch = preview(f"ADA.Brown@Fellside.Example.org,CSE-Awareness,{UK_LAST_WEEK},Passed,85%,PRV-1")

    [row] = batch.rows
    assert row["outcome"] == RowOutcome.WILL_IMPORT
    assert (row["person"], row["course"]) == ("Ada Brown", "CSE awareness")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("nobody@fellside.example.org,cse-awareness,{day},passed,,", "No account has the work email"),
        ("not-an-email,cse-awareness,{day},passed,,", "“not-an-email” is not an email address."),
        ("ada.brown@fellside.example.org,no-such-course,{day},passed,,", "No course has the code “no-such-course”."),
        ("ada.brown@fellside.example.org,cse-awareness,{future},passed,,", "is in the future."),
        ("ada.brown@fellside.example.org,cse-awareness,03/14/2026,passed,,", "“03/14/2026” is not a date"),
        ("ada.brown@fellside.example.org,cse-awareness,,passed,,", "The completion date is missing."),
        ("ada.brown@fellside.example.org,cse-awareness,{day},failed,40,", "not a completion"),
        ("ada.brown@fellside.example.org,cse-awareness,{day},in progress,,", "is not passed, completed or failed."),
        ("ada.brown@fellside.example.org,cse-awareness,{day},passed,101,", "The score “101” is not a number from 0"),
        ("ada.brown@fellside.example.org,cse-awareness,{day},passed,good,", "The score “good” is not a number from 0"),
        ("ada.brown@fellside.example.org,cse-awareness,{day},passed,,{long}", "longer than 100 characters"),
    ],
)
def test_a_bad_row_is_an_error_with_its_reason(course, person, line, reason):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    batch = preview(line.format(day=UK_LAST_WEEK, future=future, long="x" * 101))

    [(outcome, said)] = outcomes(batch)
    assert outcome == RowOutcome.ERROR
    assert reason in said


@pytest.mark.django_db
def test_a_row_with_several_problems_gives_every_reason(course, person):
    batch = preview("nobody@fellside.example.org,no-such-course,31/02/2026,failed,,")

    [(outcome, said)] = outcomes(batch)
    assert outcome == RowOutcome.ERROR
    assert "“31/02/2026” is not a date" in said
    assert "not a completion" in said
    assert "No course has the code “no-such-course”." in said
    assert "No account has the work email nobody@fellside.example.org." in said


@pytest.mark.django_db
def test_a_duplicate_row_in_the_file_is_an_error_naming_the_first(course, person):
    line = f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,"
    same_in_other_words = f"Ada.Brown@fellside.example.org,CSE-AWARENESS,{LAST_WEEK.isoformat()},completed,,"

    batch = preview(line, same_in_other_words)

    assert outcomes(batch) == [
        (RowOutcome.WILL_IMPORT, ""),
        (RowOutcome.ERROR, "Duplicate of row 2: the same person, course and completion date."),
    ]


@pytest.mark.django_db
def test_a_completion_already_recorded_is_classed_already_imported(course, person):
    CompletionFactory(user=person, course=course, completed_on=LAST_WEEK)

    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")

    assert batch.rows[0]["outcome"] == RowOutcome.ALREADY_IMPORTED


@pytest.mark.django_db
def test_a_course_code_matching_courses_at_two_levels_is_an_error_unless_only_one_is_published(person):
    CoursePageFactory(slug="refresher")
    other = CoursePageFactory(slug="refresher", level=TrainingLevelPageFactory(number=2))

    ambiguous = preview(f"ada.brown@fellside.example.org,refresher,{UK_LAST_WEEK},passed,,")
    other.unpublish()
    resolved = preview(f"ada.brown@fellside.example.org,refresher,{UK_LAST_WEEK},passed,,")

    assert outcomes(ambiguous) == [(RowOutcome.ERROR, "The course code “refresher” matches more than one course.")]
    assert resolved.rows[0]["outcome"] == RowOutcome.WILL_IMPORT


@pytest.mark.django_db
def test_a_preview_writes_no_completion(course, person):
    preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")

    assert not Completion.objects.exists()


# Confirming


@pytest.mark.django_db
def test_confirming_records_each_good_row_as_an_imported_completion_with_score_and_certificate_id(course, person):
    administrator = UserFactory()
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,85.5,PRV-77")

    import_completions(batch, by=administrator)

    completion = Completion.objects.get()
    assert (completion.user, completion.course, completion.completed_on) == (person, course, LAST_WEEK)
    assert (completion.source, completion.score, completion.reference) == (CompletionSource.IMPORT, 86, "PRV-77")
    assert completion.expires_on == LAST_WEEK.replace(year=LAST_WEEK.year + 3)
    assert (completion.recorded_by, completion.import_batch) == (administrator, batch)
    batch.refresh_from_db()
    assert (batch.status, batch.confirmed_by, batch.imported_count) == (ImportStatus.IMPORTED, administrator, 1)
    assert ModelLogEntry.objects.for_instance(batch).filter(action="records.import_completions").exists()


@pytest.mark.django_db
def test_confirming_twice_imports_once_and_says_so(course, person):
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")
    stale = ImportBatch.objects.get(pk=batch.pk)  # a second tab, opened before the first click
    import_completions(batch, by=None)

    with pytest.raises(ImportRefused, match="has already been imported"):
        import_completions(stale, by=None)

    assert Completion.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="records.import_completions").count() == 1


@pytest.mark.django_db
def test_a_cancelled_import_cannot_be_confirmed_and_keeps_no_rows(course, person):
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")
    cancel_import(batch, by=None)

    with pytest.raises(ImportRefused, match="was cancelled"):
        import_completions(batch, by=None)

    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportStatus.CANCELLED, [])
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_a_completion_recorded_between_preview_and_confirm_is_not_added_again(course, person):
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")
    CompletionFactory(user=person, course=course, completed_on=LAST_WEEK)

    import_completions(batch, by=None)

    assert Completion.objects.count() == 1
    batch.refresh_from_db()
    assert (batch.imported_count, batch.already_count) == (0, 1)


# Query counts: a fixed number whatever the number of rows


def many_rows(count, course, prefix):
    people = [UserFactory(email=f"{prefix}{n}@fellside.example.org") for n in range(count)]
    lines = (f"{someone.email},{course.slug},{UK_LAST_WEEK},passed,90,C{n}" for n, someone in enumerate(people))
    return read_upload(csv_file(*lines))


@pytest.mark.django_db
def test_the_preview_costs_the_same_queries_for_10_rows_as_for_50(course, django_assert_num_queries):
    small, large = many_rows(10, course, "ten"), many_rows(50, course, "fifty")
    with CaptureQueriesContext(connection) as ten:
        preview_import(small, "small.csv", None)
    with django_assert_num_queries(len(ten)):
        preview_import(large, "large.csv", None)
    assert len(ten) <= 4


@pytest.mark.django_db
def test_the_import_costs_the_same_queries_for_10_rows_as_for_50(course, django_assert_num_queries):
    small = preview_import(many_rows(10, course, "ten"), "small.csv", None)
    large = preview_import(many_rows(50, course, "fifty"), "large.csv", None)
    ContentType.objects.get_for_model(ImportBatch)  # the audit log's, cached once per process
    with CaptureQueriesContext(connection) as ten:
        import_completions(small, by=None)
    with django_assert_num_queries(len(ten)):
        import_completions(large, by=None)
    assert Completion.objects.count() == 60
    assert len(ten) <= 12


# The admin screens


def upload(client, upload_file, keep_unknown=False):
    data = {"file": upload_file}
    if keep_unknown:
        data["keep_unknown"] = "on"
    return client.post(UPLOAD, data)


@pytest.mark.django_db
def test_a_file_of_good_duplicate_and_bad_rows_previews_imports_only_the_good_and_a_second_import_adds_nothing(
    administrator_client, course, person
):
    other = UserFactory(email="bo.carr@fellside.example.org")
    lines = [
        f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,90,P-1",
        f"bo.carr@fellside.example.org,cse-awareness,{LAST_WEEK.isoformat()},completed,,P-2",
        f"ADA.BROWN@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,90,P-1",
        f"nobody@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,",
        f"bo.carr@fellside.example.org,no-such-course,{UK_LAST_WEEK},passed,,",
        f"bo.carr@fellside.example.org,cse-awareness,{UK_LAST_WEEK},failed,30,",
    ]

    first = upload(administrator_client, csv_file(*lines))
    preview_page = administrator_client.get(first["Location"])
    batch = ImportBatch.objects.get()
    confirmed = administrator_client.post(f"{IMPORTS}{batch.pk}/confirm/")
    upload(administrator_client, csv_file(*lines))
    second_batch = ImportBatch.objects.exclude(pk=batch.pk).get()
    administrator_client.post(f"{IMPORTS}{second_batch.pk}/confirm/")

    html = preview_page.content.decode()
    assert first.status_code == 302
    assert batch.counts() == {"will_import": 2, "already_imported": 0, "pending": 0, "error": 4}
    assert "Duplicate of row 2" in html
    assert "No account has the work email nobody@fellside.example.org." in html
    assert "Confirm and import 2 completions" in html
    assert confirmed.status_code == 302
    assert set(Completion.objects.values_list("user", flat=True)) == {person.pk, other.pk}
    second_batch.refresh_from_db()
    assert second_batch.counts()["will_import"] == 0
    assert (second_batch.imported_count, second_batch.already_count) == (0, 2)
    assert Completion.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_upload_shows_the_problem_beside_the_field_and_in_the_summary_and_writes_nothing(administrator_client):
    response = upload(administrator_client, SimpleUploadedFile("completions.pdf", b"%PDF-1.4"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert html.count("The selected file must be a CSV or an Excel workbook") == 2
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_an_upload_without_a_file_asks_for_one(administrator_client):
    response = administrator_client.post(UPLOAD, {})

    assert response.status_code == 400
    assert "Select a file of completions" in response.content.decode()


@pytest.mark.django_db
def test_the_list_of_past_imports_shows_who_when_and_counts(administrator_client, course, person):
    uploader = UserFactory(full_name="Ulla Upton")
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,", by=uploader)
    import_completions(batch, by=uploader)

    response = administrator_client.get(IMPORTS)

    html = response.content.decode()
    assert response.status_code == 200
    assert "completions.csv" in html
    assert "Ulla Upton" in html
    assert f'href="{UPLOAD}"' in html


@pytest.mark.django_db
def test_a_confirmed_import_shows_what_it_did_and_offers_no_confirm(administrator_client, course, person):
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")
    administrator_client.post(f"{IMPORTS}{batch.pk}/confirm/")

    again = administrator_client.post(f"{IMPORTS}{batch.pk}/confirm/", follow=True)

    html = again.content.decode()
    assert "has already been imported" in html
    assert "What the import did" in html
    assert f"{IMPORTS}{batch.pk}/confirm/" not in html
    assert Completion.objects.count() == 1


@pytest.mark.django_db
def test_cancel_from_the_preview_imports_nothing(administrator_client, course, person):
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")

    response = administrator_client.post(f"{IMPORTS}{batch.pk}/cancel/")

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_an_import_that_does_not_exist_is_a_404(administrator_client):
    assert administrator_client.get(f"{IMPORTS}999999/preview/").status_code == 404
    assert administrator_client.post(f"{IMPORTS}999999/confirm/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["learner", "agency lead"])
def test_learners_and_agency_leads_cannot_open_or_use_the_import_screens(client, course, person, who):
    someone = UserFactory()
    if who == "agency lead":
        AgencyLeadershipFactory(user=someone)
    batch = preview(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")
    client.force_login(someone)

    responses = [
        client.get(IMPORTS),
        client.get(UPLOAD),
        client.post(
            UPLOAD, {"file": csv_file(f"ada.brown@fellside.example.org,cse-awareness,{UK_LAST_WEEK},passed,,")}
        ),
        client.get(f"{IMPORTS}{batch.pk}/preview/"),
        client.post(f"{IMPORTS}{batch.pk}/confirm/"),
        client.post(f"{IMPORTS}{batch.pk}/cancel/"),
    ]

    assert all(response.status_code in (302, 403) for response in responses)
    assert ImportBatch.objects.count() == 1
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_the_imported_completions_are_announced_together_inside_the_transaction(course, person):
    other = UserFactory(email="bo.carr@fellside.example.org")
    batch = preview(
        f"{person.email},cse-awareness,{UK_LAST_WEEK},passed,,",
        f"{other.email},cse-awareness,{UK_LAST_WEEK},passed,,",
    )
    heard = []

    def listener(sender, completions, **kwargs):
        heard.append(sorted(completion.user_id for completion in completions))

    completions_recorded.connect(listener)
    try:
        import_completions(batch, by=None)
    finally:
        completions_recorded.disconnect(listener)

    assert heard == [sorted([person.pk, other.pk])]
