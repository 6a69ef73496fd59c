"""PKCS#12 files as a ``signer`` plugin; its local peer is the demo PKI (CRL and TSA)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers.pkcs12.client import Pkcs12Signers

PEER = plugins.Peer(
    name="pki",
    command="pki_sim",
    help="the demo PKI peer (the root CA's CRL over HTTP, an RFC 3161 time-stamp authority)",
)


def check() -> plugins.Health:
    """Both key files open with the passphrase, and the time-stamp authority answers at its address."""
    # Deferred: pyHanko loads when a key is used, not at start-up.
    from motcua.signing.signers.pkcs12 import load

    found = []
    for kind in ("personal", "organisation"):
        path = conf.pkcs12_file(kind)
        if path is None:
            return plugins.Health(False, f"not configured: the {kind} PKCS#12 file")
        try:
            signer = load(path, conf.pkcs12_passphrase())
        except SigningUnavailable as exc:
            return plugins.Health(False, str(exc.details["reason"]))
        if signer.signing_cert is None:
            return plugins.Health(False, f"no certificate in the {kind} PKCS#12 file")
        found.append(f"{kind}: {signer.signing_cert.subject.human_friendly}")
    tsa = plugins.reachable(conf.tsa_url(), timeout=conf.timeout())
    if not tsa.ok:
        return plugins.Health(False, f"TSA {tsa.detail}")
    return plugins.Health(True, "; ".join(found) + f"; TSA {tsa.detail}")


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.SIGNER,
        name="pkcs12",
        title=_("Khóa ký số trong tệp PKCS#12"),
        settings=(
            "MOTCUA_SIGNING_PKCS12_PERSONAL",
            "MOTCUA_SIGNING_PKCS12_ORGANISATION",
            "MOTCUA_SIGNING_PKCS12_PASSPHRASE",
            "MOTCUA_SIGNING_TSA_URL",
            "MOTCUA_SIGNING_TRUST_ROOTS",
            "MOTCUA_SIGNING_PKI_URL",
            "MOTCUA_SIGNING_TIMEOUT",
        ),
        check=check,
        peer=PEER,
        client=Pkcs12Signers(),
    )
)
