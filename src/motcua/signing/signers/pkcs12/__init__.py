"""Keys in PKCS#12 files (``.p12``/``.pfx``), opened with a passphrase from the settings."""

from __future__ import annotations

from pathlib import Path

from pyhanko.sign.signers import SimpleSigner

from motcua.signing.errors import SigningUnavailable


def load(path: Path, passphrase: str) -> SimpleSigner:
    """A pyHanko signer of the key and certificate chain in ``path``; a clear error when it will not open."""
    if not path.is_file():
        raise SigningUnavailable(f"PKCS#12 file not found: {path}")
    signer: SimpleSigner | None = SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
        str(path), passphrase=passphrase.encode() if passphrase else None
    )
    if signer is None:
        raise SigningUnavailable(f"PKCS#12 file cannot be opened (wrong passphrase?): {path}")
    return signer
