"""The service in a real browser (Debian's chromium, driven by selenium, headless) against a real server on
127.0.0.1: a Member fixes and sends a file, another Member and a RILO see only theirs, the Secretariat writes
the annual report. A screenshot of each page is kept in out/browser/."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import ROOT, row, write_csv
from tests.service_run import Server, add_user, send, settled

SHOTS = ROOT / "out" / "browser"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "the test set-up (.ci/test-deps) installs chromium and chromium-driver"
    options = Options()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1600"):  # fmt: skip
        options.add_argument(flag)
    session = webdriver.Chrome(options=options, service=DriverService(executable_path=driver))
    session.implicitly_wait(2)
    try:
        yield session
    finally:
        session.quit()


class Pages:
    def __init__(self, browser: WebDriver, server: Server) -> None:
        self.browser = browser
        self.server = server
        SHOTS.mkdir(parents=True, exist_ok=True)

    def open(self, path: str) -> None:
        self.browser.get(self.server.url + path)

    def shot(self, name: str) -> None:
        self.browser.save_screenshot(str(SHOTS / f"{name}.png"))

    def log_in(self, token: str, lang: str = "en") -> None:
        self.browser.delete_all_cookies()
        self.open("/login")
        self.browser.find_element(By.ID, "token").send_keys(token)
        self.browser.find_element(By.CSS_SELECTOR, f"#lang option[value={lang}]").click()
        self.browser.find_element(By.ID, "login").click()

    def send(self, path: Path, button: str = "send") -> None:
        self.open("/submissions")
        self.browser.find_element(By.ID, "file").send_keys(str(path))
        self.browser.find_element(By.ID, button).click()

    def settled_status(self, timeout: float = 120) -> str:
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        # A check runs while the form is sent: the submission's page comes when it is done.
        WebDriverWait(self.browser, timeout).until(
            expected_conditions.presence_of_element_located((By.ID, "status"))
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.browser.find_element(By.ID, "status").get_attribute("data-status") or ""
            if status not in {"queued", "running"}:
                return status
            time.sleep(0.5)
            self.browser.refresh()
        raise AssertionError("the submission was not stored in time")

    def members_listed(self, selector: str) -> set[str]:
        return {
            e.get_attribute("data-member") or ""
            for e in self.browser.find_elements(By.CSS_SELECTOR, selector)
        }


def test_members_rilos_and_the_secretariat_each_see_their_own_in_a_browser(
    browser: WebDriver, tmp_path: Path
) -> None:
    db = tmp_path / "cen.duckdb"
    tokens = {
        "FR": add_user(db, "Douane FR", "--role", "member", "--member", "FR"),
        "DE": add_user(db, "Zoll DE", "--role", "member", "--member", "DE"),
        "WE": add_user(db, "RILO Western Europe", "--role", "rilo", "--rilo", "RILO-WE"),
        "SEC": add_user(db, "Secretariat", "--role", "secretariat"),
    }
    server = Server(db).start()
    try:
        with server.client(tokens["SEC"]) as client:  # a Member outside Western Europe has sent its file
            jp = settled(
                client, send(client, ROOT / "sample_data" / "feeds" / "JP_2024.csv", member="JP").json()["id"]
            )
        assert jp["status"] == "stored"
        pages = Pages(browser, server)

        # FR sends a faulty file, reads its errors in French, fixes it and sends it again.
        pages.log_in(tokens["FR"], "fr")
        pages.shot("01-fr-submissions")
        faulty = write_csv(tmp_path / "FR_2024_03.csv", [row(seizure_date="2024-02-30"), row(quantity="dix")])
        pages.send(faulty, button="check")
        assert pages.settled_status() == "checked"
        problems = browser.find_elements(By.CSS_SELECTOR, "#problems tr.problem")
        cells = [p.text for p in problems]
        # Each error where the clerk finds it in the spreadsheet (row, column letter), said in French.
        assert "2 C seizure_date invalid-date « 2024-02-30 » n'est pas une date valide." in cells, cells
        assert "3 AE quantity invalid-number « dix » n'est pas un nombre valide." in cells, cells
        assert "Ligne" in browser.find_element(By.ID, "problems").text
        pages.shot("02-fr-errors-in-french")
        browser.find_element(By.ID, "full-report").click()
        assert "Rapport" in browser.title or "rapport" in browser.page_source.lower()
        pages.shot("03-fr-full-report")
        fixed = write_csv(tmp_path / "FR_2024_03.csv", [row(), row(case_ref="FR-2024-000002")])
        pages.send(fixed)
        assert pages.settled_status() == "stored"
        assert browser.find_element(By.ID, "status").text == "enregistré"
        pages.shot("04-fr-stored")

        # DE finds none of FR's submissions or cases.
        pages.log_in(tokens["DE"])
        pages.open("/submissions")
        assert pages.members_listed("tr.submission") == set()
        pages.open("/cases?year=2024")
        assert pages.members_listed("tr.case") == set()
        pages.open("/submissions/1")
        assert "404" in browser.find_element(By.TAG_NAME, "h1").text
        pages.shot("05-de-sees-nothing-of-fr")

        # The RILO for Western Europe sees FR's submission, not Japan's.
        pages.log_in(tokens["WE"])
        pages.open("/submissions")
        assert pages.members_listed("tr.submission") == {"FR"}
        pages.open("/cases?year=2024")
        assert pages.members_listed("tr.case") == {"FR"}
        pages.shot("06-rilo-we")
        deadline = time.monotonic() + 120  # the analysis tables follow the store once the queue is empty
        pages.open("/trends?year=2024&by=member")
        while not browser.find_elements(By.ID, "trends"):
            assert time.monotonic() < deadline, browser.page_source[:2000]
            time.sleep(1)
            browser.refresh()
        assert "FR" in browser.find_element(By.ID, "trends").text
        assert "JP" not in browser.find_element(By.ID, "trends").text
        pages.shot("07-rilo-we-trends")
        pages.open("/quality")
        scored = browser.find_elements(By.CSS_SELECTOR, "tr.score[data-level=member]")
        assert {row.get_attribute("data-code") for row in scored} == {"FR"}
        pages.shot("08-rilo-we-quality")
        pages.open("/alerts")
        assert browser.find_elements(By.ID, "start-alerts")
        pages.shot("09-rilo-we-alerts")

        # The Secretariat sees every Member, writes the annual report and downloads its PDF.
        pages.log_in(tokens["SEC"])
        pages.open("/submissions")
        assert pages.members_listed("tr.submission") == {"FR", "JP"}
        pages.open("/reports")
        browser.find_element(By.ID, "year").clear()
        browser.find_element(By.ID, "year").send_keys("2024")
        browser.find_element(By.ID, "start-report").click()
        deadline = time.monotonic() + 300
        while not browser.find_elements(By.CSS_SELECTOR, "tr.report[data-state=done] a.download"):
            assert time.monotonic() < deadline, browser.find_element(By.ID, "reports").text
            assert not browser.find_elements(By.CSS_SELECTOR, "tr.report[data-state=failed]"), (
                browser.page_source
            )
            time.sleep(1)
            browser.refresh()
        pages.shot("10-secretariat-report-done")
        pdf = next(
            a.get_attribute("href") or ""
            for a in browser.find_elements(By.CSS_SELECTOR, "a.download")
            if (a.get_attribute("href") or "").endswith("report.pdf")
        )
        cookie = browser.get_cookie("cen_session")
        assert cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict"
        with httpx.Client(cookies={"cen_session": cookie["value"]}) as client:
            got = client.get(pdf)
        assert got.status_code == 200 and got.content.startswith(b"%PDF")
        (SHOTS / "annual-report.pdf").write_bytes(got.content)
        assert httpx.get(pdf).status_code in {303, 401}  # not without the session
    finally:
        server.stop()
