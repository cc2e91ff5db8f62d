from django.urls import path

from palabre.sso import admin_views

app_name = "sso_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.create, name="create"),
    path("new/franceconnect/", admin_views.create_franceconnect, name="create_franceconnect"),
    path("<int:provider_id>/", admin_views.edit, name="edit"),
    path("<int:provider_id>/delete/", admin_views.delete, name="delete"),
]
