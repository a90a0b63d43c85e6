import factory
from allauth.account.models import EmailAddress

from people.models import Agency, AgencyLeadership, JobRole, Sector, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fellside Agency {n}")
    sector = Sector.CHILDRENS_SERVICES


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Practitioner grade {n}")
    code = factory.Sequence(lambda n: f"practitioner-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary email address, who can sign in with ``password``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@agency.example.org")
    agency = factory.SubFactory(AgencyFactory)
    job_role = factory.SubFactory(JobRoleFactory)
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Pass ``verified=False`` for someone who has not yet followed the email link."""
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=extracted is not False, primary=True)


class AgencyLeadershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyLeadership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
