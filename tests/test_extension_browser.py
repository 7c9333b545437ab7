"""The extension and the web page in a real browser (Debian's chromium + chromedriver, driven by
selenium): the unpacked extension scores a fixture page served on 127.0.0.1 against the service
started on 127.0.0.1 — badge text, popup content, a highlight in the page, the error with the
service stopped — and the web page at GET / answers with the same words. The run saves the
screenshots the README shows into docs/. Skips, saying why, when the browser cannot be had."""
from __future__ import annotations

import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scorer.config import PROJECT_ROOT
from tests.conftest import FIXTURES, SEED_HTML
from tests.servers import free_port

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
EXTENSION = PROJECT_ROOT / "extension"
DOCS = PROJECT_ROOT / "docs"
# The key in extension/manifest.json fixes the unpacked extension's id.
EXTENSION_ID = "lalpjndnnhalmboicbaajfmaiccgcbhm"
PAGE_PATH = "/2022/07/13/north-korea-recognizes-donetsk-and-lugansk.html"
WAIT_S = 30.0

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (requirements-test.txt)")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(f"no Chromium: {CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium chromium-driver; "
                ".ci/run installs them)", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def page_html() -> bytes:
    return SEED_HTML.read_bytes() if SEED_HTML.exists() else (FIXTURES / "farm_tagdiv.html").read_bytes()


class _Page(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        body = page_html() if self.path == PAGE_PATH else b"not here"
        self.send_response(200 if self.path == PAGE_PATH else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def page_url():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PAGE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from werkzeug.serving import make_server

    from service import create_app

    cache = tmp_path_factory.mktemp("cache") / "cache.sqlite"
    app = create_app({"cache_path": str(cache)})
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    yield {"url": url, "app": app, "server": server}
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1100,1400",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
                f"--load-extension={EXTENSION}", f"--disable-extensions-except={EXTENSION}"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    except Exception as exc:  # the binary exists but cannot start here
        pytest.skip(f"Chromium would not start: {exc}")
    driver.set_script_timeout(WAIT_S)
    yield driver
    driver.quit()


def ext(path: str) -> str:
    return f"chrome-extension://{EXTENSION_ID}/{path}"


def expected_report(service, url: str) -> dict:
    client = service["app"].test_client()
    response = client.post("/v1/score", json={"html": page_html().decode("utf-8"), "url": url})
    assert response.status_code == 200
    return response.get_json()


def configure(driver, service_url: str) -> None:
    driver.get(ext("options.html"))
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_element(By.ID, "serviceUrl").get_attribute("value"))
    field = driver.find_element(By.ID, "serviceUrl")
    field.clear()
    field.send_keys(service_url)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_element(By.ID, "saved").text == "Saved.")


def tab_id(driver, url: str) -> int:
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "chrome.tabs.query({url: arguments[0]}).then(tabs => done(tabs.length ? tabs[0].id : null));", url)
    assert found is not None, f"no tab shows {url}"
    return found


def badge(driver, tab: int) -> str:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "chrome.action.getBadgeText({tabId: arguments[0]}).then(done);", tab)


@pytest.fixture(scope="module")
def tabs(browser, page_url, service):
    """The fixture page in one tab, the popup (opened as a page, pointed at it) in another."""
    browser.get(page_url)
    page_handle = browser.current_window_handle
    browser.switch_to.new_window("tab")
    configure(browser, service["url"])
    tab = tab_id(browser, page_url)
    return {"page": page_handle, "popup": browser.current_window_handle, "tab": tab}


def open_popup(browser, tabs) -> None:
    browser.switch_to.window(tabs["popup"])
    browser.get(ext(f"popup.html?tab={tabs['tab']}"))
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_elements(By.ID, "headline") or d.find_elements(By.ID, "error"))


