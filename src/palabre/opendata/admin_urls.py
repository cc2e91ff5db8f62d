from django.urls import path

from palabre.opendata import views

app_name = "opendata_admin"
urlpatterns = [path("", views.admin_index, name="index")]
