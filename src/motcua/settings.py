"""Django settings. Everything that differs between installs comes from the environment.

The environment is read once, by ``motcua.config`` (every variable's type, default and meaning);
this module only maps it onto Django's settings. Defaults give the embedded install: SQLite (WAL)
and local files under ``MOTCUA_DATA_DIR`` (default ``./var``; ``./var/test`` for the test suite).
Production sets ``DATABASE_URL=postgres://...``, ``MOTCUA_SECRET_KEY`` and real payment secrets.
Importing this module creates no directory and writes no file: the data directory and the
generated secret key are made at start-up (``motcua.core.apps``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua import config

BASE_DIR = Path(__file__).resolve().parent
# The test suite (pytest) keeps its database, mail folder and files in ./var/test, never in the
# demo's ./var; set in the environment, so the commands the tests start use it too.
# It is also a demo install: the demo payment secrets pass the system check (motcua.core.E001).
if "pytest" in sys.modules:
    if not os.environ.get("MOTCUA_DATA_DIR"):
        os.environ["MOTCUA_DATA_DIR"] = str(Path("var", "test").resolve())
    os.environ.setdefault("MOTCUA_DEMO", "1")
env = config.environment()
DATA_DIR = Path(env.MOTCUA_DATA_DIR or "var").resolve()

# Unset: start-up (motcua.core.datadir) keeps a random key in this file and sets SECRET_KEY from it.
SECRET_KEY = env.MOTCUA_SECRET_KEY
MOTCUA_SECRET_KEY_FILE = None if SECRET_KEY else DATA_DIR / "secret_key"
DEBUG = env.MOTCUA_DEBUG
# A demo or test install may run with the demo payment secrets and the simulator's addresses.
MOTCUA_DEMO = env.MOTCUA_DEMO if env.MOTCUA_DEMO is not None else not (env.DATABASE_URL or env.MOTCUA_SECRET_KEY)
ALLOWED_HOSTS = list(env.MOTCUA_ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = list(env.MOTCUA_CSRF_TRUSTED_ORIGINS)
# Defaults of `motcua up` (--host, --port, --sim-port).
MOTCUA_HOST = env.MOTCUA_HOST
MOTCUA_PORT = env.MOTCUA_PORT
MOTCUA_PAYGATE_SIM_PORT = env.MOTCUA_PAYGATE_SIM_PORT

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
    "motcua.exchange",
    "motcua.postal",
    "motcua.signing",
    "motcua.registers",
    "motcua.national_portal",
    "motcua.feedback",
    "motcua.datastore",
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
    "motcua.web.errors.ApiMethodNotAllowedMiddleware",  # django-ninja's text 405 becomes the API's JSON error
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
DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL or _default_db, conn_max_age=60)}
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.MOTCUA_PG_PREPARED:
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
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "portal:account"
LOGOUT_REDIRECT_URL = "portal:home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login lockout first
    "django.contrib.auth.backends.ModelBackend",
    "motcua.backoffice.admin_access.RolePermissionBackend",  # admin rights from officials' roles
]
# Login lockout (django-axes): 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = env.MOTCUA_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# Officials' sessions end after this much inactivity (citizens keep SESSION_COOKIE_AGE).
MOTCUA_OFFICIAL_IDLE_SECONDS = env.MOTCUA_OFFICIAL_IDLE_SECONDS
SESSION_COOKIE_HTTPONLY = True
# Production sits behind a TLS-terminating proxy: MOTCUA_HTTPS=1 makes cookies Secure, trusts the
# proxy's X-Forwarded-Proto and turns on HSTS.
MOTCUA_HTTPS = env.MOTCUA_HTTPS
SESSION_COOKIE_SECURE = MOTCUA_HTTPS if env.MOTCUA_SECURE_COOKIES is None else env.MOTCUA_SECURE_COOKIES
if MOTCUA_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env.MOTCUA_SESSION_SECONDS
# --- E-ID login (accounts/providers/vneid/conf.py, docs/integrations/eid.md).
MOTCUA_OIDC_ISSUER = env.MOTCUA_OIDC_ISSUER
MOTCUA_OIDC_CLIENT_ID = env.MOTCUA_OIDC_CLIENT_ID
MOTCUA_OIDC_CLIENT_SECRET = env.MOTCUA_OIDC_CLIENT_SECRET
MOTCUA_OIDC_SCOPES = env.MOTCUA_OIDC_SCOPES
MOTCUA_OIDC_CLAIM_PERSONAL_ID = env.MOTCUA_OIDC_CLAIM_PERSONAL_ID
MOTCUA_OIDC_CLAIM_NAME = env.MOTCUA_OIDC_CLAIM_NAME
MOTCUA_OIDC_CLAIM_BIRTHDATE = env.MOTCUA_OIDC_CLAIM_BIRTHDATE
MOTCUA_OIDC_CLAIM_LEVEL = env.MOTCUA_OIDC_CLAIM_LEVEL
MOTCUA_OIDC_TIMEOUT = env.MOTCUA_OIDC_TIMEOUT
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
STATIC_ROOT = DATA_DIR / "static"  # made at start-up (core/apps.py): whitenoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded documents: size cap per file, and content types accepted after sniffing the bytes.
MOTCUA_MAX_UPLOAD_BYTES = env.MOTCUA_MAX_UPLOAD_BYTES
MOTCUA_PORTAL_MAX_DRAFTS = env.MOTCUA_PORTAL_MAX_DRAFTS  # open drafts per account, so none fills the disk
MOTCUA_FEEDBACK_MAX_ATTACHMENTS = env.MOTCUA_FEEDBACK_MAX_ATTACHMENTS
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
MOTCUA_EMAIL_ENABLED = env.MOTCUA_EMAIL_ENABLED
EMAIL_BACKEND = env.MOTCUA_EMAIL_BACKEND
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env.MOTCUA_FROM_EMAIL
EMAIL_HOST = env.MOTCUA_SMTP_HOST
EMAIL_PORT = env.MOTCUA_SMTP_PORT
EMAIL_TIMEOUT = env.MOTCUA_SMTP_TIMEOUT  # MOTCUA_SMTP_TIMEOUT: notifications.conf passes it to the connection
MOTCUA_SMTP_USER = env.MOTCUA_SMTP_USER
MOTCUA_SMTP_PASSWORD = env.MOTCUA_SMTP_PASSWORD
MOTCUA_SMTP_TLS = env.MOTCUA_SMTP_TLS
MOTCUA_SMTP_SSL = env.MOTCUA_SMTP_SSL
# Notification channels: each off until configured (system checks motcua.notifications.E001-E005).
MOTCUA_SMS_URL = env.MOTCUA_SMS_URL
MOTCUA_SMS_PROVIDER = env.MOTCUA_SMS_PROVIDER
MOTCUA_SMS_API_KEY = env.MOTCUA_SMS_API_KEY
MOTCUA_SMS_SECRET = env.MOTCUA_SMS_SECRET
MOTCUA_SMS_BRANDNAME = env.MOTCUA_SMS_BRANDNAME
MOTCUA_SMS_MAX_SEGMENTS = env.MOTCUA_SMS_MAX_SEGMENTS
MOTCUA_SMS_CALLBACK_URL = env.MOTCUA_SMS_CALLBACK_URL  # empty: MOTCUA_PUBLIC_URL + /api/v1/notifications/sms/dlr
MOTCUA_NOTIFY_HTTP_TIMEOUT = env.MOTCUA_NOTIFY_HTTP_TIMEOUT
MOTCUA_ZALO_URL = env.MOTCUA_ZALO_URL
MOTCUA_ZALO_ACCESS_TOKEN = env.MOTCUA_ZALO_ACCESS_TOKEN
# Tracking by message (motcua.notifications.tracking): an SMS to the brandname's service number
# (the gateway's MO webhook, signed with MOTCUA_SMS_SECRET) or a message to the province's Zalo
# Official Account (its webhook, signed with the app id and the OA secret key) is answered with
# the dossier's public status. The OA answers through the OA API with its access token.
MOTCUA_ZALO_APP_ID = env.MOTCUA_ZALO_APP_ID
MOTCUA_ZALO_OA_SECRET_KEY = env.MOTCUA_ZALO_OA_SECRET_KEY
MOTCUA_ZALO_OA_URL = env.MOTCUA_ZALO_OA_URL
MOTCUA_ZALO_OA_ACCESS_TOKEN = env.MOTCUA_ZALO_OA_ACCESS_TOKEN or MOTCUA_ZALO_ACCESS_TOKEN
# Rate limits of tracking by message: per sender (phone number / Zalo user) and over all senders.
# Over the sender's limit one polite "try later" is sent, then nothing until the window has passed;
# over the global limit the webhook answers 429 and the gateway sends the message again later.
MOTCUA_TRACK_SENDER_LIMIT = env.MOTCUA_TRACK_SENDER_LIMIT
MOTCUA_TRACK_SENDER_WINDOW_SECONDS = env.MOTCUA_TRACK_SENDER_WINDOW_SECONDS
MOTCUA_TRACK_GLOBAL_LIMIT = env.MOTCUA_TRACK_GLOBAL_LIMIT
MOTCUA_TRACK_GLOBAL_WINDOW_SECONDS = env.MOTCUA_TRACK_GLOBAL_WINDOW_SECONDS

# --- Domain rules (uncertain legal readings are settings; defaults cite their source) --------
# How a period of N working days ends. "end_of_day": Civil Code 2015 art. 147-148 (starts the day
# after receipt, ends at closing time of its last working day). "elapsed": N x the working-day
# length counted from the receipt time (practice of some provincial systems).
MOTCUA_DEADLINE_DAY_MODE = env.MOTCUA_DEADLINE_DAY_MODE
# Supplement after acceptance: "restart" = Decree 61/2018 art. 19.4 (full time again from the
# complete dossier); "subtract" = Decision 766/QĐ-TTg (waiting time does not count).
MOTCUA_SUPPLEMENT_CLOCK = env.MOTCUA_SUPPLEMENT_CLOCK
# Apology and extension at least this many working days before the due date (Decree 61 art. 19).
MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE = env.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE
# How far the new date of an extension may lie after the current due date, in working days. Decree
# 118/2025/NĐ-CP and Mẫu 04 of Circular 01/2018/TT-VPCP require the apology and one new date but leave
# its length open; unset: the procedure's own legal processing time (dossiers/services/timing.py).
MOTCUA_EXTENSION_MAX_WORKING_DAYS = env.MOTCUA_EXTENSION_MAX_WORKING_DAYS
# "Due soon" in officials' work lists, in working days.
MOTCUA_DUE_SOON_WORKING_DAYS = env.MOTCUA_DUE_SOON_WORKING_DAYS
# Hạn bổ sung: calendar days the applicant has to answer a supplement request, counted from the
# day after the request and ending at closing time, moved to the next working day when it falls
# on a day off (Civil Code 2015 art. 147-148); 0 = no deadline is set. Decree 61/2018 (as amended)
# and Decree 118/2025/NĐ-CP, as far as checked, set no general time for this answer; specialised
# rules do. Default 60: the period of enterprise registration after a request to amend or
# supplement (Decree 01/2021/NĐ-CP, carried on by Decree 168/2025/NĐ-CP) — provision and fitness
# for other procedures to be confirmed by legal review.
MOTCUA_SUPPLEMENT_ANSWER_DAYS = env.MOTCUA_SUPPLEMENT_ANSWER_DAYS
# Internal processes (processes/conf.py): "due soon" window of a step, parsed specs kept per process.
MOTCUA_PROCESS_DUE_SOON_HOURS = env.MOTCUA_PROCESS_DUE_SOON_HOURS
MOTCUA_PROCESS_SPEC_CACHE = env.MOTCUA_PROCESS_SPEC_CACHE
# Feedback (feedback/conf.py): whether its deadlines count again once the information asked for comes.
MOTCUA_FEEDBACK_RESTART_AFTER_INFO = env.MOTCUA_FEEDBACK_RESTART_AFTER_INFO
# --- Payments (see docs/payments.md). The defaults talk to the local simulator `motcua paygate_sim`;
# the demo secrets are public: set real ones in production.
MOTCUA_PAYGATE_A_URL = env.MOTCUA_PAYGATE_A_URL
MOTCUA_PAYGATE_B_URL = env.MOTCUA_PAYGATE_B_URL
MOTCUA_PAYGATE_A_MERCHANT = env.MOTCUA_PAYGATE_A_MERCHANT
MOTCUA_PAYGATE_B_MERCHANT = env.MOTCUA_PAYGATE_B_MERCHANT
MOTCUA_PAYGATE_A_SECRET = env.MOTCUA_PAYGATE_A_SECRET
MOTCUA_PAYGATE_B_SECRET = env.MOTCUA_PAYGATE_B_SECRET
MOTCUA_PAYGATE_CALLBACK_BASE = env.MOTCUA_PAYGATE_CALLBACK_BASE  # empty: MOTCUA_PUBLIC_URL
MOTCUA_PAYGATE_TIMEOUT = env.MOTCUA_PAYGATE_TIMEOUT
MOTCUA_PAYGATE_EXPIRY_MINUTES = env.MOTCUA_PAYGATE_EXPIRY_MINUTES
# --- Data-sharing gateway (exchange/conf.py, docs/integrations/lgsp.md).
MOTCUA_LGSP_URL = env.MOTCUA_LGSP_URL
MOTCUA_LGSP_CLIENT_ID = env.MOTCUA_LGSP_CLIENT_ID
MOTCUA_LGSP_TOKEN = env.MOTCUA_LGSP_TOKEN
MOTCUA_LGSP_TIMEOUT = env.MOTCUA_LGSP_TIMEOUT
MOTCUA_LGSP_BREAKER_FAILURES = env.MOTCUA_LGSP_BREAKER_FAILURES
MOTCUA_LGSP_BREAKER_RESET_SECONDS = env.MOTCUA_LGSP_BREAKER_RESET_SECONDS
MOTCUA_LGSP_LOG_KEY = env.MOTCUA_LGSP_LOG_KEY
# --- Register lookups (registers/conf.py, docs/integrations/registers.md): services behind the gateway.
MOTCUA_REGISTER_POPULATION_SERVICE = env.MOTCUA_REGISTER_POPULATION_SERVICE
MOTCUA_REGISTER_BUSINESS_SERVICE = env.MOTCUA_REGISTER_BUSINESS_SERVICE
MOTCUA_REGISTER_LAND_SERVICE = env.MOTCUA_REGISTER_LAND_SERVICE
# --- Public postal service (postal/conf.py, docs/integrations/post.md): the peer `motcua sim post`.
MOTCUA_SIGNING_SIGNER = env.MOTCUA_SIGNING_SIGNER
MOTCUA_SIGNING_SIGN_RESULTS = env.MOTCUA_SIGNING_SIGN_RESULTS
MOTCUA_SIGNING_SIGN_RECEIPTS = env.MOTCUA_SIGNING_SIGN_RECEIPTS
MOTCUA_SIGNING_SEAL_SCANS = env.MOTCUA_SIGNING_SEAL_SCANS
MOTCUA_SIGNING_PKI_URL = env.MOTCUA_SIGNING_PKI_URL
MOTCUA_SIGNING_TSA_URL = env.MOTCUA_SIGNING_TSA_URL
MOTCUA_SIGNING_TRUST_ROOTS = env.MOTCUA_SIGNING_TRUST_ROOTS
MOTCUA_SIGNING_PKCS12_PERSONAL = env.MOTCUA_SIGNING_PKCS12_PERSONAL
MOTCUA_SIGNING_PKCS12_ORGANISATION = env.MOTCUA_SIGNING_PKCS12_ORGANISATION
MOTCUA_SIGNING_PKCS12_PASSPHRASE = env.MOTCUA_SIGNING_PKCS12_PASSPHRASE
MOTCUA_SIGNING_TIMEOUT = env.MOTCUA_SIGNING_TIMEOUT
MOTCUA_SIGNING_CSC_URL = env.MOTCUA_SIGNING_CSC_URL
MOTCUA_SIGNING_CSC_CLIENT_ID = env.MOTCUA_SIGNING_CSC_CLIENT_ID
MOTCUA_SIGNING_CSC_CLIENT_SECRET = env.MOTCUA_SIGNING_CSC_CLIENT_SECRET
MOTCUA_SIGNING_CSC_TOKEN = env.MOTCUA_SIGNING_CSC_TOKEN
MOTCUA_SIGNING_CSC_CREDENTIAL_ID = env.MOTCUA_SIGNING_CSC_CREDENTIAL_ID
MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID = env.MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID
MOTCUA_SIGNING_CSC_TIMEOUT = env.MOTCUA_SIGNING_CSC_TIMEOUT
MOTCUA_SIGNING_PKCS11_MODULE = env.MOTCUA_SIGNING_PKCS11_MODULE
MOTCUA_SIGNING_PKCS11_TOKEN = env.MOTCUA_SIGNING_PKCS11_TOKEN
MOTCUA_SIGNING_PKCS11_PIN = env.MOTCUA_SIGNING_PKCS11_PIN
MOTCUA_SIGNING_PKCS11_PERSONAL_LABEL = env.MOTCUA_SIGNING_PKCS11_PERSONAL_LABEL
MOTCUA_SIGNING_PKCS11_ORGANISATION_LABEL = env.MOTCUA_SIGNING_PKCS11_ORGANISATION_LABEL
MOTCUA_POST_URL = env.MOTCUA_POST_URL
MOTCUA_POST_CUSTOMER_CODE = env.MOTCUA_POST_CUSTOMER_CODE
MOTCUA_POST_TOKEN = env.MOTCUA_POST_TOKEN
MOTCUA_POST_WEBHOOK_SECRET = env.MOTCUA_POST_WEBHOOK_SECRET
MOTCUA_POST_TIMEOUT = env.MOTCUA_POST_TIMEOUT
MOTCUA_POST_FEE_SAME_PROVINCE = env.MOTCUA_POST_FEE_SAME_PROVINCE
MOTCUA_POST_FEE_OTHER_PROVINCE = env.MOTCUA_POST_FEE_OTHER_PROVINCE
# --- National public service portal (national_portal/conf.py, docs/integrations/dvcqg.md): `motcua sim dvcqg`.
MOTCUA_DVCQG_ENABLED = env.MOTCUA_DVCQG_ENABLED
MOTCUA_DVCQG_URL = env.MOTCUA_DVCQG_URL
MOTCUA_DVCQG_TOKEN = env.MOTCUA_DVCQG_TOKEN
MOTCUA_DVCQG_SECRET = env.MOTCUA_DVCQG_SECRET
MOTCUA_DVCQG_TIMEOUT = env.MOTCUA_DVCQG_TIMEOUT
MOTCUA_DVCQG_STATUS_MAP = env.MOTCUA_DVCQG_STATUS_MAP
MOTCUA_DVCQG_SYNC_ALL = env.MOTCUA_DVCQG_SYNC_ALL
MOTCUA_DVCQG_PULL = env.MOTCUA_DVCQG_PULL
MOTCUA_VIETQR_EXPIRY_DAYS = env.MOTCUA_VIETQR_EXPIRY_DAYS
MOTCUA_VIETQR_BANK_BIN = env.MOTCUA_VIETQR_BANK_BIN
MOTCUA_VIETQR_BANK_NAME = env.MOTCUA_VIETQR_BANK_NAME
MOTCUA_VIETQR_ACCOUNT = env.MOTCUA_VIETQR_ACCOUNT
MOTCUA_VIETQR_ACCOUNT_NAME = env.MOTCUA_VIETQR_ACCOUNT_NAME
MOTCUA_RECEIPT_FORM_NUMBER = env.MOTCUA_RECEIPT_FORM_NUMBER
MOTCUA_RECEIPT_SYMBOL_PATTERN = env.MOTCUA_RECEIPT_SYMBOL_PATTERN
MOTCUA_SITE_NAME = env.MOTCUA_SITE_NAME
MOTCUA_PUBLIC_URL = env.MOTCUA_PUBLIC_URL or "http://127.0.0.1:8000"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403/404 is one warning line; only server errors carry a traceback.
    "filters": {"client_errors_one_line": {"()": "motcua.core.logfilters.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.MOTCUA_LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.request": {"filters": ["client_errors_one_line"]},
    },
}
