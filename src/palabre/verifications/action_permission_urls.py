"""Backoffice pages of per-action permissions, mounted at
/admin/spaces/<space id>/components/<component id>/permissions/ (see config/urls.py)."""

from django.urls import path, re_path

from palabre.verifications import action_permission_views as views

app_name = "action_permissions"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^(?P<ref>\d+-\d+)/$", views.resource, name="resource"),
    re_path(r"^(?P<ref>\d+-\d+)/(?P<action>[a-z_]+)/$", views.resource_edit, name="resource_edit"),
    re_path(r"^(?P<action>[a-z_]+)/$", views.edit, name="edit"),
]
