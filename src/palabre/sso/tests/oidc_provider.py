"""A small but real OpenID Connect provider, for the tests: an HTTP server on a free port of
127.0.0.1, in a thread, speaking the authorization-code flow as FranceConnect v2 does.

- discovery (`/.well-known/openid-configuration`) and keys (`/jwks`, RSA and EC);
- `/authorize` (GET shows a page with a button, as a provider's consent screen would; POST
  is that button) refuses unknown clients and redirect URIs, and requires PKCE (S256) and a
  nonce;
- `/token` authenticates the client (secret in the body or HTTP Basic), takes each code once,
  checks the redirect URI and the PKCE verifier (Authlib's S256), and signs the ID token;
- `/userinfo` answers JSON, or a signed JWT (`application/jwt`) as FranceConnect v2 does;
- `/session/end` records the sign-out and sends back to `post_logout_redirect_uri`.

Signing uses joserfc (the JOSE library of the Authlib project), PKCE Authlib itself. Tests
make it misbehave on purpose through `tamper` (another issuer, another audience, another
nonce, a signature by a key it does not publish, an "alg: none" token).
"""

import base64
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

CAMILLE = {
    "sub": "c4m1ll3-0001",
    "given_name": "Camille",
    "family_name": "Martin",
    "preferred_username": "Martin",
    "birthdate": "1990-04-12",
    "birthplace": "75056",
    "birthcountry": "99100",
    "gender": "female",
    "email": "camille.martin@example.org",
    "email_verified": True,
    "address": {"postal_code": "75011", "country": "FR"},
}
# Which claims each scope releases (profile: names and birth data, as a portal would).
SCOPE_CLAIMS = {
    "openid": {"sub"},
    "email": {"email", "email_verified"},
    "profile": {"given_name", "family_name", "preferred_username", "birthdate", "gender"},
    "address": {"address"},
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Client:
    client_id: str
    secret: str
    redirect_uris: list[str]


@dataclass
class LocalProvider:
    signing: str = "RS256"  # or "ES256", as FranceConnect recommends
    userinfo_as_jwt: bool = False
    clients: dict[str, Client] = field(default_factory=dict)
    identity: dict = field(default_factory=lambda: dict(CAMILLE))
    tamper: dict = field(default_factory=dict)
    # What happened, for the tests to read.
    authorize_requests: list[dict] = field(default_factory=list)
    token_requests: list[dict] = field(default_factory=list)
    logouts: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.rsa_key = RSAKey.generate_key(
            2048, parameters={"kid": "rsa-1", "use": "sig", "alg": "RS256"}
        )
        self.ec_key = ECKey.generate_key(
            "P-256", parameters={"kid": "ec-1", "use": "sig", "alg": "ES256"}
        )
        # Same key id as the published one, but never published: a forged signature.
        self.unpublished_rsa_key = RSAKey.generate_key(2048, parameters={"kid": "rsa-1"})
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self._server = None

    # Life ---------------------------------------------------------------------------------
    def start(self) -> "LocalProvider":
        provider = self

        class Handler(_Handler):
            pass

        Handler.provider = provider
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def register_client(self, redirect_uris: list[str]) -> Client:
        client = Client(secrets.token_hex(8), secrets.token_urlsafe(24), list(redirect_uris))
        self.clients[client.client_id] = client
        return client

    # Documents ----------------------------------------------------------------------------
    def configuration(self) -> dict:
        return {
            "issuer": self.tamper.get("discovery_issuer", self.issuer),
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/session/end",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "userinfo_signing_alg_values_supported": ["RS256", "ES256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile", "address"],
            "acr_values_supported": ["eidas1"],
        }

    def jwks(self) -> dict:
        return {"keys": [self.rsa_key.as_dict(private=False), self.ec_key.as_dict(private=False)]}

    def sign(self, claims: dict) -> str:
        if self.tamper.get("alg_none"):
            header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
            return f"{header}.{_b64(json.dumps(claims).encode())}."
        if self.tamper.get("unpublished_key"):
            return jwt.encode({"alg": "RS256", "kid": "rsa-1"}, claims, self.unpublished_rsa_key)
        if self.signing == "ES256":
            return jwt.encode({"alg": "ES256", "kid": "ec-1"}, claims, self.ec_key)
        return jwt.encode({"alg": "RS256", "kid": "rsa-1"}, claims, self.rsa_key)

    def released_claims(self, scope: str) -> dict:
        names = set().union(*(SCOPE_CLAIMS.get(name, {name}) for name in scope.split()))
        return {key: value for key, value in self.identity.items() if key in names}

    # Steps --------------------------------------------------------------------------------
    def check_authorization(self, params: dict) -> str | None:
        """None when the request is acceptable, else the reason."""
        client = self.clients.get(params.get("client_id", ""))
        if client is None:
            return "unknown client"
        if params.get("redirect_uri") not in client.redirect_uris:
            return "redirect_uri not registered"
        if params.get("response_type") != "code":
            return "response_type must be code"
        if "openid" not in params.get("scope", "").split():
            return "scope must include openid"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return "PKCE (S256) is required"
        if len(params.get("nonce", "")) < 22 or len(params.get("state", "")) < 22:
            return "nonce and state of 22 characters at least are required"
        return None

    def issue_code(self, params: dict) -> str:
        code = secrets.token_urlsafe(24)
        self.codes[code] = {**params, "identity": dict(self.identity), "at": time.time()}
        return code

    def exchange(self, form: dict, basic: tuple[str, str] | None) -> tuple[int, dict]:
        self.token_requests.append(dict(form))
        client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.secret, secret):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["client_id"] != client_id:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        if not verifier or create_s256_code_challenge(verifier) != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        now = int(time.time())
        identity = grant["identity"]
        claims = {
            "iss": self.tamper.get("iss", self.issuer),
            "sub": identity["sub"],
            "aud": self.tamper.get("aud", client_id),
            "exp": now + self.tamper.get("lifetime", 60),
            "iat": now,
            "auth_time": now,
            "nonce": self.tamper.get("nonce", grant["nonce"]),
            "acr": self.tamper.get("acr", grant.get("acr_values") or "eidas1"),
        }
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = {
            "identity": identity,
            "scope": grant["scope"],
            "client_id": client_id,
        }
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": self.sign(claims),
        }


