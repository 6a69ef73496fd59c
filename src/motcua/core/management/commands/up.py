"""``motcua up``: migrate, load the demo data into an empty database, start web server and worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from motcua.catalogue.models import Procedure


class Command(BaseCommand):
    help = "Start the whole system: web + API (gunicorn) and the background worker, with demo data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("MOTCUA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MOTCUA_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data into an empty database")

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write("Chuẩn bị cơ sở dữ liệu (migrate) ...")
        call_command("migrate", interactive=False, verbosity=0)
        demo_loaded = False
        if not opts["no_demo"] and not Procedure.objects.exists():
            self.stdout.write("Nạp dữ liệu mẫu (demo data) ...")
            from motcua.demo.data import load_demo

            load_demo(processes=True)
            demo_loaded = True
        env = dict(os.environ)
        if not os.access(os.path.expanduser("~"), os.W_OK):
            env["HOME"] = str(settings.DATA_DIR)  # gunicorn keeps a control socket in ~/.gunicorn
        bind = f"{opts['host']}:{opts['port']}"
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "motcua.wsgi:application", "--bind", bind,
             "--workers", str(opts["workers"]), "--threads", "4", "--access-logfile", "-", "--graceful-timeout", "10"],
            env=env,
        )
        worker = subprocess.Popen([sys.executable, "-m", "motcua", "worker"], env=env)
        # The local payment-gateway simulator (both gateway protocols), so online payment works in the demo.
        simulator = subprocess.Popen([sys.executable, "-m", "motcua", "paygate_sim", "--host", "127.0.0.1", "--port",
                                      os.environ.get("MOTCUA_PAYGATE_SIM_PORT", "8765"), "--ipn-url",
                                      f"http://{bind}/api/v1/payments/callback/vnpay-style"], env=env)
        self._banner(bind, demo_loaded)
        self._supervise(web, worker, simulator)

    def _banner(self, bind: str, demo_loaded: bool) -> None:
        from motcua.demo.data import DEMO_PASSWORD, demo_logins

        url = f"http://{bind}/"
        lines = [
            "",
            f"MotCua đang chạy: {url}",
            f"  API: {url}api/v1/   tài liệu API: {url}api/v1/docs   quản trị: {url}admin/",
            f"  Cổng dịch vụ công: {url}   Một cửa (cán bộ): {url}backoffice/   Công khai: {url}cong-khai/",
            f"  Tra cứu hồ sơ: {url}tra-cuu/   Cổng thanh toán mô phỏng: http://127.0.0.1:8765/",
        ]
        logins = demo_logins()
        if logins:
            lines.append(f"  Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):" + (" [vừa nạp]" if demo_loaded else ""))
            lines += [f"    {username:<24} {label}" for username, label in logins]
        lines.append("  Dừng: Ctrl+C")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()

    def _supervise(self, *procs: subprocess.Popen[bytes]) -> None:
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
