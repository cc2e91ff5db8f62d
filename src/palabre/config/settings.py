"""Palabre settings: one module, driven by environment variables only.

Variables (all optional except SECRET_KEY in production):
  DATABASE_URL     default sqlite:///<var>/palabre.sqlite3 (WAL mode)
  SECRET_KEY       required unless PALABRE_DEMO=1 or DEBUG=1 (a local key is generated then)
  DEBUG            1 to show tracebacks (never in production)
  PALABRE_DEMO     1 for the demo: local secret, demo conveniences
  ALLOWED_HOSTS    comma-separated; default "*" (organizations are resolved from the host anyway)
  EMAIL_URL        console:// (default), smtp://user:pass@host:587?tls=1, locmem://,
                   files:// (each email a readable text file in <var>/mail; files:///path)
  PALABRE_URL_SCHEME  scheme of the addresses in emails and tasks; default https
  PALABRE_URL_PORT    port of those addresses when not the scheme's own (the demo's 8000)
  DEFAULT_FROM_EMAIL
  REDIS_URL        optional cache; default a file cache under var/cache
  PALABRE_VAR_DIR  where the SQLite file, media and cache live; default ./var
  TASKS_BACKEND    "database" (default) or "immediate" (run tasks in the request)
  PALABRE_MAP_TILES_URL  map tiles template; default OpenStreetMap's
  PALABRE_GEOCODER_URL  base URL of a Nominatim-compatible geocoder; none: addresses are
                   kept without coordinates
  PALABRE_OPEN_DATA_LICENCE_NAME, PALABRE_OPEN_DATA_LICENCE_URL  the licence of the open
                   data files; default Etalab's Licence Ouverte / Open Licence 2.0
  PALABRE_RICH_TEXT_IMAGE_HOSTS  comma-separated hosts whose images rich text may show
                   besides the platform's uploads; default none
  PALABRE_STAFF_REAUTH_MINUTES  role changes and exports ask the second factor again
                   when it was given longer ago than this; default 30
  PALABRE_SESSION_MAX_DAYS  a session ends this long after signing in; default 14
  PALABRE_TRUSTED_PROXY_COUNT  proxies of the installation in front of the app: the client
                   address is that many places from the right of X-Forwarded-For; default 0
                   (REMOTE_ADDR, X-Forwarded-For ignored)
  PALABRE_TRUSTED_CLIENT_IP_HEADER  or a header a trusted proxy fills with the client address
  SECURE_HSTS_SECONDS  HSTS max-age; default a year in production, 0 in demo and debug
  PALABRE_HSTS_INCLUDE_SUBDOMAINS  1: HSTS covers the subdomains too
  PALABRE_ENCRYPTION_KEY  required in production: the secret (or comma-separated secrets,
                   newest first) verifications encrypt identity data with; demo, debug
                   and tests derive one from SECRET_KEY (see verifications/crypto.py)
  PALABRE_SMS_DIR  where the console SMS backend writes each text message; default
                   <var>/sms
"""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PALABRE_VAR_DIR", Path.cwd() / "var")).resolve()
TESTING = "pytest" in sys.modules or env_bool("PALABRE_TESTING")

DEBUG = env_bool("DEBUG")
DEMO = env_bool("PALABRE_DEMO")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if TESTING:
        return "palabre-tests-only-" + "x" * 40
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode refuses to start without it: "
            "set SECRET_KEY to a long random value (or PALABRE_DEMO=1 for a local demo)."
        )
    # Demo and debug: a key generated once and kept on this machine only.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
PALABRE_ENCRYPTION_KEY = os.environ.get("PALABRE_ENCRYPTION_KEY", "")
PALABRE_SMS_DIR = os.environ.get("PALABRE_SMS_DIR") or str(VAR_DIR / "sms")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "palabre.core",
    "palabre.spaces.processes",
    "palabre.spaces.assemblies",
    "palabre.components.pages",
    "palabre.components.blogs",
    "palabre.components.budgets",
    "palabre.components.accountability",
    "palabre.components.proposals",
    "palabre.components.sortitions",
    "palabre.components.surveys",
    "palabre.components.meetings",
    "palabre.components.debates",
    "palabre.forms",
    "palabre.comments",
    "palabre.attachments",
    "palabre.moderation",
    "palabre.notifications",
    "palabre.search",
    "palabre.backoffice",
    "palabre.accounts",
    "palabre.legal",
    "palabre.privacy",
    "palabre.opendata",
    "palabre.profile_questions",
    "palabre.verifications",
    "palabre.invitations",
    # Before allauth: its sign-in buttons replace allauth's provider list.
    "palabre.sso",
    "palabre.captcha",
    "palabre.limits",
    # The operators' area at /system/ registers its models explicitly (config/urls.py):
    # autodiscovery would import django-leaflet's geographic admin, which needs GDAL.
    "palabre.accounts.apps.SystemAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on through OpenID Connect, configured per organization (palabre.sso).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "django_tasks_db",
    "leaflet",
    # The rich-text editor's static files (ProseMirror/Tiptap), served from the package.
    "django_prose_editor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "palabre.core.security.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "palabre.core.middleware.OrganizationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "palabre.core.middleware.OrganizationLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "palabre.core.security.SessionTimeoutMiddleware",
    "palabre.core.security.PrivateCacheMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Forms may lead to the organization's sign-in providers (palabre.sso).
    "palabre.sso.middleware.ProviderFormActionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "palabre.config.urls"
