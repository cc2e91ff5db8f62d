"""Staff invitations: who may invite whom, and an invitation link that gives its role once,
to the invited address only, while it is pending."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from palabre.backoffice.tests.conftest import client_for, enable_totp
from palabre.core.models import ActionLog, OrganizationAdmin, SpaceRole, User
from palabre.core.tests.factories import OrganizationFactory, SpaceFactory, UserFactory
from palabre.invitations import services
from palabre.invitations.models import ORGANIZATION_ADMIN, Invitation

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/invitations/"
NEW_ACCOUNT = {
    "name": "Mo Derator",
    "nickname": "moderator_mo",
    "password1": "a long and unusual passphrase 42",
    "password2": "a long and unusual passphrase 42",
    "accept_terms": "on",
}


def invite(admin_user, organization, space, *, email="new@example.org", role="moderator"):
    return services.invitation_create(
        actor=admin_user, organization=organization, email=email, role=role, space=space
    )


def accept_url(token: str) -> str:
    return f"/invitations/{token}/"


def english_client() -> Client:
    return Client(headers={"accept-language": "en"})


# Who may invite ---------------------------------------------------------------------------
@pytest.fixture
def people(organization, admin_user, process, space_admin, collaborator):
    other_space = SpaceFactory(organization=organization, kind="process", slug="other")
    other_space_admin = UserFactory(organization=organization)
    SpaceRole.objects.create(space=other_space, user=other_space_admin, role="admin")
    other_org = OrganizationFactory(host="other.example.org")
    other_org_admin = UserFactory(organization=other_org)
    OrganizationAdmin.objects.create(organization=other_org, user=other_org_admin)
    return {
        "org admin": admin_user,
        "space admin": space_admin,
        "other space's admin": other_space_admin,
        "collaborator": collaborator,
        "participant": UserFactory(organization=organization),
        "other organization's admin": other_org_admin,
    }


PERMISSIONS = [
    # who, role, in the process?, allowed
    ("org admin", ORGANIZATION_ADMIN, False, True),
    ("org admin", "moderator", True, True),
    ("space admin", "moderator", True, True),
    ("space admin", "admin", True, True),
    ("space admin", ORGANIZATION_ADMIN, False, False),
    ("other space's admin", "moderator", True, False),
    ("collaborator", "moderator", True, False),
    ("collaborator", ORGANIZATION_ADMIN, False, False),
    ("participant", "valuator", True, False),
    ("participant", ORGANIZATION_ADMIN, False, False),
    ("other organization's admin", "moderator", True, False),
    ("other organization's admin", ORGANIZATION_ADMIN, False, False),
]


@pytest.mark.parametrize(("who", "role", "in_space", "allowed"), PERMISSIONS)
def test_who_may_invite(people, organization, process, who, role, in_space, allowed):
    actor = people[who]
    space = process if in_space else None
    if allowed:
        invitation, _ = services.invitation_create(
            actor=actor, organization=organization, email="x@example.org", role=role, space=space
        )
        assert invitation.invited_by == actor
    else:
        with pytest.raises(PermissionDenied):
            services.invitation_create(
                actor=actor,
                organization=organization,
                email="x@example.org",
                role=role,
                space=space,
            )
        assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("org admin", 302),
        ("space admin", 302),
        ("other space's admin", 200),  # the form refuses a space it does not offer
        ("collaborator", 403),
        ("participant", 403),
    ],
)
def test_who_may_invite_from_the_backoffice(people, process, who, status):
    person = people[who]
    if not Authenticator.objects.filter(user=person).exists():
        enable_totp(person)
    response = client_for(person).post(
        LIST_URL, {"email": "new@example.org", "role": "moderator", "space": process.pk}
    )
    assert response.status_code == status
    assert Invitation.objects.exists() == (status == 302)


def test_other_organization_admin_cannot_see_or_manage(people, admin_user, organization, process):
    invitation, _ = invite(admin_user, organization, process)
    other = people["other organization's admin"]
    enable_totp(other)
    client = client_for(other)
    assert client.post(f"{LIST_URL}{invitation.pk}/revoke/").status_code in (403, 404)
    assert client.get(LIST_URL).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_space_admin_manages_only_their_space_invitations(
    people, admin_user, organization, process
):
    other_space = SpaceFactory(organization=organization, kind="process", slug="third")
    elsewhere, _ = invite(admin_user, organization, other_space)
    client = client_for(people["space admin"])
    page = client.get(LIST_URL)
    assert elsewhere.email not in page.content.decode()
    assert client.post(f"{LIST_URL}{elsewhere.pk}/revoke/").status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


# Sending ----------------------------------------------------------------------------------
def test_invitation_is_sent_logged_and_listed(
    admin_client, organization, process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            LIST_URL, {"email": "New@Example.org", "role": "moderator", "space": process.pk}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new@example.org"
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )
    [mail] = mailoutbox
    assert mail.to == ["new@example.org"]
    token = re.search(r"/invitations/([\w-]+)/", mail.body).group(1)
    # Only a hash of the token is kept.
    assert token not in invitation.token_hash
    assert ActionLog.objects.filter(action="invite", resource_type="invitation").exists()
    page = admin_client.get(LIST_URL).content.decode()
    assert "new@example.org" in page and "Pending" in page


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an email", "role": "moderator"},
        {"email": "a@example.org", "role": "president"},
        {"email": "a@example.org", "role": "moderator"},  # a space role without a space
        {"email": "a@example.org", "role": "moderator", "space": "999999"},
    ],
)
def test_bad_input_changes_nothing(admin_client, data, mailoutbox):
    response = admin_client.post(LIST_URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Invitation.objects.exists()
    assert not ActionLog.objects.exists()
    assert mailoutbox == []


def test_same_pending_invitation_twice_is_refused(admin_user, organization, process):
    invite(admin_user, organization, process)
    with pytest.raises(ValidationError):
        invite(admin_user, organization, process, email="NEW@example.org")
    assert Invitation.objects.count() == 1


def test_role_list_offers_an_invitation_for_an_unknown_address(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/roles/", {"email": "nobody@example.org", "role": "moderator"}
    )
    page = response.content.decode()
    assert "Invite by email" in page
    assert 'action="/admin/invitations/"' in page
    assert not Invitation.objects.exists()


def test_sending_asks_for_a_fresh_second_factor(admin_user, process, settings):
    enable_totp(admin_user)
    client = Client(headers={"accept-language": "en"})
    # A real sign-in, the second factor given long ago: force_login is patched to pass it now.
    from django.contrib.auth import SESSION_KEY

    client.force_login(admin_user)
    settings.PALABRE_STAFF_REAUTH_MINUTES = 0
    import time

    time.sleep(0.01)
    response = client.post(
        LIST_URL, {"email": "new@example.org", "role": "moderator", "space": process.pk}
    )
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not Invitation.objects.exists()
    assert SESSION_KEY in client.session


# Accepting --------------------------------------------------------------------------------
def test_new_person_opens_an_account_then_must_set_up_the_second_factor(
    admin_user, organization, process
):
    _, token = invite(admin_user, organization, process)
    client = english_client()
    assert client.get(accept_url(token)).status_code == 200
    response = client.post(accept_url(token), NEW_ACCOUNT)
    assert response.status_code == 302
    person = User.objects.get(email="new@example.org")
    assert person.nickname == "moderator_mo"
    assert person.accepted_terms_at is not None
    assert person.check_password(NEW_ACCOUNT["password1"])
    assert SpaceRole.objects.filter(space=process, user=person, role="moderator").exists()
    assert person.emailaddress_set.get().verified
    # Anything of the backoffice sends them to set up their second factor first.
    for url in (response["Location"], "/admin/"):
        refusal = client.get(url)
        assert refusal.status_code == 302
        assert "/2fa/totp/activate" in refusal["Location"]
    assert ActionLog.objects.filter(action="accept_invitation", user=person).exists()


def test_existing_account_signed_in_accepts(admin_user, organization, process):
    person = UserFactory(organization=organization, email="new@example.org")
    _, token = invite(admin_user, organization, process, email="NEW@example.org")
    client = client_for(person)
    assert "Accept the role" in client.get(accept_url(token)).content.decode()
    assert client.post(accept_url(token)).status_code == 302
    assert SpaceRole.objects.filter(space=process, user=person, role="moderator").exists()


def test_existing_account_not_signed_in_is_asked_to_sign_in(admin_user, organization, process):
    UserFactory(organization=organization, email="new@example.org")
    _, token = invite(admin_user, organization, process)
    response = english_client().post(accept_url(token), NEW_ACCOUNT)
    assert "sign in" in response.content.decode()
    assert not SpaceRole.objects.filter(space=process).exists()
    assert User.objects.filter(email="new@example.org").count() == 1


def test_organization_admin_invitation(admin_user, organization):
    _, token = invite(admin_user, organization, None, role=ORGANIZATION_ADMIN)
    english_client().post(accept_url(token), NEW_ACCOUNT)
    assert OrganizationAdmin.objects.filter(
        organization=organization, user__email="new@example.org"
    ).exists()


def test_wrong_account_is_refused(admin_user, organization, process):
    _, token = invite(admin_user, organization, process)
    intruder = UserFactory(organization=organization, email="intruder@example.org")
    client = client_for(intruder)
    for response in (client.get(accept_url(token)), client.post(accept_url(token))):
        assert response.status_code == 403
        assert "for someone else" in response.content.decode()
    assert not SpaceRole.objects.filter(space=process).exists()
    with pytest.raises(PermissionDenied):
        services.invitation_accept(user=intruder, token=token)
    assert Invitation.objects.get().accepted_at is None


def test_reuse_is_refused(admin_user, organization, process):
    _, token = invite(admin_user, organization, process)
    english_client().post(accept_url(token), NEW_ACCOUNT)
    response = english_client().post(accept_url(token), {**NEW_ACCOUNT, "nickname": "someone_else"})
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.filter(email="new@example.org").count() == 1
    person = User.objects.get(email="new@example.org")
    with pytest.raises(ValidationError):
        services.invitation_accept(user=person, token=token)


@pytest.mark.parametrize(("offset", "works"), [(-1, True), (0, False), (1, False)])
def test_expiry_on_the_boundary(admin_user, organization, process, monkeypatch, offset, works):
    invitation, token = invite(admin_user, organization, process)
    moment = invitation.expires_at + timedelta(seconds=offset)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    response = english_client().post(accept_url(token), NEW_ACCOUNT)
    assert SpaceRole.objects.filter(space=process).exists() == works
    if not works:
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        assert not User.objects.filter(email="new@example.org").exists()


def test_revoked_invitation_is_refused(admin_client, admin_user, organization, process):
    invitation, token = invite(admin_user, organization, process)
    assert admin_client.post(f"{LIST_URL}{invitation.pk}/revoke/").status_code == 302
    response = english_client().post(accept_url(token), NEW_ACCOUNT)
    assert response.status_code == 410
    assert "revoked" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()
    assert ActionLog.objects.filter(action="revoke_invitation").exists()
    # Revoked stays revoked: it can be neither sent again nor revoked twice.
    with pytest.raises(ValidationError):
        services.invitation_resend(actor=admin_user, invitation=invitation)


def test_resend_kills_the_old_link(
    admin_client, admin_user, organization, process, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, old_token = invite(admin_user, organization, process)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(f"{LIST_URL}{invitation.pk}/resend/").status_code == 302
    new_token = re.search(r"/invitations/([\w-]+)/", mailoutbox[-1].body).group(1)
    assert new_token != old_token
    assert english_client().get(accept_url(old_token)).status_code == 404
    assert english_client().post(accept_url(new_token), NEW_ACCOUNT).status_code == 302
    assert SpaceRole.objects.filter(space=process, role="moderator").exists()
    invitation.refresh_from_db()
    assert invitation.resent_at is not None
    assert ActionLog.objects.filter(action="resend_invitation").exists()


def test_unknown_token_is_refused(organization):
    response = english_client().get(accept_url("not-a-real-token"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"password2": "something else entirely 99"},
        {"accept_terms": ""},
        {"password1": "123", "password2": "123"},
        {"nickname": "taken_nick"},
        {"nickname": "no spaces allowed"},
    ],
)
def test_bad_account_input_changes_nothing(admin_user, organization, process, changes):
    UserFactory(organization=organization, nickname="taken_nick")
    invitation, token = invite(admin_user, organization, process)
    data = {key: value for key, value in {**NEW_ACCOUNT, **changes}.items() if value}
    response = english_client().post(accept_url(token), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email="new@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_password_reset_never_accepts_an_invitation(
    admin_user, organization, process, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, token = invite(admin_user, organization, process)
    client = english_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "new@example.org"})
    # No account is made for the address, no role given.
    assert not User.objects.filter(email="new@example.org").exists()
    # The invitation token is no password-reset key.
    for url in (
        f"/accounts/password/reset/key/{token}/",
        f"/accounts/password/reset/key/1-{token}/",
    ):
        response = client.post(url, {"password1": "x" * 20, "password2": "x" * 20})
        assert response.status_code in (200, 302, 404)
    assert not User.objects.filter(email="new@example.org").exists()
    assert not SpaceRole.objects.filter(space=process).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_password_reset_of_an_invited_existing_account_gives_no_role(
    admin_user, organization, process, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(organization=organization, email="new@example.org")
    invitation, _ = invite(admin_user, organization, process)
    client = english_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "new@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    response = client.get(link.group(1), follow=True)
    client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link.group(1),
        {"password1": "a brand new passphrase 77", "password2": "a brand new passphrase 77"},
    )
    person.refresh_from_db()
    assert person.check_password("a brand new passphrase 77")
    assert not SpaceRole.objects.filter(space=process, user=person).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_list_page_costs_the_same_with_many_invitations(
    admin_client, admin_user, organization, process, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invite(admin_user, organization, process, email="first@example.org")
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST_URL).status_code == 200
    for number in range(15):
        invite(admin_user, organization, process, email=f"person{number}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = admin_client.get(LIST_URL)
    assert page.content.decode().count("Send again") == 16


# The organization's administrators ---------------------------------------------------------
def test_organization_admins_are_listed_and_removed_with_the_log(
    admin_client, admin_user, organization
):
    other = UserFactory(organization=organization, email="second@example.org")
    OrganizationAdmin.objects.create(organization=organization, user=other)
    page = admin_client.get(LIST_URL).content.decode()
    assert "second@example.org" in page and "admin@example.org" in page
    url = f"{LIST_URL}admins/{other.pk}/remove/"
    assert admin_client.post(url).status_code == 302
    assert not OrganizationAdmin.objects.filter(user=other).exists()
    assert ActionLog.objects.filter(action="remove_admin", resource_id=str(other.pk)).exists()
    # Never oneself: the organization keeps someone who can act.
    admin_client.post(f"{LIST_URL}admins/{admin_user.pk}/remove/")
    assert OrganizationAdmin.objects.filter(user=admin_user).exists()


@pytest.mark.parametrize("who", ["space admin", "collaborator", "participant"])
def test_only_organization_admins_remove_organization_admins(people, organization, who):
    person = people[who]
    if not Authenticator.objects.filter(user=person).exists():
        enable_totp(person)
    admin = people["org admin"]
    response = client_for(person).post(f"{LIST_URL}admins/{admin.pk}/remove/")
    assert response.status_code == 403
    assert OrganizationAdmin.objects.filter(user=admin, organization=organization).exists()
    assert not ActionLog.objects.filter(action="remove_admin").exists()
