"""The search page, as a reader uses it: opened from file://, typed into, filtered."""
import html
import os
import re
import subprocess
import time
import urllib.parse

from selenium.webdriver.common.by import By

from conftest import ROOT


def open_search(driver, site, **params):
    driver.get((site / "search.html").as_uri() + ("?" + urllib.parse.urlencode(params) if params else ""))


def results(driver):
    """Waits for the status line, then returns (status, [(title, href, snippet html)])."""
    deadline = time.time() + 5
    status = ""
    while time.time() < deadline and not status:
        status = driver.find_element(By.ID, "search-status").text
        time.sleep(0.05)
    rows = []
    for item in driver.find_elements(By.CSS_SELECTOR, "#results .result"):
        link = item.find_element(By.CSS_SELECTOR, ".result-head a")
        rows.append((link.text, link.get_attribute("href"), item.find_element(By.CSS_SELECTOR, ".snippet").get_attribute("innerHTML")))
    return status, rows


def severe_console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_query_from_the_address_finds_the_message(driver, site):
    open_search(driver, site, q="rubrics")
    status, rows = results(driver)
    assert status == "1 result."
    title, href, snippet = rows[0]
    assert title == "ebarnes73"
    assert href.endswith("/sessions/badgechat-2018-03-05.html#m43")
    assert "I hate <mark>rubrics</mark>" in snippet
    assert severe_console_errors(driver) == []


def test_typing_searches_by_prefix_and_ignores_accents_and_case(driver, site):
    open_search(driver, site)
    box = driver.find_element(By.ID, "q")
    box.send_keys("STICK")
    status, rows = results(driver)
    assert status == "3 results, best first."
    assert {title for title, _, _ in rows} == {"AGriffith2017", "MrPowley", "SenorG"}
    box.clear()
    box.send_keys("rúbrics")
    time.sleep(0.4)
    status, rows = results(driver)
    assert [title for title, _, _ in rows] == ["ebarnes73"]


def test_filters_questions_only_and_person(driver, site):
    open_search(driver, site, q="badges", questions="1")
    status, rows = results(driver)
    assert all("/questions/" in href for _, href, _ in rows) and rows
    open_search(driver, site, q="badges", person="kmurfitt1")
    status, rows = results(driver)
    assert rows and {title for title, _, _ in rows} == {"kmurfitt1"}
    open_search(driver, site, q="badges", **{"from": "2018-01-01"})
    status, rows = results(driver)
    assert rows and all("2016" not in href for _, href, _ in rows)


def test_search_box_in_the_header_leads_to_results(driver, site):
    driver.get((site / "people" / "senorg.html").as_uri())
    box = driver.find_element(By.ID, "site-search-q")
    box.send_keys("Kyle")
    box.submit()
    status, rows = results(driver)
    assert driver.current_url.split("/")[-1] == "search.html?q=Kyle"
    assert rows[0][0] == "Kyle_Clements1"
    driver.find_element(By.CSS_SELECTOR, "#results .result-head a").click()
    assert driver.find_element(By.TAG_NAME, "h1").text


def test_text_from_transcripts_is_never_markup_in_results(driver, site):
    open_search(driver, site, q="hi")
    status, rows = results(driver)
    assert rows
    for _, _, snippet in rows:
        assert "<script" not in snippet and "<a " not in snippet


def test_results_come_ten_at_a_time(driver, site):
    open_search(driver, site, q="badgechat")
    status, rows = results(driver)
    total = int(status.split()[0].replace(",", ""))
    assert total > 20 and len(rows) == 10
    driver.find_element(By.CSS_SELECTOR, "button.more").click()
    deadline = time.time() + 5
    while time.time() < deadline and len(driver.find_elements(By.CSS_SELECTOR, "#results .result")) == 10:
        time.sleep(0.05)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#results .result")) == 20


def test_show_more_clicked_twice_adds_one_page(driver, site):
    open_search(driver, site, q="badgechat")
    results(driver)
    driver.execute_script("const b = document.querySelector('button.more'); b.click(); b.click();")
    time.sleep(1)
    hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#results .result-head a")]
    assert len(hrefs) == len(set(hrefs)) == 20


