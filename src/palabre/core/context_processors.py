from django.conf import settings

from palabre.core.translations import language_name_local


def organization(request):
    org = getattr(request, "organization", None)
    languages = []
    if org is not None:
        languages = [(code, language_name_local(code)) for code in org.locales]
    return {
        "organization": org,
        "organization_languages": languages,
        "demo_mode": settings.DEMO,
    }
