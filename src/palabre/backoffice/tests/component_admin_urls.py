"""A component admin urlconf for the dispatcher tests: echoes what the view receives."""

from django.http import HttpResponse
from django.urls import path


def echo(request, **kwargs):
    return HttpResponse(f"{request.space.pk}:{request.component.pk}:{kwargs.get('pk', '')}")


urlpatterns = [
    path("", echo, name="index"),
    path("items/<int:pk>/", echo, name="item"),
]
