from django.urls import path

from palabre.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.data, name="data"),
    path("request/", views.data_request, name="data_request"),
    path("<int:pk>/download/", views.data_download, name="data_download"),
]
