"""axe-core finds no accessibility violation on the pages everyone sees."""

import pytest

from palabre.core.models import Space


def _budget_pages_url() -> str:
    budget = Space.objects.get(organization__host="127.0.0.1", slug="budget-participatif")
    return budget.components.get(manifest_name="pages").get_absolute_url()


PAGES = {
    "home": lambda: "/",
    "processes list": lambda: "/processes/",
    "process": lambda: "/processes/budget-participatif/",
    "pages component": _budget_pages_url,
    "assembly": lambda: "/assemblies/conseil-citoyen/",
    "login": lambda: "/accounts/login/",
    "sign-up": lambda: "/accounts/signup/",
    "embed": lambda: "/processes/budget-participatif/embed/",
}


@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violation(page, assert_accessible, name):
    response = page.goto(PAGES[name]())
    assert response.ok, f"{name}: HTTP {response.status}"
    assert_accessible(page)
