"""Modules in the Wagtail admin: an administrator writes one (an e-learning course, lessons and a
question bank) through the create form; the list links each module to its learners; a module
someone has started cannot be deleted, and says why, rather than failing."""

import pytest

from django.contrib.messages import get_messages

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import CourseFormat
from elearning import services
from elearning.models import Lesson, Module
from tests.courses.factories import CoursePageFactory
from tests.elearning.factories import ModuleFactory
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/elearning_module/"
ADD = "/admin/elearning_module/new/"


def edit_url(module):
    return f"/admin/elearning_module/edit/{module.pk}/"


def delete_url(module):
    return f"/admin/elearning_module/delete/{module.pk}/"


def option(text, correct=False):
    fields = {"text": text, "feedback": "" if correct else "Look again at the lesson."}
    if correct:
        fields["correct"] = "on"  # a ticked box; an unticked one is not posted
    return fields


def options(*items):
    data = {str(index): {"value": item, "deleted": "", "order": str(index)} for index, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def module_form(course, lessons=("What it is",), questions=None, **changes):
    """The create form as a browser posts it: the course, the lessons, and the knowledge check."""
    if questions is None:
        questions = [
            (
                "single_choice",
                {
                    "question": "Who can be sexually exploited?",
                    "options": options(option("Boys and girls", correct=True), option("Only girls")),
                },
            ),
            ("true_false", {"question": "A child can consent to their own exploitation.", "answer": "false"}),
        ]
    fields = {
        "course": str(course.pk),
        "introduction": "Work through the lessons, then take the knowledge check.",
        "lessons": inline_formset(
            [
                {
                    "title": title,
                    "body": streamfield(
                        [("heading", title), ("paragraph", rich_text("<p>A form of child sexual abuse.</p>"))]
                    ),
                }
                for title in lessons
            ]
        ),
        "pass_mark": "80",
        "questions_per_attempt": "",
        "max_attempts": "",
        "cooldown_hours": "",
        "minimum_minutes": "",
        "deadline_weeks": "",
        "questions": streamfield(questions),
        **changes,
    }
    return nested_form_data(fields)


def e_learning_course(**kwargs):
    return CoursePageFactory(format=CourseFormat.E_LEARNING, duration="1 hour", **kwargs)


# Writing a module


def test_an_administrator_creates_a_module_with_its_lessons_and_questions(administrator_client):
    course = e_learning_course(title="CSE Level 1 awareness")

    response = administrator_client.post(ADD, module_form(course, lessons=["What it is", "Who is at risk"]))

    assert response.status_code == 302
    module = Module.objects.get()
    assert module.course == course
    assert [lesson.title for lesson in module.lessons.order_by("sort_order")] == ["What it is", "Who is at risk"]
    assert [question.block_type for question in module.questions] == ["single_choice", "true_false"]
    single = module.questions[0].value
    assert [(choice["text"], choice["correct"]) for choice in single["options"]] == [
        ("Boys and girls", True),
        ("Only girls", False),
    ]


def test_the_course_chooser_offers_only_e_learning_courses(administrator_client):
    online = e_learning_course(title="CSE Level 1 awareness")
    workshop = CoursePageFactory(title="CSE Level 3 workshop", format=CourseFormat.HALF_DAY)

    choices = administrator_client.get(ADD).context["form"].fields["course"].queryset

    assert online in choices
    assert workshop not in choices


def test_a_workshop_course_posted_anyway_is_refused_beside_the_field(administrator_client):
    workshop = CoursePageFactory(format=CourseFormat.HALF_DAY)

    response = administrator_client.post(ADD, module_form(workshop))

    assert response.status_code == 200
    assert response.context["form"].errors["course"]
    assert not Module.objects.exists()


def test_a_module_without_lessons_is_refused_and_nothing_is_saved(administrator_client):
    response = administrator_client.post(ADD, module_form(e_learning_course(), lessons=[]))

    assert response.status_code == 200
    assert response.context["form"].formsets["lessons"].non_form_errors()
    assert not Module.objects.exists()


def test_a_module_without_questions_is_refused_beside_the_questions(administrator_client):
    response = administrator_client.post(ADD, module_form(e_learning_course(), questions=[]))

    assert response.status_code == 200
    assert response.context["form"].errors["questions"] == ["Add at least one question for the knowledge check."]
    assert not Module.objects.exists()
    assert not Lesson.objects.exists()


def test_a_single_choice_question_without_its_right_answer_is_refused(administrator_client):
    question = ("single_choice", {"question": "Who?", "options": options(option("Boys"), option("Girls"))})

    response = administrator_client.post(ADD, module_form(e_learning_course(), questions=[question]))

    assert response.status_code == 200
    assert "questions" in response.context["form"].errors
    assert not Module.objects.exists()


def test_a_learner_cannot_create_a_module(client):
    client.force_login(UserFactory())

    response = client.post(ADD, module_form(e_learning_course()))

    assert response.status_code == 403
    assert not Module.objects.exists()


# The list


def test_the_module_list_links_each_module_to_its_edit_form_and_learners(administrator_client):
    module = ModuleFactory(course__title="CSE Level 1 awareness")

    html = administrator_client.get(INDEX).content.decode()

    assert f'href="{edit_url(module)}"' in html
    assert f'href="/admin/elearning/results/{module.pk}/learners/"' in html
    assert 'href="/admin/elearning/results/"' in html


def test_the_module_list_counts_each_modules_lessons(administrator_client):
    ModuleFactory()

    response = administrator_client.get(INDEX)

    assert [module.lesson_count for module in response.context["object_list"]] == [3]


def test_the_edit_form_links_to_the_learners(administrator_client):
    module = ModuleFactory()

    html = administrator_client.get(edit_url(module)).content.decode()

    assert f"/admin/elearning/results/{module.pk}/learners/" in html


# Deleting


def test_a_module_nobody_has_started_can_be_deleted_after_confirming(administrator_client):
    module = ModuleFactory()
    assert administrator_client.get(delete_url(module)).status_code == 200

    response = administrator_client.post(delete_url(module))

    assert response.status_code == 302
    assert not Module.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_module_someone_has_started_is_not_deleted_and_the_admin_says_why(administrator_client, method):
    module = ModuleFactory(course__title="CSE Level 1 awareness")
    for _ in range(2):
        services.enrol(UserFactory(), module)

    response = getattr(administrator_client, method)(delete_url(module))

    assert response.status_code == 302
    assert response["Location"] == edit_url(module)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "“CSE Level 1 awareness” cannot be deleted because 2 people have started it, and their progress "
        "and attempts are kept with it. Unpublish its course to take it off the site."
    ]
    assert Module.objects.filter(pk=module.pk).exists()


def test_someone_enrolling_while_the_delete_is_confirmed_still_keeps_the_module(administrator_client, monkeypatch):
    """The enrolment lands after the check and before the delete: PROTECT refuses, and the
    admin says why rather than failing."""
    from elearning.wagtail_hooks import ModuleDeleteView

    module = ModuleFactory()
    checks = iter([0, 1])
    monkeypatch.setattr(ModuleDeleteView, "learner_count", lambda view: next(checks, 1))
    services.enrol(UserFactory(), module)

    response = administrator_client.post(delete_url(module))

    assert response.status_code == 302
    assert response["Location"] == edit_url(module)
    assert "cannot be deleted" in str(list(get_messages(response.wsgi_request))[0])
    assert Module.objects.filter(pk=module.pk).exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("bad_id", ["99999", "9" * 26, "abc"])
def test_a_module_that_does_not_exist_is_not_found(administrator_client, action, bad_id):
    assert administrator_client.get(f"/admin/elearning_module/{action}/{bad_id}/").status_code == 404
