"""``settings`` in every template, as Wagtail's processor gives it, with ``SiteSettings`` cheap.

Wagtail's ``wagtail.contrib.settings.context_processors.settings`` is lazy, but the first
``settings.lscb_training.SiteSettings`` (``base.html`` asks on every page) looked up the site
and the settings row on every request: ``lscb_training.sites`` keeps both in the cache.
"""

from wagtail.contrib.settings.context_processors import SettingModuleProxy, SettingProxy

from lscb_training.models import SiteSettings
from lscb_training.sites import site_settings


class _AppSettings(SettingModuleProxy):
    def get_setting(self, model_name):
        is_site_settings = (self.app_label, model_name) == (SiteSettings._meta.app_label, SiteSettings._meta.model_name)
        if is_site_settings and self.request_or_site is not None:
            return site_settings(self.request_or_site)
        return super().get_setting(model_name)


class _Settings(SettingProxy):
    def __missing__(self, app_label):
        self[app_label] = value = _AppSettings(self.request_or_site, app_label)
        return value


def settings(request):
    return {"settings": _Settings(request_or_site=request)}
