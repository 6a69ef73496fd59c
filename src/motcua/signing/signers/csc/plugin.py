"""A remote signing service (Cloud Signature Consortium API v2) as a ``signer`` plugin; peer ``motcua sim csc``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers.csc.client import CscSigners, service

PEER = plugins.Peer(
    name="csc",
    command="csc_sim",
    help="a remote signing service (CSC API v2) holding the demo keys; the signer approves on the phone",
)


def check() -> plugins.Health:
    """Configured, the service lists the configured credentials, and each gives its certificate."""
    missing = plugins.configured(
        {
            "MOTCUA_SIGNING_CSC_URL": conf.csc_url(),
            "MOTCUA_SIGNING_CSC_CREDENTIAL_ID": conf.csc_credential_id("personal"),
        }
    )
    if missing is not None:
        return missing
    # Deferred: pyHanko and aiohttp load when the service is asked, not at start-up.
    from motcua.signing.signers.csc import credential_ids, credential_info

    found = []
    try:
        listed = credential_ids(service())
        for kind in ("personal", "organisation"):
            credential = conf.csc_credential_id(kind)
            if not credential:
                continue
            if credential not in listed:
                return plugins.Health(False, f"credential {credential!r} ({kind}) not listed by the service")
            info = credential_info(service(), credential)
            found.append(f"{kind}: {info.signing_cert.subject.human_friendly}")
    except SigningUnavailable as exc:
        return plugins.Health(False, str(exc.details["reason"]))
    return plugins.Health(True, "; ".join(found))


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.SIGNER,
        name="csc",
        title=_("Ký số từ xa (dịch vụ theo chuẩn Cloud Signature Consortium, ký trên điện thoại)"),
        settings=(
            "MOTCUA_SIGNING_CSC_URL",
            "MOTCUA_SIGNING_CSC_CLIENT_ID",
            "MOTCUA_SIGNING_CSC_CLIENT_SECRET",
            "MOTCUA_SIGNING_CSC_TOKEN",
            "MOTCUA_SIGNING_CSC_CREDENTIAL_ID",
            "MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID",
            "MOTCUA_SIGNING_CSC_TIMEOUT",
        ),
        check=check,
        peer=PEER,
        client=CscSigners(),
    )
)
