"""Public urlconf of the component type registered by the space page tests."""

from django.http import HttpResponse
from django.urls import path


def index(request):
    return HttpResponse(f"component {request.component.pk}")


urlpatterns = [path("", index, name="index")]
