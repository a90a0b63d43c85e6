"""Compliance pages under /leads/compliance/ (two-factor sign-in: /leads/ is an MFA prefix and
each view carries ``people.staff_access.mfa_required``). Every view finds its agency through
``Agency.objects.visible_to(request.user)``, so another agency's id is a 404."""

from django.urls import path

from compliance import roster_views

app_name = "compliance"
urlpatterns = [
    # dashboard (compliance.dashboard_views)
    # reports and reminders (compliance.report_views)
    # rosters (compliance.roster_views)
    path("leads/compliance/<int:agency_id>/roster/", roster_views.roster, name="roster"),
    path("leads/compliance/<int:agency_id>/roster/template.csv", roster_views.roster_template, name="roster_template"),
    path(
        "leads/compliance/<int:agency_id>/roster/<int:upload_id>/", roster_views.roster_preview, name="roster_preview"
    ),
]
