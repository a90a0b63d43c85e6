"""Compliance pages under /leads/compliance/ (two-factor sign-in: /leads/ is an MFA prefix and
each view carries ``people.staff_access.mfa_required``). Every view finds its agency through
``Agency.objects.visible_to(request.user)``, so another agency's id is a 404."""

from django.urls import path

from compliance import dashboard_views, exemption_views, report_views, roster_views

app_name = "compliance"
urlpatterns = [
    # dashboard (compliance.dashboard_views)
    path("leads/compliance/", dashboard_views.home, name="home"),
    path("leads/compliance/<int:agency_id>/", dashboard_views.dashboard, name="dashboard"),
    path("leads/compliance/<int:agency_id>/staff/", dashboard_views.staff, name="staff"),
    path("leads/compliance/<int:agency_id>/staff.csv", dashboard_views.staff_csv, name="staff_csv"),
    path("leads/compliance/<int:agency_id>/staff.xlsx", dashboard_views.staff_xlsx, name="staff_xlsx"),
    path("leads/compliance/<int:agency_id>/people/<int:user_id>/", dashboard_views.person, name="person"),
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
    path("leads/compliance/<int:agency_id>/roster/", roster_views.roster, name="roster"),
    path("leads/compliance/<int:agency_id>/roster/template.csv", roster_views.roster_template, name="roster_template"),
    path(
        "leads/compliance/<int:agency_id>/roster/<int:upload_id>/", roster_views.roster_preview, name="roster_preview"
    ),
]
