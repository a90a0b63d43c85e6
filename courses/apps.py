from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    # people/groups.py gives training administrators every permission of the apps that opt in.
    training_administrators_manage = True
    training_administrators_also_manage = ("taggit",)  # the topics that tag courses and resources
