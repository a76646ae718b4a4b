"""Settings for Amparo, read from the environment.

Development needs nothing set: SQLite, a throwaway secret key, loopback hosts. A deployment is
recognised by ``ALLOWED_HOSTS`` being set; it must then provide ``SECRET_KEY`` and gets HTTPS-only
cookies and HSTS, so ``manage.py check --deploy`` is clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
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
    """A cache from a URL (``AMPARO_CACHE_URL``): ``locmem://`` (one per process), ``db://table``
    (Django's database cache; its table is created after migrate), ``file:///path``,
    ``redis://host:port/db`` (the redis package is installed) or ``memcached://host:port`` (needs
    pymemcache)."""
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
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached" and rest:
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        f"AMPARO_CACHE_URL {url!r} is not understood: use locmem://, db://table, file:///path, "
        "redis://host:port/db or memcached://host:port."
    )


def replica_databases(urls: list[str], primary: dict) -> dict[str, dict]:
    """``replica_1`` ... from ``DATABASE_REPLICA_URLS``: PostgreSQL only, on a PostgreSQL primary,
    with the primary's connection settings; their test database mirrors the primary's."""
    if urls and primary["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL.")
    replicas = {}
    for number, url in enumerate(urls, start=1):
        try:
            replica = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        except ValueError as error:
            raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS: {error}") from error
        if replica["ENGINE"] != primary["ENGINE"]:
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS entry {number} is not a postgres:// URL."
            )
        replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        replica["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = replica
    return replicas


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
    "demo",
    "directory",
    "embed",
    "interchange",
    "lists",
    "logins",
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
    "corsheaders",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: a database that is down (or read-only where a write was tried) answers a clean 503,
    # JSON under /api/, a plain page elsewhere, with Retry-After (amparo/faults.py).
    "amparo.faults.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL in the path, a URL or body too long: 404/414/413 before any view (amparo/middleware.py).
    "amparo.middleware.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (static files, served above, need none).
    "amparo.csp.AmparoCSPMiddleware",
    # CORS for /api/ by the partner keys' allowed origins; answers preflights: django-cors-headers'
    # middleware, a little extended (partners/cors.py).
    "partners.cors.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page (logins/).
    "axes.middleware.AxesMiddleware",
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

# Persistent connections (60 s) are checked before each request reuses them, so after a database
# restart the first request reconnects instead of failing: no app restart is needed.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server (not a refused port) would otherwise hold each request for as long
    # as TCP gives up: fail in 5 s and answer 503 (?connect_timeout= in DATABASE_URL wins).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Read replicas (docs/deployment.md): anonymous GETs read from one of them, chosen per request;
# writes, staff, tokens and keys stay on the primary (amparo/replicas.py). None: one database.
DATABASES.update(replica_databases(env_list("DATABASE_REPLICA_URLS"), DATABASES["default"]))
AMPARO_READ_REPLICAS = [alias for alias in DATABASES if alias != "default"]
if AMPARO_READ_REPLICAS:
    DATABASE_ROUTERS = ["amparo.replicas.ReplicaRouter"]
    # After the 503 middleware (a replica that is down is a 503 too), before any that reads.
    MIDDLEWARE.insert(1, "amparo.replicas.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin logins (django-axes, logins/): after AMPARO_LOGIN_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is locked out for AMPARO_LOGIN_LOCKOUT_MINUTES (a
# superuser can lift it at once: Settings > Login lockouts). Another address, or another user
# name, is not locked, so nobody can lock a colleague out from elsewhere. The axes backend comes
# first, so a locked-out pair is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AMPARO_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AMPARO_LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "logins.lockout.lockout_response"
# The address the throttles use (AMPARO_TRUSTED_PROXIES), not django-ipware's guess.
AXES_CLIENT_IP_CALLABLE = "partners.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
# Privacy: failed attempts (user name, address, browser) are kept only until their lockout
# window ends (deleted at the next login event, and by `manage.py clean_login_attempts`);
# successful logins are not recorded at all, and the logs mask names and addresses.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Lockouts are seen in the Wagtail admin (logins/), not Django's admin, which is not served.
AXES_ENABLE_ADMIN = False

# Languages. The eight worker languages are on by default; AMPARO_LANGUAGES narrows them (or adds
# French and Korean, whose fonts the sheets also ship), e.g. AMPARO_LANGUAGES="en,es". English,
# the default language, is always on.
AVAILABLE_LANGUAGES = {
    "en": _("English"),
    "es": _("Spanish"),
    "ht": _("Haitian Creole"),
    "pt": _("Portuguese"),
    "zh-hans": _("Simplified Chinese"),
    "vi": _("Vietnamese"),
    "tl": _("Tagalog"),
    "ar": _("Arabic"),
    "fr": _("French"),
    "ko": _("Korean"),
}
WORKER_LANGUAGES = ["en", "es", "ht", "pt", "zh-hans", "vi", "tl", "ar"]
if os.environ.get("AMPARO_EXTRA_LANGUAGES"):
    raise ImproperlyConfigured(
        "AMPARO_EXTRA_LANGUAGES is replaced by AMPARO_LANGUAGES, the whole list (the eight worker "
        f"languages by default: {','.join(WORKER_LANGUAGES)})."
    )
_chosen = list(dict.fromkeys(env_list("AMPARO_LANGUAGES"))) or WORKER_LANGUAGES
_unknown = [code for code in _chosen if code not in AVAILABLE_LANGUAGES]
if _unknown or "en" not in _chosen:
    raise ImproperlyConfigured(
        f"AMPARO_LANGUAGES must list English (en) and only codes from "
        f"{','.join(AVAILABLE_LANGUAGES)}; unknown: {_unknown or 'none'}."
    )
LANGUAGE_CODE = "en"
LANGUAGES = [(code, AVAILABLE_LANGUAGES[code]) for code in _chosen]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Django's LANG_INFO lacks ht and tl: complete it, or get_language_info() raises (a 500).
complete_lang_info(code for code, _name in LANGUAGES)
WAGTAIL_I18N_ENABLED = True
# "Translate" makes a draft, which goes live through Vetting (directory/translations.py), not a
# copy of the source's live status.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
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

# Rate limits (API throttles, suggestions) count in the "default" cache, and "api" keeps rendered
# public API answers under their ETag (api/caching.py; an entry can never be stale, since
# publishing or a listing falling due changes every ETag). With several server processes the
# counts must be shared, or each process allows the whole limit: Redis when REDIS_URL is set,
# else in deployment mode the database cache (its table is made by migrate, partners/apps.py);
# only a single-process development server (`make run`) counts in local memory.
# Public searches' counts are kept in the "default" cache too (api/caching.py), so every process
# shares them. AMPARO_CACHE_URL overrides the "default" cache's choice. AMPARO_API_CACHE_ENTRIES=0
# turns the kept answers and the kept counts off.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL {REDIS_URL!r} is not a Redis URL: use redis://host:6379/0 (or rediss://, "
        "unix://)."
    )
AMPARO_API_CACHE_ENTRIES = int(os.environ.get("AMPARO_API_CACHE_ENTRIES", 2000))
# Two sites sharing one Redis (staging and production) keep their keys apart by this prefix.
AMPARO_CACHE_KEY_PREFIX = os.environ.get("AMPARO_CACHE_KEY_PREFIX", "amparo")
CACHES = {
    "default": {
        **cache_from_url(
            os.environ.get("AMPARO_CACHE_URL")
            or REDIS_URL
            or ("db://amparo_cache" if DEPLOYED else "locmem://")
        ),
        "KEY_PREFIX": AMPARO_CACHE_KEY_PREFIX,
    },
    # Kept answers go to Redis when there is one (every process then shares them); otherwise
    # each process keeps its own in memory: they are never stale, so per process costs only hit
    # rate, while the database cache would add a query and write answers of up to 512 KB to it.
    "api": {
        **(
            cache_from_url(REDIS_URL)
            if REDIS_URL
            else {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "amparo-api",
            }
        ),
        "KEY_PREFIX": f"{AMPARO_CACHE_KEY_PREFIX}-api",
        "TIMEOUT": 600,
        "OPTIONS": {} if REDIS_URL else {"MAX_ENTRIES": max(AMPARO_API_CACHE_ENTRIES, 1)},
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

# Who runs the admin's CSV imports (interchange/import_jobs.py): "thread" (a thread of the web
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
# The write API's login tokens (@login, logins/tokens.py) expire after this many hours.
AMPARO_API_TOKEN_HOURS = float(os.environ.get("AMPARO_API_TOKEN_HOURS", 12))
AMPARO_PUBLIC_KEY_RATE = os.environ.get("AMPARO_PUBLIC_KEY_RATE", "600/min")
AMPARO_PARTNER_KEY_RATE = os.environ.get("AMPARO_PARTNER_KEY_RATE", "1200/min")

# CORS (django-cors-headers) for /api/ only; no origin is listed here: the partner keys' allowed
# origins decide, through its check_request_enabled signal (partners/cors.py). Never credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOWED_ORIGINS: list[str] = []
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
CORS_ALLOW_HEADERS = ["Authorization", "Accept", "Accept-Language", "Content-Type", "If-None-Match"]
CORS_EXPOSE_HEADERS = ["ETag", "Content-Language", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 600

# Global DRF settings also reach wagtail-localize's own API views; the read API sets its
# renderers, authentication, permissions and exception handler on its base view
# (api/views/base.py) instead.
REST_FRAMEWORK = {
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
        "api.schema.bad_input_responses",
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

# Content-Security-Policy (django-csp 4): everything from this site, no inline script or style
# (a template that needs one uses request.csp_nonce), no plugins, forms posting only here. The
# Wagtail admin gets the replacement below (amparo/csp.py; docs/architecture.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# The Wagtail admin (/admin/) replaces these: its templates write inline scripts with
# per-page data (inline panels, date pickers, choosers) and inline styles. No nonce here: with
# one, browsers would ignore 'unsafe-inline'.
AMPARO_ADMIN_CSP_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
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
    # A database outage is logged as one line every few seconds (amparo/faults.py), not as a
    # traceback per request.
    "filters": {"quiet_when_unavailable": {"()": "amparo.faults.QuietWhenUnavailable"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["quiet_when_unavailable"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if DEPLOYED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is opt-in: once browsers ship the domain in their preload list, dropping HTTPS
    # from any subdomain takes months to undo. Off, Django's deploy check warns (W021); that
    # warning is the choice made here, so it is silenced, and only then.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
