"""Settings for the SSP Platform, read from the environment with safe defaults.

Every value a deployment may change comes from an environment variable read through the typed
helpers below; a secret may also come from a file named by ``<NAME>_FILE`` (container secrets).
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SSP_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    """A string setting; ``NAME_FILE`` wins over ``NAME`` so secrets can live in files."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def persistent_secret(name: str, file_name: str, generate: bool = True) -> str:
    """Read a secret from the environment, else from ``var/``, generating it there once.

    A generated secret survives restarts, so sessions and encrypted fields stay valid,
    and it never enters the repository (``var/`` is ignored by git).
    """
    value = env_str(name)
    if value:
        return value
    path = VAR_DIR / file_name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    if not generate:
        return ""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    path.write_text(value, encoding="utf-8")
    path.chmod(0o600)
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = persistent_secret("SECRET_KEY", "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The one absolute address of the platform, for links in e-mails and calendar feeds (links, never personal data).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    # Third-party apps under Danish names (ssp/core/admin_labels.py).
    "ssp.core.admin_labels.OtpTotpConfig",
    "ssp.core.admin_labels.OtpStaticConfig",
    "ssp.core.admin_labels.AxesConfig",
    "django_tasks",
    "ssp.core.admin_labels.TasksDatabaseConfig",
    # Listed so django-ninja serves Swagger UI from its bundled static files instead of a CDN.
    "ninja",
    "ssp.core",
    "ssp.accounts",
    "ssp.structure",
    "ssp.citizens",
    "ssp.privacy",
    "ssp.concerns",
    "ssp.meetings",
    "ssp.plans",
    "ssp.intake",
    "ssp.insight",
    "ssp.operations",
    "djangosaml2",
    "ssp.sso",
    "ssp.mail",
    "ssp.staff",
    # The platform's form renderer reads Django's own widget templates through the template settings.
    "django.forms",
    "ssp.casework",
]

MIDDLEWARE = [
    "ssp.operations.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ssp.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ssp.accounts.middleware.HtmxLogInMiddleware",
    "ssp.accounts.sessions.SessionActivityMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ssp.accounts.middleware.SecondFactorMiddleware",
    "ssp.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ssp.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "ssp.core.middleware.OutOfRangeIdMiddleware",
]

ROOT_URLCONF = "ssp.urls"
FORM_RENDERER = "ssp.core.form_rendering.PlatformFormRenderer"
WSGI_APPLICATION = "ssp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite (WAL) under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ssp.sqlite3'}"), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing police staff whose municipalities require the police identity provider.
    "ssp.sso.backends.LocalAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle sessions end after SSP_SESSION_IDLE_MINUTES of inactivity.
SESSION_COOKIE_AGE = env_int("SSP_SESSION_IDLE_MINUTES", 30) * 60
# No write per request: ssp.accounts.sessions saves an active session once a minute, which extends it.
SESSION_SAVE_EVERY_REQUEST = False
SSP_SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Who may be made a member of a forum is a privacy decision; structure asks it through this name.
SSP_MEMBERSHIP_POLICY = "ssp.privacy.memberships"

