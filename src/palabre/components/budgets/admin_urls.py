"""Backoffice pages of one budgets component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.budgets import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.budget_new, name="budget_new"),
    path("reminders/", admin_views.reminders_send, name="reminders"),
    path("<int:budget_id>/", admin_views.budget_manage, name="budget"),
    path("<int:budget_id>/edit/", admin_views.budget_edit, name="budget_edit"),
    path("<int:budget_id>/delete/", admin_views.budget_delete, name="budget_delete"),
    path("<int:budget_id>/projects/new/", admin_views.project_new, name="project_new"),
    path("<int:budget_id>/projects/import/", admin_views.projects_import, name="projects_import"),
    path("<int:budget_id>/projects/<int:pk>/edit/", admin_views.project_edit, name="project_edit"),
    path(
        "<int:budget_id>/projects/<int:pk>/delete/",
        admin_views.project_delete,
        name="project_delete",
    ),
    path("<int:budget_id>/paper-ballot/", admin_views.paper_ballot, name="paper_ballot"),
    path("<int:budget_id>/results/compute/", admin_views.result_compute, name="result_compute"),
    path("<int:budget_id>/results/<int:result_id>/", admin_views.result_detail, name="result"),
    path(
        "<int:budget_id>/results/<int:result_id>/publish/",
        admin_views.result_publish,
        name="result_publish",
    ),
]
