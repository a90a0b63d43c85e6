from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("forums/resources/", views.resources, name="resources"),
    path("search/", views.search, name="search"),
]
