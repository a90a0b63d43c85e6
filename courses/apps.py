from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CoursesConfig(AppConfig):
    name = "courses"
    # people/groups.py gives training administrators every permission of the apps that opt in.
    training_administrators_manage = True
    training_administrators_also_manage = ("taggit",)  # the topics that tag courses and resources

    def ready(self):
        # The tag module and Wagtail's signals can only be imported once the apps are loaded.
        from wagtail.signals import page_unpublished, post_page_move

        from courses.templatetags.catalogue_tags import forget_training_section_url

        for signal in (post_save, post_delete, page_unpublished, post_page_move):
            signal.connect(forget_training_section_url, dispatch_uid=f"courses-forget-section-url-{id(signal)}")
