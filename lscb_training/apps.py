from django.apps import AppConfig
from django.db import models


class LscbTrainingConfig(AppConfig):
    name = "lscb_training"
    verbose_name = "Site"

    def ready(self):
        # Imported here, once the apps are loaded: Wagtail's admin forms import the app registry.
        from wagtail.admin import widgets
        from wagtail.admin.forms.models import register_form_field_override, registry

        from lscb_training.admin_ids import guard_chooser_widgets
        from lscb_training.form_fields import DateTimeField
        from lscb_training.forms import ModelChoiceField, ModelMultipleChoiceField

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
