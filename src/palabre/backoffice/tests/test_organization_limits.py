"""The organization's limits on contributions, on its settings page (palabre.limits)."""

from palabre.backoffice.tests.test_organization import organization_data
from palabre.core.models import ActionLog
from palabre.limits.services import DEFAULTS, limits_of


def _limits(**values):
    return {f"limits-{name}": value for name, value in values.items()}


def test_the_page_shows_the_limits_with_their_labels(admin_client, organization):
    html = admin_client.get("/admin/organization/").content.decode()

    assert "Limits on contributions" in html
    assert 'name="limits-comments_hour"' in html
    assert "Comments per hour" in html


def test_admin_sets_the_limits(admin_client, organization):
    response = admin_client.post(
        "/admin/organization/",
        organization_data(**_limits(comments_hour=3, comments_day=0, reports_day=9)),
    )

    assert response.status_code == 302
    limits = limits_of(organization)
    assert limits["comments"] == {"hour": 3, "day": 0}
    assert limits["reports"] == {"hour": DEFAULTS["reports"]["hour"], "day": 9}
    assert ActionLog.objects.filter(data__fields=["contribution_limits"]).exists()


def test_a_bad_limit_changes_nothing(admin_client, organization):
    response = admin_client.post(
        "/admin/organization/",
        organization_data(name="Renamed", **_limits(comments_hour=-1, reports_day="many")),
    )

    assert response.status_code == 200
    errors = response.context["limits_form"].errors
    assert "comments_hour" in errors and "reports_day" in errors
    organization.refresh_from_db()
    assert organization.name == "Ville de Test"
    assert limits_of(organization) == DEFAULTS
