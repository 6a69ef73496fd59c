"""The ``pkcs12`` signer source: the personal and organisation keys from the files the settings name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers import SignatureKind

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer


class Pkcs12Signers:
    def signer(self, kind: SignatureKind) -> Signer:
        path = conf.pkcs12_file(kind)
        if path is None:
            raise SigningUnavailable(f"no PKCS#12 file configured for the {kind} key")
        # Deferred: pyHanko (and the token or HTTP libraries) load when a key is used, not at start-up.
        from motcua.signing.signers.pkcs12 import load

        return load(path, conf.pkcs12_passphrase())
