"""How allauth fits Palabre: accounts opened on an organization's site belong to it, emails
speak the person's language and name the organization, and signing in restores the
person's language.
"""

import string
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string

from palabre.accounts import lockout
from palabre.accounts.language import preferred_language, set_language_cookie
from palabre.accounts.services import user_signup
from palabre.core.mail import organization_url, send_templated_email
from palabre.core.models import User
from palabre.core.security import client_ip

# The links allauth puts in its emails (confirmation, password reset, sign-up), and the
# link of a sign-in code (`code_url`, added below).
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url", "code_url")
# Emails carrying a sign-in code (`accounts.login_code`), which also link to its page.
CODE_EMAILS = ("account/email/login_code", "account/email/signup_code")


def _links_on_site(context: dict, organization) -> dict:
    """allauth builds its links from the request; every email of Palabre builds them from
    the organization's address (`organization_url`), the same in a request and in a worker.
    """
    links = {}
    for key in EMAIL_LINKS:
        value = context.get(key)
        if isinstance(value, str) and value:
            parts = urlsplit(value)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            links[key] = organization_url(organization, path)
    return links


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Email and password come from allauth; the rest of the account from our form.
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        return user_signup(
            user=user,
            organization=getattr(request, "organization", None),
            name=data.get("name", ""),
            nickname=data.get("nickname", ""),
            locale=translation.get_language() or "",
            accepted_terms=bool(data.get("accept_terms")),
            newsletter_opt_in=bool(data.get("newsletter")),
            terms_version_id=data.get("terms_version"),
        )

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        organization = getattr(request, "organization", None)
        ctx = {"request": request, "email": email, "organization": organization}
        if organization is not None:
            # allauth's templates greet with the site's name and domain: use the
            # organization's, not the bare host name.
            ctx["current_site"] = SimpleNamespace(name=organization.name, domain=organization.host)
        ctx.update(context)
        if template_prefix in CODE_EMAILS and ctx.get("code"):
            query = urlencode({"code": ctx["code"]})
            ctx["code_url"] = f"{reverse('account_confirm_login_code')}?{query}"
        if organization is not None:
            ctx.update(_links_on_site(ctx, organization))
        send_templated_email(
            to=email,
            subject_template=f"{template_prefix}_subject.txt",
            body_template=f"{template_prefix}_message.txt",
            html_template=f"{template_prefix}_message.html",
            context=ctx,
            language=self._recipient_language(email, ctx.get("user"), organization),
            organization=organization,
            from_email=self.get_from_email(),
        )

    def _recipient_language(self, email, user, organization) -> str:
        """The recipient's saved language when the site offers it, else the page's."""
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        return preferred_language(user, organization) or translation.get_language()

    def generate_login_code(self) -> str:
        # Six digits, easy to read in an email and to type on a phone (allauth's default
        # mixes letters); `secrets` underneath, through get_random_string.
        return get_random_string(6, allowed_chars=string.digits)

    def get_signup_redirect_url(self, request) -> str:
        # A new account is offered the organization's optional profile questions once.
        return reverse("profile_questions:welcome")

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language = preferred_language(user, getattr(request, "organization", None))
        if language and hasattr(response, "set_cookie"):
            set_language_cookie(response, language)
        return response

    def get_logout_redirect_url(self, request) -> str:
        # A session opened through a provider that signs out there too ends at the provider,
        # which sends the person back here (palabre.sso).
        if apps.is_installed("palabre.sso"):
            from palabre.sso.services import provider_logout_url

            url = provider_logout_url(request)
            if url:
                return url
        return super().get_logout_redirect_url(request)

    def authentication_failed(self, request, **credentials) -> None:
        # Counted for the anti-spam check of the sign-in form (accounts.lockout).
        lockout.record_failure(request, credentials.get("email") or "")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and credentials.get("email"):
            lockout.clear_account(credentials["email"])
        return user

    def get_client_ip(self, request) -> str:
        # The sign-in's rate limits count addresses as every limit of Palabre does, behind
        # the installation's trusted proxies (PALABRE_TRUSTED_PROXY_COUNT).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address")
        return address
