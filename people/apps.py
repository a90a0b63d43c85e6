from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    default = True  # apps.py holds a second AppConfig (below), so say which one "people" means
    name = "people"
    verbose_name = "People"
    training_administrators_manage = True  # see people/groups.py

    def ready(self):
        post_migrate.connect(_after_last_app_migrated, dispatch_uid="people.training_admins_group")


def _after_last_app_migrated(app_config, **kwargs):
    # post_migrate fires once per app; permissions for every administered app exist only
    # once the last app's signal comes round.
    if app_config is list(apps.get_app_configs())[-1]:
        # Imported here: people.groups imports models, which cannot load while apps.py does.
        from people.groups import ensure_training_administrators_group

        ensure_training_administrators_group()


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the user admin for this site's people (Wagtail's documented
    way to customise the user forms). Listed in INSTALLED_APPS in place of "wagtail.users"."""

    default = False
    user_viewset = "people.wagtail_hooks.PersonUserViewSet"
    group_viewset = "people.wagtail_hooks.GroupViewSet"
