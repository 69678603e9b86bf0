"""The submission service over real HTTP: a `cen serve` process on loopback, users made by `cen users add`,
files sent as a Member's national system sends them, and every route tried by every role."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, row, write_csv
from tests.service_run import Server, add_user, csrf_of, send, settled, signed_in

FEEDS = ROOT / "sample_data" / "feeds"


class Site:
    """A running service with a user of each kind and one stored file of FR and one of DE."""

    def __init__(self, server: Server, tokens: dict[str, str]) -> None:
        self.server = server
        self.tokens = tokens
        self.stored: dict[str, dict[str, Any]] = {}
        self.refused: dict[str, Any] = {}  # DE's upload of FR's file
        self.session_key = ""

    def client(self, user: str | None) -> httpx.Client:
        return self.server.client(self.tokens.get(user or "", None))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("service") / "cen.duckdb"
    tokens = {
        "FR": add_user(db, "FR customs", "--role", "member", "--member", "FR"),
        "DE": add_user(db, "DE customs", "--role", "member", "--member", "DE"),
        "WE": add_user(db, "RILO Western Europe", "--role", "rilo", "--rilo", "RILO-WE"),
        "AP": add_user(db, "RILO Asia/Pacific", "--role", "rilo", "--rilo", "RILO Asia/Pacific"),
        "SEC": add_user(db, "Secretariat", "--role", "secretariat"),
    }
    from cen_pipeline.service.server import open_store
    from cen_pipeline.service.sessions import session_key

    open_store(db)
    key = session_key(db)  # made before the service starts, which then signs sessions with it
    server = Server(db, env={"CEN_MAX_UPLOAD_MB": "1"}).start()
    found = Site(server, tokens)
    found.session_key = key
    try:
        for member in ("FR", "DE"):
            with found.client(member) as client:
                sent = send(client, FEEDS / f"{member}_2024.csv")
                assert sent.status_code == 202, sent.text
                found.stored[member] = settled(client, sent.json()["id"])
        with found.client("DE") as client:
            found.refused = settled(client, send(client, FEEDS / "FR_2023.csv").json()["id"])
        yield found
    finally:
        server.stop()


def test_a_members_file_is_stored_with_every_row_accounted_for(site: Site) -> None:
    fr = site.stored["FR"]
    assert fr["status"] == "stored"
    assert fr["rows_read"] == fr["rows_accepted"] + fr["rows_quarantined"] > 0
    assert fr["file_name"] == "FR_2024.csv"
    with site.client("FR") as client:
        cases = client.get("/api/v1/cases", params={"year": 2024}).json()["cases"]
        report = client.get(f"/api/v1/submissions/{fr['id']}", params={"lang": "fr"}).json()["report"]
    assert cases and {c["reporting_member"] for c in cases} == {"FR"}
    assert report["summary"]["rows_read"] == fr["rows_read"]


def test_the_same_file_sent_again_is_a_duplicate_of_the_first(site: Site) -> None:
    with site.client("FR") as client:
        again = settled(client, send(client, FEEDS / "FR_2024.csv").json()["id"])
    assert again["status"] == "duplicate"
    assert again["store_submission_id"] == site.stored["FR"]["store_submission_id"]


def test_a_faulty_file_is_refused_with_its_rows_and_columns_in_the_members_language(
    site: Site, tmp_path: Path
) -> None:
    faulty = write_csv(
        tmp_path / "FR_faulty.csv", [row(seizure_date="2024-02-30"), row(case_ref="FR-2024-9")]
    )
    with site.client("FR") as client:
        done = settled(client, send(client, faulty).json()["id"])
        report = client.get(f"/api/v1/submissions/{done['id']}", params={"lang": "fr"}).json()["report"]
    assert done["status"] in {"refused", "partly stored"}
    assert done["rows_read"] == 2 == done["rows_accepted"] + done["rows_quarantined"]
    problem = next(p for p in report["problems"] if p["field"] == "seizure_date")
    assert (problem["row"], problem["letter"]) == (2, "C")
    assert "date" in problem["message"] and problem["title"] != problem["code"]


def test_rows_of_another_member_are_refused_and_said_so(site: Site) -> None:
    done = site.refused
    with site.client("DE") as client:
        report = client.get(f"/api/v1/submissions/{done['id']}").json()["report"]
    assert done["status"] == "refused" and done["member"] == "DE"
    assert done["rows_quarantined"] == done["rows_read"]
    assert {p["code"] for p in report["problems"]} == {"member-mismatch"}
    assert "(DE)" in report["problems"][0]["message"]


# Who sees which Member's submissions and cases: FR and DE are both in RILO Western Europe's region.
SEES = {
    "FR": {"FR"},
    "DE": {"DE"},
    "WE": {"FR", "DE"},
    "AP": set(),
    "SEC": {"FR", "DE"},
}


@pytest.mark.parametrize("user", sorted(SEES))
def test_every_route_answers_each_user_with_its_own_scope_only(site: Site, user: str) -> None:
    seen = SEES[user]
    with site.client(user) as client:
        listed = client.get("/api/v1/submissions").json()["submissions"]
        cases = client.get("/api/v1/cases", params={"year": 2024}).json()["cases"]
        for member, stored in site.stored.items():
            one = client.get(f"/api/v1/submissions/{stored['id']}")
            assert one.status_code == (200 if member in seen else 404), (user, member)
            if member not in seen:
                assert set(one.json()) == {"error"}  # nothing of it, not even that it exists
    assert {s["member"] for s in listed} <= seen
    assert {s["id"] for s in listed} >= {s["id"] for m, s in site.stored.items() if m in seen}
    assert {c["reporting_member"] for c in cases} == seen


def test_every_route_of_the_schema_is_tried_for_scope() -> None:
    """A route added without a scope test fails here: the tests above try these, and only these."""
    from cen_pipeline.service.api import router

    tried = {
        ("GET", "/api/v1/docs"),
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/submissions"),
        ("POST", "/api/v1/nil-returns"),
        ("GET", "/api/v1/submissions"),
        ("GET", "/api/v1/submissions/{submission_id}"),
        ("GET", "/api/v1/submissions/{submission_id}/replies"),
        ("GET", "/api/v1/submissions/{submission_id}/replies/{name}"),
        ("GET", "/api/v1/cases"),
        # tried in test_service_watch.py:
        ("GET", "/api/v1/coverage"),
        ("GET", "/api/v1/quality"),
        ("GET", "/api/v1/alerts"),
        ("GET", "/api/v1/trends"),
    }
    routes = {(m, getattr(r, "path", "")) for r in router.routes for m in getattr(r, "methods", ())}
    assert routes == tried


def test_the_api_reference_page_lists_every_operation_and_loads_nothing_from_the_web(site: Site) -> None:
    page = httpx.get(f"{site.server.url}/api/v1/docs")
    assert page.status_code == 200
    for operation in (
        "POST /api/v1/submissions",
        "GET /api/v1/submissions/{submission_id}",
        "GET /api/v1/cases",
    ):
        assert operation in page.text
    assert "<script" not in page.text and "https://" not in page.text


def test_a_national_system_sends_an_interchange_and_gets_its_acknowledgements(site: Site) -> None:
    with site.client("SEC") as client:
        done = settled(client, send(client, ROOT / "sample_data" / "edi" / "valid.edi").json()["id"])
        names = client.get(f"/api/v1/submissions/{done['id']}/replies").json()["replies"]
        replies = {n: client.get(f"/api/v1/submissions/{done['id']}/replies/{n}") for n in names}
        sly = client.get(f"/api/v1/submissions/{done['id']}/replies/..%2F..%2Fcen.duckdb")
    assert done["status"] == "stored" and done["rows_read"] == 25
    assert names and all(
        r.status_code == 200 and r.content.startswith((b"UNA", b"UNB")) for r in replies.values()
    )
    assert any(b"CONTRL" in r.content for r in replies.values())
    assert sly.status_code == 404
    with site.client("FR") as client:  # a file of many Members is the Secretariat's
        assert client.get(f"/api/v1/submissions/{done['id']}/replies").status_code == 404
        assert client.get(f"/api/v1/submissions/{done['id']}/replies/{names[0]}").status_code == 404


def test_a_nil_return_declares_a_month_the_coverage_then_shows(site: Site) -> None:
    with site.client("FR") as client:
        sent = client.post("/api/v1/nil-returns", data={"month": "2023-05"})
        done = settled(client, sent.json()["id"])
        wrong = client.post("/api/v1/nil-returns", data={"month": "May 2023"})
    assert done["status"] == "stored" and done["rows_accepted"] == 1
    assert wrong.status_code == 422 and "YYYY-MM" in wrong.json()["error"]["message"]
    with logged_in(site, "FR") as browser:
        page = browser.get("/coverage", params={"year": 2023}).text
    assert "nil return" in page
    with logged_in(site, "DE") as browser:
        assert 'data-member="FR"' not in browser.get("/coverage", params={"year": 2023}).text


def test_a_user_sends_only_for_a_member_in_its_scope(site: Site) -> None:
    with site.client("FR") as client:
        other = send(client, FEEDS / "DE_2023.csv", member="DE")
    with site.client("AP") as client:
        outside = send(client, FEEDS / "FR_2023.csv", member="FR")
    with site.client("WE") as client:
        unnamed = send(client, FEEDS / "FR_2023.csv")
    assert (other.status_code, outside.status_code, unnamed.status_code) == (403, 403, 422)
    for answer in (other, outside, unnamed):
        assert set(answer.json()) == {"error"} and answer.json()["error"]["message"]


@pytest.mark.parametrize(
    ("token", "status"), [(None, 401), ("not-a-token", 401), ("a b", 401)], ids=["none", "wrong", "spaced"]
)
def test_a_request_without_a_known_token_gets_401(site: Site, token: str | None, status: int) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    for path in ("/api/v1/submissions", "/api/v1/cases?year=2024", "/api/v1/submissions/1"):
        answer = httpx.get(site.server.url + path, headers=headers)
        assert answer.status_code == status
        assert "token" in answer.json()["error"]["message"]


def test_bad_uploads_get_a_json_error_naming_the_file_and_the_reason(site: Site, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 1_100_000)  # the server's limit is 1 MB
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"%PDF-1.4")
    with site.client("FR") as client:
        answers = {
            "empty": send(client, empty),
            "big": send(client, big),
            "type": send(client, notes),
            "profile": send(client, FEEDS / "FR_2023.csv", profile="no-such-profile"),
            "year": client.get("/api/v1/cases", params={"year": "last"}),
            "missing": client.post("/api/v1/submissions", data={"profile": "canonical"}),
        }
    assert {k: a.status_code for k, a in answers.items()} == {
        "empty": 422, "big": 413, "type": 415, "profile": 422, "year": 422, "missing": 422,
    }  # fmt: skip
    said = {k: a.json()["error"]["message"] for k, a in answers.items()}
    assert "empty.csv" in said["empty"] and "empty" in said["empty"]
    assert "CEN_MAX_UPLOAD_MB" in said["big"]
    assert "notes.pdf" in said["type"]
    assert "no-such-profile" in said["profile"]
    assert "year" in said["year"] and "file" in said["missing"]
    assert not any("Traceback" in a.text for a in answers.values())


def test_uploads_are_kept_under_their_hash_never_under_the_senders_name(site: Site, tmp_path: Path) -> None:
    sly = write_csv(tmp_path / "sly.csv", [row(case_ref="FR-2024-000777")])
    with site.client("FR") as client, sly.open("rb") as f:
        sent = client.post("/api/v1/submissions", files={"file": ("../../etc/cron.d/x.csv", f)})
        done = settled(client, sent.json()["id"])
    assert done["file_name"] == "x.csv" and done["status"] == "stored"
    spool = site.server.db.with_name("cen.duckdb.spool")
    names = [p.name for p in spool.iterdir()]
    assert names and all(len(n.split(".")[0]) == 64 for n in names)


def test_uploads_at_once_from_many_users_survive_a_kill_and_end_as_a_plain_ingest_would(
    tmp_path: Path,
) -> None:
    """20 uploads from 5 users at once; the service is killed (-9) while it stores them and started again:
    every file ends stored, partly stored or refused, each once, with the counts `cen ingest` gives."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import query, run_cen

    db = tmp_path / "cen.duckdb"
    tokens = {
        "FR": add_user(db, "FR", "--role", "member", "--member", "FR"),
        "DE": add_user(db, "DE", "--role", "member", "--member", "DE"),
        "ES": add_user(db, "ES", "--role", "member", "--member", "ES"),
        "WE": add_user(db, "WE", "--role", "rilo", "--rilo", "RILO-WE"),
        "SEC": add_user(db, "SEC", "--role", "secretariat"),
    }
    sends: list[tuple[str, Path, dict[str, str]]] = []
    for member in ("FR", "DE", "ES"):
        for year in range(2019, 2025):
            user = {2019: "WE", 2020: "SEC"}.get(year, member) if member != "ES" else "SEC"
            sends.append((user, FEEDS / f"{member}_{year}.csv", {"member": member} if user != member else {}))
    sends += [("FR", FEEDS / "DE_2025.csv", {}), ("SEC", FEEDS / "FR_2024.csv", {"member": "FR"})]
    server = Server(db).start()

    def upload(item: tuple[str, Path, dict[str, str]]) -> int:
        user, path, form = item
        with server.client(tokens[user]) as client:
            answer = send(client, path, **form)
        assert answer.status_code == 202, answer.text
        return int(answer.json()["id"])

    with ThreadPoolExecutor(len(sends)) as pool:
        ids = list(pool.map(upload, sends))
    with server.client(tokens["SEC"]) as client:
        while True:
            statuses = [s["status"] for s in client.get("/api/v1/submissions").json()["submissions"]]
            if len(statuses) - statuses.count("queued") >= 4:
                break
            time.sleep(0.1)
    assert "queued" in statuses  # the kill comes with work left
    server.kill()
    server = Server(db, port=server.port).start()
    try:
        with server.client(tokens["SEC"]) as client:
            done = [settled(client, i) for i in ids]
    finally:
        server.stop()
    assert len(done) == 20 and not [d for d in done if d["status"] not in {"stored", "partly stored", "refused",
                                                                          "duplicate"}]  # fmt: skip
    for d in done:
        assert d["rows_read"] == d["rows_accepted"] + d["rows_quarantined"], d
    assert [d["status"] for d in done].count("duplicate") == 1  # FR_2024 sent twice: whichever came second
    assert {done[5]["status"], done[19]["status"]} == {"stored", "duplicate"}
    wrong_member = done[18]
    assert (
        wrong_member["status"] == "refused" and wrong_member["rows_quarantined"] == wrong_member["rows_read"]
    )
    stored_once = query(
        db, "SELECT sha256, count(*) FROM submissions WHERE status <> 'duplicate' GROUP BY ALL"
    )
    assert all(n == 1 for _, n in stored_once)
    reference = tmp_path / "reference.duckdb"
    for user, path, form in sends[:18]:
        member = form.get("member") or user
        run_cen("ingest", path, "--member", member, "--db", reference)
    counts = "SELECT reporting_member, count(*), sum(line_count) FROM current_cases GROUP BY ALL ORDER BY ALL"
    assert query(db, counts) == query(reference, counts)


