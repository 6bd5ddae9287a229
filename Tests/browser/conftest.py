"""Fixtures for tests that open the built site in headless Chromium from file://."""
import os
import pathlib
import shutil
import subprocess

import pytest
from selenium import webdriver

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The repository's sample archive, built into a temporary folder by the confab binary."""
    confab = os.environ.get("CONFAB", str(ROOT / ".build/debug/confab"))
    if not os.path.exists(confab):
        pytest.fail(f"no confab binary at {confab}: run `swift build` first or set CONFAB")
    out = tmp_path_factory.mktemp("site") / "public"
    subprocess.run([confab, "build", "--site", str(ROOT), "--output", str(out), "--quiet"], check=True)
    return out


@pytest.fixture(scope="session")
def driver():
    for tool in ("chromium", "chromedriver"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: install the Debian packages chromium and chromium-driver (make test does)")
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    yield browser
    browser.quit()
