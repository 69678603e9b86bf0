"""A real submission service for the tests: `cen serve` in a child process on a free loopback port, its users
made with `cen users add`, and a client that waits for submissions to be stored."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import run_cen

FINAL = {"stored", "partly stored", "refused", "duplicate", "failed"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def add_user(db: Path, name: str, *options: str) -> str:
    done = run_cen("users", "add", "--name", name, *options, "--db", db)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@dataclass
class Server:
    db: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        log = (self.db.parent / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cen_pipeline", "serve", "--db", str(self.db), "--port", str(self.port)],
            stdout=log,
            stderr=log,
            env={**os.environ, **self.env},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.db.parent / "serve.log").read_text()
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError("the service did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def client(self, token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)


def send(client: httpx.Client, path: Path, **form: str) -> httpx.Response:
    with path.open("rb") as f:
        return client.post("/api/v1/submissions", files={"file": (path.name, f)}, data=form)


def settled(client: httpx.Client, submission: int, timeout: float = 180) -> dict[str, Any]:
    """The submission once the writer is done with it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found: dict[str, Any] = client.get(f"/api/v1/submissions/{submission}").json()
        if found.get("status") in FINAL:
            return found
        time.sleep(0.3)
    raise AssertionError(f"submission {submission} was not stored in {timeout} s")


@contextmanager
def signed_in(server: Server, token: str) -> Iterator[httpx.Client]:
    """A browser-like client with the session cookie of the user of `token`."""
    with httpx.Client(base_url=server.url, timeout=120) as client:
        answer = client.post("/login", data={"token": token, "lang": "en"})
        assert answer.status_code == 303 and answer.headers["location"] == "/submissions", answer.text
        yield client


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)
