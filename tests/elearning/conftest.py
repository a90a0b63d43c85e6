import pytest

from elearning.services import complete_lesson, enrol
from tests.elearning.factories import ModuleFactory
from tests.people.factories import UserFactory


@pytest.fixture
def module(db):
    return ModuleFactory()


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def read_every_lesson(enrolment):
    lessons = list(enrolment.module.lessons.order_by("sort_order"))
    for lesson in lessons:
        complete_lesson(enrolment, lesson)
    return lessons


@pytest.fixture
def ready(module, learner):
    """An enrolment with every lesson read: the knowledge check is open."""
    enrolment = enrol(learner, module)
    read_every_lesson(enrolment)
    return enrolment
