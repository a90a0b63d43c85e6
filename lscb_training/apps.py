from django.apps import AppConfig


class LscbTrainingConfig(AppConfig):
    name = "lscb_training"
    verbose_name = "Site"

    def ready(self):
        # Imported here, once the apps are loaded: Wagtail's admin forms register their own
        # date-time field on import, which this replaces for every page and snippet form.
        from django.db import models

        from wagtail.admin import widgets
        from wagtail.admin.forms.models import register_form_field_override

        from lscb_training.form_fields import DateTimeField

        register_form_field_override(
            models.DateTimeField, override={"widget": widgets.AdminDateTimeInput, "form_class": DateTimeField}
        )