class TestExtension:
    def test_popup_shows_the_label_and_the_badge_the_score(self, browser, tabs, service, page_url):
        expected = expected_report(service, page_url)
        open_popup(browser, tabs)
        text = expected["label_text"]
        assert browser.find_element(By.ID, "headline").text == text["headline"]
        assert browser.find_element(By.ID, "summary").text == text["summary"]
        shown = [b.get_attribute("data-signal") for b in browser.find_elements(By.CSS_SELECTOR, "#findings button")]
        assert shown == [f["signal"] for f in text["findings"]]
        assert browser.find_element(By.ID, "publisher").text == text["publisher"]
        assert browser.find_element(By.ID, "model").text == text["model"]
        assert badge(browser, tabs["tab"]) == str(round(expected["score"]))
        if SEED_HTML.exists():  # the seed's four page findings are on the label
            assert {"byline", "republication", "recirculation", "ads_in_body"} <= set(shown)
            assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#outlets li")] == text["outlets"]
        browser.set_window_size(460, 1400)
        browser.save_screenshot(str(DOCS / "extension-popup.png"))
        browser.set_window_size(1100, 1400)

    def test_clicking_a_finding_highlights_its_evidence_in_the_page(self, browser, tabs):
        open_popup(browser, tabs)
        signal = "byline" if SEED_HTML.exists() else "recirculation"
        browser.find_element(By.CSS_SELECTOR, f'#findings button[data-signal="{signal}"]').click()
        WebDriverWait(browser, WAIT_S).until(lambda d: d.find_element(By.ID, "highlight-note").text)
        assert browser.find_element(By.ID, "highlight-note").text.startswith("Highlighted")
        browser.switch_to.window(tabs["page"])
        marked = browser.find_elements(By.CSS_SELECTOR, "[data-scorer-highlight]")
        assert marked and (signal != "byline" or any("Admin" in m.text for m in marked))
        browser.switch_to.window(tabs["popup"])
        browser.find_element(By.ID, "findings").find_element(By.XPATH, "..").find_element(By.ID, "highlight-all").click()
        WebDriverWait(browser, WAIT_S).until(lambda d: d.find_element(By.ID, "highlight-note").text != "")
        browser.switch_to.window(tabs["page"])
        everything = browser.find_elements(By.CSS_SELECTOR, "[data-scorer-highlight]")
        assert len(everything) > len(marked)
        if SEED_HTML.exists():  # the byline, the bait boxes' teasers and the in-body ads at once
            assert len(browser.find_elements(By.CSS_SELECTOR, "ins.adsbygoogle[data-scorer-highlight]")) >= 3
            browser.execute_script("window.scrollTo(0, 0)")
            browser.save_screenshot(str(DOCS / "extension-highlight.png"))

    def test_web_page_answers_with_the_same_words(self, browser, service, page_url):
        expected = expected_report(service, page_url)["label_text"]
        browser.get(service["url"] + "/")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert browser.find_element(By.CSS_SELECTOR, "label[for=url]") and browser.find_element(By.CSS_SELECTOR, "label[for=html]")
        browser.find_element(By.ID, "url").send_keys(page_url)
        browser.execute_script("document.getElementById('html').value = arguments[0];", page_html().decode("utf-8"))
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, WAIT_S).until(lambda d: d.find_elements(By.ID, "summary"))
        assert browser.find_element(By.ID, "summary").text == expected["summary"]
        page_text = browser.find_element(By.ID, "label").text
        assert all(f["text"] in page_text for f in expected["findings"])
        browser.save_screenshot(str(DOCS / "web-page.png"))

    def test_service_stopped_is_a_plain_sentence(self, browser, tabs, service):
        service["server"].shutdown()
        service["server"].server_close()
        open_popup(browser, tabs)
        error = browser.find_element(By.ID, "error").text
        assert "is not answering" in error and service["url"] in error
        assert badge(browser, tabs["tab"]) == "!"


def test_manifest_is_mv3_and_firefox_compatible():
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    assert manifest["manifest_version"] == 3
    assert manifest["browser_specific_settings"]["gecko"]["id"]
    assert manifest["background"]["scripts"] and manifest["background"]["service_worker"]
    for name in ("popup.html", "options.html", "score.js", "background.js", "highlight.js"):
        assert (EXTENSION / name).exists()
