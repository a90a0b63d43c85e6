from django.urls import path

from certificates import lead_views, verify_views, views

app_name = "certificates"
urlpatterns = [
    # The holder's certificate as a page and as its PDF (certificates.access decides who else).
    path("certificates/<str:code>/", views.certificate_detail, name="detail"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="pdf"),
    # Public: anyone holding a code checks it (the QR code's target), no sign-in.
    path("verify/", verify_views.verify_form, name="verify_form"),
    path("verify/<str:code>/", verify_views.verify, name="verify"),
    # Agency leads, behind two-factor sign-in (/leads/ is an MFA prefix).
    path("leads/certificates/", lead_views.leads_certificates, name="leads_certificates"),
]
