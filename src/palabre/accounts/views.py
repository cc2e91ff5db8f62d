"""Pages of a person's own account: profile, notifications, sessions, deletion."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from palabre.accounts.forms import DeleteAccountForm, NotificationsForm, ProfileForm
from palabre.accounts.language import set_language_cookie
from palabre.accounts.services import (
    user_delete_account,
    user_set_language,
    user_sign_out_everywhere,
    user_update_notifications,
    user_update_profile,
)
from palabre.notifications.selectors import notification_preferences_of


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    organization = request.organization
    if request.method == "POST":
        form = ProfileForm(
            request.POST,
            request.FILES,
            languages=organization.locales,
            initial={"avatar": user.avatar},
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                user_update_profile(
                    actor=user,
                    user=user,
                    organization=organization,
                    name=data["name"],
                    nickname=data["nickname"],
                    about=data["about"],
                    locale=data["locale"],
                    newsletter_opt_in=data["newsletter"],
                    # The file input gives a new file, False when "clear" is ticked, or None.
                    avatar=data["avatar"] or None,
                    remove_avatar=data["avatar"] is False,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                response = redirect("accounts:profile")
                set_language_cookie(response, data["locale"])
                return response
    else:
        form = ProfileForm(
            languages=organization.locales,
            initial={
                "name": user.name,
                "nickname": user.nickname,
                "avatar": user.avatar,
                "about": user.about,
                "locale": user.locale or request.LANGUAGE_CODE,
                "newsletter": user.newsletter_opt_in_at is not None,
            },
        )
    return render(request, "accounts/profile.html", {"form": form, "section": "profile"})


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    user = request.user
    preferences = notification_preferences_of(user=user)
    if request.method == "POST":
        form = NotificationsForm(request.POST, preferences=preferences)
        if form.is_valid():
            try:
                user_update_notifications(
                    actor=user,
                    user=user,
                    notification_frequency=form.cleaned_data["notification_frequency"],
                    preferences=form.cleaned_preferences(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your notification preferences have been saved."))
                return redirect("accounts:notifications")
    else:
        form = NotificationsForm(
            initial={"notification_frequency": user.notification_frequency},
            preferences=preferences,
        )
    return render(
        request, "accounts/notifications.html", {"form": form, "section": "notifications"}
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    """End every other session of the person (a phone left signed in, a shared computer);
    this one stays signed in."""
    user = user_sign_out_everywhere(actor=request.user, user=request.user)
    update_session_auth_hash(request, user)
    messages.success(request, _("You are now signed out everywhere else."))
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_delete_account(actor=request.user, user=request.user)
        get_adapter(request).logout(request)
        return redirect("accounts:goodbye")
    return render(request, "accounts/delete.html", {"form": form, "section": "delete"})


@require_http_methods(["GET"])
def goodbye(request):
    return render(request, "accounts/goodbye.html")


@require_POST
def set_language(request):
    """The header's language switcher: Django's own view, plus, for a signed-in person,
    the choice saved in their profile so emails and the next visit use it too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and request.organization is not None:
        user_set_language(
            actor=request.user,
            user=request.user,
            organization=request.organization,
            locale=language,
        )
    return response
