"""Backoffice pages of one blog component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.blogs import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.post_new, name="post_new"),
    path("<int:pk>/edit/", admin_views.post_edit, name="post_edit"),
    path("<int:pk>/delete/", admin_views.post_delete, name="post_delete"),
    path("<int:pk>/publish/", admin_views.post_publish, name="post_publish"),
    path("<int:pk>/unpublish/", admin_views.post_unpublish, name="post_unpublish"),
]
