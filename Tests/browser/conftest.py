"""Fixtures for tests that open the built site in headless Chromium from file://."""
import os
import pathlib
import shutil
import subprocess
import sys

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


def gen_corpus():
    """The team's corpus generator: CONFAB_GEN_CORPUS (the Makefile sets it) or ../shared/bench."""
    path = pathlib.Path(os.environ.get("CONFAB_GEN_CORPUS") or ROOT.parent / "shared" / "bench" / "gen-corpus.py")
    if not path.is_file():
        pytest.fail(f"the corpus generator is missing: expected {path} (set CONFAB_GEN_CORPUS)")
    return path


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory):
    """A small corpus from gen-corpus.py (both transcript formats, hostile characters), built."""
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(gen_corpus()), str(root / "content"),
                    "--sessions", "8", "--messages", "80", "--seed", "11"], check=True, stdout=subprocess.DEVNULL)
    confab = os.environ.get("CONFAB", str(ROOT / ".build/debug/confab"))
    subprocess.run([confab, "build", "--site", str(root), "--quiet"], check=True)
    return root / "public"


def chromium(capabilities=None):
    """Headless Chromium through the system's chromedriver, with extra capabilities (logging)."""
    for tool in ("chromium", "chromedriver"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: install the Debian packages chromium and chromium-driver (make test does)")
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    for name, value in (capabilities or {}).items():
        options.set_capability(name, value)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="session")
def driver():
    browser = chromium()
    yield browser
    browser.quit()
