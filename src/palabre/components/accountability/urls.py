"""Public pages of one accountability component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.accountability import views

urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_data, name="map"),
    path("results/<int:pk>/", views.result_detail, name="result"),
]
