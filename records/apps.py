from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Training records"
    training_administrators_manage = True  # see people/groups.py
