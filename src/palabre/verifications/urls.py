"""The participant's pages, mounted at /account/verifications/: the list, then each
method's flow under /account/verifications/<method>/ (namespace verifications:<method>)."""

from django.urls import include, path

from palabre.verifications import views
from palabre.verifications.registry import methods

app_name = "verifications"
urlpatterns = [
    path("", views.index, name="index"),
    *[
        path(f"{method.name.replace('_', '-')}/", include((method.public_urls, method.name)))
        for method in methods.all()
        if method.public_urls
    ],
]
