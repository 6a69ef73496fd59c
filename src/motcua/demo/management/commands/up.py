"""``motcua up``: migrate, load the demo data into an empty database, start web server and worker.

It lives in the demo app, not in core, because it loads the demo data (core imports no app).

The address given by ``--host``/``--port`` becomes ``MOTCUA_PUBLIC_URL`` (unless that is set) for
this process and, through the environment, for every process it starts, so e-mail and SMS links,
the receipt's QR code and the payment gateways' return URLs point at this instance. The payment
gateway simulator takes a free port (or ``--sim-port``); gunicorn's control socket lives in the
data directory. Two instances with their own ``--port`` and ``MOTCUA_DATA_DIR`` run side by side.
Without ``--no-demo`` it is a demo: ``MOTCUA_DEMO`` is on for it and its processes, so the system
check motcua.core.E001 lets the demo payment secrets and the simulator pass.
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
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua import config
from motcua.catalogue.models import Procedure
from motcua.core import launch
from motcua.demo.data import DEMO_PASSWORD, demo_logins, load_demo

SIM_START_SECONDS = 30
# A Unix socket path must fit in sun_path (108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100


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
        # The local payment-gateway simulator (both gateway protocols), so online payment works in the demo.
        simulator, sim_url = self._start_simulator(host, opts["sim_port"], addresses, env)
        env.setdefault("MOTCUA_PAYGATE_A_URL", f"{sim_url}/national")
        env.setdefault("MOTCUA_PAYGATE_B_URL", f"{sim_url}/vnpay")
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
        self._banner(addresses, sim_url, demo_loaded)
        self._supervise(web, worker, simulator)

    def _environment(self, addresses: Addresses) -> dict[str, str]:
        """Return the environment of the web server, the worker and the simulator."""
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

    def _start_simulator(
        self, host: str, sim_port: int, addresses: Addresses, env: dict[str, str]
    ) -> tuple[subprocess.Popen[str], str]:
        """Start ``paygate_sim`` on ``sim_port`` (0: a free one) and return it with its public URL."""
        ipn = addresses.local + reverse("api-v1:vnpay_ipn")  # server to server, on this machine
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "motcua",
                "paygate_sim",
                "--host",
                launch.ipv4_bind_host(host),
                "--port",
                str(sim_port),
                "--ipn-url",
                ipn,
            ],
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
        threading.Thread(target=pump, args=(proc.stdout,), daemon=True, name="paygate-sim-output").start()
        if not ready.wait(SIM_START_SECONDS) or not found:
            proc.kill()
            raise CommandError(
                _("Không khởi động được cổng thanh toán mô phỏng (cổng %(port)s).") % {"port": sim_port or _("tự chọn")}
            )
        return proc, found[0]

    def _banner(self, addresses: Addresses, sim_url: str, demo_loaded: bool) -> None:
        url = f"{addresses.public}/"
        lines = [
            "",
            _("MotCua đang chạy: %(url)s") % {"url": url},
            f"  API: {url}api/v1/   tài liệu API: {url}api/v1/docs   quản trị: {url}admin/",
            f"  Cổng dịch vụ công: {url}   Một cửa (cán bộ): {url}backoffice/   Công khai: {url}cong-khai/",
            f"  Tra cứu hồ sơ: {url}tra-cuu/",
            "  " + _("Cổng thanh toán mô phỏng: %(url)s/") % {"url": sim_url},
        ]
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
