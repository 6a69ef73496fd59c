"""``motcua sim eid``: run the local e-ID provider (OpenID Connect, npm ``oidc-provider``) under node.

The peer is ``accounts/providers/vneid/peer.mjs``. Node resolves ``oidc-provider`` from the
``node_modules`` of the checkout the file is in; when it is missing and npm is there, ``npm ci``
installs it first (its output goes to stderr: the first line on stdout is the issuer URL, which
``motcua up`` reads). Without node the command fails with a message, and ``motcua up`` goes on
without e-ID login.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.providers.vneid import conf
from motcua.accounts.providers.vneid.plugin import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from motcua.core import launch
from motcua.core.links import public_base, public_url

PEER_SCRIPT = Path(__file__).resolve().parents[2] / "providers" / "vneid" / "peer.mjs"


def checkout_root(start: Path) -> Path | None:
    """The nearest folder above ``start`` holding a ``package.json`` (the MotCua checkout), or None."""
    for folder in start.parents:
        if (folder / "package.json").is_file():
            return folder
    return None


class Command(BaseCommand):
    help = "Run the e-ID provider peer (OpenID Connect with PKCE, fault modes) for development and tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8769, help="0: any free port (the first line printed names it)")
        parser.add_argument("--client-id", default=conf.client_id() or DEMO_CLIENT_ID)
        parser.add_argument("--client-secret", default=conf.client_secret() or DEMO_CLIENT_SECRET)
        parser.add_argument(
            "--redirect-uri", action="append", default=[], help="default: MOTCUA_PUBLIC_URL/oidc/callback/"
        )
        parser.add_argument(
            "--post-logout-redirect-uri", action="append", default=[], help="default: MOTCUA_PUBLIC_URL/"
        )
        parser.add_argument("--slow-seconds", type=float, default=5.0, help="the delay of the 'slow' mode")

    def handle(self, *args: Any, **opts: Any) -> None:
        node = shutil.which("node")
        if node is None:
            raise CommandError(
                "Không tìm thấy node: máy mô phỏng định danh điện tử cần Node.js (npm oidc-provider). "
                "/ node not found: the e-ID peer needs Node.js."
            )
        root = checkout_root(PEER_SCRIPT)
        if root is None or not (root / "node_modules" / "oidc-provider").is_dir():
            npm = shutil.which("npm")
            if root is None or npm is None:
                raise CommandError(
                    "Thiếu gói npm oidc-provider: chạy `npm ci` trong thư mục mã nguồn MotCua. "
                    "/ npm package oidc-provider missing: run `npm ci` in the MotCua checkout."
                )
            self.stderr.write("npm ci (oidc-provider) ...")
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=root, stdout=sys.stderr, check=False)
            if done.returncode != 0:
                raise CommandError(f"npm ci failed (exit {done.returncode})")
        redirects = opts["redirect_uri"] or [public_url("web:oidc_callback")]
        post_logout = opts["post_logout_redirect_uri"] or [public_base() + "/"]
        bind = launch.ipv4_bind_host(opts["host"])
        argv = [
            node,
            str(PEER_SCRIPT),
            "--host",
            bind,
            "--public-host",
            launch.reachable_host(bind),
            "--port",
            str(opts["port"]),
            "--client-id",
            opts["client_id"],
            "--client-secret",
            opts["client_secret"],
            "--slow-seconds",
            str(opts["slow_seconds"]),
        ]
        for uri in redirects:
            argv += ["--redirect-uri", uri]
        for uri in post_logout:
            argv += ["--post-logout-redirect-uri", uri]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(node, argv)  # noqa: S606 - node, found on PATH, runs the peer script of this package
