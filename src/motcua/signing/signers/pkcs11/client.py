"""The ``pkcs11`` signer source: the personal and organisation keys on the configured token."""

from __future__ import annotations

from pyhanko.sign.signers import Signer

from motcua.signing import conf
from motcua.signing.signers import SignatureKind
from motcua.signing.signers.pkcs11 import open_signer


class Pkcs11Signers:
    def signer(self, kind: SignatureKind) -> Signer:
        return open_signer(conf.pkcs11_module(), conf.pkcs11_token(), conf.pkcs11_pin(), conf.pkcs11_label(kind))
