"""axe-core finds no accessibility violation on the pages everyone sees."""

import pytest

from palabre.core.models import Space


def _component_url(manifest_name: str):
    def url() -> str:
        budget = Space.objects.get(organization__host="127.0.0.1", slug="budget-participatif")
        return budget.components.get(manifest_name=manifest_name).get_absolute_url()

    return url


PAGES = {
    "home": lambda: "/",
    "processes list": lambda: "/processes/",
    "process": lambda: "/processes/budget-participatif/",
    "pages component": _component_url("pages"),
    "blog component": _component_url("blogs"),
    "budgets component": _component_url("budgets"),
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
