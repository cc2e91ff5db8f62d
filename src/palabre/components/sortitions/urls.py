"""Public pages of one sortitions component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.sortitions import views

urlpatterns = [
    path("", views.index, name="index"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("draws/<int:pk>/inputs.json", views.draw_inputs, name="draw_inputs"),
    path("panels/<int:pk>/", views.panel_detail, name="panel"),
    path("panels/<int:pk>/volunteer/", views.panel_volunteer, name="panel_volunteer"),
    path("panels/<int:pk>/withdraw/", views.panel_withdraw, name="panel_withdraw"),
    path("panels/<int:pk>/inputs.json", views.panel_inputs, name="panel_inputs"),
    path("panels/<int:pk>/distribution.json", views.panel_distribution, name="panel_distribution"),
    path(
        "panels/<int:pk>/replacements/<int:replacement_id>/inputs.json",
        views.replacement_inputs,
        name="replacement_inputs",
    ),
]
