#!/usr/bin/env python3
"""Bootstrap MotCua on a machine that has only Python 3.11+.

    python3 dev.py up      install into ./.venv and start the whole system with demo data
    python3 dev.py test    install into ./.venv (with test extras) and run the full test suite

Anything after the sub-command is passed on (``python3 dev.py test -k calendar``,
``python3 dev.py up --port 8080``).
The virtual environment is reused; it is reinstalled when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("MOTCUA_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under any python3
        sys.exit("MotCua needs Python 3.11 or newer.")
    if not (BIN / "python").exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp_src = (ROOT / "pyproject.toml").read_bytes() + extras.encode()
    stamp = hashlib.sha256(stamp_src).hexdigest()
    marker = VENV / ".motcua-installed"
    if marker.exists() and marker.read_text() == stamp:
        return
    print("Installing MotCua and its dependencies (first run takes a few minutes) ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([*pip, "install", "-e", target], check=True, cwd=ROOT)
    marker.write_text(stamp)


# Native libraries used through Python packages: WeasyPrint (PDF) needs Pango, python-magic
# (upload sniffing) needs libmagic. Debian and Ubuntu desktops and servers usually have both.
NATIVE = {"pango-1.0": "libpango-1.0-0 libpangoft2-1.0-0", "magic": "libmagic1"}


def _check_native_libraries() -> None:
    import ctypes.util

    missing = [pkg for lib, pkg in NATIVE.items() if ctypes.util.find_library(lib) is None]
    if missing:
        print("Missing system libraries. On Debian/Ubuntu install them with:\n"
              f"    sudo apt-get install {' '.join(missing)}", file=sys.stderr)
        sys.exit(3)


def _ensure_npm_tools() -> None:
    """Install the npm tools (the local e-ID provider, axe-core) when npm is there and they are not.

    Without npm nothing happens: ``up`` runs without the local e-ID provider (it says so), and
    the tests that need node skip with the reason.
    """
    import shutil

    wanted = ("axe-core", "oidc-provider")
    if not all((ROOT / "node_modules" / name).exists() for name in wanted) and shutil.which("npm"):
        print("Installing the npm tools (oidc-provider, axe-core) ...", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=ROOT, check=False)


def _ensure_test_tools() -> None:
    """The npm tools, and a note when Chromium is missing (the browser tests say what is missing)."""
    import shutil

    _ensure_npm_tools()
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        print("Note: Chromium is not installed, so the browser tests will be skipped "
              "(Debian/Ubuntu: sudo apt-get install chromium).", file=sys.stderr)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"up", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    _check_native_libraries()
    # Test extras are installed for both, so one virtual environment serves both commands.
    _ensure_venv("test")
    if command == "up":
        _ensure_npm_tools()  # before `up`: it gives each peer 30 s to start, too short for a first npm ci
        return subprocess.call([str(BIN / "motcua"), "up", *rest])
    _ensure_test_tools()
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
