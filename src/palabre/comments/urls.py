from django.urls import path

from palabre.comments import views

app_name = "comments"
urlpatterns = [
    path("<str:ref>/threads/", views.threads, name="threads"),
    path("<str:ref>/new/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/vote/", views.vote, name="vote"),
]
