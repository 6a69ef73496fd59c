"""The ``pkcs11`` signer source: the personal and organisation keys on the configured token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.signing import conf
from motcua.signing.signers import SignatureKind

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer


class Pkcs11Signers:
    def signer(self, kind: SignatureKind) -> Signer:
        # Deferred: pyHanko (and the token or HTTP libraries) load when a key is used, not at start-up.
        from motcua.signing.signers.pkcs11 import open_signer

        return open_signer(conf.pkcs11_module(), conf.pkcs11_token(), conf.pkcs11_pin(), conf.pkcs11_label(kind))
