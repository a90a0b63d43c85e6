"""The Wagtail group for the LSCB business unit's training administrators.

An app opts in from its own ``AppConfig``, so ``people`` never names the apps above it::

    class CoursesConfig(AppConfig):
        name = "courses"
        training_administrators_manage = True  # every permission on the app's models
        training_administrators_also_manage = ("taggit",)  # third-party apps it manages with

Kept in step with the models after every ``migrate``, so an app that opts in, or adds a model,
gives administrators its permissions without a data migration of its own.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from people.staff_access import TRAINING_ADMINISTRATORS

WAGTAIL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("lscb_training", "change_sitesettings"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"]
# Wagtail checks documents and images per collection, never by the group's own permissions
# above: without these on the root collection an administrator cannot upload a document or
# choose one for a forum resource.
COLLECTION_PERMISSIONS = [
    (app_label, codename)
    for app_label, codename in WAGTAIL_PERMISSIONS
    if app_label in ("wagtaildocs", "wagtailimages")
]


def administered_app_labels():
    """The labels of the apps whose models training administrators manage in full: each app
    whose ``AppConfig`` has ``training_administrators_manage = True``, and the third-party apps
    it lists in ``training_administrators_also_manage`` (their own AppConfigs are not ours)."""
    labels = []
    for config in apps.get_app_configs():
        if getattr(config, "training_administrators_manage", False):
            labels.append(config.label)
            labels.extend(getattr(config, "training_administrators_also_manage", ()))
    return labels


def ensure_training_administrators_group(**kwargs):
    group, _ = Group.objects.get_or_create(name=TRAINING_ADMINISTRATORS)
    permissions = Permission.objects.filter(content_type__app_label__in=administered_app_labels())
    for app_label, codename in WAGTAIL_PERMISSIONS:
        permissions = permissions | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*permissions)

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    root = Page.get_first_root_node()
    if root is None:
        return group
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group
