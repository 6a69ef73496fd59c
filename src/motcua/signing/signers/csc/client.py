"""The ``csc`` signer source: the personal and organisation credentials on the configured service."""

from __future__ import annotations

from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers import SignatureKind
from motcua.signing.signers.csc import RemoteSigner, Service, open_signer


def service() -> Service:
    """The configured remote signing service."""
    if not conf.csc_url():
        raise SigningUnavailable("not configured: MOTCUA_SIGNING_CSC_URL")
    return Service(
        url=conf.csc_url(),
        token=conf.csc_token(),
        client_id=conf.csc_client_id(),
        client_secret=conf.csc_client_secret(),
        timeout=conf.timeout(),
        sign_timeout=conf.csc_timeout(),
    )


class CscSigners:
    def signer(self, kind: SignatureKind) -> RemoteSigner:
        return open_signer(service(), conf.csc_credential_id(kind))