@contextmanager
def logged_in(site: Site, user: str) -> Iterator[httpx.Client]:
    """A browser-like client with the session cookie of `user`."""
    with signed_in(site.server, site.tokens[user]) as client:
        yield client


def members_in(page: httpx.Response) -> set[str]:
    import re

    return set(re.findall(r'data-member="([A-Z]{2})"', page.text))


@pytest.mark.parametrize("user", sorted(SEES))
def test_every_page_answers_each_user_with_its_own_scope_only(site: Site, user: str) -> None:
    seen = SEES[user]
    with logged_in(site, user) as client:
        assert members_in(client.get("/submissions")) <= seen
        assert members_in(client.get("/cases", params={"year": 2024})) == seen
        assert members_in(client.get("/coverage", params={"year": 2024})) == seen
        refused = members_in(client.get("/quarantine"))  # DE sent FR's file: its rows are in DE's quarantine
        assert refused <= seen and ("DE" in refused) == ("DE" in seen)
        for member, stored in site.stored.items():
            for path in ("", "/report", "/errors.csv", "/errors.xlsx"):
                page = client.get(f"/submissions/{stored['id']}{path}")
                assert page.status_code == (200 if member in seen else 404), (user, member, path)
                if member not in seen:
                    assert stored["file_name"] not in page.text
        for secretariats in ("/reports", "/users"):
            assert client.get(secretariats).status_code == (200 if user == "SEC" else 403)
        assert client.get("/reports/1/report.pdf").status_code == (404 if user == "SEC" else 403)


