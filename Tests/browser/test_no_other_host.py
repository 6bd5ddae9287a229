"""No page asks another host for anything: a site built from every sample (the two
transcripts in content/ and every real export in ../shared/samples/formats/) is opened page
by page from file:// with Chromium's network log on, and every request must stay on the
disk. The HTML is also read for anything that would load from the web (images, scripts,
style sheets, frames, srcset, CSS url()), so a request Chromium happened not to make (an
image below a lazy fold, a source it skipped) is caught too.

The site is built without base_url: with one, 404.html loads its style sheet from that
address (the site's own host), which is what a host serving 404.html at any depth needs."""
import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, chromium

SAMPLES = ROOT.parent / "shared" / "samples" / "formats"
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
# A URL that reaches a host: http(s), any other scheme with `//`, or protocol-relative.
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]+)""", re.I)


@pytest.fixture(scope="module")
def samples_site(tmp_path_factory):
    """Every sample in one archive, built; skipped where the team's samples are not beside the repository."""
    if not SAMPLES.is_dir():
        pytest.skip(f"no samples at {SAMPLES}")
    root = tmp_path_factory.mktemp("every-sample")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    for sample in sorted(SAMPLES.iterdir()):
        if sample.is_dir():
            shutil.copytree(sample, content / sample.name)
    confab = os.environ.get("CONFAB", str(ROOT / ".build/debug/confab"))
    subprocess.run([confab, "build", "--site", str(root), "--quiet"], check=True, capture_output=True)
    return root / "public"


@pytest.fixture(scope="module")
def logging_driver():
    """Chromium with its DevTools network events kept (the shared driver keeps none)."""
    browser = chromium({"goog:loggingPrefs": {"performance": "ALL"}})
    yield browser
    browser.quit()


def requests_of(driver, url):
    """Opens url and returns the address of every request the page made (read from the
    performance log, so requests that failed or were blocked count too)."""
    driver.get_log("performance")   # forget earlier pages
    driver.get(url)
    if "search.html?" in url:
        # Results come from the index's files, loaded after the page: wait for them.
        deadline = time.time() + 5
        while time.time() < deadline and not driver.find_element(By.ID, "search-status").text:
            time.sleep(0.05)
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            found.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            found.append(message["params"]["url"])
    return found


class LoadingAttributes(html.parser.HTMLParser):
    """Every address in a page that the browser would load, with where it was found."""

    # (tag or None for any tag, attribute)
    LOADS = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("script", "src"),
             ("link", "href"), ("iframe", "src"), ("frame", "src"), ("embed", "src"), ("object", "data"),
             ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"),
             ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
             ("feimage", "href"), (None, "background")}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in self.LOADS or (None, name) in self.LOADS:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                self.found += [(f"<{tag} {name}>", url) for url in urls]
            if name == "style":
                self.found += [(f"<{tag} style>", url) for url in CSS_URL.findall(value)]
            if tag == "meta" and name == "content" and "url=" in value.lower():
                self.found.append(("<meta refresh>", value.lower().split("url=", 1)[1]))

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.found += [("<style>", url) for url in CSS_URL.findall(data)]


def remote_addresses(page):
    parser = LoadingAttributes()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(where, url) for where, url in parser.found if REMOTE.match(url)]


def test_no_page_loads_anything_from_another_host(logging_driver, samples_site):
    started = time.time()
    pages = sorted(samples_site.rglob("*.html"))
    # Every page kind of the archive, from every sample's platform.
    kinds = {page.relative_to(samples_site).parts[0] for page in pages}
    assert {"index.html", "404.html", "search.html", "sessions", "people", "questions", "series", "tags"} <= kinds
    assert len(pages) > 100
    urls = [page.as_uri() for page in pages]
    # The search script loads the index only once asked: a query that finds messages in every sample.
    urls += [(samples_site / "search.html").as_uri() + "?q=the", (samples_site / "search.html").as_uri() + "?q=a"]

    outside, styled = [], 0
    for url in urls:
        requested = requests_of(logging_driver, url)
        # The log saw the page itself, or it saw nothing and proves nothing.
        assert url.split("?")[0] in [r.split("?")[0].split("#")[0] for r in requested], f"no request logged for {url}"
        styled += any(r.endswith("/style.css") for r in requested)
        outside += [(url, r) for r in requested if not r.startswith(LOCAL_SCHEMES)]
    assert outside == []
    assert styled == len(urls)

    found = [(page.relative_to(samples_site).as_posix(), where, address)
             for page in pages for where, address in remote_addresses(page)]
    for sheet in samples_site.rglob("*.css"):
        found += [(sheet.name, "url()", url) for url in CSS_URL.findall(sheet.read_text(encoding="utf-8")) if REMOTE.match(url)]
    assert found == []
    print(f"\n{len(urls)} pages opened ({len(pages)} HTML files) in {time.time() - started:.1f} s")


def test_the_checks_see_a_request_to_another_host(logging_driver, tmp_path):
    """The control: a page that does load from elsewhere is caught by both checks."""
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><title>x</title><style>body { background: url("https://example.invalid/b.png") }</style>'
                    '<img src="https://example.invalid/a.png" alt=""><img src="c.png" srcset="c.png 1x, //example.invalid/c.png 2x" alt="">',
                    encoding="utf-8")
    requested = requests_of(logging_driver, page.as_uri())
    assert {"https://example.invalid/a.png", "https://example.invalid/b.png"} <= set(requested)
    assert remote_addresses(page) == [("<style>", "https://example.invalid/b.png"), ("<img src>", "https://example.invalid/a.png"),
                                      ("<img srcset>", "//example.invalid/c.png")]
