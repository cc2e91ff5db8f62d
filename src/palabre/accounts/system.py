"""The operators' area at /system/ (Django's admin site) signs in through the platform.

It has no login form of its own: its login page sends the visitor to the platform's sign-in
(allauth, with its rate limits and second factor) and back. Entering it needs an active
staff account whose session passed the second factor, like the backoffice.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from palabre.accounts.staff import second_factor_passed_at, staff_session_refusal


class SystemAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return super().has_permission(request) and second_factor_passed_at(request) is not None

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url)
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        return staff_session_refusal(request, next_url) or redirect(next_url)