def test_every_page_of_the_service_is_tried_for_scope() -> None:
    from cen_pipeline.service.pages import pages

    tried = {
        ("GET", "/"), ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/submissions"),
        ("POST", "/submissions"), ("POST", "/nil-returns"), ("GET", "/submissions/{submission}"), ("POST", "/submissions/{submission}/send"),
        ("GET", "/submissions/{submission}/report"), ("GET", "/submissions/{submission}/errors.{kind}"),
        ("GET", "/cases"), ("GET", "/quarantine"), ("GET", "/coverage"), ("GET", "/reports"), ("GET", "/users"),
        ("POST", "/users"), ("POST", "/users/{user_id}/disable"), ("POST", "/reports"), ("GET", "/reports/{job}/{name}"),
    }  # fmt: skip
    routes = {(m, getattr(r, "path", "")) for r in pages.routes for m in getattr(r, "methods", ())}
    assert routes == tried


def test_a_form_without_the_sessions_csrf_token_changes_nothing(site: Site, tmp_path: Path) -> None:
    sample = write_csv(tmp_path / "FR_csrf.csv", [row(case_ref="FR-2024-000555")])
    with logged_in(site, "FR") as client:
        before = members_in(client.get("/submissions"))
        for csrf in (None, "forged"):
            form = {"action": "send"} | ({"csrf": csrf} if csrf else {})
            with sample.open("rb") as f:
                answer = client.post("/submissions", files={"file": (sample.name, f)}, data=form)
            assert answer.status_code == 403 and "form" in answer.text
            assert client.post("/logout", data=form).status_code == 403
        listed = client.get("/submissions").text
        assert "FR_csrf.csv" not in listed and members_in(client.get("/submissions")) == before
        foreign = client.post(f"/submissions/{site.stored['DE']['id']}/send", data={"csrf": "x"})
        assert foreign.status_code == 403


