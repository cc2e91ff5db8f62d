from django.urls import path

from palabre.spaces.processes import views

app_name = "processes"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("<slug:slug>/", views.process_detail, name="detail"),
    path("<slug:slug>/embed/", views.process_embed, name="embed"),
]
