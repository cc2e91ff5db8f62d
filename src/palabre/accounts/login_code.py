"""Signing in with a one-time code sent by email, for known and new addresses alike.

allauth's login by code does the work: the request form (rate limited per address and per
client address, `request_login_code`), the code kept in the pending login of the session,
its timeout and attempts (`ACCOUNT_LOGIN_BY_CODE_TIMEOUT`, `…_MAX_ATTEMPTS`), the
comparison in constant time (`allauth.core.internal.cryptokit.compare_user_code`, through
`secrets.compare_digest`), and a code that dies with its pending login once used, expired
or failed too often. The session keeps a keyed hash of the code (`code_digest`), which is
what is compared.

allauth answers an unknown address with the page a known one gets, and sends that address
an email saying no account uses it. Palabre goes one step further, inside the same
machinery: the unknown address gets a code too, in an email of the same shape, and a
confirmed code leads to a short page (name, nickname, terms of use) that opens the account
with the address already verified. Both branches answer the request with the same redirect
and the same message, so the page never tells whether an address has an account.

A code sign-in is a first factor only: allauth records it as method "code", the staff
areas still ask for the second factor (`accounts.staff`), and allauth's own sign-in asks a
person with an authenticator app for its code before the session is signed in.
"""

import time

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ConfirmLoginCodeForm
from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.flows.login import perform_login, record_authentication
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.stagekit import clear_login
from allauth.account.models import EmailAddress, Login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.account.views import ConfirmLoginCodeView, RequestLoginCodeView
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.cryptokit import compare_user_code, normalize_user_code
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from palabre.accounts.forms import SignupForm
from palabre.accounts.services import user_signup
from palabre.core.models import User
from palabre.core.services import log_action
from palabre.legal.selectors import legal_summary

# The session key of an address whose code was confirmed but has no account yet.
NEW_ADDRESS_SESSION_KEY = "palabre_code_signup"


def code_digest(code: str) -> str:
    """The keyed hash of a code (normalized as allauth compares codes): what the session
    keeps instead of the code."""
    return salted_hmac(
        "palabre.accounts.login_code", normalize_user_code(code), algorithm="sha256"
    ).hexdigest()


class CodeProcess(LoginCodeVerificationProcess):
    """allauth's login-code process, with a code for addresses without an account, and a
    session that keeps a keyed hash of the code, never the code itself."""

    def generate_code(self) -> str:
        code = super().generate_code()
        self.state["code"] = code_digest(code)
        return code

    def send_by_email(self, email: str, skip_enumeration_mails: bool = False) -> None:
        if self.user:
            return super().send_by_email(email, skip_enumeration_mails=skip_enumeration_mails)
        code = self.generate_code()
        get_adapter().send_mail(
            "account/email/signup_code",
            email,
            {"request": self.request, "code": code, "email": email},
        )
        self.add_sent_message({"email": email, "recipient": email})

    def finish(self, redirect_url: str | None):
        if self.user:
            return super().finish(redirect_url)
        # The code proves the address: remember it (for as long as a code lives) and ask
        # what an account needs. The pending login, and its code, end here.
        email = self.state["email"]
        clear_login(self.request)
        self.request.session[NEW_ADDRESS_SESSION_KEY] = {
            "email": email,
            "at": time.time(),
            "next": redirect_url or "",
        }
        return redirect("account_code_signup")

    def record_invalid_attempt(self) -> bool:
        # Every wrong code goes into the organization's activity log (the last one ends the
        # code); the person, when the address has an account, is named by it.
        attempts_left = super().record_invalid_attempt()
        organization = getattr(self.request, "organization", None)
        if organization is not None:
            log_action(
                actor=None,
                organization=organization,
                action="login_code_rejected",
                resource=self.user,
                resource_type="user" if self.user else "code_address",
                data={"last": not attempts_left},
            )
        return attempts_left

    @classmethod
    def initiate(cls, *, request, user, email=None, phone=None, stage=None) -> "CodeProcess":
        # allauth's `initiate` with this class (it names its own).
        initial_state = cls.initial_state(user=user, email=email, phone=phone)
        initial_state["initiated_by_user"] = stage is None
        if not stage:
            login = Login(user=user, email=email)
            login.state["stages"] = {"current": "login_by_code"}
            stage = LoginByCodeStage(LoginStageController(request, login), request, login)
        stage.state.update(initial_state)
        process = cls(stage=stage)
        process.send()
        process.persist()
        return process

    @classmethod
    def resume(cls, stage):
        return cls(stage=stage).abort_if_invalid()


class RequestCodeView(RequestLoginCodeView):
    def form_valid(self, form):
        CodeProcess.initiate(
            request=self.request,
            user=form._user,
            email=form.cleaned_data.get("email"),
            phone=form.cleaned_data.get("phone"),
        )
        return HttpResponseRedirect(self.get_success_url())


