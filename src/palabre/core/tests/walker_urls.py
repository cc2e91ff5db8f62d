"""Addresses for the test of the walker itself (test_url_permissions): one view that checks
nothing, one that refuses, and one whose parameter the walker has no value for."""

from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path


def unguarded(request, **kwargs):
    return HttpResponse("Anyone gets this.")


def guarded(request, **kwargs):
    return HttpResponseForbidden("Nobody gets this.")


urlpatterns = [
    path("open/<int:space_id>/", unguarded),
    path("closed/<int:space_id>/", guarded),
    path("mystery/<int:gizmo_id>/", guarded),
]