def test_questions_filtered_by_who_asked_them(driver, site):
    open_search(driver, site, q="red flags", questions="1", person="SenorG")
    status, rows = results(driver)
    assert [href.split("/")[-1] for _, href, _ in rows] == ["badgechat-2018-03-05-q2.html"]


def alphanumerics(text):
    return "".join(c for c in text.lower() if c.isalnum())


def messages_on_page(path):
    """{anchor: (author, text)} for the messages of a session page, read from its HTML."""
    found = {}
    for item in path.read_text().split('<li class="message h-entry')[1:]:
        anchor = re.search(r' id="(m\d+)"', item.split(">", 1)[0])
        author = re.search(r'class="author p-author h-card" href="[^"]*">([^<]*)</a>', item)
        text = re.search(r'<p class="text e-content">(.*?)</p>', item, re.S)
        if anchor:
            found[anchor.group(1)] = (html.unescape(author.group(1)) if author else None,
                                      html.unescape(re.sub(r"<[^>]+>", "", text.group(1))))
    return found


def test_every_message_result_links_to_its_message(driver, site):
    """A message's link and author come from meta.js, its text from a chunk: both must
    describe the message the link leads to, for every message in the archive."""
    open_search(driver, site)
    rows = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const ids = [];
        for (let doc = 0; doc < 10000; doc++) { if (Confab.outline(doc)) ids.push(doc); else if (doc > 400) break; }
        Confab.documents(ids).then(done);
    """)
    messages = [row for row in rows if row[0] == "m"]
    assert len(messages) == 152
    pages = {}
    for kind, href, author, text, _ in messages:
        page, anchor = href.split("#")
        if page not in pages:
            pages[page] = messages_on_page(site / page)
        shown_author, shown_text = pages[page][anchor]
        assert author == (shown_author or "Message " + anchor[1:])
        assert alphanumerics(text)[:40] in alphanumerics(shown_text), (href, text, shown_text)


def test_long_messages_show_a_snippet_around_the_words_found(driver, site):
    open_search(driver, site, q="zebra")
    driver.execute_script("""
        const list = document.createElement('p');
        list.id = 'probe';
        document.body.appendChild(list);
    """)
    snippet = driver.execute_script("""
        const probe = document.getElementById('probe');
        const text = 'word '.repeat(100) + 'the Zébra crossing ' + 'more '.repeat(100);
        Confab.highlight(text, ['zebra'], probe);
        return probe.innerHTML;
    """)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "the <mark>Zébra</mark> crossing" in snippet
    assert len(snippet) < 300


def test_person_filter_suggests_every_participant(driver, site):
    open_search(driver, site)
    handles = driver.execute_script("return Array.from(document.querySelectorAll('#people option')).map(o => o.value)")
    assert len(handles) == 10 and "SenorG" in handles and "ebarnes73" in handles


def test_chinese_and_japanese_words_are_found_inside_sentences(driver, site):
    open_search(driver, site)
    assert driver.execute_script("return Confab.tokens('日本語のテキスト, デザイン!')") == \
        ["日本", "本語", "語の", "のテ", "テキ", "キス", "スト", "テサ", "サイ", "イン"]
    snippet = driver.execute_script("""
        const probe = document.createElement('p');
        Confab.highlight('今日は日本語のテキストです', Confab.tokens('テキスト'), probe);
        return probe.innerHTML;
    """)
    assert snippet == "今日は日本語の<mark>テキスト</mark>です"


def test_one_character_words_and_words_beside_ideographs(driver, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    lines = ["#nihongo Archive", "", "Monday January 1, 2024", "6:00 PM UTC", "",
             "  • hana Jan 1 @ 6:01 PM UTC", "    猫が好きです", "  • ken Jan 1 @ 6:02 PM UTC", "    東京2020の話"]
    (content / "ja.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    confab = os.environ.get("CONFAB", str(ROOT / ".build/debug/confab"))
    subprocess.run([confab, "build", "--site", str(tmp_path), "--quiet"], check=True)
    open_search(driver, tmp_path / "public", q="猫")
    status, rows = results(driver)
    assert status == "1 result." and rows[0][0] == "hana" and "<mark>猫</mark>" in rows[0][2]
    open_search(driver, tmp_path / "public", q="2020")
    status, rows = results(driver)
    assert status == "1 result." and "東京<mark>2020</mark>の話" in rows[0][2]
