"""Settings of Lotse, driven by environment variables.

Every variable is documented in docs/betrieb.md and docs/operations.md (configuration reference).
`LOTSE_ENV` is one of `development` (default), `test` or `production`.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


LOTSE_ENV = env("LOTSE_ENV", "development")
if LOTSE_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("LOTSE_ENV must be development, test or production.")
PRODUCTION = LOTSE_ENV == "production"

DATA_DIR = Path(env("LOTSE_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env("LOTSE_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("LOTSE_SECRET_KEY is required when LOTSE_ENV=production.")
    # Generated once and kept, so that local sessions survive a restart.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("LOTSE_DEBUG", default=LOTSE_ENV == "development")
ALLOWED_HOSTS = env_list(
    "LOTSE_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("LOTSE_ALLOWED_HOSTS is required when LOTSE_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("LOTSE_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("LOTSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # Before allauth, so that accounts/templates/ overrides allauth's own templates.
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # Lotse
    "core",
    "districts",
    "network",
    "directory",
    "exchange",
    "notifications",
    "ui",
    "lotse",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come pre-compressed) and before everything that reads or
    # writes the body: gzip for pages and JSON without secrets (core/compression.py).
    "core.compression.CompressionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so it has the last word on every later middleware's and every
    # view's response: nothing shown to a signed-in person is stored by any cache.
    "core.middleware.NoStoreForSignedInMiddleware",
    # After locale and authentication: internal pages only in STAFF_LANGUAGES.
    "ui.languages.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "districts.middleware.CurrentDistrictMiddleware",
    # AxesMiddleware must come last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]
# Off where a proxy or CDN in front compresses instead (it must then skip private answers).
LOTSE_COMPRESS_RESPONSES = env_bool("LOTSE_COMPRESS_RESPONSES", True)

ROOT_URLCONF = "lotse.urls"
FORM_RENDERER = "ui.forms.LotseFormRenderer"
WSGI_APPLICATION = "lotse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ui.context_processors.shell",
                "districts.context_processors.district_switch",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'lotse.sqlite3'}"),
        conn_max_age=int(env("LOTSE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL and a busy timeout let the web process and the task worker share the file.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests use a file too, not Django's in-memory default. That one is opened in shared-cache
    # mode: each connection (the test's and every live-server request thread's, since
    # pytest-django starts the live server before the test database and so shares no
    # connection) takes table locks, and a conflict fails at once with "database table is
    # locked" (SQLITE_LOCKED), which the busy timeout does not wait out. On a file in WAL mode
    # readers never block and writers wait their turn. One file per process in the temporary
    # folder, so concurrent runs and xdist workers (which append `_gw0`…) never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"lotse-test-{os.getpid()}.sqlite3")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Full-text and trigram search (directory.search); SQLite uses FTS5 instead.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when configured (several machines). Otherwise a file cache in the data directory, which
# the web processes and the task worker of one machine share (import progress, rate limits);
# tests keep an in-process cache.
if env("LOTSE_CACHE_URL"):
    _cache = {
        # Django's RedisCache, reusing one client per connection pool (core/cache.py).
        "BACKEND": "core.cache.LotseRedisCache",
        "LOCATION": env("LOTSE_CACHE_URL"),
    }
elif LOTSE_ENV == "test":
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
CACHES = {
    "default": _cache,
    # Parts of public pages rendered once per process under a key that holds the district's
    # change stamp (filter selects, topic tiles, footer; `directory/views/shell.py`).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lotse-fragments",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 4000},
    },
}

# --- Users, sign-in, MFA, lockout -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if LOTSE_ENV == "test":
    # Argon2 is deliberately slow; tests hash thousands of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "ui:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lotse] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# django-axes is the one limiter for failed sign-ins; allauth's own counter would fight it.
# This also switches off allauth's limit on second-factor codes; accounts.lockout counts those.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# Security notices (password, e-mail address, second factor changed) go to the person.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_ADAPTER = "accounts.adapters.MfaAdapter"
# With allauth's `login_failed` limit off, these forms limit wrong codes (accounts.lockout).
MFA_FORMS = {
    "authenticate": "accounts.forms.AuthenticateForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Lotse"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if env("LOTSE_OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "lotse-sso",
                "name": env("LOTSE_OIDC_NAME", "Single Sign-on"),
                "client_id": env("LOTSE_OIDC_CLIENT_ID"),
                "secret": env("LOTSE_OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env("LOTSE_OIDC_SERVER_URL")},
            }
        ],
    }

# The strict rule: one address from one network (axes' own). The same limit and waiting time
# apply to wrong second-factor codes, counted per person.
AXES_FAILURE_LIMIT = int(env("LOTSE_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(env("LOTSE_LOCKOUT_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Against password spraying (accounts.lockout.LockoutHandler): one network across addresses,
# and one address across networks with a short lockout, since anyone can trip it for anyone.
LOCKOUT_NETWORK_FAILURE_LIMIT = int(env("LOTSE_LOCKOUT_NETWORK_FAILURES", "25"))
LOCKOUT_ACCOUNT_FAILURE_LIMIT = int(env("LOTSE_LOCKOUT_ACCOUNT_FAILURES", "10"))
LOCKOUT_ACCOUNT_COOLOFF_MINUTES = float(env("LOTSE_LOCKOUT_ACCOUNT_MINUTES", "5"))
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Attempts during a lockout are refused unchecked and not counted, so they cannot prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with `email=`; this reads either and lower-cases it (see accounts.lockout).
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_IPWARE_PROXY_COUNT = int(env("LOTSE_PROXY_COUNT", "0"))

# Idle timeout: every request renews the session; it ends after this many idle seconds.
SESSION_COOKIE_AGE = int(env("LOTSE_IDLE_TIMEOUT_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("LOTSE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("LOTSE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if env_bool("LOTSE_BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
# Dari is written like Farsi; Django knows no "fa-af", so it is declared here.
LANG_INFO["fa-af"] = {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"}
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
    ("fa", _("Farsi")),
    ("fa-af", _("Dari")),
    ("tr", _("Türkisch")),
    ("ru", _("Russisch")),
]
# Languages of the whole staff interface; the others cover the public shell.
STAFF_LANGUAGES = ["de", "en"]
LANGUAGES_BIDI = ["ar", "fa", "fa-af", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lotse_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("LOTSE_STATIC_ROOT", str(DATA_DIR / "static")))
# Front-end packages from npm are built into this folder by `make assets`.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("LOTSE_MEDIA_ROOT", str(DATA_DIR / "media")))
# Largest file a person may upload (library documents, attachments); checked by core.uploads.
LOTSE_UPLOAD_MAX_BYTES = int(env("LOTSE_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise warns on every start when the folder is missing; it is empty until collectstatic.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_MODE = env("LOTSE_EMAIL", "smtp" if PRODUCTION else "file")
if EMAIL_MODE == "smtp":
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("LOTSE_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(env("LOTSE_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("LOTSE_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env("LOTSE_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("LOTSE_EMAIL_TLS", default=True)
elif EMAIL_MODE == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_MODE == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
else:
    raise ImproperlyConfigured("LOTSE_EMAIL must be smtp, console or file.")
DEFAULT_FROM_EMAIL = env("LOTSE_EMAIL_FROM", "Lotse <lotse@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if LOTSE_ENV == "test"
        else "django_tasks_db.DatabaseBackend"
    }
}

# --- Lotse ----------------------------------------------------------------------------------
LOTSE_INVITATION_DAYS = int(env("LOTSE_INVITATION_DAYS", "7"))
LOTSE_NOTIFICATION_RETENTION_DAYS = int(env("LOTSE_NOTIFICATION_RETENTION_DAYS", "180"))
LOTSE_ADMIN_PATH = env("LOTSE_ADMIN_PATH", "betrieb/").strip("/") + "/"
LOTSE_OPERATOR = {
    "name": env("LOTSE_OPERATOR_NAME", "Betreiber dieser Lotse-Installation"),
    "address": env("LOTSE_OPERATOR_ADDRESS"),
    "email": env("LOTSE_OPERATOR_EMAIL"),
    "phone": env("LOTSE_OPERATOR_PHONE"),
    "privacy_contact": env("LOTSE_PRIVACY_CONTACT"),
}
# Open directory API (/api/v1/): read-only, anonymous, JSON only (no browsable HTML pages),
# throttled per client address through the cache. LOTSE_API_ANON_RATE: requests per client,
# e.g. "1200/minute".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env(
            "LOTSE_API_ANON_RATE", "100000/minute" if LOTSE_ENV == "test" else "1200/minute"
        )
    },
    "NUM_PROXIES": int(env("LOTSE_PROXY_COUNT", "0")) or None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNICODE_JSON": True,
    # `format` is a filter of the offer list (in person/online/hybrid), not a renderer switch.
    "URL_FORMAT_OVERRIDE": None,
}
# Public directory: keep rendered search and offer pages and API list/search bodies in the cache,
# keyed by the district's change stamp (renewed on every write), the request and the day.
# LOTSE_DIRECTORY_RESPONSE_CACHE=false computes every response afresh (the bench measures both).
LOTSE_DIRECTORY_RESPONSE_CACHE = env_bool("LOTSE_DIRECTORY_RESPONSE_CACHE", True)
SPECTACULAR_SETTINGS = {
    "TITLE": "Lotse – offenes Verzeichnis (API)",
    "DESCRIPTION": "Read-only API of the public directory of offers, places and events.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "LICENSE": {"name": "Data: per district (default CC BY 4.0); software: AGPL-3.0-or-later"},
    "ENUM_NAME_OVERRIDES": {
        "OfferFormatEnum": "directory.models.Offer.Format",
        "OfferKindEnum": "directory.models.Offer.Kind",
    },
}

# Actor map: no tile server unless the operator names one (a Leaflet URL template such as
# https://tiles.example.org/{z}/{x}/{y}.png) with the provider's credit line. Only the actor map
# page then allows images from that origin (Content-Security-Policy, see network/views/maps.py).
LOTSE_MAP_TILE_URL = env("LOTSE_MAP_TILE_URL").strip()
LOTSE_MAP_TILE_ATTRIBUTION = env("LOTSE_MAP_TILE_ATTRIBUTION").strip()
if LOTSE_MAP_TILE_URL and not LOTSE_MAP_TILE_ATTRIBUTION:
    raise ImproperlyConfigured("LOTSE_MAP_TILE_URL needs LOTSE_MAP_TILE_ATTRIBUTION.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOTSE_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
