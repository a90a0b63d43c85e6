"""The site shell's additions to the Wagtail admin: styles that every admin page needs."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_contrast_fixes():
    return format_html('<link rel="stylesheet" href="{}">', static("lscb_training/admin.css"))
