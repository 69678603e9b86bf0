"""Requests generated from the service's OpenAPI schema (schemathesis, bounded): none makes a server error,
whoever sends it (a Member, the Secretariat, no one, a wrong token)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import ROOT
from tests.service_run import Server, add_user, send, settled


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    db = tmp_path_factory.mktemp("fuzz") / "cen.duckdb"
    tokens = {
        "FR": add_user(db, "FR", "--role", "member", "--member", "FR"),
        "SEC": add_user(db, "SEC", "--role", "secretariat"),
    }
    server = Server(db, env={"CEN_MAX_UPLOAD_MB": "1"}).start()
    try:
        with server.client(tokens["FR"]) as client:
            settled(client, send(client, ROOT / "sample_data" / "feeds" / "FR_2024.csv").json()["id"])
        yield server, tokens
    finally:
        server.stop()


def test_no_generated_request_makes_a_server_error(fuzzed: tuple[Server, dict[str, str]]) -> None:
    server, tokens = fuzzed
    api = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
    operations = {f"{o.method.upper()} {o.path}" for o in (r.ok() for r in api.get_all_operations())}  # type: ignore[union-attr]
    assert {"POST /api/v1/submissions", "GET /api/v1/cases", "POST /api/v1/nil-returns"} <= operations, (
        operations
    )

    @given(case=api.as_strategy())
    # Derandomised: the same 150 requests each run, so that a failure in CI is one anyone can run again.
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def every_caller(case: Any) -> None:
        for token in (tokens["FR"], tokens["SEC"], None, "not-a-token"):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = case.call(base_url=server.url, headers=headers)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            if response.status_code >= 400:
                assert set(response.json()) == {"error"}  # a sentence, never a traceback

    every_caller()


def test_the_servers_log_has_no_internal_error(fuzzed: tuple[Server, dict[str, str]]) -> None:
    server, _ = fuzzed
    log = (server.db.parent / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "internal error" not in log, log[-2000:]
