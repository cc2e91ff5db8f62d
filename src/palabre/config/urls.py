from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from palabre.accounts import views as account_views
from palabre.attachments.views import serve_public_media
from palabre.core import views as core_views
from palabre.core.registry import space_types

# What platform operators manage in /system/ (registered explicitly, see settings).
for module in (
    "palabre.core.admin",
    "allauth.account.admin",
    "allauth.mfa.admin",
    "allauth.socialaccount.admin",
    "django_tasks_db.admin",
):
    import_module(module)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    # Before allauth's: the OpenID Connect sign-in and callback go through palabre.sso.
    path("accounts/oidc/", include("palabre.sso.urls")),
    path("accounts/", include("palabre.accounts.code_urls")),
    path("accounts/", include("allauth.urls")),
    path("account/verifications/", include("palabre.verifications.urls")),
    path("account/questions/", include("palabre.profile_questions.urls")),
    path("account/data/", include("palabre.privacy.urls")),
    path("account/", include("palabre.accounts.urls")),
    path("comments/", include("palabre.comments.urls")),
    path("attachments/", include("palabre.attachments.urls")),
    path("moderation/", include("palabre.moderation.urls")),
    path("invitations/", include("palabre.invitations.urls")),
    path("notifications/", include("palabre.notifications.urls")),
    path("search/", include("palabre.search.urls")),
    path("open-data/", include("palabre.opendata.urls")),
    # /legal/… and /help/
    path("", include("palabre.legal.urls")),
    path("admin/moderation/", include("palabre.moderation.admin_urls")),
    path("admin/invitations/", include("palabre.invitations.admin_urls")),
    path("admin/legal/", include("palabre.legal.admin_urls")),
    path("admin/open-data/", include("palabre.opendata.admin_urls")),
    path("admin/profile-questions/", include("palabre.profile_questions.admin_urls")),
    path("admin/sso/", include("palabre.sso.admin_urls")),
    path("admin/verifications/", include("palabre.verifications.admin_urls")),
    # Space types' own backoffice pages, mounted at the root so that their namespace is
    # "<kind>_admin" (inside the backoffice include it would become "backoffice:<kind>_admin").
    *[
        path(f"admin/{space_type.url_prefix}/", include(space_type.admin_urls))
        for space_type in space_types.all()
        if space_type.admin_urls
    ],
    # The verifications each action of a component requires (before the backoffice's own).
    path(
        "admin/spaces/<int:space_id>/components/<int:component_id>/permissions/",
        include("palabre.verifications.action_permission_urls"),
    ),
    # The meetings of every space on one page, and the organization's kinds of meeting.
    *(
        [
            path("meetings/", include("palabre.components.meetings.directory_urls")),
            path("admin/meetings/", include("palabre.components.meetings.kinds_admin_urls")),
        ]
        if "palabre.components.meetings" in settings.INSTALLED_APPS
        else []
    ),
    path("admin/", include("palabre.backoffice.urls")),
    path("system/", admin.site.urls),
]

# Every registered space type serves its pages under its own prefix, and the components of
# its spaces under `<prefix>/<slug>/f/<component id>/…`, dispatched to the component's urls.
for space_type in space_types.all():
    urlpatterns += [
        path(
            f"{space_type.url_prefix}/<slug:space_slug>/f/<int:component_id>/",
            core_views.component_dispatch,
            {"kind": space_type.kind, "rest": ""},
            name=f"{space_type.kind}_component",
        ),
        re_path(
            rf"^{space_type.url_prefix}/(?P<space_slug>[-\w]+)/f/(?P<component_id>\d+)/(?P<rest>.+)$",
            core_views.component_dispatch,
            {"kind": space_type.kind},
        ),
    ]
    if space_type.public_urls:
        urlpatterns.append(path(f"{space_type.url_prefix}/", include(space_type.public_urls)))

if settings.SERVE_MEDIA:
    urlpatterns.append(
        # Attached files are left out: they are served by their permission-checked view.
        re_path(r"^media/(?P<path>.*)$", serve_public_media)
    )

handler403 = "palabre.core.views.permission_denied"
handler404 = "palabre.core.views.page_not_found"
handler500 = "palabre.core.views.server_error"
