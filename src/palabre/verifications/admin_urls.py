"""The backoffice's "Verifications" section, mounted at /admin/verifications/: the methods
offered, their counts, then each method's own pages under /admin/verifications/<method>/
(namespace verifications_admin:<method>)."""

from django.urls import include, path

from palabre.verifications import admin_views
from palabre.verifications.registry import methods

app_name = "verifications_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    # Conflicts and bulk revocations (before the methods' own pages).
    path("", include("palabre.verifications.conflict_urls")),
    *[
        path(f"{method.name.replace('_', '-')}/", include((method.admin_urls, method.name)))
        for method in methods.all()
        if method.admin_urls
    ],
]
