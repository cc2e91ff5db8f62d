"""Backoffice pages of one proposals component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.proposals import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("bulk/", admin_views.bulk, name="bulk"),
    path("merge/", admin_views.merge, name="merge"),
    path("official/", admin_views.official_new, name="official_new"),
    path("export.csv", admin_views.export_csv, name="export_csv"),
    path("export.json", admin_views.export_json, name="export_json"),
    path("export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
    path("states/", admin_views.states, name="states"),
    path("categories/", admin_views.categories, name="categories"),
    path("categories/<int:pk>/delete/", admin_views.category_delete, name="category_delete"),
    path("scopes/", admin_views.scopes, name="scopes"),
    path("scopes/<int:pk>/delete/", admin_views.scope_delete, name="scope_delete"),
    path("states/new/", admin_views.state_edit, name="state_new"),
    path("states/<int:pk>/", admin_views.state_edit, name="state_edit"),
    path("states/<int:pk>/delete/", admin_views.state_delete, name="state_delete"),
    path("<int:pk>/", admin_views.proposal, name="proposal"),
    path("<int:pk>/note/", admin_views.note, name="note"),
    path("<int:pk>/split/", admin_views.split, name="split"),
    path("<int:pk>/copy/", admin_views.copy, name="copy"),
    path("<int:pk>/comments/", admin_views.comments_closed, name="comments_closed"),
    path("<int:pk>/attachments/", admin_views.attachments, name="attachments"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        admin_views.attachment_delete,
        name="attachment_delete",
    ),
]
