from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    training_administrators_manage = True  # see people/groups.py

    def ready(self):
        from compliance import receivers  # noqa: F401 - links roster entries as people join