# English times without "p.m.", whose full stop doubled the one ending a sentence.
FORMAT_MODULE_PATH = ["palabre.config.formats"]
WSGI_APPLICATION = "palabre.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palabre.core.context_processors.organization",
                "palabre.notifications.context_processors.notifications",
            ],
            "builtins": ["palabre.core.templatetags.palabre"],
        },
    }
]

# Database -----------------------------------------------------------------
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'palabre.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests: opening one costs the schema read, the pragmas
    # and, when it was the last one open, a checkpoint and a new write-ahead log.
    # Writers wait for each other on a file lock rather than in SQLite's sleeping retries.
    DATABASES["default"]["ENGINE"] = "palabre.core.sqlite_backend"
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock
        # at BEGIN so that two writers queue up instead of failing on a lock upgrade.
        # Memory-mapped reads spare a system call per page read.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if not TESTING:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache --------------------------------------------------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Shared by every worker process of one machine, so rate limits hold across workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Rendered fragments of pages (a proposal's card, a comment) are kept by each worker process
# in its own memory: their keys are made of everything they show, so a kept fragment is
# never stale and no process has to tell the others.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "palabre-fragments",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}

# Tasks --------------------------------------------------------------------
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate" if TESTING else "database")
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if _tasks_backend == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": [],
    }
}


# Email --------------------------------------------------------------------
def _mailer(url: str) -> dict:
    """One MAILERS entry from a URL: console://, locmem://, smtp://u:p@host:587?tls=1, smtps://…"""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "files": "palabre.core.mail.DemoFileBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(backends)}")
    mailer: dict = {"BACKEND": backends[parts.scheme]}
    if parts.scheme == "files":
        mailer["OPTIONS"] = {"file_path": unquote(parts.path) or str(VAR_DIR / "mail")}
    if parts.scheme.startswith("smtp"):
        mailer["OPTIONS"] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": query.get("tls") in {"1", "true"},
            "use_ssl": parts.scheme == "smtps",
            "timeout": 20,
        }
    return mailer


MAILERS = {"default": _mailer(os.environ.get("EMAIL_URL", "console://"))}
# Addresses in emails and tasks: each organization's host with this scheme and port (see
# palabre.core.mail.organization_url); a worker has no request to take them from.
PALABRE_URL_SCHEME = os.environ.get("PALABRE_URL_SCHEME", "https").strip().lower() or "https"
if PALABRE_URL_SCHEME not in {"http", "https"}:
    raise ImproperlyConfigured("PALABRE_URL_SCHEME must be http or https")
PALABRE_URL_PORT = int(os.environ.get("PALABRE_URL_PORT") or 0) or None
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Palabre <no-reply@palabre.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "palabre.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "palabre.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "palabre.accounts.forms.SignupForm",
    "login": "palabre.accounts.forms.LoginForm",
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # Per address only: an account is never locked, its sign-in form asks the anti-spam
    # check after repeated failures instead (palabre.accounts.lockout).
    "login_failed": "10/m/ip",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # Sign-in codes (palabre.accounts.login_code): asked per client address and per email.
    "request_login_code": "20/m/ip,5/10m/key",
}
# Sign in with a six-digit code sent by email (the adapter makes it six digits), valid 10
# minutes, 3 wrong tries end it; an address without an account gets a code too.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PREVENT_ENUMERATION = True
# The anti-spam check's HMAC key (palabre.captcha); derived from SECRET_KEY when unset.
PALABRE_CAPTCHA_KEY = os.environ.get("PALABRE_CAPTCHA_KEY", "")
# PALABRE_CAPTCHA=0 turns the check off (tests do, except those marked `captcha`).
PALABRE_CAPTCHA_REQUIRED = os.environ.get("PALABRE_CAPTCHA", "1") != "0"
# Single sign-on (palabre.sso): providers come from each organization's rows, never from
# settings; allauth's OpenID Connect provider is replaced by a stricter one (nonce, PKCE,
# signatures always checked). New people always see the sign-up form (terms to accept).
SOCIALACCOUNT_ADAPTER = "palabre.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "palabre.sso.forms.SocialSignupForm"}
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"provider_class": "palabre.sso.client.OrganizationOIDCProvider"}
}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Palabre"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
# Staff areas (the backoffice, /system/) need a session that passed the second factor;
# role changes and exports ask for it again when it is older than this.
PALABRE_STAFF_REAUTH_MINUTES = int(os.environ.get("PALABRE_STAFF_REAUTH_MINUTES", 30))
# The client address that rate limits count (palabre.core.security.client_ip, which the
# sign-in's limits use too): REMOTE_ADDR, unless proxies of the installation stand in front
# (then the address that many places from the right of X-Forwarded-For), or a proxy writes
# the address in a header of its own. Never trusted by default: a visitor could write any
# X-Forwarded-For.
PALABRE_TRUSTED_PROXY_COUNT = int(os.environ.get("PALABRE_TRUSTED_PROXY_COUNT", 0))
PALABRE_TRUSTED_CLIENT_IP_HEADER = os.environ.get("PALABRE_TRUSTED_CLIENT_IP_HEADER") or None

