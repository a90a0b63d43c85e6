"""Compliance pages under /leads/compliance/ (two-factor sign-in: /leads/ is an MFA prefix and
each view carries ``people.staff_access.mfa_required``). Every view finds its agency through
``Agency.objects.visible_to(request.user)``, so another agency's id is a 404."""

from django.urls import path

from compliance import exemption_views, report_views

app_name = "compliance"
urlpatterns = [
    # dashboard (compliance.dashboard_views)
    # reports and reminders (compliance.report_views)
    path("leads/compliance/<int:agency_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("leads/compliance/<int:agency_id>/remind/", report_views.remind, name="remind"),
    path("leads/compliance/partnership/", report_views.partnership, name="partnership"),
    path(
        "leads/compliance/partnership.csv",
        report_views.partnership_export,
        {"file_format": "csv"},
        name="partnership_csv",
    ),
    path(
        "leads/compliance/partnership.xlsx",
        report_views.partnership_export,
        {"file_format": "xlsx"},
        name="partnership_xlsx",
    ),
    # rosters (compliance.roster_views)
    path(
        "leads/compliance/<int:agency_id>/people/<int:person_id>/exempt/",
        exemption_views.exempt,
        name="exempt",
    ),
]
