"""The ``pkcs12`` signer source: the personal and organisation keys from the files the settings name."""

from __future__ import annotations

from pyhanko.sign.signers import Signer

from motcua.signing import conf
from motcua.signing.errors import SigningUnavailable
from motcua.signing.signers import SignatureKind
from motcua.signing.signers.pkcs12 import load


class Pkcs12Signers:
    def signer(self, kind: SignatureKind) -> Signer:
        path = conf.pkcs12_file(kind)
        if path is None:
            raise SigningUnavailable(f"no PKCS#12 file configured for the {kind} key")
        return load(path, conf.pkcs12_passphrase())
