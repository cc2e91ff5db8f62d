"""The Content-Security-Policy lets forms lead to the organization's providers.

`form-action 'self'` also governs where a form's answer redirects: the sign-in button (a
form, so that it works without JavaScript and cannot be triggered by a link) redirects to
the provider, and so does the sign-out of a session that ends at the provider. Pages of the
accounts area add the origins of the organization's providers; every page of a session
opened through a provider that signs out there too adds the origin of its end-session
endpoint (kept in the session, no query).
"""

from urllib.parse import urlsplit

from django.conf import settings

from palabre.sso import selectors
from palabre.sso.services import SESSION_KEY

ACCOUNTS_PREFIX = "/accounts/"


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


class ProviderFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        origins = self._origins(request)
        if origins:
            config = getattr(response, "_csp_config", settings.SECURE_CSP)
            if config:
                config = dict(config)
                config["form-action"] = [*config.get("form-action", []), *sorted(origins)]
                response._csp_config = config
        return response

    def _origins(self, request) -> set[str]:
        origins = set()
        session = getattr(request, "session", None)
        kept = session.get(SESSION_KEY) if session is not None else None
        if kept:
            origins.add(_origin(kept.get("end_session")))
        organization = getattr(request, "organization", None)
        if organization is not None and request.path.startswith(ACCOUNTS_PREFIX):
            for provider in selectors.providers_offered_for_request(request):
                origins.add(_origin(provider.issuer_url))
        origins.discard(None)
        return origins
