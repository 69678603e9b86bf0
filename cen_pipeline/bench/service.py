"""`make bench` step `service`: a file's way through the submission service beside `cen ingest` of it, and
the submission status read by 20 clients at once.

- upload to stored: from the start of the POST to the status `stored`, on a running service, against the
  wall time of `cen ingest` of the same file into a fresh store (which includes starting Python and the
  analysis tables' rebuild; the service rebuilds them after the status is set, when its queue is empty);
- status reads: GET /api/v1/submissions/{id} by 20 concurrent clients for a few seconds, requests per second.

Usage: python -m cen_pipeline.bench service [--lines N]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

CLIENTS = 20
READ_SECONDS = 5.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cen_pipeline", *args], capture_output=True, text=True, check=False
    )


def _wait_up(url: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the service stopped while starting")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the service did not start in 120 s")


def upload_to_stored(csv: Path, work: Path) -> tuple[float, str, int]:
    """Seconds from sending `csv` to its status `stored` on a running service; the submission and port."""
    import httpx

    db = work / "service.duckdb"
    added = _cen("users", "add", "--name", "bench", "--role", "secretariat", "--db", str(db))
    token = added.stdout.strip().splitlines()[-1]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (work / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "cen_pipeline", "serve", "--db", str(db), "--port", str(port)],
        stdout=log,
        stderr=log,
    )
    try:
        _wait_up(url, process)
        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=600)
        start = time.perf_counter()
        with csv.open("rb") as f:
            sent = client.post("/api/v1/submissions", files={"file": (csv.name, f)}).json()
        while (status := client.get(f"/api/v1/submissions/{sent['id']}").json()["status"]) in {
            "queued",
            "running",
        }:
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        reads = status_reads(url, token, int(sent["id"]))
    finally:
        process.terminate()
        process.wait(60)
    return seconds, status, reads


def status_reads(url: str, token: str, submission: int) -> int:
    """Status reads answered in READ_SECONDS by CLIENTS clients at once."""
    import httpx

    answered = [0] * CLIENTS
    stop = time.monotonic() + READ_SECONDS

    def read(i: int) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            while time.monotonic() < stop:
                if client.get(f"/api/v1/submissions/{submission}").status_code == 200:
                    answered[i] += 1

    threads = [threading.Thread(target=read, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(answered)


def main(argv: list[str] | None = None) -> None:
    from cen_pipeline.samples import write_big_csv

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("out/bench/service"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    for old in args.work.glob("*.duckdb*"):
        old.unlink() if old.is_file() else None
    csv = args.work / f"bench-{args.lines}.csv"
    if not csv.exists():
        write_big_csv(csv, args.lines)
    start = time.perf_counter()
    done = _cen("ingest", str(csv), "--db", str(args.work / "cli.duckdb"))
    cli = time.perf_counter() - start
    service, status, reads = upload_to_stored(csv, args.work)
    print(f"  file: {args.lines:,} goods lines, {os.path.getsize(csv) / 1e6:.1f} MB")
    print(f"  {'cen ingest (exit ' + str(done.returncode) + ')':44} {cli:8.2f} s")
    print(f"  {'service: upload to ' + status:44} {service:8.2f} s   {service / cli:5.2f}x cen ingest")
    print(f"  status reads by {CLIENTS} clients at once: {reads / READ_SECONDS:,.0f} requests/s")


if __name__ == "__main__":
    main()
