"""What Palabre checks of an OpenID Connect provider's answers, beyond allauth.

allauth's generic provider skips the ID token's signature when the token came straight from
the token endpoint over TLS (the specification allows it), sends no nonce, and reads userinfo
as JSON only. Palabre checks more, because a city's verification may rest on these claims:

- the discovery document must name the issuer the administrator configured;
- ID tokens are always verified against the provider's published keys (JWKS), with an
  asymmetric algorithm only (never "none" or a shared-secret HMAC), for this client
  (`aud`, and `azp` when several audiences), from this issuer, in date, and carrying the
  nonce sent with the authorization request;
- userinfo may be a signed JWT (FranceConnect v2 answers `application/jwt`): verified the
  same way; its `sub` must be the ID token's.
"""

import hmac
import re

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# Clocks of the provider and of the site may differ a little.
LEEWAY_SECONDS = 60


def fetch_json(url: str, **kwargs) -> dict:
    with get_adapter().get_requests_session() as session:
        response = session.get(url, **kwargs)
        response.raise_for_status()
        return response.json()


def normalized_issuer(url: str) -> str:
    """The issuer of a URL an administrator typed: the discovery address without its
    well-known path, without a trailing slash."""
    url = url.strip()
    if "/.well-known/" in url:
        url = url.split("/.well-known/", 1)[0]
    return url.rstrip("/")


def discovery_document(discovery_url: str, issuer: str) -> dict:
    """The provider's configuration, refused unless it names `issuer` (Discovery 1.0 §4.3:
    what a document of another issuer says must not be used)."""
    config = fetch_json(discovery_url)
    if normalized_issuer(str(config.get("issuer", ""))) != normalized_issuer(issuer):
        raise OAuth2Error("The discovery document names another issuer.")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not config.get(name):
            raise OAuth2Error(f"The discovery document has no {name}.")
    return config


def _signing_key(token: str, jwks_uri: str):
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise OAuth2Error("Malformed token.") from error
    algorithm = header.get("alg")
    if algorithm not in ASYMMETRIC_ALGORITHMS:
        raise OAuth2Error(f"Refused signing algorithm: {algorithm!r}.")
    kid = header.get("kid")
    keys = fetch_json(jwks_uri).get("keys", [])
    for data in keys:
        if kid is not None and data.get("kid") != kid:
            continue
        if data.get("use", "sig") != "sig":
            continue
        if data.get("alg") and data["alg"] != algorithm:
            continue
        try:
            return jwt.PyJWK(data, algorithm=algorithm).key, algorithm
        except (jwt.PyJWTError, ValueError, TypeError):
            continue
    raise OAuth2Error("No published key of the provider verifies this token.")


def verify_id_token(token: str, *, config: dict, client_id: str, nonce: str | None) -> dict:
    """The claims of a verified ID token (OpenID Connect Core §3.1.3.7)."""
    key, algorithm = _signing_key(token, config["jwks_uri"])
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            audience=client_id,
            issuer=config["issuer"],
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as error:
        raise OAuth2Error(f"Invalid ID token: {error}") from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OAuth2Error("Invalid ID token: issued to another party.")
    if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OAuth2Error("Invalid ID token: the nonce is not the one sent.")
    return claims


def userinfo(url: str, *, access_token: str, config: dict, client_id: str) -> dict:
    """The userinfo claims, plain JSON or a signed JWT (verified like an ID token, its
    issuer and audience checked when it names them)."""
    with get_adapter().get_requests_session() as session:
        response = session.get(url, headers={"Authorization": f"Bearer {access_token}"})
        response.raise_for_status()
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/jwt":
        return response.json()
    token = response.text.strip()
    key, algorithm = _signing_key(token, config["jwks_uri"])
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            leeway=LEEWAY_SECONDS,
            options={"verify_aud": False, "verify_iss": False},
        )
    except jwt.PyJWTError as error:
        raise OAuth2Error(f"Invalid signed userinfo: {error}") from error
    if "iss" in claims and normalized_issuer(claims["iss"]) != normalized_issuer(config["issuer"]):
        raise OAuth2Error("Invalid signed userinfo: another issuer.")
    if "aud" in claims:
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if client_id not in audiences:
            raise OAuth2Error("Invalid signed userinfo: issued to another party.")
    return claims


def acr_satisfies(acr, requested: str) -> bool:
    """Whether the authentication level the ID token states (`acr`) is one the request
    asked for (`acr_values`, space-separated); an eIDAS level above the lowest one asked
    for also does (eidas2 where eidas1 was asked). Nothing asked: anything does."""
    wanted = requested.split()
    if not wanted:
        return True
    if acr in wanted:
        return True
    levels = [int(value[5:]) for value in wanted if re.fullmatch(r"eidas[1-3]", value)]
    if levels and len(levels) == len(wanted) and isinstance(acr, str):
        match = re.fullmatch(r"eidas([1-3])", acr)
        return bool(match) and int(match.group(1)) >= min(levels)
    return False
