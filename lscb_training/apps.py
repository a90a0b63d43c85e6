from django.apps import AppConfig
from django.db import models
from django.db.models.signals import post_delete, post_save


class LscbTrainingConfig(AppConfig):
    name = "lscb_training"
    verbose_name = "Site"

    def ready(self):
        # Imported here, once the apps are loaded: Wagtail's admin forms import the app registry.
        from wagtail.admin import widgets
        from wagtail.admin.forms.models import register_form_field_override, registry
        from wagtail.models import Site

        from lscb_training.admin_ids import guard_chooser_widgets, guard_inline_row_keys, guard_stream_field_data
        from lscb_training.form_fields import DateTimeField
        from lscb_training.forms import ModelChoiceField, ModelMultipleChoiceField
        from lscb_training.models import SiteSettings
        from lscb_training.sites import forget_sites

        # Every page and snippet date-time field refuses a run of digits (form_fields.py).
        register_form_field_override(
            models.DateTimeField, override={"widget": widgets.AdminDateTimeInput, "form_class": DateTimeField}
        )

        def foreign_key(db_field):
            # Wagtail keeps its choosers' widgets (page, image, person...) in this lookup.
            return {**(registry.foreign_key_lookup(db_field) or {}), "form_class": ModelChoiceField}

        register_form_field_override(models.ForeignKey, override=foreign_key)
        register_form_field_override(models.ManyToManyField, override={"form_class": ModelMultipleChoiceField})
        guard_chooser_widgets()
        guard_inline_row_keys()
        guard_stream_field_data()

        # The cached site and settings (lscb_training.sites) are forgotten when either changes.
        for model in (Site, SiteSettings):
            post_save.connect(forget_sites, sender=model, dispatch_uid=f"forget-sites-{model.__name__}")
            post_delete.connect(forget_sites, sender=model, dispatch_uid=f"forget-sites-delete-{model.__name__}")
