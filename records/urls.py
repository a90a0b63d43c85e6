from django.urls import path

from records import views

app_name = "records"
urlpatterns = [
    path("profile/training/", views.my_training, name="my_training"),
]
