"""``motcua signing_pki``: make the demo PKI into MOTCUA_DATA_DIR/signing/pki (once; later calls keep it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.signing import conf


class Command(BaseCommand):
    help = "Make the demo PKI (root CA, personal, organisation, revoked and TSA certificates, CRL) once."

    def handle(self, *args: Any, **opts: Any) -> None:
        pki = conf.demo_pki_files()
        self.stdout.write(f"{pki.directory} (CRL: {pki.crl_url}, root: {pki.root_cert})")
