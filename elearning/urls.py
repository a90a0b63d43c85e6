from django.urls import path

from elearning import views

app_name = "elearning"
urlpatterns = [
    path("e-learning/<int:module_id>/", views.module_detail, name="module"),
    path("e-learning/<int:module_id>/start/", views.enrol_view, name="enrol"),
    path("e-learning/<int:module_id>/lessons/<int:lesson_id>/", views.lesson_detail, name="lesson"),
    path("e-learning/<int:module_id>/check/", views.check, name="check"),
    path("e-learning/<int:module_id>/check/<int:attempt_id>/", views.attempt_detail, name="attempt"),
]
