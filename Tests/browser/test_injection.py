"""Hostile transcript text stays text in the search index and its results."""
import pathlib
import subprocess
import os
import time

from selenium.webdriver.common.by import By

from conftest import ROOT
from test_search import open_search, results, severe_console_errors

PAYLOADS = [
    '</script><script>document.title="pwned"</script>',
    '<img src=x onerror="document.title=\'pwned\'">',
    '"><svg onload=alert(1)>',
    '\u2028\u2029 weird separators',
]


def test_hostile_text_is_shown_as_text(driver, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    lines = ["#evil Archive", "", "Monday January 1, 2024", "6:00 PM UTC", ""]
    for n, payload in enumerate(PAYLOADS):
        lines += [f"  • mallory Jan 1 @ 6:0{n} PM UTC", f"    zebra {payload}"]
    (content / "evil.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    confab = os.environ.get("CONFAB", str(ROOT / ".build/debug/confab"))
    subprocess.run([confab, "build", "--site", str(tmp_path), "--quiet"], check=True)

    open_search(driver, tmp_path / "public", q="zebra")
    status, rows = results(driver)
    assert status == "4 results, best first."
    assert driver.title.startswith("Search")
    snippets = [snippet for _, _, snippet in rows]
    assert any("&lt;/script&gt;&lt;script&gt;" in s for s in snippets)
    assert any("&lt;img src=x onerror=" in s for s in snippets)
    assert not driver.find_elements(By.CSS_SELECTOR, "#results img, #results svg, #results script")
    assert severe_console_errors(driver) == []
