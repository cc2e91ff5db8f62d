"""Public pages of one pages component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.pages import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.page_detail, name="page"),
]
