import datetime

import factory

from compliance.models import Exemption, Requirement


class RequirementFactory(factory.django.DjangoModelFactory):
    """A partnership-wide requirement to complete ``courses`` every 36 months, in force since
    2020; pass ``agency``, ``sector`` or ``job_roles`` to narrow it."""

    class Meta:
        model = Requirement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"CSE requirement {n}")
    renewal_months = 36
    takes_effect_on = datetime.date(2020, 1, 1)

    @factory.post_generation
    def courses(self, create, extracted, **kwargs):
        if create and extracted:
            self.courses.set(extracted)
            self.save()

    @factory.post_generation
    def job_roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.job_roles.set(extracted)
            self.save()


class ExemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemption

    reason = "On long-term leave."
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=90))
