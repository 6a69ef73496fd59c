"""``motcua up``: migrate, load the demo data into an empty database, start web server and worker.

It lives in the demo app, not in core, because it loads the demo data (core imports no app).

The address given by ``--host``/``--port`` becomes ``MOTCUA_PUBLIC_URL`` (unless that is set) for
this process and, through the environment, for every process it starts, so e-mail and SMS links,
the receipt's QR code and the payment gateways' return URLs point at this instance. Beside the web
server and the worker it starts the local peers of the outside services (every ``Peer`` with
``demo=True`` in the plugin registries: payment gateways, e-ID, the data-sharing gateway with its
registers, the post, the national portal), each on a free port (the payment simulator on
``--sim-port`` when given), and sets the settings each one wires (``Peer.demo_env``) unless the
environment already names a real service. gunicorn's control socket lives in the data directory.
Two instances with their own ``--port`` and ``MOTCUA_DATA_DIR`` run side by side. Without
``--no-demo`` it is a demo: ``MOTCUA_DEMO`` is on for it and its processes, so the system check
motcua.core.E001 lets the demo secrets and the peers pass.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua import config
from motcua.catalogue.models import Procedure
from motcua.core import launch, plugins
from motcua.demo.data import DEMO_PASSWORD, demo_logins, load_demo

SIM_START_SECONDS = 30
PAYGATE_PEER = "paygate"  # the one peer whose port can be chosen (--sim-port, MOTCUA_PAYGATE_SIM_PORT)
PEER_URL_NAME = re.compile(r"\{url:([\w:-]+)\}")
# A Unix socket path must fit in sun_path (108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100


@dataclass
class RunningPeer:
    peer: plugins.Peer
    proc: subprocess.Popen[str]
    url: str  # the base URL it printed


@dataclass
class Addresses:
    bind: str  # host:port the web server listens on
    public: str  # MOTCUA_PUBLIC_URL of this instance
    public_from_env: bool
    local: str  # how processes on this machine reach the web server
    wildcard: bool


class Command(BaseCommand):
    help = "Start the whole system: web + API (gunicorn) and the background worker, with demo data."
    # Checked in handle(), once it knows whether this is a demo (motcua.core.E001).
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        # The environment as it is now (tests change it after the settings were read).
        current = config.read(os.environ)
        parser.add_argument("--host", default=current.MOTCUA_HOST)
        parser.add_argument("--port", type=int, default=current.MOTCUA_PORT)
        parser.add_argument(
            "--sim-port",
            type=int,
            default=current.MOTCUA_PAYGATE_SIM_PORT,
            help="port of the payment gateway simulator (default 0: any free port)",
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data into an empty database")
        parser.add_argument("--skip-checks", action="store_true", help="skip the system checks")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["no_demo"]:
            # A demo: it and the processes it starts may keep the demo payment secrets.
            settings.MOTCUA_DEMO = True
        if not opts["skip_checks"]:
            self.check()
        host, port = opts["host"], opts["port"]
        given = config.read(os.environ).MOTCUA_PUBLIC_URL
        public, from_env = launch.public_url(host, port, {"MOTCUA_PUBLIC_URL": given})
        addresses = Addresses(
            bind=f"{launch.url_host(host)}:{port}",
            public=public,
            public_from_env=from_env,
            local=launch.local_url(host, port),
            wildcard=launch.is_wildcard(host),
        )
        env = self._environment(addresses)
        # This process writes links too (demo data, migrations' data): same address as the children.
        settings.MOTCUA_PUBLIC_URL = addresses.public
        self.stdout.write("Chuẩn bị cơ sở dữ liệu (migrate) ...")
        call_command("migrate", interactive=False, verbosity=0)
        demo_loaded = False
        if not opts["no_demo"] and not Procedure.objects.exists():
            self.stdout.write("Nạp dữ liệu mẫu (demo data) ...")
            load_demo(processes=True)
            demo_loaded = True
        # The local peers of the outside services (payment gateways, e-ID, registers, post, national
        # portal), each wired into the settings of the web server and the worker.
        peers = self._start_peers(host, opts["sim_port"], addresses, env)
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "motcua.wsgi:application",
                "--bind",
                addresses.bind,
                "--workers",
                str(opts["workers"]),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
                *self._control_socket(),
            ],
            env=env,
        )
        worker = subprocess.Popen([sys.executable, "-m", "motcua", "worker"], env=env)
        self._banner(addresses, peers, demo_loaded)
        self._supervise(web, worker, *(running.proc for running in peers))

    def _environment(self, addresses: Addresses) -> dict[str, str]:
        """Return the environment of the web server, the worker and the peers."""
        env = dict(os.environ)
        if not os.access(os.path.expanduser("~"), os.W_OK):
            env["HOME"] = str(settings.DATA_DIR)  # gunicorn and friends keep state in ~
        env["MOTCUA_PUBLIC_URL"] = addresses.public
        # The web server answers at its public address and at the one it binds.
        env["MOTCUA_ALLOWED_HOSTS"] = ",".join(
            launch.allowed_hosts(list(settings.ALLOWED_HOSTS), addresses.public, addresses.local)
        )
        # Every child's own data directory, even when it was the default (./var of the cwd).
        env["MOTCUA_DATA_DIR"] = str(settings.DATA_DIR)
        if settings.MOTCUA_DEMO:
            env["MOTCUA_DEMO"] = "1"
        return env

    def _control_socket(self) -> list[str]:
        """gunicorn's control socket: one per data directory (its default ~/.gunicorn/ is shared)."""
        path = Path(settings.DATA_DIR) / "gunicorn.ctl"
        return ["--control-socket", str(path)] if len(str(path)) <= MAX_SOCKET_PATH else ["--no-control-socket"]

    def _start_peers(self, host: str, sim_port: int, addresses: Addresses, env: dict[str, str]) -> list[RunningPeer]:
        """Start every peer that runs beside the demo (``Peer.demo``) and set the settings it wires.

        A peer whose settings are all given in the environment is not started: the instance talks to
        the service configured there. A peer that does not start is reported and left out (the
        feature it stands in for then says that its service is unreachable); the rest runs.
        """
        running: list[RunningPeer] = []
        for peer in plugins.peers().values():
            if not peer.demo:
                continue
            if peer.demo_env and all(env.get(name) for name, _value in peer.demo_env):  # a real service
                continue
            port = sim_port if peer.name == PAYGATE_PEER else 0
            args = [fill_peer_argument(arg, addresses) for arg in peer.demo_args]
            started = self._start_peer(peer, launch.ipv4_bind_host(host), port, args, env)
            if started is None:
                continue
            for name, value in peer.demo_env:
                env.setdefault(name, value.replace("{url}", started.url))
            running.append(started)
        return running

    def _start_peer(
        self, peer: plugins.Peer, host: str, port: int, args: list[str], env: dict[str, str]
    ) -> RunningPeer | None:
        """Run ``motcua <peer.command> --host H --port P ARGS``; wait for the base URL it prints first."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "motcua", peer.command, "--host", host, "--port", str(port), *args],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        found: list[str] = []
        ready = threading.Event()

        def pump(stream: IO[str]) -> None:
            for line in stream:
                if not found:
                    match = re.search(r"https?://\S+?:\d+", line)
                    if match:
                        found.append(match.group(0))
                        ready.set()
                sys.stdout.write(line)
                sys.stdout.flush()
            ready.set()

        assert proc.stdout is not None
        threading.Thread(target=pump, args=(proc.stdout,), daemon=True, name=f"{peer.name}-peer-output").start()
        if not ready.wait(SIM_START_SECONDS) or not found:
            proc.kill()
            self.stderr.write(
                _("Không khởi động được máy mô phỏng %(name)s (cổng %(port)s); chạy tiếp không có nó.")
                % {"name": peer.name, "port": port or _("tự chọn")}
            )
            return None
        return RunningPeer(peer=peer, proc=proc, url=found[0])

    def _banner(self, addresses: Addresses, peers: list[RunningPeer], demo_loaded: bool) -> None:
        url = f"{addresses.public}/"
        lines = [
            "",
            _("MotCua đang chạy: %(url)s") % {"url": url},
            f"  API: {url}api/v1/   tài liệu API: {url}api/v1/docs   quản trị: {url}admin/",
            f"  Cổng dịch vụ công: {url}   Một cửa (cán bộ): {url}backoffice/   Công khai: {url}cong-khai/",
            f"  Tra cứu hồ sơ: {url}tra-cuu/",
        ]
        for running in peers:
            if running.peer.name == PAYGATE_PEER:
                lines.append("  " + _("Cổng thanh toán mô phỏng: %(url)s/") % {"url": running.url})
            else:
                services = ", ".join(str(plugin.title) for plugin in plugins.served_by(running.peer.name))
                lines.append(
                    "  "
                    + _("Máy mô phỏng %(name)s (%(services)s): %(url)s/")
                    % {"name": running.peer.name, "services": services, "url": running.url}
                )
        if addresses.public_from_env:
            lines.append(
                "  "
                + _(
                    "Liên kết trong e-mail, SMS, mã QR và cổng thanh toán dùng MOTCUA_PUBLIC_URL = "
                    "%(url)s; máy chủ nghe tại %(bind)s."
                )
                % {"url": addresses.public, "bind": addresses.bind}
            )
        elif addresses.wildcard:
            lines.append(
                "  "
                + _(
                    "Máy chủ nghe trên mọi địa chỉ của máy (%(bind)s); liên kết trong e-mail, SMS, "
                    "mã QR và cổng thanh toán dùng %(url)s. Đặt MOTCUA_PUBLIC_URL để dùng tên "
                    "khác."
                )
                % {"bind": addresses.bind, "url": addresses.public}
            )
        logins = demo_logins()
        if logins:
            lines.append(f"  Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):" + (" [vừa nạp]" if demo_loaded else ""))
            lines += [f"    {username:<24} {label}" for username, label in logins]
        lines.append("  Dừng: Ctrl+C")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()

    def _supervise(self, *procs: subprocess.Popen[Any]) -> None:
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in procs):
                time.sleep(0.5)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for p in procs:
                try:
                    p.wait(timeout=max(deadline - time.monotonic(), 0.1))
                except subprocess.TimeoutExpired:
                    p.kill()
        failed = [p.args for p in procs if p.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            sys.exit(f"Một tiến trình đã dừng bất thường: {failed}")


def fill_peer_argument(argument: str, addresses: Addresses) -> str:
    """A ``Peer.demo_args`` entry for this instance: ``{public}``, ``{local}`` (its base URLs) and
    ``{url:<url name>}`` (the local address of one of its URLs, e.g. a callback) filled in."""
    argument = PEER_URL_NAME.sub(lambda match: addresses.local + reverse(match.group(1)), argument)
    return argument.replace("{public}", addresses.public).replace("{local}", addresses.local)
