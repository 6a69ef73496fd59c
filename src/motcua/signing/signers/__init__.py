"""Signer plugins (``Kind.SIGNER``): where a signing key lives, each giving a pyHanko ``Signer``.

A signer plugin's ``client`` implements ``SignerSource``: ``signer(kind)`` returns the pyHanko
``Signer`` of the ``personal`` key (an official's) or the ``organisation`` key (the body's): ``pkcs12/`` (a PKCS#12
file and its passphrase), ``pkcs11/`` (a token or HSM) and ``csc/`` (a remote signing service
speaking the Cloud Signature Consortium API v2, the signer approving each signature on the phone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

from motcua.core import plugins
from motcua.signing import conf

if TYPE_CHECKING:  # pyHanko loads when a key is used, not at start-up (apps.ready registers the plugins)
    from pyhanko.sign.signers import Signer

SignatureKind = Literal["personal", "organisation"]


class SignerSource(Protocol):
    def signer(self, kind: SignatureKind) -> Signer: ...


def source(name: str) -> SignerSource:
    """The client of the signer plugin ``name`` (``UnknownPlugin`` names the known ones)."""
    client = plugins.get(plugins.Kind.SIGNER, name).client
    if client is None:
        raise plugins.UnknownPlugin(plugins.Kind.SIGNER, name, plugins.registry(plugins.Kind.SIGNER).names())
    return client  # type: ignore[return-value]  # the plugins of this kind register a SignerSource


def configured() -> SignerSource:
    """The signer plugin the system signs with (``MOTCUA_SIGNING_SIGNER``)."""
    return source(conf.signer_name())
