from django.apps import AppConfig


class ElearningConfig(AppConfig):
    name = "elearning"
    training_administrators_manage = True  # see people/groups.py
