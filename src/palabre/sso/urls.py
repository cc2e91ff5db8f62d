"""Mounted at /accounts/oidc/, before allauth's own urls: the sign-in and callback of every
provider go through Palabre's stricter views (`palabre.sso.client`)."""

from django.urls import path

from palabre.sso import client, views

app_name = "sso"
urlpatterns = [
    path("signed-out/", views.signed_out, name="signed_out"),
    path("verify/", views.verify, name="verify"),
    path("<str:provider_id>/login/", client.login, name="login"),
    path("<str:provider_id>/login/callback/", client.callback, name="callback"),
]
