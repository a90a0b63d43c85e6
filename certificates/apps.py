from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    training_administrators_manage = True  # see people/groups.py

    def ready(self):
        from certificates import receivers  # noqa: F401 - connects to records' signals
