"""Request set-up: which organization answers, and in which language."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from palabre.core import structure
from palabre.core.selectors import organization_for_host

# Paths that work without an organization (operators' checks and the system area).
ORGANIZATION_EXEMPT_PREFIXES = ("/healthz", "/static/", "/system/")


class OrganizationMiddleware:
    """Resolve `request.organization` from the host; unknown hosts get a clear 404 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # From here on, the organization, spaces and components may come from this
        # process's copies (checked against the database once, now).
        structure.request_started()
        try:
            request.organization = organization_for_host(request.get_host())
            if request.organization is None and not request.path.startswith(
                ORGANIZATION_EXEMPT_PREFIXES
            ):
                return render(
                    request,
                    "core/unknown_organization.html",
                    {"host": request.get_host().split(":")[0]},
                    status=404,
                )
            return self.get_response(request)
        finally:
            structure.request_finished()


class OrganizationLanguageMiddleware:
    """Keep the language among the organization's own.

    Django's LocaleMiddleware picks from the session/cookie and Accept-Language; an
    organization offering only some languages falls back to its default one, and so does a visitor
    whose browser states no preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        organization = getattr(request, "organization", None)
        if organization is not None:
            language = translation.get_language()
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in organization.available_locales:
                language = organization.default_locale
            if not cookie and "HTTP_ACCEPT_LANGUAGE" not in request.META:
                language = organization.default_locale
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
