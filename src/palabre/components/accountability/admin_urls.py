"""Backoffice pages of one accountability component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.accountability import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("results/new/", admin_views.result_new, name="result_new"),
    path("results/<int:pk>/edit/", admin_views.result_edit, name="result_edit"),
    path("results/<int:pk>/delete/", admin_views.result_delete, name="result_delete"),
    path("results/<int:pk>/timeline/", admin_views.timeline, name="timeline"),
    path(
        "results/<int:pk>/timeline/<int:entry_id>/edit/", admin_views.entry_edit, name="entry_edit"
    ),
    path(
        "results/<int:pk>/timeline/<int:entry_id>/delete/",
        admin_views.entry_delete,
        name="entry_delete",
    ),
    path("statuses/", admin_views.statuses, name="statuses"),
    path("statuses/<int:status_id>/edit/", admin_views.status_edit, name="status_edit"),
    path("statuses/<int:status_id>/delete/", admin_views.status_delete, name="status_delete"),
    path("import/budget/", admin_views.import_budget, name="import_budget"),
    path("import/csv/", admin_views.import_csv, name="import_csv"),
    path("import/example.csv", admin_views.example_csv, name="example_csv"),
]
