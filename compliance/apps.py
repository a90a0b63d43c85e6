from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    training_administrators_manage = True  # see people/groups.py
