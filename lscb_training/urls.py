from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# Both admin logins go through allauth, so a password alone can never open them (MFA).
# These must stay ahead of the admin includes.
allauth_login = RedirectView.as_view(url=settings.LOGIN_URL, query_string=True)


def not_found(request):
    raise Http404


urlpatterns = [
    path("admin/login/", allauth_login),
    # Wagtail's deliberate error page, for checking error reporting: here a 500 is always a bug.
    path("admin/failwhale/", not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/login/", allauth_login),
    path("django-admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("people.urls")),
    path("", include("records.urls")),
    path("", include("bookings.urls")),
    path("", include("elearning.urls")),
    path("", include("certificates.urls")),
    path("", include("compliance.urls")),
    path("", include("courses.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