def test_a_page_without_a_session_leads_to_the_login_page(site: Site) -> None:
    with httpx.Client(base_url=site.server.url) as client:
        answer = client.get("/submissions")
        assert answer.status_code == 303 and answer.headers["location"] == "/login?ended=login"
        assert "log in to go on" in client.get(answer.headers["location"]).text
    forged = {"cen_session": "eyJ1c2VyIjogMX0=.forged.sig"}  # {"user": 1} under no valid signature
    with httpx.Client(base_url=site.server.url, cookies=forged) as client:
        assert client.get("/submissions").status_code == 303


def signed_session(key: str, session: dict[str, Any]) -> str:
    """A session cookie as the service signs it (Starlette's: base64 JSON under an itsdangerous signature)."""
    import base64
    import json

    from itsdangerous import TimestampSigner

    data = base64.b64encode(json.dumps(session).encode())
    return TimestampSigner(key).sign(data).decode()


def test_an_expired_session_leads_to_the_login_page_and_says_why(site: Site) -> None:
    import time

    nine_hours_ago = int(time.time()) - 9 * 3600
    cookie = signed_session(site.session_key, {"user": 1, "csrf": "x", "lang": "en", "since": nine_hours_ago})
    with httpx.Client(base_url=site.server.url, cookies={"cen_session": cookie}) as client:
        answer = client.get("/submissions")
        assert answer.status_code == 303 and answer.headers["location"] == "/login?ended=expired"
        assert "the session has expired" in client.get(answer.headers["location"]).text
    fresh = signed_session(
        site.session_key, {"user": 1, "csrf": "x", "lang": "en", "since": int(time.time())}
    )
    with httpx.Client(base_url=site.server.url, cookies={"cen_session": fresh}) as client:
        assert client.get("/submissions").status_code == 200  # the same cookie within its eight hours


