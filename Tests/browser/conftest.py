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


def shared_bench():
    """The team's shared benchmark tools (gen-corpus.py), beside the repository."""
    for folder in (ROOT.parent / "shared" / "bench", pathlib.Path("/work/shared/bench")):
        if (folder / "gen-corpus.py").exists():
            return folder
    pytest.fail("gen-corpus.py not found in ../shared/bench or /work/shared/bench")


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory):
    """A small corpus from gen-corpus.py (both transcript formats, hostile characters), built."""
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(shared_bench() / "gen-corpus.py"), str(root / "content"),
                    "--sessions", "8", "--messages", "80", "--seed", "11"], check=True, stdout=subprocess.DEVNULL)
    confab = os.environ.get("CONFAB", str(ROOT / ".build/debug/confab"))
    subprocess.run([confab, "build", "--site", str(root), "--quiet"], check=True)
    return root / "public"


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
