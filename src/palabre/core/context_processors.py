from django.conf import settings
from django.utils.translation import get_language_info

from palabre.core.translations import language_name


def language_name_local(code: str) -> str:
    """A language named in itself ("English", "Français"): the language menu is read by
    people who may not read the page's current language."""
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        return language_name(code)
    return name[:1].upper() + name[1:]


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
