"""Staff areas (/system/ and the backoffice /admin/) open only to a session that passed the
second factor, through the platform's one sign-in; sensitive actions ask for it again."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from palabre.accounts.tests.signing_in import pass_second_factor, sign_in_without_second_factor
from palabre.accounts.tests.test_login import current_code
from palabre.backoffice.tests.conftest import enable_totp
from palabre.components.proposals.tests.factories import ProposalsComponentFactory
from palabre.core.components import component_admin_url
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    DEMO_PASSWORD,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
)

SECRET = "JBSWY3DPEHPK3PXP"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


@pytest.fixture
def operator(organization):
    person = UserFactory(organization=organization, is_staff=True, is_superuser=True)
    enable_totp(person)
    return person


@pytest.fixture
def admin(admin_user):
    enable_totp(admin_user)
    return admin_user


def english_client() -> Client:
    return Client(headers={"accept-language": "en"})


def password_only(person) -> Client:
    return sign_in_without_second_factor(english_client(), person)


def next_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["next"][0]


def fresh_code() -> str:
    """A code that will not expire between now and the server's check."""
    if 30 - int(time.time()) % 30 < 2:
        time.sleep(2)
    return current_code(SECRET)


# /system/ has no login form of its own ---------------------------------------------------
def test_system_login_sends_to_the_platform_sign_in(client, organization):
    response = client.get("/system/login/?next=/system/core/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert next_of(response["Location"]) == "/system/core/user/"


def test_system_login_form_does_not_sign_in(client, operator):
    response = client.post(
        "/system/login/?next=/system/", {"username": operator.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/system/").status_code == 302


def test_password_only_session_is_refused_at_system(operator):
    client = password_only(operator)
    response = client.get("/system/core/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/system/login/")
    response = client.get(response["Location"])
    assert response["Location"].startswith(REAUTHENTICATE)
    assert next_of(response["Location"]) == "/system/core/user/"


def test_operator_passes_the_second_factor_and_gets_into_system(operator):
    client = password_only(operator)
    response = client.post(
        f"{REAUTHENTICATE}?next=/system/core/user/", {"code": fresh_code()}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/system/core/user/"
    assert response.status_code == 200


def test_system_refuses_people_who_are_not_operators(admin):
    client = english_client()
    client.force_login(admin)
    assert client.get("/system/core/user/").status_code == 302
    assert client.get("/system/login/").status_code == 403


# The backoffice asks this session for the second factor ----------------------------------
def test_password_only_session_is_refused_at_the_backoffice(admin):
    response = password_only(admin).get("/admin/spaces/process/")
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert next_of(response["Location"]) == "/admin/spaces/process/"


def test_second_factor_in_this_session_opens_the_backoffice(admin):
    client = password_only(admin)
    response = client.post(
        f"{REAUTHENTICATE}?next=/admin/spaces/process/", {"code": fresh_code()}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/spaces/process/"
    assert response.status_code == 200


def _staff_paths() -> list[str]:
    """Every address of the backoffice, from the URL resolver, with 1 for each number."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("admin/"):
                path = re.sub(r"<int:\w+>|\(\?P<\w+>\\d\+\)", "1", route)
                path = re.sub(r"<slug:\w+>", "process", path)
                path = re.sub(r"\(\?P<rest>\.\+\)", "x/", path)
                paths.append("/" + path.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


def test_every_backoffice_address_needs_the_second_factor(admin, organization):
    """New backoffice views are covered as soon as they are in the URLs."""
    SpaceFactory(organization=organization, pk=1)
    client = password_only(admin)
    paths = _staff_paths()
    assert "/admin/" in paths and "/admin/moderation/" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code != 200, path
        if response.status_code == 302:
            assert response["Location"].startswith(REAUTHENTICATE), path


# One sign-in, rate limited, that leads where the person was going ------------------------
def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(client, operator):
    for _attempt in range(30):
        client.post("/accounts/login/", {"login": operator.email, "password": "wrong-one-123"})
    response = client.post("/accounts/login/", {"login": operator.email, "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}
    assert "/2fa/authenticate/" not in response.get("Location", "")


def test_admin_signs_in_with_the_second_factor_and_lands_where_they_were_going(client, admin):
    response = client.get("/admin/spaces/process/")
    login_url = response["Location"]
    assert next_of(login_url) == "/admin/spaces/process/"
    response = client.post(login_url, {"login": admin.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(response["Location"], {"code": fresh_code()})
    assert response.status_code == 302
    assert response["Location"] == "/admin/spaces/process/"
    assert client.get("/admin/spaces/process/").status_code == 200


def test_sign_in_link_of_a_page_comes_back_to_it(client, organization):
    html = client.get("/processes/").content.decode()
    assert 'href="/accounts/login/?next=/processes/"' in html


# Sensitive actions ask for the second factor again --------------------------------------
@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, kind="process")


def _signed_in_minutes_ago(person, minutes: int) -> Client:
    client = password_only(person)
    pass_second_factor(client, person, at=time.time() - minutes * 60)
    return client


def test_role_change_with_an_old_second_factor_asks_it_again(admin, space):
    newcomer = UserFactory(organization=space.organization)
    client = _signed_in_minutes_ago(admin, 31)
    roles = reverse("backoffice:role_list", kwargs={"space_id": space.pk})
    assert client.get(roles).status_code == 200  # reading the roles needs nothing more
    response = client.post(roles, {"email": newcomer.email, "role": "admin"})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert not SpaceRole.objects.filter(user=newcomer).exists()

    # Once the code is typed, the form that was sent goes through.
    response = client.post(response["Location"], {"code": fresh_code()})
    assert SpaceRole.objects.filter(user=newcomer, space=space, role="admin").exists()


def test_role_change_with_a_recent_second_factor_goes_through(admin, space):
    newcomer = UserFactory(organization=space.organization)
    client = _signed_in_minutes_ago(admin, 29)
    roles = reverse("backoffice:role_list", kwargs={"space_id": space.pk})
    response = client.post(roles, {"email": newcomer.email, "role": "admin"})
    assert response["Location"] == roles
    assert SpaceRole.objects.filter(user=newcomer).exists()


def test_role_removal_asks_again(admin, space):
    role = SpaceRoleFactory(space=space, role=SpaceRole.Role.MODERATOR)
    client = _signed_in_minutes_ago(admin, 45)
    url = reverse("backoffice:role_delete", kwargs={"space_id": space.pk, "role_id": role.pk})
    assert client.post(url)["Location"].startswith(REAUTHENTICATE)
    assert SpaceRole.objects.filter(pk=role.pk).exists()


def test_the_time_before_asking_again_is_a_setting(admin, organization, settings):
    settings.PALABRE_STAFF_REAUTH_MINUTES = 5
    component = ProposalsComponentFactory(space__organization=organization)
    export = component_admin_url(component, "export_csv")
    assert _signed_in_minutes_ago(admin, 4).get(export).status_code == 200
    response = _signed_in_minutes_ago(admin, 6).get(export)
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert next_of(response["Location"]) == export


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_xlsx"])
def test_exports_ask_again_after_thirty_minutes(admin, organization, name):
    component = ProposalsComponentFactory(space__organization=organization)
    response = _signed_in_minutes_ago(admin, 31).get(component_admin_url(component, name))
    assert response["Location"].startswith(REAUTHENTICATE)


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_xlsx"])
def test_staff_who_may_not_export_are_refused_before_being_asked_a_code(organization, name):
    """A collaborator (reading rights only) is told no at once: typing a code would not
    change the answer."""
    component = ProposalsComponentFactory(space__organization=organization)
    collaborator = UserFactory(organization=organization)
    SpaceRoleFactory(space=component.space, user=collaborator, role=SpaceRole.Role.COLLABORATOR)
    enable_totp(collaborator)
    response = _signed_in_minutes_ago(collaborator, 31).get(component_admin_url(component, name))
    assert response.status_code == 403


def test_role_change_by_a_collaborator_is_refused_before_being_asked_a_code(space):
    collaborator = UserFactory(organization=space.organization)
    SpaceRoleFactory(space=space, user=collaborator, role=SpaceRole.Role.COLLABORATOR)
    enable_totp(collaborator)
    newcomer = UserFactory(organization=space.organization)
    client = _signed_in_minutes_ago(collaborator, 31)
    roles = reverse("backoffice:role_list", kwargs={"space_id": space.pk})
    assert client.get(roles).status_code == 200
    response = client.post(roles, {"email": newcomer.email, "role": "admin"})
    assert response.status_code == 403
    assert not SpaceRole.objects.filter(user=newcomer).exists()


# People without a second factor set one up; setting it up counts as passing it -----------
def test_staff_without_a_second_factor_is_sent_to_set_one_up(admin_user):
    response = password_only(admin_user).get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_opens_the_backoffice(admin_user):
    """allauth announces the new authenticator once its transaction commits (hence a real
    transaction here), while the request still runs."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    client = password_only(admin_user)
    client.post("/accounts/reauthenticate/", {"password": DEMO_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_participant_with_a_second_factor_is_still_refused(user):
    enable_totp(user)
    client = english_client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 403
