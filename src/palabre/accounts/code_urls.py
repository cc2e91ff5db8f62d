"""Sign-in by code: allauth's two addresses served by `accounts.login_code` (listed before
allauth's urls, so they answer first), and the last step for a new address."""

from django.urls import path

from palabre.accounts import login_code

urlpatterns = [
    path(
        "login/code/",
        login_code.RequestCodeView.as_view(),
        name="account_request_login_code",
    ),
    path(
        "login/code/confirm/",
        login_code.ConfirmCodeView.as_view(),
        name="account_confirm_login_code",
    ),
    path("login/code/new-account/", login_code.code_signup, name="account_code_signup"),
]
