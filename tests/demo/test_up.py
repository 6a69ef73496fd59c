"""``motcua up --host H --port P``: every absolute link uses that address; two instances side by side.

The last test starts two real ``motcua up`` processes (web, worker, payment simulator each) on free
ports with their own data directories. It is bounded (about a minute on two busy cores) and always
runs: it is the only test of the processes ``up`` starts.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

import motcua.urls  # noqa: F401  (loaded before Popen is faked: the system checks import it, and weasyprint)
from motcua.core import launch, plugins
from motcua.core.plugins import Health, Kind, Peer, Plugin
from motcua.demo.management.commands import up as up_command

MOTCUA = [sys.executable, "-m", "motcua"]
# Variables of the caller that would steer `up` to another address than its --host/--port.
ADDRESSING = (
    "MOTCUA_PUBLIC_URL",
    "MOTCUA_HOST",
    "MOTCUA_PORT",
    "MOTCUA_PAYGATE_SIM_PORT",
    "MOTCUA_PAYGATE_A_URL",
    "MOTCUA_PAYGATE_B_URL",
    "MOTCUA_PAYGATE_CALLBACK_BASE",
    "MOTCUA_SMS_CALLBACK_URL",
    "MOTCUA_ALLOWED_HOSTS",
)
# ... and to other data than its own directory (a PostgreSQL DATABASE_URL of the suite, SMTP).
STEERING = (*ADDRESSING, "MOTCUA_DATA_DIR", "DATABASE_URL", "MOTCUA_EMAIL_BACKEND")


# --- the addresses ---------------------------------------------------------------------------


def test_a_wildcard_host_becomes_an_address_people_can_open() -> None:
    for wildcard in ("0.0.0.0", "::", ""):  # noqa: S104 - the wildcard under test
        host = launch.reachable_host(wildcard)
        assert not launch.is_wildcard(host)
        assert host == "127.0.0.1" or socket.inet_aton(host)  # the machine's outward IPv4 address
    assert launch.reachable_host("dvc.example.vn") == "dvc.example.vn"
    assert launch.local_url("0.0.0.0", 8123) == "http://127.0.0.1:8123"  # noqa: S104
    assert launch.http_url("::1", 8123) == "http://[::1]:8123"
    # The simulator speaks IPv4 only: beside [::] it listens on every IPv4 address, beside ::1 on 127.0.0.1.
    expected = ("0.0.0.0", "127.0.0.1", "dvc.local")  # noqa: S104
    assert (launch.ipv4_bind_host("::"), launch.ipv4_bind_host("::1"), launch.ipv4_bind_host("dvc.local")) == expected


def test_public_url_follows_host_and_port_unless_the_environment_says_otherwise() -> None:
    assert launch.public_url("127.0.0.1", 8123, {}) == ("http://127.0.0.1:8123", False)
    assert launch.public_url("localhost", 9000, {"MOTCUA_PUBLIC_URL": ""}) == ("http://localhost:9000", False)
    assert launch.public_url("0.0.0.0", 8123, {"MOTCUA_PUBLIC_URL": "https://dichvucong.example.vn/"}) == (  # noqa: S104
        "https://dichvucong.example.vn",
        True,
    )
    assert launch.allowed_hosts(["127.0.0.1", "localhost"], "http://192.0.2.7:8123", "http://127.0.0.1:8123") == [
        "127.0.0.1",
        "localhost",
        "192.0.2.7",
    ]


class FakeProcess:
    """Stands for a started process: records its command and environment, never runs."""

    started: list[FakeProcess] = []
    silent: frozenset[str] = frozenset()  # commands that print no address (a peer that does not start)

    def __init__(self, args: list[str], env: dict[str, str] | None = None, **kwargs: Any) -> None:
        self.args, self.env = args, dict(env or {})
        self.returncode: int | None = None
        line = "Cổng thanh toán giả lập: http://127.0.0.1:45678/ (IPN: http://127.0.0.1:8123/api/v1/...)\n"
        if self.silent & set(args):
            line = "Error: node_modules/oidc-provider is missing\n"
        self.stdout = io.StringIO(line) if kwargs.get("stdout") is subprocess.PIPE else None
        FakeProcess.started.append(self)

    def poll(self) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.returncode = -9


@pytest.fixture
def fake_up(monkeypatch: Any, settings: Any) -> type[FakeProcess]:
    settings.MOTCUA_PUBLIC_URL = settings.MOTCUA_PUBLIC_URL  # restored after the test: `up` changes it
    settings.MOTCUA_DEMO = settings.MOTCUA_DEMO  # likewise
    for name in ADDRESSING:
        monkeypatch.delenv(name, raising=False)
    FakeProcess.started = []
    monkeypatch.setattr(FakeProcess, "silent", frozenset())
    monkeypatch.setattr(f"{up_command.__name__}.subprocess.Popen", FakeProcess)
    monkeypatch.setattr(up_command, "call_command", lambda *a, **k: None)  # the test database is migrated
    monkeypatch.setattr(up_command.Command, "_supervise", lambda self, *procs: None)
    return FakeProcess


def started(fake: type[FakeProcess], name: str) -> FakeProcess:
    return next(p for p in fake.started if name in " ".join(p.args))


@pytest.mark.django_db
def test_up_gives_its_address_to_web_worker_and_simulator(fake_up: type[FakeProcess], settings: Any) -> None:
    out = io.StringIO()
    call_command("up", "--port", "8123", "--no-demo", stdout=out)
    web, worker, sim = started(fake_up, "gunicorn"), started(fake_up, "worker"), started(fake_up, "paygate_sim")
    for proc in (web, worker, sim):
        assert proc.env["MOTCUA_PUBLIC_URL"] == "http://127.0.0.1:8123"
        assert proc.env["MOTCUA_DATA_DIR"] == str(settings.DATA_DIR)
    assert settings.MOTCUA_PUBLIC_URL == "http://127.0.0.1:8123"  # `up` itself writes links too (demo data)
    # The simulator takes a free port; the gateways' URLs name the port it took.
    assert sim.args[sim.args.index("--port") + 1] == "0"
    assert sim.args[sim.args.index("--ipn-url") + 1] == "http://127.0.0.1:8123/api/v1/payments/callback/vnpay-style"
    for proc in (web, worker):
        assert proc.env["MOTCUA_PAYGATE_A_URL"] == "http://127.0.0.1:45678/national"
        assert proc.env["MOTCUA_PAYGATE_B_URL"] == "http://127.0.0.1:45678/vnpay"
    # One control socket per data directory, not gunicorn's shared ~/.gunicorn/gunicorn.ctl.
    assert web.args[web.args.index("--control-socket") + 1] == str(Path(settings.DATA_DIR) / "gunicorn.ctl")
    banner = out.getvalue()
    assert "MotCua đang chạy: http://127.0.0.1:8123/" in banner
    assert "Cổng thanh toán mô phỏng: http://127.0.0.1:45678/" in banner


@pytest.fixture
def demo_peers() -> Iterator[tuple[Peer, Peer]]:
    """Two identity providers registered for the test, each with a peer that runs beside the demo."""
    callback = Peer(
        name="test-idp",
        command="test_idp_sim",
        help="an e-ID peer of the test",
        demo=True,
        demo_args=("--redirect-uri", "{url:api-v1:vnpay_ipn}", "--issuer-of", "{public}"),
        demo_env=(("MOTCUA_TEST_ISSUER", "{url}/issuer"),),
    )
    broken = Peer(name="test-broken", command="test_broken_sim", help="does not start", demo=True)
    made = [
        plugins.register(Plugin(Kind.IDENTITY_PROVIDER, peer.name, peer.name, (), lambda: Health(True, ""), peer))
        for peer in (callback, broken)
    ]
    try:
        yield callback, broken
    finally:
        for plugin in made:
            plugins.registry(plugin.kind).unregister(plugin.name)


@pytest.mark.django_db
def test_up_starts_each_demo_peer_and_wires_its_settings(
    fake_up: type[FakeProcess], demo_peers: tuple[Peer, Peer], monkeypatch: Any
) -> None:
    monkeypatch.setattr(FakeProcess, "silent", frozenset({"test_broken_sim"}))
    out, err = io.StringIO(), io.StringIO()
    call_command("up", "--port", "8123", "--no-demo", stdout=out, stderr=err)
    idp = started(fake_up, "test_idp_sim")
    assert idp.args[idp.args.index("--port") + 1] == "0"  # a free port, not --sim-port
    assert (
        idp.args[idp.args.index("--redirect-uri") + 1] == "http://127.0.0.1:8123/api/v1/payments/callback/vnpay-style"
    )
    assert idp.args[idp.args.index("--issuer-of") + 1] == "http://127.0.0.1:8123"
    web, worker = started(fake_up, "gunicorn"), started(fake_up, "worker")
    for proc in (web, worker):
        assert proc.env["MOTCUA_TEST_ISSUER"] == "http://127.0.0.1:45678/issuer"
    # The peer that printed no address is reported, and the rest runs without it.
    assert "Không khởi động được máy mô phỏng test-broken" in err.getvalue()
    assert "Máy mô phỏng test-idp (test-idp): http://127.0.0.1:45678/" in out.getvalue()
    assert "test-broken" not in out.getvalue()


@pytest.mark.django_db
def test_up_leaves_a_peer_out_when_the_environment_names_the_real_service(
    fake_up: type[FakeProcess], demo_peers: tuple[Peer, Peer], monkeypatch: Any
) -> None:
    monkeypatch.setenv("MOTCUA_TEST_ISSUER", "https://vneid.example.vn")
    call_command("up", "--port", "8123", "--no-demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert not [p for p in fake_up.started if "test_idp_sim" in p.args]
    assert started(fake_up, "gunicorn").env["MOTCUA_TEST_ISSUER"] == "https://vneid.example.vn"


@pytest.mark.django_db
def test_up_on_all_interfaces_names_a_reachable_address(fake_up: type[FakeProcess], monkeypatch: Any) -> None:
    monkeypatch.setattr(launch, "outward_address", lambda: "192.0.2.7")
    out = io.StringIO()
    call_command("up", "--host", "0.0.0.0", "--port", "8123", "--sim-port", "8124", "--no-demo", stdout=out)  # noqa: S104
    web, sim = started(fake_up, "gunicorn"), started(fake_up, "paygate_sim")
    assert web.env["MOTCUA_PUBLIC_URL"] == "http://192.0.2.7:8123"
    assert "192.0.2.7" in web.env["MOTCUA_ALLOWED_HOSTS"].split(",")
    assert web.args[web.args.index("--bind") + 1] == "0.0.0.0:8123"
    assert sim.args[sim.args.index("--port") + 1] == "8124"
    assert sim.args[sim.args.index("--host") + 1] == "0.0.0.0"  # noqa: S104
    assert "mọi địa chỉ của máy (0.0.0.0:8123)" in out.getvalue()
    assert "dùng http://192.0.2.7:8123" in out.getvalue()


@pytest.mark.django_db
def test_motcua_public_url_wins(fake_up: type[FakeProcess], monkeypatch: Any) -> None:
    monkeypatch.setenv("MOTCUA_PUBLIC_URL", "https://dichvucong.example.vn")
    out = io.StringIO()
    call_command("up", "--port", "8123", "--no-demo", stdout=out)
    web = started(fake_up, "gunicorn")
    assert web.env["MOTCUA_PUBLIC_URL"] == "https://dichvucong.example.vn"
    assert "dichvucong.example.vn" in web.env["MOTCUA_ALLOWED_HOSTS"].split(",")
    assert "MOTCUA_PUBLIC_URL = https://dichvucong.example.vn" in out.getvalue()


@pytest.mark.django_db
def test_up_is_a_demo_for_itself_and_the_processes_it_starts(
    fake_up: type[FakeProcess], monkeypatch: Any, settings: Any
) -> None:
    monkeypatch.setattr("motcua.demo.data.load_demo", lambda **kwargs: None)
    settings.DEBUG, settings.MOTCUA_DEMO = False, False  # as a production install, but demo data asked for
    call_command("up", "--port", "8123", skip_checks=False, stdout=io.StringIO())  # the check lets it start
    assert settings.MOTCUA_DEMO is True
    for name in ("gunicorn", "worker", "paygate_sim"):
        assert started(fake_up, name).env["MOTCUA_DEMO"] == "1"


@pytest.mark.django_db
def test_up_without_demo_refuses_the_demo_payment_secrets(fake_up: type[FakeProcess], settings: Any) -> None:
    settings.DEBUG, settings.MOTCUA_DEMO = False, False
    with pytest.raises(SystemCheckError, match="MOTCUA_PAYGATE_A_SECRET"):
        call_command("up", "--port", "8123", "--no-demo", skip_checks=False, stdout=io.StringIO())
    assert fake_up.started == []


def test_the_simulator_prints_the_port_it_took() -> None:
    proc = subprocess.Popen(
        [*MOTCUA, "paygate_sim", "--port", "0"], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        assert port not in (0, 8765)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- two real instances ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    def __init__(self, root: Path, port: int) -> None:
        self.port, self.data = port, root / f"instance-{port}"
        self.data.mkdir()
        self.env = {k: v for k, v in os.environ.items() if k not in STEERING}
        self.env["MOTCUA_DATA_DIR"] = str(self.data)  # SQLite in its own data directory
        self.log = self.data / "up.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [*MOTCUA, "up", "--port", str(port), "--workers", "1"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def ready(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"motcua up stopped ({self.proc.returncode}):\n{self.output()[-3000:]}")
        try:
            with urllib.request.urlopen(self.url + "/", timeout=2) as response:  # noqa: S310 - local
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # `up` stops its web server, worker and simulator
            try:
                self.proc.wait(timeout=25)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group this test started, nothing else
                self.proc.wait(timeout=5)

    def token(self, username: str) -> str:
        out = subprocess.run(
            [*MOTCUA, "token", "create", username], env=self.env, capture_output=True, text=True, timeout=60, check=True
        )
        return out.stdout.strip()

    def post_json(self, path: str, body: dict[str, Any], token: str) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310
            self.url + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - local
            return dict(json.loads(response.read()))

    def mail(self) -> str:
        folder = self.data / "mail"
        return "".join(p.read_text(errors="replace") for p in sorted(folder.glob("*"))) if folder.exists() else ""


def wait_for(check: Any, deadline: float, what: str) -> None:
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def two_instances(tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    ports = free_port(), free_port()
    while ports[1] == ports[0]:
        ports = ports[0], free_port()
    instances = [Instance(tmp_path, ports[0]), Instance(tmp_path, ports[1])]
    try:
        yield instances[0], instances[1]
    finally:
        for instance in instances:
            instance.stop()


def test_two_instances_run_side_by_side_each_with_its_own_address(two_instances: tuple[Instance, Instance]) -> None:
    a, b = two_instances
    deadline = time.monotonic() + 240  # migrate + demo data + start, both at once on a busy machine
    for instance in (a, b):
        wait_for(instance.ready, deadline, f"{instance.url}/")
    sim_ports = []
    for instance in (a, b):
        banner = instance.output()
        assert f"MotCua đang chạy: {instance.url}/" in banner
        sim = re.search(r"Cổng thanh toán mô phỏng: http://127\.0\.0\.1:(\d+)/", banner)
        assert sim, banner[-2000:]
        sim_ports.append(int(sim.group(1)))
        with socket.create_connection(("127.0.0.1", sim_ports[-1]), timeout=5):
            pass  # the banner names the simulator's real port
        with urllib.request.urlopen(instance.url + "/tra-cuu/", timeout=10) as page:  # noqa: S310 - local
            assert page.status == 200 and "Tra cứu" in page.read().decode()
    assert len(set(sim_ports)) == 2 and 8765 not in sim_ports
    # A citizen's feedback: the web process writes the tracking link, the worker e-mails it (var/mail).
    links = {}
    for instance in (a, b):
        sent = instance.post_json(
            "/api/v1/feedback",
            {
                "category": "dich-vu-cong-truc-tuyen",
                "subject": "service",
                "service_name": "Cổng dịch vụ công",
                "title": f"Thử cổng {instance.port}",
                "text": "Kiểm tra địa chỉ trong thư.",
            },
            instance.token("congdan"),
        )
        links[instance.port] = f"{instance.url}/phan-anh/cua-toi/{sent['id']}/"
    for instance, other in ((a, b), (b, a)):
        link = links[instance.port]
        wait_for(lambda i=instance, link=link: link in i.mail(), deadline, f"the e-mail with {link}")
        assert f":{other.port}/" not in instance.mail() and ":8000/" not in instance.mail()
