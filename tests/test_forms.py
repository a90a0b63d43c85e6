"""The ground's choice fields: an id that cannot be one is "not a valid choice", asked of no database."""

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from courses.models import CoursePage
from lscb_training.forms import ModelChoiceField, ModelMultipleChoiceField

pytestmark = pytest.mark.django_db

TOO_LARGE = "9" * 26


@pytest.mark.parametrize("value", [TOO_LARGE, str(2**63)])
def test_a_page_choice_refuses_an_id_too_large_for_the_database_without_a_query(django_assert_num_queries, value):
    field = ModelChoiceField(queryset=CoursePage.objects.all())

    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean(value)

    assert refused.value.code == "invalid_choice"


def test_a_multiple_choice_names_the_impossible_id_it_refuses(django_assert_num_queries):
    field = ModelMultipleChoiceField(queryset=Group.objects.all())

    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean(["1", TOO_LARGE])

    assert refused.value.code == "invalid_choice"
    assert TOO_LARGE in refused.value.messages[0]