# Django's database sessions, read with one plain query (see palabre.core.sessions).
SESSION_ENGINE = "palabre.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends this long after signing in, however active (palabre.core.security); the
# idle limits are per organization (staff and participants).
SESSION_COOKIE_AGE = int(os.environ.get("PALABRE_SESSION_MAX_DAYS", 14)) * 24 * 3600
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PRODUCTION = not (DEBUG or DEMO or TESTING)
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# HTTPS only from the first visit on, for a year, in production (sent over HTTPS only).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PALABRE_HSTS_INCLUDE_SUBDOMAINS")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Internationalization -----------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Small installations serve uploads from the app; larger ones let the web server do it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The licence of the open data archive (palabre.opendata): Etalab's Open Licence 2.0 by
# default, the licence of French public open data, compatible with CC BY and ODC-BY.
PALABRE_OPEN_DATA_LICENCE_NAME = (
    os.environ.get("PALABRE_OPEN_DATA_LICENCE_NAME") or "Licence Ouverte / Open Licence 2.0"
)
PALABRE_OPEN_DATA_LICENCE_URL = (
    os.environ.get("PALABRE_OPEN_DATA_LICENCE_URL")
    or "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
PALABRE_GEOCODER_URL = os.environ.get("PALABRE_GEOCODER_URL") or None
PALABRE_MAX_IMAGE_BYTES = int(os.environ.get("PALABRE_MAX_IMAGE_BYTES", 5_000_000))
# Rich text keeps images from the platform's uploads and from these hosts only (a
# third-party image would tell its host who reads the page).
PALABRE_RICH_TEXT_IMAGE_HOSTS = {
    h.strip().lower().rstrip(".")
    for h in os.environ.get("PALABRE_RICH_TEXT_IMAGE_HOSTS", "").split(",")
    if h.strip()
}

# Maps: tiles from OpenStreetMap by default; an organization may point to its own server.
LEAFLET_CONFIG = {
    "TILES": os.environ.get(
        "PALABRE_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ),
    "ATTRIBUTION_PREFIX": "",
    "DEFAULT_CENTER": (46.6, 2.4),
    "DEFAULT_ZOOM": 5,
    "RESET_VIEW": False,
}


def _tiles_origin(template: str) -> str:
    """The origin map tiles come from, as a CSP source ("{s}" subdomains: any subdomain)."""
    parts = urlsplit(template.replace("{s}", "tiles-subdomain"))
    host = (parts.hostname or "").replace("tiles-subdomain", "*")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


# Content-Security-Policy (Django's ContentSecurityPolicyMiddleware): scripts and styles from
# the site itself only, or inline with the page's nonce; no inline event handler, style
# attribute or javascript: address runs. Framed by no other site, except the embed cards
# (palabre.core.security.embeddable). Videos of pages come from several hosts, PeerTube
# instances from any: frames from any HTTPS address.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [
        CSP.SELF,
        "data:",
        _tiles_origin(LEAFLET_CONFIG["TILES"]),
        *sorted(PALABRE_RICH_TEXT_IMAGE_HOSTS),
    ],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, "https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Messages travel in a signed cookie (falling back to the session when too long): a button
# that answers "added to your basket" does not write the session row.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_on_one_line": {"()": "palabre.core.security.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # A refused request (403, 404) is one line in the log, not a traceback.
    "loggers": {"django.request": {"filters": ["client_errors_on_one_line"]}},
}
