"""Settings for Amparo, read from the environment.

Development needs nothing set: SQLite, a throwaway secret key, loopback hosts. A deployment is
recognised by ``ALLOWED_HOSTS`` being set; it must then provide ``SECRET_KEY`` and gets HTTPS-only
cookies and HSTS, so ``manage.py check --deploy`` is clean.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from amparo.languages import complete_lang_info

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def cache_from_url(url: str) -> dict:
    """The "default" cache from ``AMPARO_CACHE_URL``: ``locmem://`` (the default: one per
    process), ``db://table`` (Django's database cache; its table is created after migrate),
    ``file:///path``, ``redis://host:port/db`` (needs the redis package) or
    ``memcached://host:port`` (needs pymemcache)."""
    scheme, _sep, rest = (url or "locmem://").partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in ("db", "database"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or "amparo_cache",
        }
    if scheme == "file" and rest.startswith("/"):
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached" and rest:
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        f"AMPARO_CACHE_URL {url!r} is not understood: use locmem://, db://table, file:///path, "
        "redis://host:port/db or memcached://host:port."
    )


DEBUG = env_bool("DEBUG", False)
DEPLOYED = bool(env_list("ALLOWED_HOSTS"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Under /api/ a CSRF refusal is JSON in the API's error shape; elsewhere Django's page.
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEPLOYED:
        raise ImproperlyConfigured("SECRET_KEY must be set when ALLOWED_HOSTS is set.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

INSTALLED_APPS = [
    "api",
    "cms",
    "directory",
    "embed",
    "lists",
    "partners",
    "sheets",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for /api/ by the partner keys' allowed origins; answers preflights (partners/cors.py).
    "partners.cors.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "amparo.urls"
WSGI_APPLICATION = "amparo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "amparo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. English and Spanish are always on; more content languages are switched on with
# AMPARO_EXTRA_LANGUAGES="zh-hans,vi,ht,pt,fr,ar,ko,tl".
OPTIONAL_LANGUAGES = {
    "zh-hans": _("Simplified Chinese"),
    "vi": _("Vietnamese"),
    "ht": _("Haitian Creole"),
    "pt": _("Portuguese"),
    "fr": _("French"),
    "ar": _("Arabic"),
    "ko": _("Korean"),
    "tl": _("Tagalog"),
}
_extra = env_list("AMPARO_EXTRA_LANGUAGES")
_unknown = sorted(set(_extra) - set(OPTIONAL_LANGUAGES))
if _unknown:
    raise ImproperlyConfigured(
        f"AMPARO_EXTRA_LANGUAGES has unknown codes {_unknown}; "
        f"choose from {sorted(OPTIONAL_LANGUAGES)}."
    )
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))] + [
    (code, OPTIONAL_LANGUAGES[code]) for code in _extra
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Django's LANG_INFO lacks ht and tl: complete it, or get_language_info() raises (a 500).
complete_lang_info(code for code, _name in LANGUAGES)
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "amparo" / "static"]
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# "api" holds rendered public API answers keyed by their ETag (api/caching.py): an entry can never
# be stale, since publishing or a listing falling due changes every ETag. Per process by default;
# AMPARO_API_CACHE_ENTRIES=0 turns it off.
AMPARO_API_CACHE_ENTRIES = int(os.environ.get("AMPARO_API_CACHE_ENTRIES", 2000))
CACHES = {
    # Rate limits (API throttles, suggestions) count here: with several server processes it
    # must be shared, e.g. AMPARO_CACHE_URL=db://amparo_cache or redis://... (README).
    "default": cache_from_url(os.environ.get("AMPARO_CACHE_URL", "locmem://")),
    "api": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "amparo-api",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": max(AMPARO_API_CACHE_ENTRIES, 1)},
    },
}

WAGTAIL_SITE_NAME = "Amparo"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
# Listings may only go live through vetting: a vetter's approval is what stamps them verified.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_COMMENTS_ENABLED = False
# Privacy: the admin must not call other hosts. No Gravatar (it would send a hash of each staff
# member's email to a third party), no release check or "what's new" fetched from wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# How long a published listing stays public after it was last verified, by kind (days).
AMPARO_REVIEW_INTERVAL_DAYS = {
    "attorney": int(os.environ.get("AMPARO_REVIEW_DAYS_ATTORNEY", 180)),
    "consulate": int(os.environ.get("AMPARO_REVIEW_DAYS_CONSULATE", 60)),
    "worker-center": int(os.environ.get("AMPARO_REVIEW_DAYS_WORKER_CENTER", 180)),
    "funding-source": int(os.environ.get("AMPARO_REVIEW_DAYS_FUNDING_SOURCE", 60)),
}
# The "due for re-verification" report also lists listings that fall due within this many days.
AMPARO_REVIEW_WARNING_DAYS = int(os.environ.get("AMPARO_REVIEW_WARNING_DAYS", 14))

# Who runs the admin's CSV imports (directory/import_jobs.py): "thread" (a thread of the web
# process that took the upload), "command" (a worker: manage.py run_import_jobs --loop) or
# "inline" (inside the upload request; the tests).
AMPARO_IMPORT_RUNNER = os.environ.get("AMPARO_IMPORT_RUNNER", "thread")

# POST /api/@suggestions: how many corrections one client may send (DRF rate: "10/hour"). Counted
# in the "default" cache under a keyed hash of the client's address, never in the database; with
# several server processes that cache must be shared (Redis, Memcached, database cache).
AMPARO_SUGGESTIONS_RATE = os.environ.get("AMPARO_SUGGESTIONS_RATE", "10/hour")
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR and
# ignore the header, which any client can forge).
AMPARO_TRUSTED_PROXIES = int(os.environ.get("AMPARO_TRUSTED_PROXIES", 0))
# Read API rate limits (DRF rates: "300/min", "5000/hour"; empty: no limit), counted in the
# "default" cache: per client address (or admin account) without a key, and per key with one,
# at the key's own rate or else its tier's (partners/throttling.py).
AMPARO_ANON_RATE = os.environ.get("AMPARO_ANON_RATE", "300/min")
AMPARO_PUBLIC_KEY_RATE = os.environ.get("AMPARO_PUBLIC_KEY_RATE", "600/min")
AMPARO_PARTNER_KEY_RATE = os.environ.get("AMPARO_PARTNER_KEY_RATE", "1200/min")

# Global DRF settings also reach wagtail-localize's own API views; the read API sets its
# renderers, authentication and permissions on its base view (api/views/base.py) instead.
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Amparo API",
    "DESCRIPTION": "A vetted referral directory for immigrant workers' defense, in the style "
    "of plone.restapi. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_the_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partners.schema.key_responses",
    ],
    # Several objects carry an "@type" enum: name each set, so components are stable and
    # `check --deploy` has no naming warning.
    "ENUM_NAME_OVERRIDES": {
        "ListingTypeEnum": ["Attorney", "Consulate", "WorkerCenter", "FundingSource"],
        "TrustedListTypeEnum": ["TrustedList"],
        "EditionTypeEnum": ["Edition"],
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Mail (workflow notifications to vetters). Development sends none; a deployment sets SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if DEPLOYED
    else "django.core.mail.backends.dummy.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "amparo@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if DEPLOYED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
