"""Signing people in from tests, with or without the second factor.

A person who has an authenticator can only get a session by passing it (allauth's sign-in
asks for it; /system/ has no login form of its own). The root conftest therefore makes
`Client.force_login` of such a person record the second factor in the session, as allauth
does; `sign_in_without_second_factor` gives the session a password alone would give.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.test import Client

_force_login = Client.force_login


def pass_second_factor(client: Client, person, *, at: float | None = None) -> None:
    """Record in the client's session that it passed the second factor (at `at`, a Unix
    time, or now), with the person's authenticator app."""
    authenticator = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
    session = client.session
    request = HttpRequest()
    request.session = session
    record_authentication(
        request,
        person,
        "mfa",
        id=authenticator.pk if authenticator else None,
        type=Authenticator.Type.TOTP,
    )
    if at is not None:
        session["account_authentication_methods"][-1]["at"] = at
    session.save()


def force_login_with_second_factor(client: Client, user, backend=None) -> None:
    _force_login(client, user, backend)
    if Authenticator.objects.filter(user=user).exists():
        pass_second_factor(client, user)


def sign_in_without_second_factor(client: Client, person) -> Client:
    """A session that gave the password only (what /system/'s own login form gave)."""
    _force_login(client, person)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, person, "password", email=person.email)
    request.session.save()
    return client
