"""Backoffice pages of one debates component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.debates import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.debate_new, name="debate_new"),
    path("<int:pk>/edit/", admin_views.debate_edit, name="debate_edit"),
    path("<int:pk>/publish/", admin_views.debate_publish, name="debate_publish"),
    path("<int:pk>/close/", admin_views.debate_close, name="debate_close"),
    path("<int:pk>/update/", admin_views.debate_post_update, name="debate_post_update"),
    path("labels/", admin_views.labels, name="labels"),
    path("labels/<str:kind>/<int:pk>/delete/", admin_views.label_delete, name="label_delete"),
    path("export.csv", admin_views.export_csv, name="export_csv"),
    path("export.json", admin_views.export_json, name="export_json"),
    path("export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
]
