"""The organization's list of kinds of meeting, in the backoffice (/admin/meetings/)."""

from django.urls import path

from palabre.components.meetings import admin_views

app_name = "meetings_admin"
urlpatterns = [
    path("kinds/", admin_views.kinds, name="kinds"),
    path("kinds/<int:pk>/", admin_views.kind_edit, name="kind_edit"),
    path("kinds/<int:pk>/delete/", admin_views.kind_delete, name="kind_delete"),
]
