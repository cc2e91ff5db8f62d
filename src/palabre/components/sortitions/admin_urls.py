"""Backoffice pages of one sortitions component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.sortitions import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("draws/new/", admin_views.draw_new, name="draw_new"),
    path("draws/<int:pk>/", admin_views.draw_manage, name="draw"),
    path("draws/<int:pk>/cancel/", admin_views.draw_cancel, name="draw_cancel"),
]

urlpatterns += [
    path("panels/new/", admin_views.panel_new, name="panel_new"),
    path("panels/<int:pk>/", admin_views.panel_manage, name="panel"),
    path("panels/<int:pk>/edit/", admin_views.panel_edit, name="panel_edit"),
    path("panels/<int:pk>/progress/", admin_views.panel_progress, name="panel_progress"),
    path("panels/<int:pk>/volunteers/", admin_views.volunteers_import, name="volunteers_import"),
    path("panels/<int:pk>/volunteers.csv", admin_views.volunteers_export, name="volunteers_csv"),
    path("panels/<int:pk>/numbers/send/", admin_views.numbers_send, name="numbers_send"),
    path("panels/<int:pk>/quotas/import/", admin_views.quotas_import, name="quotas_import"),
    path("panels/<int:pk>/quotas/", admin_views.quotas_set, name="quotas_set"),
    path("panels/<int:pk>/call/", admin_views.panel_call, name="panel_call"),
    path("panels/<int:pk>/compute/", admin_views.panel_compute, name="panel_compute"),
    path("panels/<int:pk>/publish/", admin_views.panel_publish, name="panel_publish"),
    path("panels/<int:pk>/draw/", admin_views.panel_draw, name="panel_draw"),
    path("panels/<int:pk>/replace/", admin_views.panel_replace, name="panel_replace"),
]
