"""Backoffice pages of one pages component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.pages import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.page_new, name="page_new"),
    path("<int:pk>/edit/", admin_views.page_edit, name="page_edit"),
    path("<int:pk>/delete/", admin_views.page_delete, name="page_delete"),
    path("<int:pk>/move/", admin_views.page_move, name="page_move"),
]
