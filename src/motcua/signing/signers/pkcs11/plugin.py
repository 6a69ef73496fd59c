"""A PKCS#11 token (USB token, HSM) as a ``signer`` plugin; SoftHSM stands in for it in the tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers.pkcs11.client import Pkcs11Signers
from motcua.signing.signers.pkcs12.plugin import PEER


def check() -> plugins.Health:
    """Configured, and both keys with their certificates are on the token."""
    missing = plugins.configured(
        {"MOTCUA_SIGNING_PKCS11_MODULE": conf.pkcs11_module(), "MOTCUA_SIGNING_PKCS11_TOKEN": conf.pkcs11_token()}
    )
    if missing is not None:
        return missing
    # Deferred: pyHanko and python-pkcs11 load when a key is used, not at start-up.
    from motcua.signing.signers.pkcs11 import open_signer

    found = []
    for kind in ("personal", "organisation"):
        try:
            signer = open_signer(conf.pkcs11_module(), conf.pkcs11_token(), conf.pkcs11_pin(), conf.pkcs11_label(kind))
        except SigningUnavailable as exc:
            return plugins.Health(False, str(exc.details["reason"]))
        found.append(f"{kind}: {signer.signing_cert.subject.human_friendly}")
    return plugins.Health(True, "; ".join(found))


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.SIGNER,
        name="pkcs11",
        title=_("Khóa ký số trên thiết bị PKCS#11 (token, HSM)"),
        settings=(
            "MOTCUA_SIGNING_PKCS11_MODULE",
            "MOTCUA_SIGNING_PKCS11_TOKEN",
            "MOTCUA_SIGNING_PKCS11_PIN",
            "MOTCUA_SIGNING_PKCS11_PERSONAL_LABEL",
            "MOTCUA_SIGNING_PKCS11_ORGANISATION_LABEL",
        ),
        check=check,
        peer=PEER,
        client=Pkcs11Signers(),
    )
)
