"""Public pages of one sortitions component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.sortitions import views

urlpatterns = [
    path("", views.index, name="index"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("draws/<int:pk>/inputs.json", views.draw_inputs, name="draw_inputs"),
]
