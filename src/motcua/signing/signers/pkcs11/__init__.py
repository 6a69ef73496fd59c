"""Keys on a PKCS#11 token (a USB token, an HSM; SoftHSM in the tests), found by label.

The key and its certificate share one label on the token; the other certificates on the token
(the CA's) are embedded too. Sessions stay open per (module, token, PIN) in this process, as
opening one logs in to the token.
"""

from __future__ import annotations

import functools

import pkcs11
from pkcs11 import Session
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

from motcua.signing.errors import SigningUnavailable


@functools.cache
def session(module: str, token: str, pin: str) -> Session:
    """A logged-in session on the token labelled ``token`` (kept for the process)."""
    try:
        return open_pkcs11_session(module, token_criteria=TokenCriteria(label=token), user_pin=pin)
    except (pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
        raise SigningUnavailable(f"PKCS#11 token {token!r} cannot be opened: {type(exc).__name__}: {exc}") from exc


def open_signer(module: str, token: str, pin: str, label: str) -> PKCS11Signer:
    """The pyHanko signer of the key and certificate labelled ``label`` (a clear error when absent)."""
    if not module or not token:
        raise SigningUnavailable("not configured: MOTCUA_SIGNING_PKCS11_MODULE, MOTCUA_SIGNING_PKCS11_TOKEN")
    signer = PKCS11Signer(session(module, token, pin), cert_label=label, key_label=label, other_certs_to_pull=None)
    try:
        signer.signing_cert  # noqa: B018 - loads the certificate and the key now, so a missing one fails here
    except pkcs11.PKCS11Error as exc:
        raise SigningUnavailable(f"no key or certificate labelled {label!r} on token {token!r}: {exc}") from exc
    return signer
