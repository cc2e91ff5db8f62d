"""The interface language a signed-in person chose, carried by Django's language cookie."""

from django.conf import settings
from django.http import HttpResponse


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Set the cookie Django's LocaleMiddleware reads, with the same options as its
    `set_language` view, so the next page shows in `language`.
    """
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def preferred_language(user, organization) -> str | None:
    """The person's saved language if this organization offers it, else None."""
    if organization is None or not getattr(user, "locale", ""):
        return None
    if user.locale not in organization.available_locales:
        return None
    return user.locale
