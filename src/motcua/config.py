"""Every environment variable MotCua reads, in one place: its name, type, default and meaning.

``settings.py`` reads the environment once through :func:`environment` and turns each variable into
a Django setting; the apps read ``django.conf.settings`` (through their ``conf.py``), never
``os.environ``. The README's configuration table is generated from this module (``motcua
settings-table``; CI fails when the README differs). A new variable goes here, and nowhere else.

The module is plain Python (no Django), so settings.py can import it and reading it has no side
effect: nothing here creates a directory or writes a file.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin, get_type_hints

TRUE = frozenset({"1", "true", "yes", "on"})


def var(default: Any, meaning: str, *, shown: str | None = None, demo: bool = False) -> Any:
    """Declare one variable: ``shown`` is its default as the README states it (when not the value);
    ``demo`` marks a default that is a public demo value, refused in production (core check E001)."""
    return field(default=default, metadata={"meaning": meaning, "shown": shown, "demo": demo})


MIB = 1024 * 1024


@dataclass(frozen=True)
class Environment:
    """The environment as MotCua reads it; a field's name is the variable's name."""

    # --- Install -------------------------------------------------------------------------------
    DATABASE_URL: str = var(
        "",
        "the database; PostgreSQL in production: `postgres://user:pass@host:5432/motcua`",
        shown="SQLite file `motcua.sqlite3` in the data directory",
    )
    MOTCUA_DATA_DIR: str = var(
        "var",
        "database file, uploaded files, mail folder, secret key",
        shown="`./var` (`./var/test` for the test suite)",
    )
    MOTCUA_SECRET_KEY: str = var(
        "",
        "signs sessions, forms and links; set it in production, the same for every process",
        shown="generated into the data dir at start-up",
    )
    MOTCUA_DEBUG: bool = var(False, "`1` shows error details in pages; never in production")
    MOTCUA_DEMO: bool | None = var(
        None,
        "a demo or test install: the public demo payment secrets and the simulator's "
        "addresses are accepted with `MOTCUA_DEBUG=0`; `0` refuses to start with them",
        shown="`1` when neither `DATABASE_URL` nor `MOTCUA_SECRET_KEY` is set, and in "
        "`motcua up` (not `--no-demo`) and the tests",
    )
    MOTCUA_ALLOWED_HOSTS: tuple[str, ...] = var(
        ("127.0.0.1", "localhost", "testserver"), "host names the web server answers to, comma-separated"
    )
    MOTCUA_CSRF_TRUSTED_ORIGINS: tuple[str, ...] = var(
        (),
        "origins (`https://name`) trusted to post forms, when a "
        "proxy serves the site under another name; comma-separated",
    )
    MOTCUA_HTTPS: bool = var(False, "`1` behind a TLS proxy: Secure cookies, `X-Forwarded-Proto` trusted, HSTS")
    MOTCUA_SECURE_COOKIES: bool | None = var(
        None, "Secure session, CSRF and language cookies", shown="as `MOTCUA_HTTPS`"
    )
    MOTCUA_PUBLIC_URL: str = var(
        "",
        "the address in every absolute link: QR codes, notices, payment return and callback URLs",
        shown="`http://HOST:PORT` of `motcua up`, else `http://127.0.0.1:8000`",
    )
    MOTCUA_SITE_NAME: str = var("Hệ thống thông tin giải quyết TTHC", "the system's name in page titles and headers")
    MOTCUA_LOG_LEVEL: str = var("INFO", "log level of the console log (`DEBUG`, `INFO`, `WARNING`, `ERROR`)")
    MOTCUA_PG_PREPARED: bool = var(
        True, "PostgreSQL server-side prepared statements; `0` behind a pooler in transaction mode (PgBouncer < 1.21)"
    )
    MOTCUA_HOST: str = var("127.0.0.1", "where `motcua up` listens (`--host`)")
    MOTCUA_PORT: int = var(8000, "the port `motcua up` listens on (`--port`)")
    MOTCUA_PAYGATE_SIM_PORT: int = var(
        0, "the port of the payment simulator `motcua up` starts (`--sim-port`; `0`: a free one)"
    )

    # --- Logins and sessions -------------------------------------------------------------------
    MOTCUA_LOGIN_FAILURE_LIMIT: int = var(5, "failed logins before a 15-minute lockout")
    MOTCUA_OFFICIAL_IDLE_SECONDS: int = var(30 * 60, "officials are logged out after this idle time, in seconds")
    MOTCUA_SESSION_SECONDS: int = var(8 * 3600, "how long a login lasts, in seconds")
    # --- E-ID login (VNeID-style OpenID Connect, docs/integrations/eid.md); demo: `motcua sim eid` ---
    MOTCUA_OIDC_ISSUER: str = var(
        "", "the e-ID provider's issuer URL (discovery at `/.well-known/openid-configuration`); empty: no e-ID login"
    )
    MOTCUA_OIDC_CLIENT_ID: str = var("", "our client id at the e-ID provider")
    MOTCUA_OIDC_CLIENT_SECRET: str = var("", "our client secret at the e-ID provider")
    MOTCUA_OIDC_SCOPES: str = var("openid profile", "the scopes asked of the e-ID provider, space-separated")
    MOTCUA_OIDC_CLAIM_PERSONAL_ID: str = var("personal_id", "the claim holding the 12-digit personal ID")
    MOTCUA_OIDC_CLAIM_NAME: str = var("name", "the claim holding the full name")
    MOTCUA_OIDC_CLAIM_BIRTHDATE: str = var("birthdate", "the claim holding the birth date (`YYYY-MM-DD`)")
    MOTCUA_OIDC_CLAIM_LEVEL: str = var(
        "acr", "the claim holding the e-ID level (a value ending in `2` is level 2, in `1` level 1)"
    )
    MOTCUA_OIDC_TIMEOUT: float = var(5.0, "seconds to wait for each answer of the e-ID provider")

    # --- Files -----------------------------------------------------------------------------------
    MOTCUA_MAX_UPLOAD_BYTES: int = var(10 * MIB, "largest uploaded file, in bytes", shown="`10485760` (10 MiB)")
    MOTCUA_PORTAL_MAX_DRAFTS: int = var(20, "open drafts per citizen account")
    MOTCUA_FEEDBACK_MAX_ATTACHMENTS: int = var(5, "files attached to one feedback or complaint")

    # --- Legal readings (see settings.py for the sources) ----------------------------------------
    MOTCUA_DEADLINE_DAY_MODE: str = var("end_of_day", "`end_of_day` (Civil Code art. 147-148) or `elapsed`")
    MOTCUA_SUPPLEMENT_CLOCK: str = var("restart", "`restart` (Decree 61 art. 19.4) or `subtract` (Decision 766)")
    MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE: int = var(
        1, "apology at least this many working days before the due date"
    )
    MOTCUA_EXTENSION_MAX_WORKING_DAYS: int | None = var(
        None,
        "the new date of an extension at most this many working days after the current due date; unset: the "
        "procedure's legal processing time (the law leaves it open)",
    )
    MOTCUA_SUPPLEMENT_ANSWER_DAYS: int = var(
        60,
        "calendar days the applicant has to answer a supplement request, "
        "shown on the dossier page (0: none; see `settings.py` for the legal "
        "note)",
    )
    MOTCUA_DUE_SOON_WORKING_DAYS: int = var(
        2, 'a dossier is "due soon" in the work lists this many working days before its due date'
    )
    MOTCUA_PROCESS_DUE_SOON_HOURS: float = var(
        4.0, 'a step of an internal process is "due soon" this many hours before its due time'
    )
    MOTCUA_PROCESS_SPEC_CACHE: int = var(256, "parsed internal processes kept in memory per process")
    MOTCUA_FEEDBACK_RESTART_AFTER_INFO: bool = var(
        True, "feedback deadlines count again once the citizen supplies the information asked for"
    )

    # --- E-mail ------------------------------------------------------------------------------------
    MOTCUA_EMAIL_ENABLED: bool = var(True, "`0` sends no e-mail notices")
    MOTCUA_EMAIL_BACKEND: str = var(
        "django.core.mail.backends.filebased.EmailBackend",
        "`django.core.mail.backends.smtp.EmailBackend` to send by SMTP",
        shown="files in the data dir's `mail/` folder",
    )
    MOTCUA_FROM_EMAIL: str = var("motcua@localhost", "sender address of e-mail notices")
    MOTCUA_SMTP_HOST: str = var("localhost", "SMTP server")
    MOTCUA_SMTP_PORT: int = var(25, "SMTP port")
    MOTCUA_SMTP_USER: str = var("", "SMTP login (none when empty)")
    MOTCUA_SMTP_PASSWORD: str = var("", "SMTP password")
    MOTCUA_SMTP_TLS: bool = var(False, "`1`: STARTTLS")
    MOTCUA_SMTP_SSL: bool = var(False, "`1`: SMTP over TLS (port 465)")
    MOTCUA_SMTP_TIMEOUT: float = var(30.0, "seconds to wait for the SMTP server")

    # --- SMS and Zalo --------------------------------------------------------------------------------
    MOTCUA_SMS_URL: str = var("", "SMS brandname gateway; SMS notices are off while empty", shown="off")
    MOTCUA_SMS_PROVIDER: str = var("jsonbrand", "the gateway's protocol (`jsonbrand`)")
    MOTCUA_SMS_API_KEY: str = var("", "the gateway's API key")
    MOTCUA_SMS_SECRET: str = var("", "signs the gateway's delivery receipts and incoming messages")
    MOTCUA_SMS_BRANDNAME: str = var("", "the registered brandname messages are sent under")
    MOTCUA_SMS_MAX_SEGMENTS: int = var(2, "longest SMS notice, in 160-character segments")
    MOTCUA_SMS_CALLBACK_URL: str = var(
        "", "where the gateway posts delivery receipts", shown="`MOTCUA_PUBLIC_URL` + `/api/v1/notifications/sms/dlr`"
    )
    MOTCUA_ZALO_URL: str = var("https://business.openapi.zalo.me", "Zalo notification (ZNS) API")
    MOTCUA_ZALO_ACCESS_TOKEN: str = var("", "Zalo notification messages; off while empty", shown="off")
    MOTCUA_ZALO_APP_ID: str = var(
        "",
        "tracking by a message to the province's Zalo Official Account (its webhook: "
        "`/api/v1/notifications/zalo/webhook`): the app id",
        shown="off",
    )
    MOTCUA_ZALO_OA_SECRET_KEY: str = var("", "the Official Account's secret key (verifies its webhook)", shown="off")
    MOTCUA_ZALO_OA_ACCESS_TOKEN: str = var(
        "", "the Official Account's token (answers through the OA API)", shown="`MOTCUA_ZALO_ACCESS_TOKEN`"
    )
    MOTCUA_ZALO_OA_URL: str = var("https://openapi.zalo.me", "Zalo Official Account API")
    MOTCUA_NOTIFY_HTTP_TIMEOUT: float = var(30.0, "seconds to wait for the SMS and Zalo gateways")
    MOTCUA_TRACK_SENDER_LIMIT: int = var(
        5, 'tracking by SMS or Zalo: messages per sender per window (then one "try later", then silence)'
    )
    MOTCUA_TRACK_SENDER_WINDOW_SECONDS: int = var(3600, "the window of `MOTCUA_TRACK_SENDER_LIMIT`, in seconds")
    MOTCUA_TRACK_GLOBAL_LIMIT: int = var(
        120, "tracking by SMS or Zalo over all senders per window; beyond it the webhook answers 429"
    )
    MOTCUA_TRACK_GLOBAL_WINDOW_SECONDS: int = var(60, "the window of `MOTCUA_TRACK_GLOBAL_LIMIT`, in seconds")

    # --- Payments (docs/payments.md); the defaults are the local simulator `motcua paygate_sim` -----
    MOTCUA_PAYGATE_A_URL: str = var(
        "http://127.0.0.1:8765/national", "gateway A (national payment platform)", demo=True
    )
    MOTCUA_PAYGATE_A_MERCHANT: str = var("MOTCUA-DEMO", "our merchant code at gateway A")
    MOTCUA_PAYGATE_A_SECRET: str = var(
        "motcua-demo-national-secret-CHANGE-ME", "the key gateway A signs with", shown="a public demo secret", demo=True
    )
    MOTCUA_PAYGATE_B_URL: str = var("http://127.0.0.1:8765/vnpay", "gateway B (VNPay style)", demo=True)
    MOTCUA_PAYGATE_B_MERCHANT: str = var("MOTCUA01", "our merchant code at gateway B")
    MOTCUA_PAYGATE_B_SECRET: str = var(
        "MOTCUADEMOVNPAYSTYLESECRETCHANGEME", "the key gateway B signs with", shown="a public demo secret", demo=True
    )
    MOTCUA_PAYGATE_CALLBACK_BASE: str = var(
        "", "the address the gateways call back and send browsers back to", shown="`MOTCUA_PUBLIC_URL`"
    )
    MOTCUA_PAYGATE_TIMEOUT: float = var(10.0, "seconds to wait for a gateway's answer")
    MOTCUA_PAYGATE_EXPIRY_MINUTES: int = var(30, "an online payment not finished in this many minutes expires")
    # --- Data-sharing gateway LGSP / NDXP (docs/integrations/lgsp.md); defaults: `motcua sim lgsp` -----
    MOTCUA_LGSP_URL: str = var("http://127.0.0.1:8766", "the data-sharing gateway (LGSP/NDXP) base URL", demo=True)
    MOTCUA_LGSP_CLIENT_ID: str = var(
        "VN/GOV/000.00.00.H26/MOTCUA", "our client id at the gateway (INSTANCE/CLASS/MEMBER/SUBSYSTEM)"
    )
    MOTCUA_LGSP_TOKEN: str = var(
        "motcua-demo-lgsp-token-CHANGE-ME",
        "bearer token of our calls to the gateway",
        shown="a public demo token",
        demo=True,
    )
    MOTCUA_LGSP_TIMEOUT: float = var(5.0, "seconds to wait for the gateway's answer")
    MOTCUA_LGSP_BREAKER_FAILURES: int = var(3, "failures in a row that open a service's circuit breaker")
    MOTCUA_LGSP_BREAKER_RESET_SECONDS: float = var(30.0, "seconds an open breaker waits before one trial call")
    MOTCUA_LGSP_LOG_KEY: str = var(
        "", "the key signing the message log (kept outside the database)", shown="the secret key"
    )
    # --- Register lookups through the gateway (docs/integrations/registers.md); defaults: `motcua sim lgsp`
    MOTCUA_REGISTER_POPULATION_SERVICE: str = var(
        "VN/GOV/BCA/CSDLQGDC/population", "gateway service id of the national population database"
    )
    MOTCUA_REGISTER_BUSINESS_SERVICE: str = var(
        "VN/GOV/BKHDT/DKDN/business", "gateway service id of the national business register"
    )
    MOTCUA_REGISTER_LAND_SERVICE: str = var("VN/GOV/BTNMT/CSDLDD/land", "gateway service id of the land database")
    # --- Public postal service (docs/integrations/post.md); the defaults are the local peer `motcua sim post`
    MOTCUA_POST_URL: str = var("http://127.0.0.1:8767", "the postal operator's order API (VNPost style)", demo=True)
    MOTCUA_POST_CUSTOMER_CODE: str = var("MOTCUA-DEMO", "our customer code at the postal operator")
    MOTCUA_POST_TOKEN: str = var(
        "motcua-demo-post-token-CHANGE-ME", "the bearer token of the postal API", shown="a public demo token", demo=True
    )
    MOTCUA_POST_WEBHOOK_SECRET: str = var(
        "motcua-demo-post-webhook-CHANGE-ME",
        "the key the postal operator signs its status webhook with (HMAC-SHA256)",
        shown="a public demo secret",
        demo=True,
    )
    MOTCUA_POST_TIMEOUT: float = var(10.0, "seconds to wait for the postal operator's answer")
    MOTCUA_POST_FEE_SAME_PROVINCE: int = var(
        25000, "postal fee shown to the applicant (VND) when the address is in the agency's province"
    )
    MOTCUA_POST_FEE_OTHER_PROVINCE: int = var(35000, "postal fee shown to the applicant (VND) for another province")
    # --- National public service portal DVCQG (docs/integrations/dvcqg.md); defaults: `motcua sim dvcqg`
    MOTCUA_DVCQG_ENABLED: bool = var(
        False, "`1`: exchange with the national portal (take its dossiers, sync every status); `motcua up` sets it"
    )
    MOTCUA_DVCQG_URL: str = var("http://127.0.0.1:8768", "the national portal's exchange API base URL", demo=True)
    MOTCUA_DVCQG_TOKEN: str = var(
        "motcua-demo-dvcqg-token-CHANGE-ME",
        "bearer token of our calls to the national portal",
        shown="a public demo token",
        demo=True,
    )
    MOTCUA_DVCQG_SECRET: str = var(
        "motcua-demo-dvcqg-secret-CHANGE-ME",
        "the shared key the national portal signs its pushed dossiers with (HMAC-SHA256)",
        shown="a public demo secret",
        demo=True,
    )
    MOTCUA_DVCQG_TIMEOUT: float = var(10.0, "seconds to wait for the national portal's answer")
    MOTCUA_DVCQG_STATUS_MAP: str = var(
        "", "JSON object local status → TrangThaiHoSo code, over the built-in map", shown="the built-in map"
    )
    MOTCUA_DVCQG_SYNC_ALL: bool = var(True, "sync the progress of every dossier (`0`: only those from the portal)")
    MOTCUA_DVCQG_PULL: bool = var(False, "the worker asks the portal for new dossiers and payments every minute")
    # --- Digital signatures (docs/integrations/signing.md); demo: `motcua sim pki` ------------------
    MOTCUA_SIGNING_SIGNER: str = var(
        "pkcs12", "the signer plugin that holds the signing keys (`pkcs12`, `pkcs11`, `csc`)"
    )
    MOTCUA_SIGNING_SIGN_RESULTS: bool = var(
        False, "`1`: the result's PDF is signed at issue (the signer's and the body's signatures, number and date)"
    )
    MOTCUA_SIGNING_PKI_URL: str = var(
        "http://127.0.0.1:8770",
        "the demo PKI peer (`motcua sim pki`): named in the demo certificates' CRL distribution point",
    )
    MOTCUA_SIGNING_TSA_URL: str = var(
        "", "the RFC 3161 time-stamp authority", shown="`MOTCUA_SIGNING_PKI_URL` + `/tsa` (demo mode only)"
    )
    MOTCUA_SIGNING_TRUST_ROOTS: tuple[str, ...] = var(
        (),
        "PEM or DER files of the root certificates signatures must chain to, comma-separated",
        shown="the demo root CA (demo mode only)",
    )
    MOTCUA_SIGNING_PKCS12_PERSONAL: str = var(
        "", "PKCS#12 file of the personal signing key", shown="the demo PKI's (demo mode only)"
    )
    MOTCUA_SIGNING_PKCS12_ORGANISATION: str = var(
        "", "PKCS#12 file of the organisation's signing key", shown="the demo PKI's (demo mode only)"
    )
    MOTCUA_SIGNING_PKCS12_PASSPHRASE: str = var(
        "", "the passphrase of the PKCS#12 files", shown="the demo PKI's (demo mode only)"
    )
    MOTCUA_SIGNING_PKCS11_MODULE: str = var(
        "", "the PKCS#11 module (`.so`) of the signing token, e.g. `/usr/lib/softhsm/libsofthsm2.so`"
    )
    MOTCUA_SIGNING_PKCS11_TOKEN: str = var("", "the label of the PKCS#11 token holding the keys")
    MOTCUA_SIGNING_PKCS11_PIN: str = var("", "the user PIN of the PKCS#11 token")
    MOTCUA_SIGNING_PKCS11_PERSONAL_LABEL: str = var("personal", "label of the personal key and its certificate")
    MOTCUA_SIGNING_PKCS11_ORGANISATION_LABEL: str = var(
        "organisation", "label of the organisation's key and its certificate"
    )
    MOTCUA_SIGNING_TIMEOUT: float = var(10.0, "seconds to wait for the TSA and for CRL downloads")
    MOTCUA_SIGNING_CSC_URL: str = var(
        "", "the remote signing service (Cloud Signature Consortium API v2): its URL before `/csc/v2/`"
    )
    MOTCUA_SIGNING_CSC_CLIENT_ID: str = var("", "CSC: the OAuth2 client id (client credentials grant)")
    MOTCUA_SIGNING_CSC_CLIENT_SECRET: str = var("", "CSC: the OAuth2 client secret")
    MOTCUA_SIGNING_CSC_TOKEN: str = var("", "CSC: a bearer token, instead of the client id and secret")
    MOTCUA_SIGNING_CSC_CREDENTIAL_ID: str = var(
        "", "CSC: the credential (key and certificate) of the personal signature"
    )
    MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID: str = var("", "CSC: the credential of the organisation signature")
    MOTCUA_SIGNING_CSC_TIMEOUT: float = var(120.0, "CSC: seconds a signature request waits for the signer's approval")
    MOTCUA_VIETQR_EXPIRY_DAYS: int = var(3, "a VietQR transfer request expires after this many days")
    MOTCUA_VIETQR_BANK_BIN: str = var("970415", "VietQR: the collecting bank's BIN")
    MOTCUA_VIETQR_BANK_NAME: str = var("VietinBank", "VietQR: the bank's name as shown")
    MOTCUA_VIETQR_ACCOUNT: str = var(
        "113000000001", "VietQR: the collecting account", shown="`113000000001` (a demo account)", demo=True
    )
    MOTCUA_VIETQR_ACCOUNT_NAME: str = var("UBND PHUONG HOAN KIEM (DEMO)", "VietQR: the account holder's name")
    MOTCUA_RECEIPT_FORM_NUMBER: str = var(
        "01BLP0-001",
        "fee receipts (biên lai): the form symbol (mẫu số) of a series created automatically; practice, check with"
        " the tax authority (Decree 123/2020 as amended by Decree 70/2025, Circular 32/2025)",
    )
    MOTCUA_RECEIPT_SYMBOL_PATTERN: str = var(
        "BL-{yy}E",
        "fee receipts: the symbol (ký hiệu) of a series created automatically; `{yy}`, `{yyyy}` the year,"
        " `{agency}` the body's code",
    )


@dataclass(frozen=True)
class Variable:
    name: str
    kind: Any
    default: Any
    meaning: str
    shown: str
    demo: bool


def _plain(kind: Any) -> tuple[Any, bool]:
    """Return (the type without ``None``, whether ``None`` is allowed)."""
    if get_origin(kind) in (Union, types.UnionType):
        rest = [a for a in get_args(kind) if a is not type(None)]
        return rest[0], True
    return kind, False


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "`1`" if value else "`0`"
    if value is None or value in ("", ()):
        return "unset"
    if isinstance(value, float):
        return f"`{value:g}`"
    if isinstance(value, tuple):
        return f"`{','.join(value)}`"
    return f"`{value}`"


@functools.cache
def variables() -> tuple[Variable, ...]:
    hints = get_type_hints(Environment)
    return tuple(
        Variable(
            name=f.name,
            kind=hints[f.name],
            default=f.default,
            meaning=f.metadata["meaning"],
            shown=f.metadata["shown"] or _show(f.default),
            demo=f.metadata["demo"],
        )
        for f in dataclasses.fields(Environment)
    )


def variable(name: str) -> Variable:
    return next(v for v in variables() if v.name == name)


def parse(name: str, raw: str, kind: Any) -> Any:
    """Convert the text of variable ``name`` to ``kind``; an empty value of an optional one is ``None``."""
    base, optional = _plain(kind)
    if optional and not raw.strip():
        return None
    if base is bool:
        return raw.strip().lower() in TRUE
    if get_origin(base) is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    try:
        return base(raw.strip()) if base in (int, float) else raw
    except ValueError:
        raise ValueError(f"{name}={raw!r}: not a number") from None


def read(environ: Mapping[str, str]) -> Environment:
    """Return the variables of ``environ``, each parsed, the default where unset."""
    values = {v.name: parse(v.name, environ[v.name], v.kind) for v in variables() if v.name in environ}
    return Environment(**values)


@functools.cache
def environment() -> Environment:
    """The process's environment as read at the first call (settings.py makes that call)."""
    return read(os.environ)


def markdown_table() -> str:
    """The README's configuration table."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    rows += [f"| `{v.name}` | {v.shown} | {v.meaning} |" for v in variables()]
    return "\n".join(rows) + "\n"


def demo_values(current: Mapping[str, Any]) -> Iterator[str]:
    """Names of the variables marked ``demo`` whose value in ``current`` is still the demo default."""
    for v in variables():
        if v.demo and current.get(v.name) == v.default:
            yield v.name