# Repeated failed log-ins are throttled (django-axes) and logged.
# Per username from one address, and per address across usernames (password spraying): ssp/accounts/throttle.py.
SSP_LOGIN_FAILURE_LIMIT = env_int("SSP_LOGIN_FAILURE_LIMIT", 5)
SSP_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SSP_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_FAILURE_LIMIT = "ssp.accounts.throttle.failure_limit"
AXES_COOLOFF_TIME = env_int("SSP_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("SSP_LOGIN_THROTTLE", True)
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ssp" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["ssp.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise expects the folder even before collectstatic has run (tests, a fresh clone).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "ssp" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers. HTTPS-only settings are switched on by SSP_HTTPS behind a TLS terminator.
HTTPS = env_bool("SSP_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# HSTS covers the platform's own host and anything below it (e.g. api.ssp.kommune.dk), never the parent domain.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# A load balancer's health probe speaks plain HTTP inside the network; it is not redirected.
SECURE_REDIRECT_EXEMPT = [r"^health/?$"]
# Submitting a municipal host to the browsers' HSTS preload list is the municipality's decision, not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)

# E-mail: SMTP settings from the environment; messages carry links, never personal data.
# Without EMAIL_HOST (the demo) messages are written as files to var/outbox, so nothing needs a mail server.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "outbox")))
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SSP-platformen <no-reply@ssp.local>")
# The outbox's delivery task retries a message after these delays (seconds), then marks it failed.
SSP_MAIL_RETRY_DELAYS = [int(delay) for delay in env_list("SSP_MAIL_RETRY_DELAYS", ["60", "300", "1800", "7200"])]

# Background jobs: django-tasks with its database backend works on SQLite and PostgreSQL alike.
TASKS = {
    "default": {
        "BACKEND": env_str("SSP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Field encryption of CPR numbers: keys come from the environment or var/, never from the repository.
SSP_FIELD_ENCRYPTION_KEYS = env_list("SSP_FIELD_ENCRYPTION_KEYS", []) or [
    persistent_secret("SSP_FIELD_ENCRYPTION_KEY", "field_encryption_key")
]
SSP_LOOKUP_HASH_KEY = persistent_secret("SSP_LOOKUP_HASH_KEY", "lookup_hash_key")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ssp.operations.logging.SspJsonFormatter"},
    },
    "filters": {
        "request_id": {"()": "ssp.operations.logging.RequestIdFilter"},
        "mask_secrets": {"()": "ssp.core.access_log.MaskSecretsFilter"},
    },
    # One JSON object per line by default (SSP_LOG_FORMAT=plain for reading by eye while developing).
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("SSP_LOG_FORMAT", "json"),
            "filters": ["request_id", "mask_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The SAML libraries log whole assertions (names, e-mail addresses) at debug and warning level.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "saml2": {"level": "ERROR"},
        "djangosaml2": {"level": "ERROR"},
        "mozilla_django_oidc": {"level": "ERROR"},
        "xmlschema": {"level": "WARNING"},
    },
}

# Emergency ("break the glass") access lasts 24 hours by default; a user may ask for at most this many hours.
SSP_EMERGENCY_ACCESS_MAX_HOURS = env_int("SSP_EMERGENCY_ACCESS_MAX_HOURS", 72)

# Metrics (/metrics) answer a bearer token or an internal address; behind a load balancer use the token.
SSP_METRICS_TOKEN = env_str("SSP_METRICS_TOKEN")
SSP_METRICS_ALLOWED_NETWORKS = env_list("SSP_METRICS_ALLOWED_NETWORKS", ["127.0.0.1/32", "::1/128"])
# Backups are encrypted with this key (32 bytes, URL-safe base64), kept apart from the data and from the
# field-encryption keys; there is deliberately no generated default under var/, next to the data it protects.
SSP_BACKUP_KEY = env_str("SSP_BACKUP_KEY")

# Report queries (``ssp.operations.routers.reading_reports``) go to a read replica when one is configured; without
# one the alias points at the primary. In tests the alias mirrors the test database.
DATABASES["reports"] = {
    **dj_database_url.parse(
        env_str("SSP_REPORTS_DATABASE_URL") or env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ssp.sqlite3'}"),
        conn_max_age=60,
    ),
    "TEST": {"MIRROR": "default"},
}
if DATABASES["reports"]["ENGINE"] == "django.db.backends.sqlite3":
    # Reads only: no IMMEDIATE transactions, which would lock the primary's writers out of the shared file.
    DATABASES["reports"]["OPTIONS"] = {"timeout": 20}
DATABASE_ROUTERS = ["ssp.operations.routers.ReportReplicaRouter"]

# Single sign-on (ssp.sso). SAML: KOMBIT's Context Handler or another OIOSAML IdP, whose metadata the system
# administrator uploads; the SP key pair comes from files. OIDC: one provider or broker, RS256 with its JWKS.
AUTHENTICATION_BACKENDS.append("ssp.sso.backends.FederatedSaml2Backend")
SSP_SAML_KEY_FILE = env_str("SSP_SAML_KEY_FILE")
SSP_SAML_CERT_FILE = env_str("SSP_SAML_CERT_FILE")
SAML_CONFIG_LOADER = "ssp.sso.saml.config_loader"
SAML_ACS_FAILURE_RESPONSE_FUNCTION = "ssp.sso.views.refused"
SAML_SESSION_COOKIE_NAME = "ssp_saml_session"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_ATTRIBUTE_MAPPING: dict[str, tuple[str, ...]] = {}
OIDC_RP_CLIENT_ID = env_str("SSP_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("SSP_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("SSP_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("SSP_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("SSP_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("SSP_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile email"
OIDC_AUTHENTICATE_CLASS = "mozilla_django_oidc.views.OIDCAuthenticationRequestView"
LOGIN_REDIRECT_URL_FAILURE = "/sso/afvist/"
if OIDC_RP_CLIENT_ID:
    # mozilla-django-oidc's backend refuses to load without its endpoints, so it is listed only when configured.
    AUTHENTICATION_BACKENDS.append("ssp.sso.backends.FederatedOIDCBackend")
# An API token without a chosen expiry date lasts this many days.
SSP_API_TOKEN_DAYS = env_int("SSP_API_TOKEN_DAYS", 90)

# Object storage for the stored files (letters, Word templates, imports) when several app servers share them: a
# Django storage backend and its options as JSON, e.g. django-storages' S3 backend (docs/operations.md, "Files").
# Every file is written and read through default_storage, so nothing else changes. Unset: the folder above.
if env_str("SSP_FILE_STORAGE_BACKEND"):
    STORAGES["default"] = {
        "BACKEND": env_str("SSP_FILE_STORAGE_BACKEND"),
        "OPTIONS": json.loads(env_str("SSP_FILE_STORAGE_OPTIONS", "{}")),
    }
