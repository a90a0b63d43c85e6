from django.apps import AppConfig


class LscbTrainingConfig(AppConfig):
    name = "lscb_training"
    verbose_name = "Site"
