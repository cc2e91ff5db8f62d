from django.urls import path

from palabre.spaces.assemblies import views

app_name = "assemblies"
urlpatterns = [
    path("", views.assembly_list, name="list"),
    path("<slug:slug>/", views.assembly_detail, name="detail"),
]
