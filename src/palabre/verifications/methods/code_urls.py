from django.urls import path

from palabre.verifications.methods import code_views

urlpatterns = [
    path("", code_views.start, name="start"),
    path("confirm/", code_views.confirm, name="confirm"),
]
