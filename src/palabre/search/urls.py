"""The platform's search (mounted at /search/)."""

from django.urls import path

from palabre.search import views

app_name = "search"
urlpatterns = [path("", views.search, name="index")]
