from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo partnership: seeds every app, and nothing imports it."""

    name = "demo"
    verbose_name = "Demo data"
