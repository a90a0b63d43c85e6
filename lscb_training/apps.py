from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LscbTrainingConfig(AppConfig):
    name = "lscb_training"
    verbose_name = "Site"

    def ready(self):
        # Models and the processor's module can only be imported once the apps are loaded.
        from wagtail.models import Site

        from lscb_training.models import SiteSettings
        from lscb_training.sites import forget_sites

        for model in (Site, SiteSettings):
            post_save.connect(forget_sites, sender=model, dispatch_uid=f"forget-sites-{model.__name__}")
            post_delete.connect(forget_sites, sender=model, dispatch_uid=f"forget-sites-delete-{model.__name__}")
