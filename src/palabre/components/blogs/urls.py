"""Public pages of one blog component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.blogs import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.post_detail, name="post"),
]