def test_a_session_cookie_is_http_only_and_same_site_strict(site: Site) -> None:
    with httpx.Client(base_url=site.server.url) as client:
        answer = client.post("/login", data={"token": site.tokens["FR"], "lang": "fr"})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie  # plain HTTP here


def test_the_secretariat_makes_and_disables_users_in_the_browser(site: Site) -> None:
    import re

    with logged_in(site, "SEC") as browser:
        csrf = csrf_of(browser.get("/users"))
        made = browser.post(
            "/users", data={"csrf": csrf, "name": "ES customs", "role": "member", "scope": "es"}
        )
        token = re.search(r'<code id="new-token">([^<]+)</code>', made.text)
        assert made.status_code == 200 and token, made.text[:500]
        wrong = browser.post("/users", data={"csrf": csrf, "name": "X", "role": "rilo", "scope": "RILO-XX"})
        assert wrong.status_code == 422 and "RILO" in wrong.text
        api = site.server.client(token.group(1))
        assert api.get("/api/v1/submissions").status_code == 200
        user_id = re.findall(r"<td>(\d+)</td><td>ES customs</td>", browser.get("/users").text)[0]
        assert browser.post(f"/users/{user_id}/disable", data={"csrf": csrf}).status_code == 303
        assert api.get("/api/v1/submissions").status_code == 401
    with logged_in(site, "FR") as member:
        csrf = csrf_of(member.get("/submissions"))
        assert (
            member.post("/users", data={"csrf": csrf, "name": "mine", "role": "secretariat"}).status_code
            == 403
        )


def test_logins_from_one_address_are_limited_after_five_failures(site: Site) -> None:
    """Last of the module: the address stays limited for five minutes."""
    with httpx.Client(base_url=site.server.url) as client:
        failed = [client.post("/login", data={"token": f"guess-{i}"}).status_code for i in range(5)]
        limited = client.post("/login", data={"token": site.tokens["FR"]})
    assert failed == [401] * 5
    assert limited.status_code == 429 and "try again in" in limited.text
