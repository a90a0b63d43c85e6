"""The Wagtail group for the LSCB business unit's training administrators.

Kept in step with the models after every ``migrate``, so a later issue that adds a model to an
administered app gives administrators its permissions without a data migration of its own.
"""

from django.contrib.auth.models import Group, Permission

from people.roles import ADMINISTERED_APPS, TRAINING_ADMINISTRATORS

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


def ensure_training_administrators_group(**kwargs):
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=TRAINING_ADMINISTRATORS)
    permissions = Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS)
    for app_label, codename in WAGTAIL_PERMISSIONS:
        permissions = permissions | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*permissions)

    root = Page.get_first_root_node()
    if root is None:
        return group
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group
