"""Django settings. Everything that differs between installs comes from the environment.

Defaults give the embedded install: SQLite (WAL) and local files under ``MOTCUA_DATA_DIR``
(default ``./var``; ``./var/test`` for the test suite). Production sets ``DATABASE_URL=postgres://...``,
``MOTCUA_SECRET_KEY`` and ``MOTCUA_DEBUG=0``.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
# The test suite (pytest) keeps its database, mail folder and files in ./var/test, never in the
# demo's ./var; set in the environment, so the commands the tests start use it too.
if "pytest" in sys.modules and not os.environ.get("MOTCUA_DATA_DIR"):
    os.environ["MOTCUA_DATA_DIR"] = str(Path("var", "test").resolve())
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use ``MOTCUA_SECRET_KEY``; otherwise keep a random key in the data directory."""
    key = os.environ.get("MOTCUA_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("MOTCUA_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("MOTCUA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "motcua.backoffice.admin_site.MotcuaAdminConfig",  # django.contrib.admin with the officials' role rule
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "motcua.core.thirdparty.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "django_tasks",
    "motcua.core.thirdparty.TasksDBConfig",  # django-tasks-db, named in Vietnamese
    "motcua.core",
    "motcua.accounts",
    "motcua.organisation",
    "motcua.calendars",
    "motcua.catalogue",
    "motcua.dossiers",
    "motcua.forms",
    "motcua.stats",
    "motcua.processes",
    "motcua.payments",
    "motcua.notifications",
    "motcua.feedback",
    "motcua.open311",
    "motcua.api",
    "motcua.web",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.api.fastpath.PublicTrackingMiddleware",  # public tracking answered here, with the same headers
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.web.middleware.SiteLanguageMiddleware",  # pages: the switch, else Vietnamese
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "motcua.web.middleware.AdminStyleCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.web.middleware.OfficialSessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # admin/base_site.html: the admin with the language switch
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "motcua.web.context.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker processes share the file: WAL, and writers take the lock at BEGIN so a
    # read-then-write transaction never fails half way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so tests that run threads see one database with real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-motcua.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _env_bool("MOTCUA_PG_PREPARED", True):
    # Server-side parameters: psycopg prepares a statement after it ran 5 times on a connection,
    # so the hot paths (transitions, tracking, submission) skip PostgreSQL's parse and plan.
    # Measured: about a third less server CPU per dossier transition. MOTCUA_PG_PREPARED=0 for
    # poolers in transaction mode (PgBouncer < 1.21), which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/tai-khoan/"
LOGOUT_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login lockout first
    "django.contrib.auth.backends.ModelBackend",
    "motcua.backoffice.admin_access.RolePermissionBackend",  # admin rights from officials' roles
]
# Login lockout (django-axes): 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# Officials' sessions end after this much inactivity (citizens keep SESSION_COOKIE_AGE).
MOTCUA_OFFICIAL_IDLE_SECONDS = int(os.environ.get("MOTCUA_OFFICIAL_IDLE_SECONDS", str(30 * 60)))
SESSION_COOKIE_HTTPONLY = True
# Production sits behind a TLS-terminating proxy: MOTCUA_HTTPS=1 makes cookies Secure, trusts the
# proxy's X-Forwarded-Proto and turns on HSTS.
MOTCUA_HTTPS = _env_bool("MOTCUA_HTTPS", False)
SESSION_COOKIE_SECURE = _env_bool("MOTCUA_SECURE_COOKIES", MOTCUA_HTTPS)
if MOTCUA_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = int(os.environ.get("MOTCUA_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it from the cookie-less meta tag; see web/base.html
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): everything from this origin, no inline scripts, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Pages are Vietnamese whatever the browser's language; the visible switch stores the choice in
# this cookie for a year (web/middleware.py). The API alone also honours Accept-Language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# dd/mm/yyyy dates and Vietnamese number separators on every page, in both languages (formats/).
FORMAT_MODULE_PATH = ["motcua.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded documents: size cap per file, and content types accepted after sniffing the bytes.
MOTCUA_MAX_UPLOAD_BYTES = int(os.environ.get("MOTCUA_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MOTCUA_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MOTCUA_ALLOWED_UPLOAD_TYPES = [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
]

# --- Background work ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = os.environ.get("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_FROM_EMAIL", "motcua@localhost")
EMAIL_HOST = os.environ.get("MOTCUA_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("MOTCUA_SMTP_PORT", "25"))
EMAIL_TIMEOUT = int(os.environ.get("MOTCUA_SMTP_TIMEOUT", "30"))
MOTCUA_SMTP_USER = os.environ.get("MOTCUA_SMTP_USER", "")
MOTCUA_SMTP_PASSWORD = os.environ.get("MOTCUA_SMTP_PASSWORD", "")
MOTCUA_SMTP_TLS = _env_bool("MOTCUA_SMTP_TLS", False)
MOTCUA_SMTP_SSL = _env_bool("MOTCUA_SMTP_SSL", False)
# Notification channels: each off until configured (system checks motcua.notifications.E001-E005).
MOTCUA_SMS_URL = os.environ.get("MOTCUA_SMS_URL", "")
MOTCUA_SMS_PROVIDER = os.environ.get("MOTCUA_SMS_PROVIDER", "jsonbrand")
MOTCUA_SMS_API_KEY = os.environ.get("MOTCUA_SMS_API_KEY", "")
MOTCUA_SMS_SECRET = os.environ.get("MOTCUA_SMS_SECRET", "")
MOTCUA_SMS_BRANDNAME = os.environ.get("MOTCUA_SMS_BRANDNAME", "")
MOTCUA_SMS_MAX_SEGMENTS = int(os.environ.get("MOTCUA_SMS_MAX_SEGMENTS", "2"))
MOTCUA_ZALO_URL = os.environ.get("MOTCUA_ZALO_URL", "https://business.openapi.zalo.me")
MOTCUA_ZALO_ACCESS_TOKEN = os.environ.get("MOTCUA_ZALO_ACCESS_TOKEN", "")
# Tracking by message (motcua.notifications.tracking): an SMS to the brandname's service number
# (the gateway's MO webhook, signed with MOTCUA_SMS_SECRET) or a message to the province's Zalo
# Official Account (its webhook, signed with the app id and the OA secret key) is answered with
# the dossier's public status. The OA answers through the OA API with its access token.
MOTCUA_ZALO_APP_ID = os.environ.get("MOTCUA_ZALO_APP_ID", "")
MOTCUA_ZALO_OA_SECRET_KEY = os.environ.get("MOTCUA_ZALO_OA_SECRET_KEY", "")
MOTCUA_ZALO_OA_URL = os.environ.get("MOTCUA_ZALO_OA_URL", "https://openapi.zalo.me")
MOTCUA_ZALO_OA_ACCESS_TOKEN = os.environ.get("MOTCUA_ZALO_OA_ACCESS_TOKEN", MOTCUA_ZALO_ACCESS_TOKEN)
# Rate limits of tracking by message: per sender (phone number / Zalo user) and over all senders.
# Over the sender's limit one polite "try later" is sent, then nothing until the window has passed;
# over the global limit the webhook answers 429 and the gateway sends the message again later.
MOTCUA_TRACK_SENDER_LIMIT = int(os.environ.get("MOTCUA_TRACK_SENDER_LIMIT", "5"))
MOTCUA_TRACK_SENDER_WINDOW_SECONDS = int(os.environ.get("MOTCUA_TRACK_SENDER_WINDOW_SECONDS", "3600"))
MOTCUA_TRACK_GLOBAL_LIMIT = int(os.environ.get("MOTCUA_TRACK_GLOBAL_LIMIT", "120"))
MOTCUA_TRACK_GLOBAL_WINDOW_SECONDS = int(os.environ.get("MOTCUA_TRACK_GLOBAL_WINDOW_SECONDS", "60"))

# --- Domain rules (uncertain legal readings are settings; defaults cite their source) --------
# How a period of N working days ends. "end_of_day": Civil Code 2015 art. 147-148 (starts the day
# after receipt, ends at closing time of its last working day). "elapsed": N x the working-day
# length counted from the receipt time (practice of some provincial systems).
MOTCUA_DEADLINE_DAY_MODE = os.environ.get("MOTCUA_DEADLINE_DAY_MODE", "end_of_day")
# Supplement after acceptance: "restart" = Decree 61/2018 art. 19.4 (full time again from the
# complete dossier); "subtract" = Decision 766/QĐ-TTg (waiting time does not count).
MOTCUA_SUPPLEMENT_CLOCK = os.environ.get("MOTCUA_SUPPLEMENT_CLOCK", "restart")
# Apology and extension at least this many working days before the due date (Decree 61 art. 19).
MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE = int(os.environ.get("MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE", "1"))
# How far the new date of an extension may lie after the current due date, in working days. Decree
# 118/2025/NĐ-CP and Mẫu 04 of Circular 01/2018/TT-VPCP require the apology and one new date but leave
# its length open; unset: the procedure's own legal processing time (dossiers/services/timing.py).
MOTCUA_EXTENSION_MAX_WORKING_DAYS = (int(os.environ["MOTCUA_EXTENSION_MAX_WORKING_DAYS"])
                                     if os.environ.get("MOTCUA_EXTENSION_MAX_WORKING_DAYS") else None)
# "Due soon" in officials' work lists, in working days.
MOTCUA_DUE_SOON_WORKING_DAYS = int(os.environ.get("MOTCUA_DUE_SOON_WORKING_DAYS", "2"))
# Hạn bổ sung: calendar days the applicant has to answer a supplement request, counted from the
# day after the request and ending at closing time, moved to the next working day when it falls
# on a day off (Civil Code 2015 art. 147-148); 0 = no deadline is set. Decree 61/2018 (as amended)
# and Decree 118/2025/NĐ-CP, as far as checked, set no general time for this answer; specialised
# rules do. Default 60: the period of enterprise registration after a request to amend or
# supplement (Decree 01/2021/NĐ-CP, carried on by Decree 168/2025/NĐ-CP) — provision and fitness
# for other procedures to be confirmed by legal review.
MOTCUA_SUPPLEMENT_ANSWER_DAYS = int(os.environ.get("MOTCUA_SUPPLEMENT_ANSWER_DAYS", "60"))
# --- Payments (see docs/payments.md). The defaults talk to the local simulator `motcua paygate_sim`;
# the demo secrets are public: set real ones in production.
MOTCUA_PAYGATE_A_URL = os.environ.get("MOTCUA_PAYGATE_A_URL", "http://127.0.0.1:8765/national")
MOTCUA_PAYGATE_B_URL = os.environ.get("MOTCUA_PAYGATE_B_URL", "http://127.0.0.1:8765/vnpay")
MOTCUA_PAYGATE_A_MERCHANT = os.environ.get("MOTCUA_PAYGATE_A_MERCHANT", "MOTCUA-DEMO")
MOTCUA_PAYGATE_B_MERCHANT = os.environ.get("MOTCUA_PAYGATE_B_MERCHANT", "MOTCUA01")
MOTCUA_PAYGATE_A_SECRET = os.environ.get("MOTCUA_PAYGATE_A_SECRET", "motcua-demo-national-secret-CHANGE-ME")
MOTCUA_PAYGATE_B_SECRET = os.environ.get("MOTCUA_PAYGATE_B_SECRET", "MOTCUADEMOVNPAYSTYLESECRETCHANGEME")
MOTCUA_PAYGATE_EXPIRY_MINUTES = int(os.environ.get("MOTCUA_PAYGATE_EXPIRY_MINUTES", "30"))
MOTCUA_VIETQR_EXPIRY_DAYS = int(os.environ.get("MOTCUA_VIETQR_EXPIRY_DAYS", "3"))
MOTCUA_VIETQR_BANK_BIN = os.environ.get("MOTCUA_VIETQR_BANK_BIN", "970415")
MOTCUA_VIETQR_BANK_NAME = os.environ.get("MOTCUA_VIETQR_BANK_NAME", "VietinBank")
MOTCUA_VIETQR_ACCOUNT = os.environ.get("MOTCUA_VIETQR_ACCOUNT", "113000000001")
MOTCUA_VIETQR_ACCOUNT_NAME = os.environ.get("MOTCUA_VIETQR_ACCOUNT_NAME", "UBND PHUONG HOAN KIEM (DEMO)")
MOTCUA_SITE_NAME = os.environ.get("MOTCUA_SITE_NAME", "Hệ thống thông tin giải quyết TTHC")
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403/404 is one warning line; only server errors carry a traceback.
    "filters": {"client_errors_one_line": {"()": "motcua.core.logfilters.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}, "django.request": {"filters": ["client_errors_one_line"]}},
}
