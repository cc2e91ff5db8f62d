"""Backoffice pages of one sortitions component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.sortitions import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("draws/new/", admin_views.draw_new, name="draw_new"),
    path("draws/<int:pk>/", admin_views.draw_manage, name="draw"),
    path("draws/<int:pk>/cancel/", admin_views.draw_cancel, name="draw_cancel"),
]
