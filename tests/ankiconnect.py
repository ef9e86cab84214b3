"""A real AnkiConnect-compatible server for the push tests: anki-connect-server, a
headless one built on Anki's own library, on a free loopback port with a collection in
a temporary folder. It needs Python 3.12 or newer, so it lives in a virtual environment
of its own, made once per checkout under .venv-ankiconnect/ (it also needs httpx,
which its package does not declare)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

SERVER = "anki-connect-server==0.5.0"
VENV = Path(__file__).resolve().parent.parent / ".venv-ankiconnect"
READY_TIMEOUT = 90.0


def python312() -> str:
    """A Python 3.12 or newer: named by FACTDECK_PYTHON312, on PATH, or pyenv's."""
    candidates = [os.environ.get("FACTDECK_PYTHON312"),
                  *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")),
                          reverse=True),
                  shutil.which("python3.13"), shutil.which("python3.12")]
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"],
            capture_output=True, check=False)
        if probe.returncode == 0:
            return candidate
    raise RuntimeError("no Python 3.12 or newer for anki-connect-server: set FACTDECK_PYTHON312")


def server_program() -> Path:
    program = VENV / "bin" / "anki-connect-server"
    marker = VENV / f"{SERVER}.installed"
    if not marker.exists():
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([python312(), "-m", "venv", str(VENV)], check=True)
        installed = subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", SERVER, "httpx"], capture_output=True, text=True,
            check=False)
        if installed.returncode:
            raise RuntimeError(f"could not install {SERVER}:\n{installed.stderr}")
        marker.write_text("ok\n", encoding="utf-8")
    return program


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """The server on one collection; stopped (and the collection closed) between pushes
    so that the test can open the collection with the `anki` package."""

    def __init__(self, collection: Path) -> None:
        self.collection = collection
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "ANKICONNECT_PORT": str(self.port),
               "ANKICONNECT_BIND": "127.0.0.1",
               "ANKICONNECT_COLLECTION_PATH": str(self.collection)}
        program = server_program()
        with (self.collection.parent / "server.log").open("ab") as log:
            self.process = subprocess.Popen([str(program), "api"], env=env,
                                            cwd=self.collection.parent, stdout=log,
                                            stderr=log)
        self._wait()
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def call(self, action: str, **params: object) -> object:
        request = urllib.request.Request(
            self.url, data=json.dumps({"action": action, "version": 6,
                                       "params": params}).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            reply = json.loads(response.read())
        assert reply["error"] is None, reply
        return reply["result"]

    def _wait(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                log = (self.collection.parent / "server.log").read_text(errors="replace")
                raise RuntimeError(f"anki-connect-server stopped:\n{log}")
            try:
                self.call("version")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"anki-connect-server did not answer in {READY_TIMEOUT} s")