class _Handler(BaseHTTPRequestHandler):
    provider: LocalProvider

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict):
        self._send(status, json.dumps(data).encode(), "application/json")

    def _redirect(self, location: str):
        self._send(302, b"", "text/plain", {"Location": location})

    def _query(self) -> dict:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        return {key: values[0] for key, values in parse_qs(body).items()}

    def do_GET(self):
        provider = self.provider
        path = urlsplit(self.path).path
        if path == "/.well-known/openid-configuration":
            return self._json(200, provider.configuration())
        if path == "/jwks":
            return self._json(200, provider.jwks())
        if path == "/authorize":
            params = self._query()
            provider.authorize_requests.append(params)
            refusal = provider.check_authorization(params)
            if refusal:
                return self._send(400, refusal.encode(), "text/plain")
            inputs = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in params.items()
            )
            identity = provider.identity
            name = html.escape(
                f"{identity.get('given_name', '')} {identity.get('family_name', '')}"
            )
            page = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                "<title>Test identity provider</title></head><body><main>"
                "<h1>Test identity provider</h1>"
                f'<form method="post" action="/authorize">{inputs}'
                f'<button type="submit">Continue as {name}</button></form></main></body></html>'
            )
            return self._send(200, page.encode(), "text/html; charset=utf-8")
        if path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            grant = provider.access_tokens.get(token)
            if grant is None:
                return self._json(401, {"error": "invalid_token"})
            claims = provider.released_claims(grant["scope"])
            if "userinfo_sub" in provider.tamper:
                claims["sub"] = provider.tamper["userinfo_sub"]
            if provider.userinfo_as_jwt:
                signed = provider.sign(
                    {**claims, "iss": provider.issuer, "aud": grant["client_id"]}
                )
                return self._send(200, signed.encode(), "application/jwt")
            return self._json(200, claims)
        if path == "/session/end":
            params = self._query()
            provider.logouts.append(params)
            target = params.get("post_logout_redirect_uri")
            if target:
                return self._redirect(f"{target}?{urlencode({'state': params.get('state', '')})}")
            return self._send(200, b"Signed out", "text/plain")
        return self._send(404, b"Not found", "text/plain")

    def do_POST(self):
        provider = self.provider
        path = urlsplit(self.path).path
        form = self._form()
        if path == "/authorize":
            refusal = provider.check_authorization(form)
            if refusal:
                return self._send(400, refusal.encode(), "text/plain")
            code = provider.issue_code(form)
            query = urlencode({"code": code, "state": form["state"]})
            return self._redirect(f"{form['redirect_uri']}?{query}")
        if path == "/token":
            basic = None
            authorization = self.headers.get("Authorization", "")
            if authorization.startswith("Basic "):
                decoded = base64.b64decode(authorization[6:]).decode()
                client_id, _, secret = decoded.partition(":")
                basic = (client_id, secret)
            status, data = provider.exchange(form, basic)
            return self._json(status, data)
        return self._send(404, b"Not found", "text/plain")
