"""What analysts watch in the service, over real HTTP: the quality scorecard and the alerts of each user's
Members only, the bulletin of a month, and the writer's quality and alert jobs started from the pages."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, run_cen
from tests.service_run import Server, add_user, csrf_of, signed_in

FEEDS = ROOT / "sample_data" / "feeds"
MONTH = "2019-03"  # alerts written into the store before the service starts, one Member set each
ALERTED = (["FR"], ["DE"], ["FR", "JP"], ["JP"], ["CN", "JP"])


class Site:
    def __init__(self, server: Server, tokens: dict[str, str]) -> None:
        self.server = server
        self.tokens = tokens

    def client(self, user: str) -> httpx.Client:
        return self.server.client(self.tokens[user])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("watch") / "cen.duckdb"
    for member in ("FR", "DE"):  # stored by the CLI while the service is stopped: they share the store
        done = run_cen("ingest", FEEDS / f"{member}_2024.csv", "--db", db)
        assert done.returncode in (0, 1), done.stderr
    tokens = {
        "FR": add_user(db, "FR customs", "--role", "member", "--member", "FR"),
        "WE": add_user(db, "RILO Western Europe", "--role", "rilo", "--rilo", "RILO-WE"),
        "AP": add_user(db, "RILO Asia/Pacific", "--role", "rilo", "--rilo", "RILO-AP"),
        "SEC": add_user(db, "Secretariat", "--role", "secretariat"),
    }
    _write_alerts(db)
    server = Server(db).start()
    try:
        yield Site(server, tokens)
    finally:
        server.stop()


def _write_alerts(db: Path) -> None:
    from cen_pipeline.alerts.config import Alert
    from cen_pipeline.alerts.storage import store_alerts
    from cen_pipeline.store.db import connect

    month = date(2019, 3, 1)
    alerts = [
        Alert(kind="significant", method="significant", measure="articles", stratum_type="case",
              stratum=f"{'+'.join(members)}-case", period=month, severity="high",
              explanation=f"a seizure of {' and '.join(members)}",
              case_refs=[f"{m}:{m}-2019-000001" for m in members], members=members, regions=["EUR"])
        for members in ALERTED
    ]  # fmt: skip
    with connect(db) as con:
        store_alerts(con, [month], alerts)


# The Members whose data each user may see.
SEES = {"FR": {"FR"}, "WE": {"FR", "DE"}, "AP": {"CN", "JP"}, "SEC": None}


def _touching(user: str) -> list[list[str]]:
    seen = SEES[user]
    return [m for m in ALERTED if seen is None or seen.intersection(m)]


@pytest.mark.parametrize("user", sorted(SEES))
def test_each_user_reads_the_alerts_of_its_members_only(site: Site, user: str) -> None:
    seen = SEES[user]
    with site.client(user) as client:
        answer = client.get("/api/v1/alerts", params={"month": MONTH}).json()
    assert answer["month"] == MONTH
    alerts = answer["alerts"]
    assert len(alerts) == len(_touching(user))
    for alert in alerts:
        named = set(alert["members"])
        refs = {ref.split(":")[0] for ref in alert["case_refs"]}
        assert named and (seen is None or (named <= seen and refs <= seen)), alert
    with signed_in(site.server, site.tokens[user]) as browser:
        page = browser.get("/alerts", params={"month": MONTH})
        bulletin = browser.get("/alerts/bulletin", params={"month": MONTH})
    assert page.status_code == 200 and page.text.count('class="alert"') == len(alerts)
    assert bulletin.status_code == 200 and "<html" in bulletin.text
    for members in ALERTED:
        for member in members:
            if seen is not None and member not in seen:
                assert f"{member}-2019-000001" not in page.text + bulletin.text + str(alerts)


@pytest.mark.parametrize("user", sorted(SEES))
def test_each_user_reads_the_quality_of_its_members_only(site: Site, user: str) -> None:
    seen = SEES[user]
    with site.client(user) as client:
        answer = client.get("/api/v1/quality").json()
        coverage = client.get("/api/v1/coverage", params={"year": 2024}).json()["members"]
    members = {r["code"] for r in answer["scorecard"] if r["level"] == "member"}
    groups = {(r["level"], r["code"]) for r in answer["scorecard"] if r["level"] != "member"}
    stored = {"FR", "DE"}
    assert members == (stored if seen is None else stored & seen)
    assert set(coverage) == (stored if seen is None else stored & seen)
    assert {f["member"] for f in answer["findings"]} <= (seen or stored)
    expected_groups = {
        "FR": set(),
        "WE": {("rilo", "RILO-WE")},
        "AP": set(),
        "SEC": {("rilo", "RILO-WE"), ("region", "EUR"), ("all", "ALL")},
    }[user]
    assert groups == expected_groups
    with signed_in(site.server, site.tokens[user]) as browser:
        page = browser.get("/quality")
    shown = {code for code in stored if f'data-code="{code}"' in page.text}
    assert shown == members


@pytest.mark.parametrize("user", sorted(SEES))
def test_each_user_reads_the_trends_of_its_members_only(site: Site, user: str) -> None:
    seen = SEES[user]
    stored = {"FR", "DE"}
    with site.client(user) as client:
        answer = client.get("/api/v1/trends", params={"year": 2024, "by": "member"})
        wrong = client.get("/api/v1/trends", params={"year": 2024, "by": "colour"})
    assert answer.status_code == 200, answer.text
    members = {r["member"] for r in answer.json()["rows"] if r["2024"]}
    assert members == (stored if seen is None else stored & seen)
    assert wrong.status_code == 422 and "colour" in wrong.json()["error"]["message"]
    with signed_in(site.server, site.tokens[user]) as browser:
        page = browser.get("/trends", params={"year": 2024, "by": "member"})
    assert page.status_code == 200
    assert {m for m in stored if f"<td>{m}</td>" in page.text} == members


def _job_done(browser: httpx.Client, path: str, timeout: float = 300) -> str:
    """The page once its newest job is done (or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = browser.get(path).text
        first = page.find('class="job"')
        if first >= 0 and (
            'data-state="done"' in page[first : first + 80] or "failed" in page[first : first + 80]
        ):
            return page[first : first + 300]
        time.sleep(0.5)
    raise AssertionError(f"the job of {path} did not end in {timeout} s")


def test_an_analyst_queues_a_months_alerts_and_the_quality_check_a_member_cannot(site: Site) -> None:
    with signed_in(site.server, site.tokens["FR"]) as browser:
        csrf = csrf_of(browser.get("/submissions"))
        assert browser.post("/alerts", data={"csrf": csrf, "month": "2024-06"}).status_code == 403
        assert browser.post("/quality", data={"csrf": csrf}).status_code == 403
        assert 'id="start-alerts"' not in browser.get("/alerts").text
    with signed_in(site.server, site.tokens["WE"]) as browser:
        csrf = csrf_of(browser.get("/alerts"))
        assert browser.post("/alerts", data={"month": "2024-06"}).status_code == 403  # no CSRF token
        queued = browser.post("/alerts", data={"csrf": csrf, "month": "2024-06"})
        assert queued.status_code == 303
        assert 'data-state="done"' in _job_done(browser, "/alerts")
        assert browser.post("/quality", data={"csrf": csrf}).status_code == 303
        assert 'data-state="done"' in _job_done(browser, "/quality")
    with site.client("WE") as client:
        assert "2024-06" in client.get("/api/v1/alerts").json()["computed_months"]
        rows = client.get("/api/v1/quality").json()["scorecard"]
    assert {r["code"] for r in rows if r["level"] == "member"} == {"FR", "DE"}


def test_every_page_an_analyst_watches_is_tried_for_scope() -> None:
    """A page added without a scope test fails here: the tests above try these, and only these."""
    from cen_pipeline.service.watch import watched

    tried = {("GET", "/quality"), ("POST", "/quality"), ("GET", "/alerts"), ("POST", "/alerts"),
             ("GET", "/alerts/bulletin"), ("GET", "/trends")}  # fmt: skip
    assert {(m, getattr(r, "path", "")) for r in watched.routes for m in getattr(r, "methods", ())} == tried
