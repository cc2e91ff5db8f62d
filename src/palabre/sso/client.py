"""allauth's OpenID Connect provider, made stricter (see `palabre.sso.oidc`).

`OrganizationOIDCProvider` replaces allauth's class for the "openid_connect" provider
(`SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]`): PKCE always, a nonce sent
and kept in the stashed state, scopes and authorization parameters from the configuration
only (never from the address, where anyone could change them). The login and callback views
of `palabre.sso.urls` are mounted at allauth's own addresses, before allauth's, so that every
callback goes through `OrganizationOIDCAdapter`, which verifies the ID token and the nonce.
"""

import secrets

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from requests import RequestException

from palabre.sso import oidc

# Where the raw ID token waits, on the request, for the social adapter to keep it in the
# login's state (the sign-out at the provider sends it back as `id_token_hint`).
ID_TOKEN_ATTRIBUTE = "palabre_sso_id_token"
END_SESSION_ATTRIBUTE = "palabre_sso_end_session"


class OrganizationOIDCAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    @property
    def openid_config(self):
        if not hasattr(self, "_openid_config"):
            app = self.get_provider().app
            self._openid_config = oidc.discovery_document(
                app.settings["server_url"], app.settings["issuer"]
            )
        return self._openid_config

    @property
    def basic_auth(self):
        # client_secret_post unless the provider only takes HTTP Basic (FranceConnect
        # takes the secret in the body).
        methods = self.openid_config.get("token_endpoint_auth_methods_supported") or []
        return "client_secret_post" not in methods and "client_secret_basic" in methods

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token.")
        claims = oidc.verify_id_token(
            id_token, config=self.openid_config, client_id=app.client_id, nonce=self.expected_nonce
        )
        requested_acr = (app.settings.get("auth_params") or {}).get("acr_values", "")
        if not oidc.acr_satisfies(claims.get("acr"), requested_acr):
            raise OAuth2Error("The ID token states a lower authentication level than asked.")
        data = {"id_token": claims}
        if self.openid_config.get("userinfo_endpoint"):
            info = oidc.userinfo(
                self.openid_config["userinfo_endpoint"],
                access_token=token.token,
                config=self.openid_config,
                client_id=app.client_id,
            )
            if str(info.get("sub")) != str(claims["sub"]):
                raise OAuth2Error("The userinfo is about someone else than the ID token.")
            data["userinfo"] = info
        setattr(request, ID_TOKEN_ATTRIBUTE, id_token)
        setattr(request, END_SESSION_ATTRIBUTE, self.openid_config.get("end_session_endpoint"))
        return self.get_provider().sociallogin_from_response(request, data)


class OrganizationOIDCProvider(OpenIDConnectProvider):
    # allauth mounts the urls of this package (its names are reversed by allauth's code);
    # ours, mounted before them at the same addresses, answer in their place.
    package = "allauth.socialaccount.providers.openid_connect"
    oauth2_adapter_class = OrganizationOIDCAdapter
    pkce_enabled_default = True

    def get_pkce_params(self) -> dict:
        return generate_code_challenge()

    def get_auth_params_from_request(self, request, action):
        return self.get_auth_params()

    def get_scope_from_request(self, request):
        return self.get_scope()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class CallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def _run(view_class, request, provider_id):
    adapter = OrganizationOIDCAdapter(request, provider_id)
    try:
        return view_class.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except (OAuth2Error, RequestException) as error:
        # The provider cannot be reached, or its configuration is refused (`oidc`).
        return render_authentication_error(request, adapter.get_provider(), exception=error)


@login_not_required
def login(request, provider_id):
    return _run(OAuth2LoginView, request, provider_id)


@login_not_required
def callback(request, provider_id):
    return _run(CallbackView, request, provider_id)
