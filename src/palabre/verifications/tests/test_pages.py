import pytest
from django.urls import reverse

from palabre.core.tests.factories import SpaceFactory, SpaceRoleFactory, UserFactory
from palabre.verifications.models import OrganizationVerificationMethod
from palabre.verifications.services import verification_grant


def test_the_list_shows_each_offered_method_with_the_person_s_status(
    signed_in, organization, participant, enabled, django_assert_max_num_queries
):
    verification_grant(user=participant, organization=organization, method="test_method")
    client = signed_in(participant)
    with django_assert_max_num_queries(12):
        response = client.get("/account/verifications/")
    assert response.status_code == 200
    assert "Test method" in response.text and "Verified, until" in response.text


def test_a_method_not_offered_is_not_listed(signed_in, participant, test_method):
    response = signed_in(participant).get("/account/verifications/")
    assert "Test method" not in response.text
    assert "asks for no verification" in response.text


@pytest.mark.parametrize(
    ("next_url", "kept"),
    [
        ("/processes/budget/f/3/", True),
        ("https://evil.example.com/", False),
        ("//evil.example.com/", False),
    ],
)
def test_the_list_leads_back_only_to_this_site(signed_in, participant, enabled, next_url, kept):
    response = signed_in(participant).get("/account/verifications/", {"next": next_url})
    assert (f'href="{next_url}"' in response.text) is kept


def test_visitors_sign_in_first(client, organization):
    response = client.get("/account/verifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def space_admin(organization):
    from palabre.core.tests.factories import with_two_factor

    person = with_two_factor(UserFactory(organization=organization))
    SpaceRoleFactory(space=SpaceFactory(organization=organization), user=person, role="admin")
    return person


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 302), ("participant", 403), ("space_admin", 403), ("org_admin", 200)],
)
def test_the_backoffice_section_is_for_organization_administrators(
    request, client, signed_in, enabled, who, status
):
    browser = client if who == "visitor" else signed_in(request.getfixturevalue(who))
    assert browser.get("/admin/verifications/").status_code == status


def test_administrators_choose_the_methods_offered(
    signed_in, organization, org_admin, test_method, django_assert_max_num_queries
):
    browser = signed_in(org_admin)
    with django_assert_max_num_queries(20):
        page = browser.get(reverse("verifications_admin:index"))
    assert "Test method" in page.text
    response = browser.post(reverse("verifications_admin:index"), {"enabled": ["test_method"]})
    assert response.status_code == 302
    assert OrganizationVerificationMethod.objects.get(
        organization=organization, method="test_method"
    ).enabled
    browser.post(reverse("verifications_admin:index"), {})
    assert not OrganizationVerificationMethod.objects.get(
        organization=organization, method="test_method"
    ).enabled


@pytest.fixture
def other_org_admin(other_organization):
    from palabre.core.models import OrganizationAdmin
    from palabre.core.tests.factories import with_two_factor

    person = with_two_factor(UserFactory(organization=other_organization))
    OrganizationAdmin.objects.create(organization=other_organization, user=person)
    return person


@pytest.mark.parametrize(
    "url", ["/admin/verifications/", "/admin/verifications/census/", "/admin/verifications/code/"]
)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("participant", 403),
        ("space_admin", 403),
        ("other_org_admin", 403),
        ("org_admin", 200),
    ],
)
def test_every_backoffice_page_of_the_section_is_for_this_organization_s_administrators(
    request, client, signed_in, organization, url, who, status
):
    browser = client if who == "visitor" else signed_in(request.getfixturevalue(who))
    response = browser.get(url)
    assert response.status_code == status
    if who == "visitor":
        assert "/accounts/login/" in response["Location"]


def test_the_list_shows_nothing_of_another_organization(
    signed_in, organization, other_organization, participant, enabled
):
    from palabre.verifications.models import OrganizationVerificationMethod as Offered

    Offered.objects.create(organization=other_organization, method="test_method")
    verification_grant(user=participant, organization=other_organization, method="test_method")
    response = signed_in(participant).get("/account/verifications/")
    assert "Not verified yet." in response.text and "Verified, until" not in response.text


def test_a_method_whose_flow_lives_elsewhere_is_linked_with_next(
    signed_in, organization, participant
):
    from palabre.verifications.registry import VerificationMethod, methods

    methods.register(
        VerificationMethod(name="elsewhere", label="Elsewhere", start_url_name="accounts:profile")
    )
    try:
        OrganizationVerificationMethod.objects.create(organization=organization, method="elsewhere")
        response = signed_in(participant).get("/account/verifications/", {"next": "/x/"})
    finally:
        methods.unregister("elsewhere")
    assert 'href="/account/?next=%2Fx%2F"' in response.text
