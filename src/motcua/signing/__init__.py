"""Digital signatures of results (chữ ký số): PAdES signing and verification on pyHanko.

``services.sign_pdf`` signs (PAdES baseline B-LT, a visible appearance after Decree 30/2020),
``services.verify_pdf`` checks every signature of a PDF; ``pki`` makes the local demo PKI served
by the peer ``motcua sim pki`` (``peer.py``); the signer plugins are under ``signers/``.
"""
