from django.urls import path

from certificates import lead_views, placeholder_views, verify_views

app_name = "certificates"
urlpatterns = [
    # Public: anyone holding a code checks it (the QR code's target), no sign-in.
    path("verify/", verify_views.verify_form, name="verify_form"),
    path("verify/<str:code>/", verify_views.verify, name="verify"),
    # PLACEHOLDER routes (certificates/placeholder_views.py), replaced at merge by the real
    # certificate page and PDF download.
    path("certificates/<str:code>/", placeholder_views.placeholder_certificate, name="certificate"),
    path("certificates/<str:code>/pdf/", placeholder_views.placeholder_pdf, name="pdf"),
    # Agency leads, behind two-factor sign-in (/leads/ is an MFA prefix).
    path("leads/certificates/", lead_views.leads_certificates, name="leads_certificates"),
]
