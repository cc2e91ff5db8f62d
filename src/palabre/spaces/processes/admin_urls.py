from django.urls import path

from palabre.spaces.processes import admin_views

app_name = "process_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("groups/new/", admin_views.group_create, name="group_create"),
    path("groups/<int:pk>/", admin_views.group_edit, name="group_edit"),
    path("groups/<int:pk>/delete/", admin_views.group_delete, name="group_delete"),
]
