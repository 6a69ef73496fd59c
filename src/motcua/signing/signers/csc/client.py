"""The ``csc`` signer source: the personal and organisation credentials on the configured service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers import SignatureKind

if TYPE_CHECKING:
    from motcua.signing.signers.csc import RemoteSigner, Service


def service() -> Service:
    """The configured remote signing service."""
    # Deferred: pyHanko and aiohttp load when a key is used, not at start-up.
    from motcua.signing.signers.csc import Service

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
        # Deferred: pyHanko (and the token or HTTP libraries) load when a key is used, not at start-up.
        from motcua.signing.signers.csc import open_signer

        return open_signer(service(), conf.csc_credential_id(kind))
