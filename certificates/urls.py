from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("certificates/<str:code>/", views.certificate_detail, name="detail"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="pdf"),
    # Placeholder for the public verify page, built separately; printed on every PDF.
    path("verify/<str:code>/", views.verify_placeholder, name="verify"),
]
