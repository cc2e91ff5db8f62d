from django.urls import path

from palabre.spaces.assemblies import admin_views

app_name = "assembly_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:space_id>/members/", admin_views.member_list, name="member_list"),
    path("<int:space_id>/members/new/", admin_views.member_create, name="member_create"),
    path("<int:space_id>/members/<int:pk>/", admin_views.member_edit, name="member_edit"),
    path(
        "<int:space_id>/members/<int:pk>/delete/", admin_views.member_delete, name="member_delete"
    ),
]