class ConfirmCodeForm(ConfirmLoginCodeForm):
    """allauth's form, comparing the hash of the code typed with the one kept, in constant
    time (`compare_user_code`)."""

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not compare_user_code(actual=code_digest(code), expected=self.expected_code or ""):
            raise get_adapter().validation_error("incorrect_code")
        return code


class ConfirmCodeView(ConfirmLoginCodeView):
    def get_form_class(self):
        if self._action == "resend":
            return super().get_form_class()
        return ConfirmCodeForm

    @method_decorator(
        login_stage_required(
            stage=LoginByCodeStage.key, redirect_urlname="account_request_login_code"
        )
    )
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        # allauth's dispatch, resuming this module's process.
        self.stage = request._login_stage
        self._process = CodeProcess.resume(self.stage)
        if not self._process:
            return HttpResponseRedirect(reverse("account_request_login_code"))
        return super(ConfirmLoginCodeView, self).dispatch(request, *args, **kwargs)

    def get_initial(self):
        # The email's link fills the code in; the person still confirms it (a link opened
        # by a mail scanner signs nobody in).
        initial = super().get_initial()
        code = self.request.GET.get("code", "")
        if code.isdigit() and len(code) <= 12:
            initial["code"] = code
        return initial


class CodeSignupForm(forms.Form):
    """What an account needs besides the address the code proved (the sign-up form's
    fields, without email and password)."""

    name = SignupForm.base_fields["name"]
    nickname = SignupForm.base_fields["nickname"]
    accept_terms = SignupForm.base_fields["accept_terms"]
    newsletter = SignupForm.base_fields["newsletter"]
    terms_version = SignupForm.base_fields["terms_version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].help_text = format_html(
            '<a href="{}" target="_blank">{}</a>',
            reverse("legal:terms"),
            _("Read the terms of use (opens in a new tab)"),
        )


def _pending_new_address(request) -> dict | None:
    pending = request.session.get(NEW_ADDRESS_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > allauth_settings.LOGIN_BY_CODE_TIMEOUT:
        request.session.pop(NEW_ADDRESS_SESSION_KEY, None)
        return None
    return pending


def code_signup_create(
    *,
    organization,
    email: str,
    name: str,
    nickname: str,
    accepted_terms: bool,
    newsletter_opt_in: bool,
    terms_version_id: int | None,
) -> User:
    """Open the account of an address a sign-in code proved: verified, without password."""
    with transaction.atomic():
        if EmailAddress.objects.filter(email__iexact=email).exists() or (
            User.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError(
                _("An account already uses this address. Sign in with a code again.")
            )
        user = User(email=email)
        user.set_unusable_password()
        user = user_signup(
            user=user,
            organization=organization,
            name=name,
            nickname=nickname,
            locale=translation.get_language() or "",
            accepted_terms=accepted_terms,
            newsletter_opt_in=newsletter_opt_in,
            terms_version_id=terms_version_id,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


@never_cache
@require_http_methods(["GET", "POST"])
def code_signup(request):
    """The last step of a code sign-in for an address without an account."""
    pending = _pending_new_address(request)
    if pending is None or request.user.is_authenticated:
        return redirect("account_request_login_code")
    organization = request.organization
    if request.method == "POST":
        form = CodeSignupForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = code_signup_create(
                    organization=organization,
                    email=pending["email"],
                    name=data["name"],
                    nickname=data["nickname"],
                    accepted_terms=data["accept_terms"],
                    newsletter_opt_in=data["newsletter"],
                    terms_version_id=data.get("terms_version"),
                )
            except (ValidationError, IntegrityError) as error:
                if isinstance(error, IntegrityError):
                    error = ValidationError(_("This nickname was just taken. Choose another one."))
                form.add_error(None, error)
            else:
                request.session.pop(NEW_ADDRESS_SESSION_KEY, None)
                next_url = pending.get("next") or ""
                if not url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()}
                ):
                    next_url = ""
                login = Login(
                    user=user,
                    email=pending["email"],
                    signup=True,
                    # The organization's optional profile questions are offered once.
                    redirect_url=f"{reverse('profile_questions:welcome')}?"
                    + urlencode({"next": next_url or "/"}),
                )
                record_authentication(request, user, method="code", email=pending["email"])
                try:
                    return perform_login(request, login)
                except ImmediateHttpResponse as response:
                    return response.response
    else:
        form = CodeSignupForm(
            initial={"terms_version": legal_summary(organization.pk)["terms_id"] or None}
        )
    return render(
        request,
        "accounts/code_signup.html",
        {"form": form, "email": pending["email"]},
    )
